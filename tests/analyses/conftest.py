"""Fixtures for the analyses: the annotated corpus of `analyses_corpus.py` in a store, built once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from analyses_corpus import SPECS, fill

from communique.store.store import Store


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
    """The annotated store, built once per session (analyses only read it)."""
    path, ids = corpus_db
    store = Store.open(path)
    yield Corpus(store, ids, path)
    store.close()
