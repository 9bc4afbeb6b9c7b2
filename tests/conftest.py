"""Shared fixtures: a temporary store, the bundled sample corpus, and the optional shared corpus."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from annotated_corpus import SPECS, fill
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


@dataclass
class Corpus:
    store: Store
    ids: dict[str, str]
    db: str

    def key(self, document_id: str) -> str:
        return next(key for key, value in self.ids.items() if value == document_id)


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, str]]:
    path = Path(tmp_path_factory.mktemp("analyses")) / "corpus.db"
    store = Store.open(str(path))
    ids = fill(store, SPECS)
    store.close()
    return str(path), ids


@pytest.fixture
def corpus(corpus_db: tuple[str, dict[str, str]]) -> Corpus:
    """The hand-annotated store of `annotated_corpus.py`, built once per session (read only)."""
    path, ids = corpus_db
    store = Store.open(path)
    yield Corpus(store, ids, path)
    store.close()
