"""Talking-points benchmark: time and peak memory of `talking_points` on a synthetic store.

Why synthetic: the figure that matters is how the two streaming passes, the hash index and the
grouping scale with the number of documents and the amount of repeated text, and the answer
must be checkable. Documents are diplomatic-vocabulary prose (words drawn from `_corpus.py`'s
lists with Zipf frequencies, numbers and names mixed in) into which three kinds of repeated
text are planted, so recall and "who said it first" are verified, not assumed:

- talking points: N/40 passages of 14-60 words, each used by 2-60 documents of different
  sources on different dates (some in upper case or with other punctuation);
- boilerplate: 30 of the 40 sources end 60 % of their articles with their own sign-off
  (single-source repetition: must not be reported);
- syndication: 1 % of documents are another source's article republished days later under a
  new lead sentence (whole-article echoes).

Documents go in through `Store.add_document` (no MinHash: near-duplicate linking is not what is
measured) in large transactions; `talking_points` then runs in a fresh subprocess so its peak
RSS (`resource.getrusage`) is its own.

    .venv/bin/python bench/reuse.py                 # 100,000 documents
    .venv/bin/python bench/reuse.py --quick         # 10,000 documents
    .venv/bin/python bench/reuse.py --db /tmp/r.db  # build once, reuse on later runs
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _corpus  # noqa: E402 - a sibling module, importable when run as a script

from communique.analyses.talking_points import _batch_windows, talking_points  # noqa: E402
from communique.documents.build import document_from_clean_text  # noqa: E402
from communique.documents.model import Document  # noqa: E402
from communique.sources.base import Origin  # noqa: E402
from communique.store.schema import documents  # noqa: E402
from communique.store.store import Store  # noqa: E402
from communique.store.tokens import token_hashes, tokens  # noqa: E402

SEED = 20261130
TRANSACTION = 5_000
SOURCES = 40
SOURCES_WITH_NAME = 30  # the other 10 are known by their URL's host only
BOILERPLATE_SHARE = 0.6
SYNDICATED_SHARE = 0.01
PASSAGES_PER_DOC = 1 / 40
TARGET_SECONDS = 300.0
START, END = date(2015, 1, 1), date(2025, 12, 31)
_MB = 1024 * 1024


# --- vocabulary and sources ----------------------------------------------------------------------


def _vocabulary() -> list[str]:
    """Every word of the ingest/search corpus templates and lists, most frequent first."""
    texts = [*_corpus.SENTENCES, *_corpus.QUOTES, *_corpus.VERBS, *_corpus.TONES, *_corpus.ORGANISATIONS]
    texts += [" ".join(c) for c in _corpus.COUNTRIES] + list(_corpus.FIRST_NAMES) + list(_corpus.SURNAMES)
    texts += list(_corpus.TITLES) + [" ".join(phrases) for _, phrases in _corpus.TOPICS.values()]
    counts: dict[str, int] = {}
    for text in texts:
        for word in re.findall(r"[A-Za-z][A-Za-z'-]*", re.sub(r"\{[^}]*\}", " ", text)):
            counts[word] = counts.get(word, 0) + 1
    return sorted(counts, key=lambda word: (-counts[word], word))


VOCAB = np.array(_vocabulary(), dtype=object)
ZIPF = 1.0 / (np.arange(len(VOCAB)) + 2.7)
ZIPF /= ZIPF.sum()


@dataclass(frozen=True)
class Source:
    name: str | None
    host: str


def _sources() -> list[Source]:
    rng = np.random.default_rng(SEED)
    cities = [capital for _, capital, _ in _corpus.COUNTRIES]
    nouns = (
        "Herald",
        "Daily",
        "Observer",
        "Review",
        "Times",
        "Post",
        "Wire",
        "Monitor",
        "Tribune",
        "Courier",
    )
    sources, seen = [], set()
    while len(sources) < SOURCES:
        name = f"The {cities[rng.integers(len(cities))]} {nouns[rng.integers(len(nouns))]}"
        if name in seen:
            continue
        seen.add(name)
        host = re.sub(r"[^a-z]+", "", name.lower().removeprefix("the ")) + ".example"
        sources.append(Source(name if len(sources) < SOURCES_WITH_NAME else None, host))
    return sources


SOURCE_LIST = _sources()


def _words(rng: np.random.Generator, count: int) -> list[str]:
    words = VOCAB[rng.choice(len(VOCAB), size=count, p=ZIPF)].tolist()
    for at in rng.choice(count, size=max(count // 30, 1), replace=False):  # figures and years
        words[at] = str(int(rng.integers(2, 20_000)))
    return words


def _sentences(words: list[str], rng: np.random.Generator) -> list[str]:
    out, at = [], 0
    while at < len(words):
        size = int(rng.integers(10, 31))
        chunk = words[at : at + size]
        at += size
        out.append(chunk[0][:1].upper() + chunk[0][1:] + " " + " ".join(chunk[1:]) + ".")
    return out


def _boilerplate(source: int) -> str:
    rng = np.random.default_rng(SEED + 7_000 + source)
    return " ".join(_sentences(_words(rng, int(rng.integers(16, 26))), rng))


# --- the plan: who says what, when ---------------------------------------------------------------


@dataclass
class Plan:
    total: int
    source: np.ndarray  # per document
    day: np.ndarray  # days since START, per document
    copy_of: dict[int, int]  # syndicated document -> original
    passages: list[str]  # planted talking points
    users: list[list[int]]  # per passage, the documents that say it
    placed: dict[int, list[int]]  # document -> passages it says


def plan(total: int) -> Plan:
    rng = np.random.default_rng(SEED + 1)
    span = (END - START).days
    source = rng.integers(0, SOURCES, size=total)
    day = rng.integers(0, span, size=total)
    copies = int(total * SYNDICATED_SHARE)
    copy_of = {}
    for copy in range(total - copies, total):
        original = int(rng.integers(0, total - copies))
        copy_of[copy] = original
        source[copy] = (source[original] + 1 + rng.integers(0, SOURCES - 1)) % SOURCES
        day[copy] = min(day[original] + rng.integers(1, 11), span)
    originals = total - copies
    passages, users, placed = [], [], {}
    for number in range(int(total * PASSAGES_PER_DOC)):
        prng = np.random.default_rng(SEED + 100_000 + number)
        passages.append(" ".join(_words(prng, int(prng.integers(14, 61)))))
        count = min(2 + int(rng.zipf(1.8)), 60)
        while True:
            docs = sorted({int(d) for d in rng.integers(0, originals, size=count)})
            if len({int(source[d]) for d in docs}) >= 2 and len(docs) >= 2:
                break
        users.append(docs)
        for doc in docs:
            placed.setdefault(doc, []).append(number)
    return Plan(total, source, day, copy_of, passages, users, placed)


def _variant(passage: str, doc: int) -> str:
    """How one outlet writes the shared passage: case and punctuation vary, words do not."""
    style = doc % 4
    if style == 1:
        return passage.upper()
    if style == 2:
        words = passage.split()
        return ", ".join(" ".join(words[i : i + 7]) for i in range(0, len(words), 7))
    if style == 3:
        return "“" + passage[:1].upper() + passage[1:] + "”"
    return passage[:1].upper() + passage[1:]


def text_of(index: int, the_plan: Plan) -> str:
    """Document `index`'s clean text; the same in every run."""
    if index in the_plan.copy_of:
        rng = np.random.default_rng(SEED + 50_000_000 + index)
        lead = " ".join(_sentences(_words(rng, int(rng.integers(15, 30))), rng))
        return lead + "\n\n" + text_of(the_plan.copy_of[index], the_plan)
    rng = np.random.default_rng(SEED + 10_000_000 + index)
    sentences = _sentences(_words(rng, int(rng.integers(400, 900))), rng)
    for number in the_plan.placed.get(index, []):
        at = int(rng.integers(0, len(sentences) + 1))
        sentences.insert(at, _variant(the_plan.passages[number], index) + ".")
    paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
    source = int(the_plan.source[index])
    if source < 30 and rng.random() < BOILERPLATE_SHARE:
        paragraphs.append(_boilerplate(source))
    return "\n\n".join(paragraphs)


def make_document(index: int, the_plan: Plan) -> Document:
    source = SOURCE_LIST[int(the_plan.source[index])]
    published = START + timedelta(days=int(the_plan.day[index]))
    return document_from_clean_text(
        text_of(index, the_plan),
        Origin(path=f"synthetic/{index:07d}.txt"),
        title=f"Article {index}",
        published=published.isoformat(),
        published_source="meta",
        language="en",
        source_name=source.name,
        url=f"https://www.{source.host}/{published:%Y/%m/%d}/{index:07d}.html",
    )


def build(db: Path, total: int) -> float:
    the_plan = plan(total)
    store = Store.open(str(db))
    started = time.perf_counter()
    try:
        for begin in range(0, total, TRANSACTION):
            with store.transaction() as connection:
                for index in range(begin, min(begin + TRANSACTION, total)):
                    store.add_document(connection, make_document(index, the_plan))
            print(f"  built {min(begin + TRANSACTION, total):,}/{total:,}", end="\r", flush=True)
    finally:
        store.close()
    print()
    return time.perf_counter() - started


# --- measuring (in a fresh process) --------------------------------------------------------------


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def measure(db: Path, total: int, limit: int) -> dict:
    """Run talking_points twice (top `limit`, then all passages) and check the planted answers."""
    stages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            stages.append(record.getMessage())

    logger = logging.getLogger("communique.analyses.talking_points")
    logger.setLevel(logging.DEBUG)
    logger.addHandler(Collect())
    store = Store.open(str(db))
    baseline = _rss_mb()
    started, cpu = time.perf_counter(), time.process_time()
    top = talking_points(store, limit=limit)
    seconds, cpu_top = time.perf_counter() - started, time.process_time() - cpu
    peak_top = _rss_mb()
    top_stages = list(stages)
    started, cpu = time.perf_counter(), time.process_time()
    everything = talking_points(store, limit=None)
    seconds_all, cpu_all = time.perf_counter() - started, time.process_time() - cpu
    peak_all = _rss_mb()
    with store.engine.connect() as connection:
        rows = connection.execute(
            documents.select().with_only_columns(documents.c.id, documents.c.origin_path)
        )
        id_of = {int(row.origin_path.split("/")[-1].split(".")[0]): row.id for row in rows}
        characters = connection.execute(documents.select().with_only_columns(documents.c.text)).scalars()
        words = sum(len(tokens(text)) for text in characters)
    store.close()
    return {
        "documents": len(id_of),
        "words": words,
        "seconds_top": round(seconds, 2),
        "seconds_all": round(seconds_all, 2),
        "cpu_top": round(cpu_top, 2),
        "cpu_all": round(cpu_all, 2),
        "rss_baseline_mb": round(baseline, 1),
        "rss_peak_top_mb": round(peak_top, 1),
        "rss_peak_all_mb": round(peak_all, 1),
        "stages_top": top_stages,
        "top": len(top),
        "passages_all": len(everything),
        "check": check(everything, total, id_of),
    }


def check(points: list, total: int, id_of: dict[int, str]) -> dict:
    """Recall of planted passages and syndicated copies, and whether the first user is right."""
    the_plan = plan(total)
    day_of = {id_of[i]: int(the_plan.day[i]) for i in range(total)}
    by_docs: dict[frozenset[str], list] = {}
    for point in points:
        by_docs.setdefault(frozenset(use.document for use in point.uses), []).append(point)
    copies_of: dict[int, list[int]] = {}
    for copy, original in the_plan.copy_of.items():
        copies_of.setdefault(original, []).append(copy)
    found = first_right = 0
    for number, users in enumerate(the_plan.users):
        expected = {id_of[d] for d in users} | {id_of[c] for d in users for c in copies_of.get(d, [])}
        wanted = " ".join(word.decode() for word in tokens(the_plan.passages[number]))
        match = next((p for p in by_docs.get(frozenset(expected), []) if wanted in p.text), None)
        if match is None:
            continue
        found += 1
        first = min(expected, key=lambda doc: (day_of[doc], doc))
        first_right += match.first.document == first
    first_of: dict[str, list[set[str]]] = {}  # first user -> document sets of its passages
    for point in points:
        first_of.setdefault(point.first.document, []).append({use.document for use in point.uses})
    copies_found = sum(
        any(id_of[copy] in docs for docs in first_of.get(id_of[original], []))
        for copy, original in the_plan.copy_of.items()
    )
    boilerplate = sum(1 for p in points if len({use.source for use in p.uses}) < 2)
    return {
        "planted": len(the_plan.users),
        "planted_found": found,
        "planted_first_right": first_right,
        "syndicated": len(the_plan.copy_of),
        "syndicated_found": copies_found,
        "single_source_reported": boilerplate,
    }


def compare_hashing(total_docs: int = 2_000) -> dict:
    """Window hashing throughput: numpy rolling hash (used) vs blake2b of each joined window."""
    the_plan = plan(10_000)
    lists = [tokens(text_of(i, the_plan)) for i in range(total_docs)]
    windows = sum(max(len(t) - 11, 0) for t in lists)
    started = time.perf_counter()
    hashed = [token_hashes(text_of(i, the_plan)) for i in range(total_docs)]  # stored by the store
    for begin in range(0, len(hashed), 1000):
        _batch_windows(hashed[begin : begin + 1000], 12)
    rolling = time.perf_counter() - started
    started = time.perf_counter()
    for words in lists:
        digests = b"".join(
            hashlib.blake2b(b" ".join(words[i : i + 12]), digest_size=8).digest()
            for i in range(len(words) - 11)
        )
        np.frombuffer(digests, dtype=np.uint64)
    blake = time.perf_counter() - started
    return {
        "windows": windows,
        "rolling_ns_per_window": round(rolling / windows * 1e9, 1),
        "blake2b_ns_per_window": round(blake / windows * 1e9, 1),
    }


# --- main ----------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--documents", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="10,000 documents")
    parser.add_argument("--db", type=Path, help="build into this file once, reuse it on later runs")
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the subprocess side
    args = parser.parse_args()
    total = 10_000 if args.quick else args.documents
    if args.measure:
        print(json.dumps(measure(args.measure, total, args.limit)))
        return
    workdir = None
    db = args.db
    if db is None:
        workdir = Path(tempfile.mkdtemp(prefix="communique-reuse-"))
        db = workdir / "reuse.db"
    try:
        if not db.exists():
            print(f"building {total:,} documents into {db} ...")
            print(f"  build: {build(db, total):.0f} s, {db.stat().st_size / _MB:,.0f} MB")
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        command = [
            sys.executable,
            __file__,
            "--measure",
            str(db),
            "-n",
            str(total),
            "--limit",
            str(args.limit),
        ]
        result = json.loads(
            subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
        )
        hashing = compare_hashing()
    finally:
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)
    check_ = result.pop("check")
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"load {os.getloadavg()[0]:.2f}, Python {platform.python_version()}"
    )
    print(f"documents: {result['documents']:,}, words: {result['words']:,}")
    print(
        f"talking_points(limit={args.limit}): {result['seconds_top']:.1f} s wall, "
        f"{result['cpu_top']:.1f} s CPU "
        f"(target < {TARGET_SECONDS:.0f} s: {'ok' if result['seconds_top'] < TARGET_SECONDS else 'MISSED'})"
    )
    print(
        f"talking_points(limit=None): {result['seconds_all']:.1f} s wall, {result['cpu_all']:.1f} s CPU, "
        f"{result['passages_all']:,} passages"
    )
    print(
        f"peak RSS: {result['rss_peak_top_mb']:.0f} MB (limit={args.limit}), "
        f"{result['rss_peak_all_mb']:.0f} MB (all); "
        f"after imports and open: {result['rss_baseline_mb']:.0f} MB"
    )
    for stage in result["stages_top"]:
        print(f"  {stage}")
    print(
        f"planted passages found: {check_['planted_found']}/{check_['planted']}, first user right: "
        f"{check_['planted_first_right']}/{check_['planted_found']}; syndicated copies found: "
        f"{check_['syndicated_found']}/{check_['syndicated']}; single-source passages reported: "
        f"{check_['single_source_reported']}"
    )
    print(
        f"window hashing ({hashing['windows']:,} windows): numpy rolling {hashing['rolling_ns_per_window']} "
        f"ns/window, blake2b {hashing['blake2b_ns_per_window']} ns/window"
    )


if __name__ == "__main__":
    main()
