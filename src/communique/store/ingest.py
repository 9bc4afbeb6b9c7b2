"""Ingest: read inputs, build documents, write them through one writer, crash-safe.

Parsing may run in worker processes; writing always happens here, in small transactions, so
a kill loses at most the batch in flight and a rerun skips what is already stored.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field

from communique.documents.build import DocumentError, build_document
from communique.documents.model import Document
from communique.sources import ReadOptions, read_one
from communique.sources.base import Origin, ReadFailure
from communique.store.store import Store

OUTCOMES = ("ingested", "duplicate", "near_duplicate", "failed")


@dataclass
class IngestEvent:
    """What happened to one document or input, for progress displays and logs."""

    outcome: str  # one of OUTCOMES
    origin: str
    document_id: str | None = None
    related_to: str | None = None
    reason: str | None = None
    title: str | None = None

    def message(self) -> str:
        if self.outcome == "failed":
            return f"{self.origin}: {self.reason}"
        if self.outcome == "duplicate":
            return f"{self.origin}: duplicate of {self.related_to}"
        if self.outcome == "near_duplicate":
            return f"{self.origin}: ingested as {self.document_id}, near-duplicate of {self.related_to}"
        return f"{self.origin}: ingested as {self.document_id}"


@dataclass
class IngestSummary:
    run_id: int
    counts: Counter = field(default_factory=Counter)
    failures: list[IngestEvent] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        return 1 if self.counts["failed"] else 0


@dataclass
class IngestOptions:
    read: ReadOptions = field(default_factory=ReadOptions)
    workers: int = 1
    batch_size: int = 20
    batch_seconds: float = 0.5


def process_input(item: str, options: ReadOptions) -> Iterator[Document | ReadFailure]:
    """Read and build every document of one input; failures come back as values."""
    for raw in read_one(item, options):
        if isinstance(raw, ReadFailure):
            yield raw
            continue
        try:
            yield build_document(raw)
        except DocumentError as error:
            yield ReadFailure(raw.origin, str(error))
        except Exception as error:  # noqa: BLE001 - one bad document must not stop a batch
            yield ReadFailure(
                raw.origin, f"unexpected error while cleaning ({type(error).__name__}: {error})"
            )


def _process_input_list(item: str, options: ReadOptions) -> list[Document | ReadFailure]:
    return list(process_input(item, options))


def _results(
    items: list[str], options: IngestOptions
) -> Iterator[tuple[str, Iterable[Document | ReadFailure]]]:
    """(input, its results) in completion order; parallel when workers > 1."""
    if options.workers <= 1:
        for item in items:
            yield item, process_input(item, options.read)
        return
    with ProcessPoolExecutor(max_workers=options.workers) as pool:
        pending: dict[Future, str] = {}
        queue = iter(items)
        for item in queue:
            pending[pool.submit(_process_input_list, item, options.read)] = item
            if len(pending) >= options.workers * 4:
                break
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                item = pending.pop(future)
                try:
                    results = future.result()
                except Exception as error:  # noqa: BLE001 - a crashed worker fails one input only
                    results = [
                        ReadFailure(_origin_of(item), f"worker failed ({type(error).__name__}: {error})")
                    ]
                yield item, results
                next_item = next(queue, None)
                if next_item is not None:
                    pending[pool.submit(_process_input_list, next_item, options.read)] = next_item


def _origin_of(item: str) -> Origin:
    return Origin(url=item) if "://" in item else Origin(path=item)


def ingest(
    store: Store,
    items: list[str],
    options: IngestOptions | None = None,
    on_event: Callable[[IngestEvent], None] | None = None,
    on_input_done: Callable[[str], None] | None = None,
) -> IngestSummary:
    """Ingest `items` (expanded paths and URLs) into `store`; never raises for bad input."""
    options = options or IngestOptions()
    summary = IngestSummary(run_id=store.begin_run(items))
    started = time.perf_counter()
    batch: list[Document | ReadFailure] = []
    batch_started = time.perf_counter()

    def emit(event: IngestEvent) -> None:
        summary.counts[event.outcome] += 1
        if event.outcome == "failed":
            summary.failures.append(event)
        if on_event:
            on_event(event)

    read_inputs: list[str] = []  # read, waiting for their last documents to be committed

    def flush() -> None:
        nonlocal batch_started
        if batch:
            for event in _write(store, summary.run_id, batch):
                emit(event)
            batch.clear()
        batch_started = time.perf_counter()
        # an input counts as done only once all its documents are committed
        while read_inputs:
            done = read_inputs.pop(0)
            if on_input_done:
                on_input_done(done)

    for item, results in _results(items, options):
        for result in results:
            batch.append(result)
            if (
                len(batch) >= options.batch_size
                or time.perf_counter() - batch_started > options.batch_seconds
            ):
                flush()
        read_inputs.append(item)
        if not batch or time.perf_counter() - batch_started > options.batch_seconds:
            flush()
    flush()
    summary.seconds = time.perf_counter() - started
    store.finish_run(summary.run_id, {key: summary.counts[key] for key in OUTCOMES})
    store.optimize()
    return summary


def _write(store: Store, run_id: int, batch: list[Document | ReadFailure]) -> list[IngestEvent]:
    """Commit a batch in one transaction; if it fails, retry one by one so one bad row loses only itself."""
    try:
        with store.transaction() as connection:
            return [_write_one(store, connection, run_id, item) for item in batch]
    except Exception:  # noqa: BLE001
        events = []
        for item in batch:
            try:
                with store.transaction() as connection:
                    events.append(_write_one(store, connection, run_id, item))
            except Exception as error:  # noqa: BLE001
                origin = item.origin.label()
                reason = f"could not store ({type(error).__name__}: {error})"
                with store.transaction() as connection:
                    store.record_error(connection, run_id, origin, reason)
                events.append(IngestEvent("failed", origin, reason=reason))
        return events


def _write_one(store: Store, connection, run_id: int, item: Document | ReadFailure) -> IngestEvent:  # noqa: ANN001
    if isinstance(item, ReadFailure):
        store.record_error(connection, run_id, item.origin.label(), item.reason)
        return IngestEvent("failed", item.origin.label(), reason=item.reason)
    result = store.add_document(connection, item)
    return IngestEvent(
        result.status,
        item.origin.label(),
        document_id=result.id,
        related_to=result.related_to,
        title=item.title,
    )
