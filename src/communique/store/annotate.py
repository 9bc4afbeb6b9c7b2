"""Annotate stored documents with the spaCy pipeline, in batches, resumably.

Each batch of results is committed in one transaction; a rerun picks up the documents that
have no annotations yet.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from communique.annotators.pipeline import AnnotationInput, PipelineConfig, annotate, load_pipeline
from communique.documents.model import SCHEMA_VERSION
from communique.store.store import Store


@dataclass
class AnnotateSummary:
    documents: int = 0
    words: int = 0
    seconds: float = 0.0


def annotate_store(
    store: Store,
    config: PipelineConfig | None = None,
    force: bool = False,
    commit_every: int = 50,
    on_document: Callable[[str], None] | None = None,
) -> AnnotateSummary:
    config = config or PipelineConfig()
    nlp = load_pipeline(config)
    pipeline = f"{config.model}+{','.join(config.components)}"
    summary = AnnotateSummary()
    started = time.perf_counter()
    inputs = (
        AnnotationInput(
            row["text"], row["published"], row["language"], key=(row["id"], len(row["text"].split()))
        )
        for row in store.documents_to_annotate(force=force)
    )
    pending: list[tuple[str, dict]] = []

    def flush() -> None:
        with store.transaction() as connection:
            for document_id, result in pending:
                store.save_annotations(connection, document_id, result, pipeline, SCHEMA_VERSION)
        pending.clear()

    for (document_id, words), result in annotate(nlp, inputs, config):
        pending.append((document_id, result))
        summary.documents += 1
        summary.words += words
        if on_document:
            on_document(document_id)
        if len(pending) >= commit_every:
            flush()
    if pending:
        flush()
    store.optimize()
    summary.seconds = time.perf_counter() - started
    return summary
