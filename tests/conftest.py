"""Shared fixtures: a temporary store, the bundled sample corpus, and the optional shared corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.store.store import Store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "communique" / "data" / "sample"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(str(tmp_path / "test.db"))
    yield opened
    opened.close()


@pytest.fixture
def sample_dir() -> Path:
    return SAMPLE


@pytest.fixture
def shared_corpus() -> Path:
    if not SHARED_CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present on this machine")
    return SHARED_CORPUS
