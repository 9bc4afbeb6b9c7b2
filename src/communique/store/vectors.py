"""Sentence vectors: the table access behind semantic search (`communique embed`, `search --semantic`).

The vectors are computed in `communique.analyses.semantic` (the model is the optional `semantic`
extra); this module only reads and writes them, with numpy, so a core install can open, migrate
and copy a store that holds them.

Sentences are the annotations' own (`annotations.sentences`, spans in `documents.text`), so a
semantic hit cites the same sentence index as mentions, events and claims. A document is embedded
for one model and one annotation run: `embedded_documents` records both, and a document whose
annotations are newer (re-annotated) or were embedded with another model is pending again.
Vectors are unit length and stored as float16 (768 bytes for 384 dimensions).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy import Connection, and_, delete, func, insert, or_, select

from communique.store.schema import annotations, documents, embedded_documents, sentence_vectors
from communique.store.store import Store

STORED_DTYPE = np.float16
# A sentence worth embedding has a letter or digit (page furniture like "* * *" is skipped).
_WORDY = re.compile(r"\w")


@dataclass
class PendingSentence:
    index: int  # the sentence's index in annotations.sentences: the citation
    start: int
    end: int
    text: str


@dataclass
class PendingDocument:
    id: str
    annotated_at: datetime
    sentences: list[PendingSentence] = field(default_factory=list)


@dataclass
class VectorRows:
    """Every stored vector of one model, in (document, sentence) order, as arrays."""

    document_ids: list[str]  # distinct, in order
    row_document: np.ndarray  # int32: index into document_ids, one per row
    sentence: np.ndarray  # int32
    start: np.ndarray  # int32
    end: np.ndarray  # int32
    matrix: np.ndarray  # (rows, dimensions), STORED_DTYPE

    def __len__(self) -> int:
        return len(self.sentence)


def _pending_condition(model: str) -> Any:
    return or_(
        embedded_documents.c.document_id.is_(None),
        embedded_documents.c.model != model,
        embedded_documents.c.annotated_at != annotations.c.annotated_at,
    )


def _pending_from() -> Any:
    return annotations.outerjoin(
        embedded_documents, embedded_documents.c.document_id == annotations.c.document_id
    )


def pending_documents(store: Store, model: str, batch_size: int = 100) -> Iterator[PendingDocument]:
    """Annotated documents without current vectors for `model`, in id order, in constant memory."""
    last = ""
    while True:
        query = (
            select(
                annotations.c.document_id,
                annotations.c.annotated_at,
                annotations.c.sentences,
                documents.c.text,
            )
            .select_from(_pending_from().join(documents, documents.c.id == annotations.c.document_id))
            .where(annotations.c.document_id > last, _pending_condition(model))
            .order_by(annotations.c.document_id)
            .limit(batch_size)
        )
        with store.engine.connect() as connection:
            rows = connection.execute(query).all()
        if not rows:
            return
        for row in rows:
            document = PendingDocument(row.document_id, row.annotated_at)
            for index, span in enumerate(row.sentences or []):
                start, end = span["start"], span["end"]
                text = row.text[start:end].strip()
                if _WORDY.search(text):
                    document.sentences.append(PendingSentence(index, start, end, text))
            yield document
        last = rows[-1].document_id


def count_pending(store: Store, model: str) -> tuple[int, int]:
    """(documents, sentences) still to embed for `model` (sentences as the annotations count them)."""
    query = select(func.count(), func.sum(func.json_array_length(annotations.c.sentences))).select_from(
        _pending_from()
    )
    with store.engine.connect() as connection:
        count, sentences = connection.execute(query.where(_pending_condition(model))).one()
    return count or 0, int(sentences or 0)


def save_vectors(
    connection: Connection,
    document: PendingDocument,
    model: str,
    vectors: np.ndarray,
    when: datetime | None = None,
) -> None:
    """Replace a document's vectors (one row of `vectors` per `document.sentences` item)."""
    if len(vectors) != len(document.sentences):
        raise ValueError(f"{len(document.sentences)} sentences but {len(vectors)} vectors")
    matrix = np.ascontiguousarray(vectors, dtype=STORED_DTYPE)
    for table in (sentence_vectors, embedded_documents):
        connection.execute(delete(table).where(table.c.document_id == document.id))
    if len(matrix):
        connection.execute(
            insert(sentence_vectors),
            [
                {
                    "document_id": document.id,
                    "sentence": sentence.index,
                    "start": sentence.start,
                    "end": sentence.end,
                    "vector": matrix[row].tobytes(),
                }
                for row, sentence in enumerate(document.sentences)
            ],
        )
    connection.execute(
        insert(embedded_documents).values(
            document_id=document.id,
            model=model,
            dimensions=int(matrix.shape[1]) if matrix.ndim == 2 and len(matrix) else 0,
            annotated_at=document.annotated_at,
            sentences=len(document.sentences),
            embedded_at=when or datetime.now(UTC),
        )
    )


def vectors_version(store: Store, model: str) -> tuple[int, int, str | None]:
    """Changes whenever vectors of `model` are added or replaced: (documents, sentences, last write).

    One aggregate over the per-document table (an index range scan), cheap enough to run before
    every query so a cached matrix is never stale.
    """
    query = select(
        func.count(), func.sum(embedded_documents.c.sentences), func.max(embedded_documents.c.embedded_at)
    ).where(embedded_documents.c.model == model)
    with store.engine.connect() as connection:
        count, sentences, last = connection.execute(query).one()
    return count or 0, int(sentences or 0), str(last) if last is not None else None


def embedded_models(store: Store) -> dict[str, dict[str, int]]:
    """{model: {"documents": n, "sentences": n}} for what the store holds."""
    query = select(
        embedded_documents.c.model, func.count(), func.sum(embedded_documents.c.sentences)
    ).group_by(embedded_documents.c.model)
    with store.engine.connect() as connection:
        return {
            model: {"documents": count, "sentences": int(sentences or 0)}
            for model, count, sentences in connection.execute(query)
        }


def load_vectors(store: Store, model: str, dimensions: int | None = None) -> VectorRows:
    """Every vector of `model` in one pass (about 0.3 s per 100,000 sentences on SQLite)."""
    query = (
        select(
            sentence_vectors.c.document_id,
            sentence_vectors.c.sentence,
            sentence_vectors.c.start,
            sentence_vectors.c.end,
            sentence_vectors.c.vector,
        )
        .select_from(
            sentence_vectors.join(
                embedded_documents,
                and_(
                    embedded_documents.c.document_id == sentence_vectors.c.document_id,
                    embedded_documents.c.model == model,
                ),
            )
        )
        .order_by(sentence_vectors.c.document_id, sentence_vectors.c.sentence)
    )
    document_ids: list[str] = []
    row_document: list[int] = []
    sentences: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    blobs: list[bytes] = []
    with store.engine.connect() as connection:
        for document_id, sentence, start, end, vector in connection.execute(query):
            if not document_ids or document_ids[-1] != document_id:
                document_ids.append(document_id)
            row_document.append(len(document_ids) - 1)
            sentences.append(sentence)
            starts.append(start)
            ends.append(end)
            blobs.append(vector)
    width = dimensions or (len(blobs[0]) // np.dtype(STORED_DTYPE).itemsize if blobs else 0)
    matrix = np.frombuffer(b"".join(blobs), dtype=STORED_DTYPE).reshape(len(blobs), width)
    return VectorRows(
        document_ids=document_ids,
        row_document=np.asarray(row_document, dtype=np.int32),
        sentence=np.asarray(sentences, dtype=np.int32),
        start=np.asarray(starts, dtype=np.int32),
        end=np.asarray(ends, dtype=np.int32),
        matrix=matrix,
    )


def sentence_texts(
    connection: Connection, spans: Sequence[tuple[str, int, int]]
) -> dict[tuple[str, int, int], str]:
    """The text of (document id, start, end) spans: one query for their documents' texts.

    Reading whole texts and cutting in Python beats substr per span: each statement costs more
    to run through SQLAlchemy than copying a document of a few thousand characters.
    """
    ids = sorted({document_id for document_id, _start, _end in spans})
    if not ids:
        return {}
    query = select(documents.c.id, documents.c.text).where(documents.c.id.in_(ids))
    texts = {document_id: text for document_id, text in connection.execute(query)}
    return {
        (document_id, start, end): texts.get(document_id, "")[start:end].strip()
        for document_id, start, end in spans
    }
