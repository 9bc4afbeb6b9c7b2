"""Ingest throughput benchmark: communique vs. a no-cleaning SQLite baseline, per input format.

Why a baseline: absolute documents/s depend on the machine; the ratio to "read the same bytes
and insert them into a plain SQLite table, one transaction per small batch" shows what cleaning,
identity and the FTS index cost on top of the unavoidable I/O, on any machine.

Each format runs in a fresh subprocess so that its RSS high-water mark (resource.getrusage) is
its own: a PDF run's pypdf buffers must not show up in the txt figure.

    .venv/bin/python bench/ingest.py                 # 1,000 documents per format, workers=1
    .venv/bin/python bench/ingest.py -n 10000 --formats txt,jsonl
    .venv/bin/python bench/ingest.py --workers 2     # also runs workers=2 and prints the speedup
    .venv/bin/python bench/ingest.py --quick         # 200 documents per format
    .venv/bin/python bench/ingest.py --profile html  # cProfile one in-process run, hottest functions
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _corpus  # noqa: E402 - a sibling module, importable when run as a script

FORMATS = ("txt", "html", "pdf", "jsonl", "csv")
RECORDS_PER_FILE = 100  # jsonl/csv exports come as files of many records
BASELINE_RUNS = 3  # the baseline takes well under a second: its median is steadier than one run
BATCH_SIZE = 20  # IngestOptions.batch_size: the baseline commits as often as communique does
# format -> (unit, minimum per second on one core); csv borrows the jsonl target (same record path)
TARGETS: dict[str, tuple[str, float]] = {
    "txt": ("docs/s", 1000),
    "html": ("docs/s", 100),
    "pdf": ("pages/s", 20),
    "jsonl": ("docs/s", 1000),
    "csv": ("docs/s", 1000),
}
MEMORY_TARGET_MB = 400
# each format draws articles from its own index range, so no two formats hold the same article
FORMAT_OFFSET = {fmt: k * 1_000_000 for k, fmt in enumerate(FORMATS)}
_MB = 1024 * 1024


# --- corpus ----------------------------------------------------------------------------------


def _write_chunk(fmt: str, directory: str, start: int, count: int) -> tuple[int, int, int, int]:
    """Write articles [start, start+count) of one format; returns (files, docs, bytes, pages)."""
    base = FORMAT_OFFSET[fmt]
    arts = [_corpus.article(base + i) for i in range(start, start + count)]
    files = size = pages = 0
    if fmt in ("jsonl", "csv"):
        data = (_corpus.to_jsonl(arts) if fmt == "jsonl" else _corpus.to_csv(arts)).encode()
        Path(directory, f"export-{start:06d}.{fmt}").write_bytes(data)
        return 1, count, len(data), 0
    for i, art in zip(range(start, start + count), arts, strict=True):
        if fmt == "pdf":
            data, n_pages = _corpus.to_pdf(art)
            pages += n_pages
        else:
            data = (_corpus.to_txt(art) if fmt == "txt" else _corpus.to_html(art)).encode()
        Path(directory, f"{i:06d}.{fmt}").write_bytes(data)
        files += 1
        size += len(data)
    return files, count, size, pages


def generate(root: Path, fmt: str, n: int) -> dict[str, int]:
    """Write n documents of `fmt` under root/fmt (reused if a matching manifest is there)."""
    directory = root / fmt
    manifest = root / f"{fmt}.manifest.json"  # outside the input directory: ingest would read it
    if manifest.exists():
        stated = json.loads(manifest.read_text())
        if stated.get("docs") == n:
            return stated
        shutil.rmtree(directory)
    directory.mkdir(parents=True, exist_ok=True)
    chunk = RECORDS_PER_FILE
    totals = [0, 0, 0, 0]
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        futures = [
            pool.submit(_write_chunk, fmt, str(directory), start, min(chunk, n - start))
            for start in range(0, n, chunk)
        ]
        for future in futures:
            totals = [a + b for a, b in zip(totals, future.result(), strict=True)]
    stated = dict(zip(("files", "docs", "bytes", "pages"), totals, strict=True))
    manifest.write_text(json.dumps(stated))
    return stated


# --- one measured run (in a child process) ---------------------------------------------------


@dataclass
class RunResult:
    """What one child process measured for one format and worker count."""

    fmt: str
    workers: int
    seconds: float
    counts: dict[str, int]
    rss_start_mb: float
    rss_peak_mb: float  # high-water mark of the ingesting process
    worker_peak_mb: float  # high-water mark of the largest worker process (0 when workers=1)
    with_title: int
    with_published: int
    baseline_seconds: float
    baseline_rows: int
    load_before: float  # 1-minute load average when the run started: other work skews timings
    cpu_seconds: float  # user+sys CPU of the ingest (and its workers): steadier than wall time when shared
    decile_rates: list[float]  # docs/s over each tenth of the run: a falling rate means cost grows with size


def _rss_now_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (the worker pool, once shut down)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _input_files(directory: Path) -> list[str]:
    return sorted(str(p) for p in directory.iterdir())


def run_ours(
    directory: Path, db: Path, workers: int, expected: int = 0
) -> tuple[float, dict[str, int], int, int, list[float]]:
    """communique's own ingest, as the CLI runs it.

    Returns (seconds, outcome counts, titled, dated, docs/s per tenth of `expected` documents).
    """
    from communique.sources import expand_inputs
    from communique.store.ingest import IngestOptions, ingest
    from communique.store.store import Store

    store = Store.open(str(db))
    step = max(expected // 10, 1)
    marks: list[float] = []

    def on_event(_event: object) -> None:
        nonlocal events
        events += 1
        if events % step == 0:
            marks.append(time.perf_counter())

    events = 0
    started = time.perf_counter()
    items = expand_inputs([str(directory)])
    summary = ingest(store, items, IngestOptions(workers=workers, batch_size=BATCH_SIZE), on_event=on_event)
    seconds = time.perf_counter() - started
    rates = (
        [step / (b - a) for a, b in zip([started, *marks], marks, strict=False) if b > a] if expected else []
    )
    with store.engine.connect() as connection:
        from sqlalchemy import text

        titled = connection.execute(text("SELECT count(*) FROM documents WHERE title IS NOT NULL")).scalar()
        dated = connection.execute(
            text("SELECT count(*) FROM documents WHERE published IS NOT NULL")
        ).scalar()
    store.close()
    return seconds, dict(summary.counts), int(titled or 0), int(dated or 0), rates


def _raw_records(path: str) -> Iterator[bytes]:
    """The bytes the baseline stores: a whole file, or one record of a JSONL/CSV export."""
    with open(path, "rb") as handle:
        data = handle.read()
    if path.endswith(".jsonl"):
        yield from (line for line in data.split(b"\n") if line.strip())
    elif path.endswith(".csv"):  # fields hold newlines: only a CSV parser finds record boundaries
        rows = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
        next(rows, None)
        for row in rows:
            yield "\x1f".join(row).encode()
    else:
        yield data


def run_baseline(directory: Path, db: Path) -> tuple[float, int]:
    """Same bytes into a plain table: no decoding heuristics, cleaning, hashing or FTS."""
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("CREATE TABLE raw (id INTEGER PRIMARY KEY, origin TEXT NOT NULL, data BLOB NOT NULL)")
    started = time.perf_counter()
    batch: list[tuple[str, bytes]] = []

    def flush() -> None:
        connection.execute("BEGIN")
        connection.executemany("INSERT INTO raw (origin, data) VALUES (?, ?)", batch)
        connection.execute("COMMIT")
        batch.clear()

    rows = 0
    for path in _input_files(directory):
        for number, data in enumerate(_raw_records(path), start=1):
            batch.append((f"{path}#{number}", data))
            rows += 1
            if len(batch) >= BATCH_SIZE:
                flush()
        if batch:  # like ours: an input's documents are committed before the next input
            flush()
    seconds = time.perf_counter() - started
    connection.close()
    return seconds, rows


def child(fmt: str, directory: Path, workers: int, expected: int) -> RunResult:
    """Runs inside the fresh subprocess: ours first (its RSS peak is read before the baseline runs)."""
    scratch = Path(tempfile.mkdtemp(prefix=f"bench-{fmt}-"))
    load = os.getloadavg()[0]
    try:
        rss_start = _rss_now_mb()
        cpu_start = _cpu_seconds()
        seconds, counts, titled, dated, rates = run_ours(directory, scratch / "ours.db", workers, expected)
        cpu = _cpu_seconds() - cpu_start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        worker_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 if workers > 1 else 0.0
        runs = [run_baseline(directory, scratch / f"baseline-{k}.db") for k in range(BASELINE_RUNS)]
        base_seconds, base_rows = statistics.median(t for t, _ in runs), runs[0][1]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return RunResult(
        fmt=fmt,
        workers=workers,
        seconds=seconds,
        counts=counts,
        rss_start_mb=rss_start,
        rss_peak_mb=peak,
        worker_peak_mb=worker_peak,
        with_title=titled,
        with_published=dated,
        baseline_seconds=base_seconds,
        baseline_rows=base_rows,
        load_before=load,
        cpu_seconds=cpu,
        decile_rates=rates,
    )


def measure(fmt: str, directory: Path, workers: int, repeat: int, expected: int) -> RunResult:
    """Run `child` in fresh interpreters (memory high-water marks stay per format); keep the fastest.

    The fastest of several runs is the least disturbed by other work on a shared machine; every
    repeat starts cold (imports, language model), as a real `communique ingest` does.
    """
    command = [sys.executable, __file__, "--child", fmt, "--dir", str(directory), "--workers", str(workers)]
    command += ["-n", str(expected)]
    results = []
    for _ in range(repeat):
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"{fmt} run failed:\n{done.stderr[-4000:]}")
        results.append(RunResult(**json.loads(done.stdout.strip().splitlines()[-1])))
    best = min(results, key=lambda r: r.seconds)
    best.rss_peak_mb = max(r.rss_peak_mb for r in results)
    best.worker_peak_mb = max(r.worker_peak_mb for r in results)
    return best


# --- report ----------------------------------------------------------------------------------


def _rate(value: float, seconds: float) -> float:
    return value / seconds if seconds > 0 else float("inf")


_COLUMNS = (  # (heading, width); "|" separates ours, baseline, memory, checks and target
    ("format", -6), ("wk", 2), ("docs", 6), ("MB", 6), ("pages", 6), ("sec", 7), ("cpu s", 6), ("docs/s", 8),
    ("MB/s", 6), ("pages/s", 7), ("|", 1), ("base docs/s", 11), ("base MB/s", 9), ("ours/base", 9),
    ("|", 1), ("RSS start", 9), ("RSS peak", 8), ("wkr peak", 8), ("|", 1), ("ok/dup/near/fail", 16),
    ("title%", 6), ("date%", 5), ("|", 1), ("target", 14), ("met", 3), ("speedup", 7), ("load", 4),
)  # fmt: skip


def _line(cells: list[str]) -> str:
    return " ".join(
        cell.ljust(-width) if width < 0 else cell.rjust(width)
        for cell, (_, width) in zip(cells, _COLUMNS, strict=True)
    )


def _row(r: RunResult, m: dict[str, int], serial: dict[str, float]) -> list[str]:
    """One table row: throughput, baseline ratio, memory, outcome checks and target verdict."""
    mb = m["bytes"] / _MB
    docs_s, pages_s = _rate(m["docs"], r.seconds), _rate(m["pages"], r.seconds)
    base_docs_s = _rate(r.baseline_rows, r.baseline_seconds)
    unit, minimum = TARGETS[r.fmt]
    achieved = pages_s if unit == "pages/s" else docs_s
    c = r.counts
    outcomes = "/".join(str(c.get(k, 0)) for k in ("ingested", "duplicate", "near_duplicate", "failed"))
    stored = max(c.get("ingested", 0) + c.get("near_duplicate", 0), 1)
    parallel = r.workers > 1
    return [
        r.fmt, str(r.workers), str(m["docs"]), f"{mb:.1f}", str(m["pages"] or ""), f"{r.seconds:.2f}",
        f"{r.cpu_seconds:.2f}",
        f"{docs_s:.1f}", f"{mb / r.seconds:.2f}", f"{pages_s:.1f}" if m["pages"] else "", "|",
        f"{base_docs_s:.0f}", f"{_rate(mb, r.baseline_seconds):.1f}", f"{docs_s / base_docs_s:.4f}", "|",
        f"{r.rss_start_mb:.0f}", f"{r.rss_peak_mb:.0f}", f"{r.worker_peak_mb:.0f}" if parallel else "", "|",
        outcomes, f"{100 * r.with_title / stored:.0f}", f"{100 * r.with_published / stored:.0f}", "|",
        f">= {minimum:g} {unit}", "yes" if achieved >= minimum else "NO",
        f"{serial[r.fmt] / r.seconds:.2f}x" if parallel and r.fmt in serial else "", f"{r.load_before:.1f}",
    ]  # fmt: skip


def report(results: list[RunResult], manifests: dict[str, dict[str, int]], serial: dict[str, float]) -> None:
    """Print one compact table; `serial` holds workers=1 seconds per format for the speedup column."""
    header = _line([name for name, _ in _COLUMNS])
    print(header)
    print("-" * len(header))
    for result in results:
        print(_line(_row(result, manifests[result.fmt], serial)))
    peak = max(max(r.rss_peak_mb, r.worker_peak_mb) for r in results)
    print(f"memory: highest peak RSS {peak:.0f} MB (target < {MEMORY_TARGET_MB} MB at 10,000 documents)")
    print("load: 1-minute load average when the fastest run started (2 cores: above ~1 means other work)")
    for r in results:
        if r.decile_rates:
            rates = " ".join(f"{rate:.0f}" for rate in r.decile_rates)
            print(f"{r.fmt} workers={r.workers}: docs/s per tenth of the run: {rates}")


def profile(fmt: str, directory: Path, top: int) -> None:
    """cProfile one workers=1 run in this process and print the hottest functions."""
    import cProfile
    import pstats

    scratch = Path(tempfile.mkdtemp(prefix=f"bench-profile-{fmt}-"))
    profiler = cProfile.Profile()
    try:
        profiler.enable()
        seconds, counts, *_ = run_ours(directory, scratch / "ours.db", 1)
        profiler.disable()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"profile of {fmt}: {seconds:.2f} s (with profiler overhead), outcomes {counts}")
    stats = pstats.Stats(profiler, stream=sys.stdout).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "-n", type=int, default=1000, help="documents per format (default 1,000; up to 10,000)"
    )
    parser.add_argument(
        "--formats", default=",".join(FORMATS), help="comma-separated subset of " + ",".join(FORMATS)
    )
    parser.add_argument(
        "--workers", type=int, default=1, help="also run with this many workers and show speedup"
    )
    parser.add_argument("--quick", action="store_true", help="200 documents per format")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs per measurement, fastest kept (default 1)"
    )
    parser.add_argument("--corpus-dir", help="keep the generated corpus here and reuse it on later runs")
    parser.add_argument("--profile", metavar="FORMAT", help="cProfile one format instead of the table")
    parser.add_argument("--top", type=int, default=30, help="rows of profile output")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--dir", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        print(json.dumps(asdict(child(args.child, Path(args.dir), args.workers, args.n))))
        return
    n = 200 if args.quick else args.n
    formats = [args.profile] if args.profile else [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = set(formats) - set(FORMATS)
    if unknown:
        parser.error(f"unknown format(s) {', '.join(sorted(unknown))}")
    root = Path(args.corpus_dir) if args.corpus_dir else Path(tempfile.mkdtemp(prefix="communique-bench-"))
    try:
        manifests = {}
        for fmt in formats:
            started = time.perf_counter()
            manifests[fmt] = generate(root, fmt, n)
            m = manifests[fmt]
            print(
                f"corpus {fmt}: {m['docs']} docs in {m['files']} files, {m['bytes'] / _MB:.1f} MB"
                + (f", {m['pages']} pages" if m["pages"] else "")
                + f" ({time.perf_counter() - started:.1f} s)",
                flush=True,
            )
        if args.profile:
            profile(args.profile, root / args.profile, args.top)
            return
        print(
            f"python {platform.python_version()}, {os.cpu_count()} cpus, {platform.platform()}, "
            f"sqlite {sqlite3.sqlite_version}",
            flush=True,
        )
        results: list[RunResult] = []
        serial: dict[str, float] = {}
        for fmt in formats:
            for workers in sorted({1, args.workers}):
                print(f"measuring {fmt} with workers={workers} ...", flush=True)
                result = measure(fmt, root / fmt, workers, max(1, args.repeat), manifests[fmt]["docs"])
                if workers == 1:
                    serial[fmt] = result.seconds
                results.append(result)
        print()
        report(results, manifests, serial)
    finally:
        if not args.corpus_dir:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
