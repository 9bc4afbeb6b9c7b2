"""Semantic search benchmark: embedding throughput, and query latency at 100,000 sentences.

Two parts, on synthetic diplomatic-news documents from `_corpus.py` stored with sentence spans as
annotations (a regex splitter stands in for spaCy: what is measured is embedding and search):

1. embed: `embed_store` with the real model (the semantic extra) over --embed-docs documents;
   sentences per second once the model is loaded, and the load time.
2. query: a store of --sentences sentences with synthetic unit vectors (random float16: search
   latency depends on the matrix size, not on what the vectors mean), then `semantic_search` with
   precomputed query vectors, unfiltered and filtered; p50/p95/max. The model's encoding of a
   query (when the extra is installed) is timed on its own and added for the end-to-end figure.
   Baselines in the same run: the store's FTS search (`Store.search`, the keyword search users
   have now) over the same documents, and exact search without the cached matrix (reloading the
   vectors from the table each query).

    .venv/bin/python bench/semantic.py                     # 100,000 sentences
    .venv/bin/python bench/semantic.py --quick             # 20,000 sentences, fewer queries
    .venv/bin/python bench/semantic.py --db /tmp/sem.db    # keep the store for reuse
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _corpus  # noqa: E402 - a sibling module, importable when run as a script

from communique.analyses import semantic  # noqa: E402
from communique.analyses.semantic import (  # noqa: E402
    VectorIndex,
    embed_store,
    get_index,
    load_facets,
    semantic_search,
)
from communique.documents.build import document_from_clean_text  # noqa: E402
from communique.documents.model import SCHEMA_VERSION, Document  # noqa: E402
from communique.sources.base import Origin  # noqa: E402
from communique.store.store import Store  # noqa: E402
from communique.store.vectors import (  # noqa: E402
    load_vectors,
    pending_documents,
    save_vectors,
    vectors_version,
)

INDEX_OFFSET = 70_000_000  # article numbers distinct from the other benchmarks'
SYNTHETIC_MODEL = "bench-random-384"
DIMENSIONS = 384
TARGET_P95_MS = 100.0
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)")
FTS_QUERIES = (
    "cooperation", "sanctions", "vaccine", '"freedom of navigation"', '"joint statement"',
    "trade NOT tariffs", "diplom*", "sovereignty", "Kazakhstan", "climate OR energy",
)  # fmt: skip
QUERY_TEXTS = (
    "face masks sent abroad", "warships practised together", "cancelling what poor countries owe",
    "new tariffs on steel imports", "talks on the disputed border", "money to help poor countries adapt",
    "the minister visited the capital", "sanctions against the oil sector", "fishing rights at sea",
    "a free trade agreement was signed",
)  # fmt: skip


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def fmt(values: list[float]) -> str:
    return (
        f"p50 {percentile(values, 50):7.2f} ms  p95 {percentile(values, 95):7.2f} ms  "
        f"max {max(values):7.2f} ms  (n={len(values)})"
    )


# --- building -------------------------------------------------------------------------------


def add_articles(store: Store, first: int, count: int) -> int:
    """Store `count` articles with regex sentence spans as annotations; returns sentences added."""
    sentences = 0
    batch: list[tuple[Document, list[dict]]] = []

    def flush() -> None:
        with store.transaction() as connection:
            for document, spans in batch:
                if store.add_document(connection, document).status == "ingested":
                    result = {"sentences": spans, "entities": [], "formulations": []}
                    store.save_annotations(connection, document.id, result, "bench", SCHEMA_VERSION)
        batch.clear()

    for index in range(first, first + count):
        art = _corpus.article(INDEX_OFFSET + index)
        spans, start = [], 0
        for paragraph in art.paragraphs:
            for match in _SENTENCE.finditer(paragraph):
                left = match.start() + len(match.group()) - len(match.group().lstrip())
                if match.group().strip():
                    spans.append({"start": start + left, "end": start + match.end()})
            start += len(paragraph) + 2
        sentences += len(spans)
        document = document_from_clean_text(
            art.body,
            Origin(path=f"synthetic/{index:07d}.txt"),
            title=art.title,
            authors=list(art.authors),
            published=art.published.isoformat(),
            published_source="meta",
            language=art.language,
            source_name=art.outlet,
            url=art.url,
        )
        batch.append((document, spans))
        if len(batch) >= 500:
            flush()
    if batch:
        flush()
    return sentences


def fill_random_vectors(store: Store, seed: int = 11) -> float:
    """Unit float16 vectors for every pending sentence under SYNTHETIC_MODEL; returns seconds."""
    generator = np.random.default_rng(seed)
    started = time.perf_counter()
    pending = []
    for document in pending_documents(store, SYNTHETIC_MODEL, batch_size=500):
        pending.append(document)
        if len(pending) >= 500:
            _save_random(store, pending, generator)
    if pending:
        _save_random(store, pending, generator)
    return time.perf_counter() - started


def _save_random(store: Store, pending: list, generator: np.random.Generator) -> None:
    with store.transaction() as connection:
        for document in pending:
            vectors = generator.standard_normal((len(document.sentences), DIMENSIONS)).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            save_vectors(connection, document, SYNTHETIC_MODEL, vectors)
    pending.clear()


# --- the two parts --------------------------------------------------------------------------


def bench_embed(documents: int) -> None:
    print(f"\n== embed: {documents} documents, real model ==")
    if semantic.missing_modules():
        print(f"skipped: {semantic.INSTALL_HINT}")
        return
    import torch

    with tempfile.TemporaryDirectory(prefix="communique-bench-embed-") as folder:
        store = Store.open(str(Path(folder) / "embed.db"))
        sentences = add_articles(store, 900_000, documents)
        threads = torch.get_num_threads()
        print(f"  {sentences:,} sentences, torch threads {threads}, load {os.getloadavg()[0]:.1f}")
        summary = embed_store(store)
        print(
            f"  model load {summary.load_seconds:.1f} s; embedded {summary.sentences:,} sentences in "
            f"{summary.seconds - summary.load_seconds:.1f} s: {summary.rate:,.0f} sentences/s (embed_store)"
        )
        texts = [
            text
            for document in pending_documents(store, "other-model")
            for text in (s.text for s in document.sentences)
        ][:1_000]
        encoder = semantic.load_encoder()
        for count in (1, 2):
            torch.set_num_threads(count)
            for batch_size in (16, 32, 64):
                encoder.batch_size = batch_size
                started = time.perf_counter()
                encoder.encode(texts)
                rate = len(texts) / (time.perf_counter() - started)
                print(f"  encode only, {count} thread(s), batch {batch_size}: {rate:,.0f} sentences/s")
        torch.set_num_threads(threads)
        encoder.batch_size = 16
        store.close()


def bench_query(store: Store, queries: int) -> None:
    version = vectors_version(store, SYNTHETIC_MODEL)
    print(f"\n== query: {version[1]:,} sentences in {version[0]:,} documents ==")
    started = time.perf_counter()
    rows = load_vectors(store, SYNTHETIC_MODEL)
    loaded = time.perf_counter() - started
    facets = load_facets(store, rows.document_ids)
    faceted = time.perf_counter() - started
    index = VectorIndex.from_rows(rows, SYNTHETIC_MODEL, version, facets)
    built = time.perf_counter() - started
    print(
        f"  cold load: {loaded * 1000:.0f} ms vectors from the table, {faceted * 1000:.0f} ms with the "
        f"documents' filter facets, {built * 1000:.0f} ms with the float32 copy "
        f"({index.matrix.nbytes / 2**20:.0f} MiB in memory, {rows.matrix.nbytes / 2**20:.0f} MiB stored)"
    )
    get_index(store, SYNTHETIC_MODEL)  # warm the process cache, as a server's first query does
    generator = np.random.default_rng(5)
    vectors = generator.standard_normal((queries, DIMENSIONS)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    variants = {
        "unfiltered": {},
        "lang=fr": {"language": "fr"},
        "since 2024": {"since": "2024-01-01"},
        "source": {"source": "Harbour Post"},
    }
    results: dict[str, list[float]] = {}
    for name, filters in variants.items():
        times = []
        for vector in vectors:
            started = time.perf_counter()
            hits = semantic_search(store, vector, model=SYNTHETIC_MODEL, limit=10, **filters)
            times.append((time.perf_counter() - started) * 1000)
            assert hits, name
        results[name] = times
        print(f"  semantic {name:<11} {fmt(times)}")
    every = [t for times in results.values() for t in times]
    print(f"  semantic all        {fmt(every)}")
    # baseline 1: the keyword search of the same store
    fts = []
    for _round in range(max(1, queries // len(FTS_QUERIES))):
        for query in FTS_QUERIES:
            started = time.perf_counter()
            store.search(query, limit=10)
            fts.append((time.perf_counter() - started) * 1000)
    print(f"  FTS search          {fmt(fts)}")
    # baseline 2: exact search without the cache (vectors reloaded from the table per query)
    naive = []
    for vector in vectors[:5]:
        started = time.perf_counter()
        fresh = VectorIndex.from_rows(load_vectors(store, SYNTHETIC_MODEL), SYNTHETIC_MODEL)
        fresh.nearest(vector, 10)
        naive.append((time.perf_counter() - started) * 1000)
    print(f"  uncached exact      {fmt(naive)}")
    p95 = percentile(every, 95)
    print(
        f"  semantic p95 / FTS p95 = {p95 / percentile(fts, 95):.2f}; "
        f"uncached p50 / semantic p50 = {percentile(naive, 50) / percentile(every, 50):.0f}x"
    )
    if not semantic.missing_modules():
        import torch

        encoder = semantic.load_encoder()
        encode: dict[int, list[float]] = {}
        for threads in (2, semantic.QUERY_THREADS):
            encoder.use_threads(threads)
            encoder.encode(["warm up"])
            encode[threads] = []
            for _round in range(3):
                for text in QUERY_TEXTS:
                    started = time.perf_counter()
                    encoder.encode([text])
                    encode[threads].append((time.perf_counter() - started) * 1000)
            print(f"  query encoding, {torch.get_num_threads()} thread(s) {fmt(encode[threads])}")
        chosen = encode[semantic.QUERY_THREADS]
        print(
            f"  end to end (encode p95 + search p95): {percentile(chosen, 95) + p95:.1f} ms "
            f"(target p95 < {TARGET_P95_MS:.0f} ms)"
        )
    verdict = "meets" if p95 < TARGET_P95_MS else "MISSES"
    print(f"  search p95 {p95:.1f} ms {verdict} the target of {TARGET_P95_MS:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sentences", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--embed-docs", type=int, default=100, help="documents for the embedding part")
    parser.add_argument("--quick", action="store_true", help="20,000 sentences, 50 queries, 30 documents")
    parser.add_argument("--db", help="keep the query store here (reused when it exists)")
    parser.add_argument("--skip-embed", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.sentences, args.queries, args.embed_docs = 20_000, 50, 30
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if not args.skip_embed:
        bench_embed(args.embed_docs)
    folder = None
    if args.db:
        path = Path(args.db)
    else:
        folder = tempfile.TemporaryDirectory(prefix="communique-bench-semantic-")
        path = Path(folder.name) / "semantic.db"
    store = Store.open(str(path))
    have = vectors_version(store, SYNTHETIC_MODEL)[1]
    if have < args.sentences:
        started = time.perf_counter()
        documents, sentences = store.count_documents(), have
        while sentences < args.sentences:
            sentences += add_articles(store, documents, 100)
            documents += 100
        built = time.perf_counter() - started
        seconds = fill_random_vectors(store)
        print(f"\nbuilt {documents:,} documents in {built:.0f} s, vectors written in {seconds:.0f} s")
    bench_query(store, args.queries)
    store.close()
    if folder:
        folder.cleanup()


if __name__ == "__main__":
    main()
