"""Search latency benchmark: p50/p95/max of Store.search over a fixed query set on a large store.

Why synthetic documents inserted through Store.add_document: search latency depends on the
size and vocabulary of the FTS index, not on how documents got there, and running 100,000
documents through cleaning would take longer than the search measurement itself. Documents
are built the way documents/build.py builds them (content hash, id, paragraph spans), with
already-clean text, and are written through the same Store method ingest uses, so the
documents table, FTS triggers and indexes are the real ones.

    .venv/bin/python bench/search.py                      # build 100,000 documents, then query
    .venv/bin/python bench/search.py --db /tmp/s.db       # build once into /tmp/s.db, reuse later
    .venv/bin/python bench/search.py --quick              # 10,000 documents
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _corpus  # noqa: E402 - a sibling module, importable when run as a script

from communique.documents.build import document_from_clean_text  # noqa: E402
from communique.documents.identity import minhash, minhash_bytes  # noqa: E402
from communique.documents.model import Document  # noqa: E402
from communique.sources.base import Origin  # noqa: E402
from communique.store.database import StoreError  # noqa: E402
from communique.store.store import Store  # noqa: E402

INDEX_OFFSET = 50_000_000  # article numbers distinct from the ingest benchmark's
CHUNK = 1_000  # documents generated per worker task
TRANSACTION = 5_000  # documents per write transaction: large, since the build is not what we measure
TARGET_P95_MS = 50.0


@dataclass(frozen=True)
class Query:
    """One benchmark query: FTS5 syntax plus the CLI's --since/--until/--lang filters."""

    kind: str
    text: str
    since: str | None = None
    until: str | None = None
    language: str | None = None

    def label(self) -> str:
        filters = [
            f"{k}={v}"
            for k, v in (("since", self.since), ("until", self.until), ("lang", self.language))
            if v
        ]
        return self.text + (f"  [{', '.join(filters)}]" if filters else "")


QUERIES: tuple[Query, ...] = (
    # single words, from very common to rare
    *(
        Query("word", w)
        for w in (
            "cooperation", "minister", "tariffs", "sanctions", "semiconductor", "vaccine", "refugee",
            "Ulaanbaatar", "Lindqvist", "multilateralism", "ratification", "hydrogen",
        )
    ),
    # phrases, one that matches nothing
    *(
        Query("phrase", f'"{p}"')
        for p in (
            "free trade agreement", "territorial integrity", "joint statement", "freedom of navigation",
            "debt restructuring", "win-win outcome", "internal affairs", "South China Sea",
            "foreign ministry spokesperson", "critical minerals",
        )
    ),
    # boolean
    *(
        Query("boolean", q)
        for q in (
            "sanctions AND Iran", "climate OR energy", "trade NOT tariffs", "(vaccine OR pandemic) AND Kenya",
            'Japan AND "missile defence"', "Kenya OR Nigeria OR Ghana", "ambassador NOT recalled",
            '"export controls" AND China', "Russia NOT Ukraine", "(Hanoi OR Manila) AND fishing",
        )
    ),
    # prefix
    *(
        Query("prefix", q)
        for q in (
            "sanction*", "diplom*", "multilat*", "semicond*", "infrastruct*", "renew*", "Kazakh*", "terror*",
        )
    ),
    # proximity and column filters
    Query("near", "NEAR(sovereignty integrity, 5)"),
    Query("near", "NEAR(tariffs percent, 10)"),
    Query("near", "NEAR(Brazil Egypt, 20)"),
    Query("column", "title:Trade"),
    Query("column", "title:(Maritime AND ties)"),
    Query("column", 'title:"agreements on"'),
    # with the CLI's filters
    Query("filtered", "trade", since="2024-01-01"),
    Query("filtered", '"joint statement"', since="2024-01-01"),
    Query("filtered", "energy OR climate", since="2025-06-01"),
    Query("filtered", "sovereignty", since="2020-01-01", language="en"),
    Query("filtered", "vaccine", since="2020-01-01", until="2021-12-31"),
    Query("filtered", "coopération", language="fr"),
    Query("filtered", "sécurité", language="fr"),
    Query("filtered", '"transition énergétique"', language="fr"),
    Query("filtered", "ministre", language="fr", since="2023-01-01"),
    Query("filtered", "cooperation", language="en"),
    Query("filtered", "minister*", language="en", since="2022-01-01"),
    Query("filtered", "Ulaanbaatar", language="en", since="2018-01-01", until="2019-12-31"),
)  # fmt: skip


# --- building the store ----------------------------------------------------------------------


def make_document(index: int, with_minhash: bool) -> Document:
    """A Document as build_document would make it from an already-clean text."""
    art = _corpus.article(INDEX_OFFSET + index)
    return document_from_clean_text(
        art.body,
        Origin(path=f"synthetic/{index:07d}.txt"),
        title=art.title,
        authors=list(art.authors),
        published=art.published.isoformat(),
        published_source="meta",
        language=art.language,
        source_name=art.outlet,
        url=art.url,
        minhash=minhash_bytes(minhash(art.body)) if with_minhash else None,
    )


def _make_chunk(start: int, count: int, with_minhash: bool) -> list[Document]:
    return [make_document(i, with_minhash) for i in range(start, start + count)]


def _chunks(total: int, first: int, with_minhash: bool, workers: int) -> Iterator[list[Document]]:
    """Documents in order, generated by worker processes a few chunks ahead of the writer."""
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: list[Future[list[Document]]] = []
        starts = iter(range(first, total, CHUNK))
        for start in starts:
            pending.append(pool.submit(_make_chunk, start, min(CHUNK, total - start), with_minhash))
            if len(pending) >= 2 * workers:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()


def build(store: Store, total: int, with_minhash: bool) -> tuple[float, int]:
    """Add documents until the store holds `total`; returns (seconds, documents added)."""
    have = store.count_documents()
    if have >= total:
        return 0.0, 0
    workers = max(1, (os.cpu_count() or 1) - 1)  # the writer needs a core of its own
    started = time.perf_counter()
    added = 0
    pending: list[Document] = []

    def flush() -> None:
        with store.transaction() as connection:
            for doc in pending:
                store.add_document(connection, doc)
        pending.clear()

    for chunk in _chunks(total, have, with_minhash, workers):
        pending.extend(chunk)
        added += len(chunk)
        if len(pending) >= TRANSACTION:
            flush()
        if added % 10_000 == 0 or have + added == total:
            elapsed = time.perf_counter() - started
            rate = added / elapsed
            eta = (total - have - added) / rate
            print(
                f"  built {have + added:,}/{total:,} documents, {rate:,.0f} docs/s, eta {eta:.0f} s",
                flush=True,
            )
    if pending:
        flush()
    return time.perf_counter() - started, added


def _optimize(db: Path) -> float:
    """Merge FTS5 segments into one (communique never does this itself); returns seconds."""
    started = time.perf_counter()
    connection = sqlite3.connect(db)
    connection.execute("INSERT INTO documents_fts(documents_fts) VALUES ('optimize')")
    connection.commit()
    connection.close()
    return time.perf_counter() - started


# --- measuring -------------------------------------------------------------------------------


@dataclass
class Timing:
    query: Query
    milliseconds: list[float]
    hits: int
    cpu_milliseconds: list[float]  # thread CPU time: what latency would be on an otherwise idle machine


def run_queries(store: Store, rounds: int, limit: int) -> tuple[list[Timing], list[float]]:
    """One untimed-for-percentiles warm-up pass (reported as first-run latencies), then `rounds` passes."""
    first: list[float] = []
    timings = [Timing(q, [], 0, []) for q in QUERIES]
    for round_number in range(rounds + 1):
        for timing in timings:
            q = timing.query
            started, cpu_started = time.perf_counter(), time.thread_time()
            hits = store.search(q.text, since=q.since, until=q.until, language=q.language, limit=limit)
            elapsed = (time.perf_counter() - started) * 1000
            cpu = (time.thread_time() - cpu_started) * 1000
            if round_number == 0:
                first.append(elapsed)
                timing.hits = len(hits)
            else:
                timing.milliseconds.append(elapsed)
                timing.cpu_milliseconds.append(cpu)
        if round_number:
            print(f"  round {round_number}/{rounds} done", flush=True)
    return timings, first


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def _matches(db: Path, query: Query) -> int:
    """How many documents match the FTS expression alone: why a query is slow."""
    connection = sqlite3.connect(db)
    try:
        return connection.execute(
            "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?", (query.text,)
        ).fetchone()[0]
    finally:
        connection.close()


def _summary_row(name: str, queries: int, values: list[float]) -> None:
    p50, p95 = _percentile(values, 50), _percentile(values, 95)
    print(f"{name:<9} {queries:>7} {p50:>8.1f} {p95:>8.1f} {max(values):>8.1f}")


def report(timings: list[Timing], first: list[float], db: Path, slowest: int) -> float:
    """Print overall and per-kind percentiles and the slowest queries; returns overall p95."""
    every = [ms for t in timings for ms in t.milliseconds]
    p95 = _percentile(every, 95)
    print(f"\n{'kind':<9} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    print("-" * 44)
    by_kind: dict[str, list[Timing]] = defaultdict(list)
    for t in timings:
        by_kind[t.query.kind].append(t)
    for kind, group in by_kind.items():
        _summary_row(kind, len(group), [ms for t in group for ms in t.milliseconds])
    print("-" * 44)
    _summary_row("all", len(timings), every)
    _summary_row("all (cpu)", len(timings), [ms for t in timings for ms in t.cpu_milliseconds])
    _summary_row("first run", len(first), first)
    empty = [t.query.label() for t in timings if t.hits == 0]
    print(f"queries with no hits: {len(empty)} {empty}")
    print(f"\nslowest {slowest} queries (median of rounds):")
    ranked = sorted(timings, key=lambda t: statistics.median(t.milliseconds), reverse=True)[:slowest]
    for t in ranked:
        median = statistics.median(t.milliseconds)
        print(f"  {median:8.1f} ms  {_matches(db, t.query):>7,} matches  {t.query.label()}")
    return p95


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=100_000, help="documents in the store (default 100,000)")
    parser.add_argument("--quick", action="store_true", help="10,000 documents, 1 round")
    parser.add_argument("--db", help="store to build into or reuse (default: a temporary file, removed)")
    parser.add_argument("--rounds", type=int, default=3, help="timed passes over the query set (default 3)")
    parser.add_argument("--limit", type=int, default=10, help="hits per query, as the CLI's default")
    parser.add_argument(
        "--minhash", action="store_true", help="compute MinHash too (slower build; same search)"
    )
    parser.add_argument(
        "--optimize", action="store_true", help="merge FTS segments after the build (communique does not)"
    )
    parser.add_argument("--slowest", type=int, default=8, help="slowest queries to list")
    args = parser.parse_args(argv)
    total, rounds = (10_000, 1) if args.quick else (args.docs, args.rounds)

    scratch = None if args.db else Path(tempfile.mkdtemp(prefix="communique-search-"))
    db = Path(args.db) if args.db else scratch / "search.db"  # type: ignore[operator]
    try:
        print(
            f"python {platform.python_version()}, {os.cpu_count()} cpus, sqlite {sqlite3.sqlite_version}; "
            f"{len(QUERIES)} queries, limit {args.limit}, {rounds} rounds; store {db}; "
            f"load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        try:
            store = Store.open(str(db))
        except StoreError as error:  # a --db built by an older communique: rebuild rather than migrate
            raise SystemExit(f"{error}\n(or delete {db} and let this benchmark rebuild it)") from error
        seconds, added = build(store, total, args.minhash)
        if added:
            print(
                f"build: {added:,} documents in {seconds:.1f} s ({added / seconds:,.0f} docs/s)", flush=True
            )
            if args.optimize:
                print(f"fts optimize: {_optimize(db):.1f} s", flush=True)
        else:
            print(f"build: reusing {store.count_documents():,} documents", flush=True)
        size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 1024 / 1024
        print(f"store: {store.count_documents():,} documents, {size:,.0f} MB on disk", flush=True)
        print(f"querying (load average {os.getloadavg()[0]:.1f}) ...", flush=True)
        timings, first = run_queries(store, rounds, args.limit)
        p95 = report(timings, first, db, args.slowest)
        verdict = "met" if p95 < TARGET_P95_MS else "NOT met"
        print(f"\ntarget p95 < {TARGET_P95_MS:.0f} ms: {verdict} (p95 {p95:.1f} ms)")
        store.close()
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
