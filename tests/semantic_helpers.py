"""Small annotated stores for the semantic-search tests, and a model-free encoder.

Documents are written through `Store.add_document` and `Store.save_annotations` with hand-made
sentence spans, so the tests need neither spaCy nor the semantic extra.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from communique.documents.identity import content_hash
from communique.documents.model import SCHEMA_VERSION
from communique.store.store import Store
from document_helpers import text_document

_WORD = re.compile(r"\w+")


def add_document(
    store: Store,
    sentences: Sequence[str],
    title: str = "A document",
    published: str | None = "2020-05-01",
    language: str = "en",
    source_name: str | None = "Harbour Post",
    entities: list[dict] | None = None,
) -> str:
    """Store an annotated document made of `sentences` (one paragraph); returns its id."""
    text = " ".join(sentences)
    spans, start = [], 0
    for sentence in sentences:
        spans.append({"start": start, "end": start + len(sentence)})
        start += len(sentence) + 1
    document = text_document(
        text,
        path=f"tests/{content_hash(text)[:8]}.txt",
        title=title,
        published=published,
        published_source="meta",
        language=language,
        source_name=source_name,
    )
    with store.transaction() as connection:
        store.add_document(connection, document)
    annotate(store, document.id, spans, entities)
    return document.id


def annotate(store: Store, document_id: str, spans: list[dict], entities: list[dict] | None = None) -> None:
    """(Re-)annotate a document with these sentence spans: a new `annotated_at`."""
    result = {"sentences": spans, "entities": entities or [], "formulations": []}
    with store.transaction() as connection:
        store.save_annotations(connection, document_id, result, "test", SCHEMA_VERSION)


class BagOfWords:
    """A deterministic stand-in for the model: hashed word counts, unit length."""

    def __init__(self, name: str = "test-bag-of-words", dimensions: int = 256) -> None:
        self.name = name
        self.dimensions = dimensions
        self.calls: list[int] = []  # texts per encode call

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(len(texts))
        matrix = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.casefold()):
                bucket = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "little")
                matrix[row, bucket % self.dimensions] += 1.0
            norm = np.linalg.norm(matrix[row])
            if norm:
                matrix[row] /= norm
        return matrix
