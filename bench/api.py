"""API and analyses latency benchmark: p50/p95/max of every read endpoint and of the analyses.

Builds (or reuses with --db) a store of synthetic documents (the search benchmark's documents,
through `Store.add_document`) each with a synthetic annotation in the extraction-contract shape
(entities with mentions of 3-8 real KB actors, 1-3 real formulations, 0-3 claims, 1-4 PLOVER
events), saved with `Store.save_annotations` in the same large transactions: no spaCy, so the
mentions/events/claims tables and their indexes are the real ones at any size in minutes.
Actors and formulations are drawn with Zipf-like weights, so CHN is in most documents and a
rare actor (BTN) in 1 document in 200 (500 of 100,000), as in a real China-watching corpus.

Then every read endpoint is called through `fastapi.testclient.TestClient(create_app(db))`
(>= --calls times each, with varied parameters, after one untimed warm-up call), and the
analyses functions are called directly, as the CLI does.

    .venv/bin/python bench/api.py --quick                      # 2,000 documents
    .venv/bin/python bench/api.py --docs 10000 --db /tmp/api10k.db
    .venv/bin/python bench/api.py --docs 100000 --db /tmp/api100k.db --markdown
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import random
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import search as search_bench  # noqa: E402 - a sibling module: its synthetic documents

from communique.documents.model import SCHEMA_VERSION, Document  # noqa: E402
from communique.store.store import Store  # noqa: E402

CHUNK = 500  # documents (with annotations) generated per worker task
TRANSACTION = 5_000  # documents per write transaction
TARGET_P95_MS = 100.0
SEED = 20_240_601

# (KB id, type, name, country), most mentioned first: weights fall as 1/rank.
ACTORS: tuple[tuple[str, str, str, str | None], ...] = (
    ("CHN", "COUNTRY", "China", "CHN"),
    ("USA", "COUNTRY", "United States", "USA"),
    ("PAK", "COUNTRY", "Pakistan", "PAK"),
    ("RUS", "COUNTRY", "Russia", "RUS"),
    ("IND", "COUNTRY", "India", "IND"),
    ("JPN", "COUNTRY", "Japan", "JPN"),
    ("org:un", "ORG", "United Nations", None),
    ("person:wang-yi", "PERSON", "Wang Yi", "CHN"),
    ("org:asean", "ORG", "Association of Southeast Asian Nations", None),
    ("person:antony-blinken", "PERSON", "Antony Blinken", "USA"),
    ("org:nato", "ORG", "North Atlantic Treaty Organization", None),
    ("person:sergey-lavrov", "PERSON", "Sergey Lavrov", "RUS"),
    ("person:s-jaishankar", "PERSON", "S. Jaishankar", "IND"),
    ("org:who", "ORG", "World Health Organization", None),
)
RARE = ("BTN", "COUNTRY", "Bhutan", "BTN")  # added to about 1 document in 200
RARE_SHARE = 0.005
RARE_ACTOR = RARE[0]
COUNTRIES = [a for a in ACTORS if a[1] == "COUNTRY"]
PLOVER = {  # type -> quad class
    "AGREE": 1,
    "CONSULT": 1,
    "SUPPORT": 1,
    "CONCEDE": 1,
    "COOPERATE": 2,
    "AID": 2,
    "RETREAT": 2,
    "REQUEST": 1,
    "ACCUSE": 3,
    "REJECT": 3,
    "THREATEN": 3,
    "PROTEST": 3,
    "SANCTION": 4,
    "MOBILIZE": 4,
    "COERCE": 4,
    "ASSAULT": 4,
}
MODALITIES = ("asserted",) * 12 + ("planned", "hypothetical", "negated", "normative", "requested")
UNITS = ("projects", "doses of vaccine", "masks", "tonnes of wheat", "students", "yuan", "dollars", "percent")
CLAIM_KINDS = ("count", "money", "percent", "change")


def _formulation_ids() -> list[str]:
    from communique.kb import load_kb

    return [formulation.id for formulation in load_kb().formulations]


# --- building the store ----------------------------------------------------------------------

_SENTENCE = re.compile(r"[^.!?]+[.!?]?")
_WORDS = re.compile(r"\w{4,}")


def _weights(count: int) -> list[float]:
    return [1 / (rank + 1) for rank in range(count)]


def annotate(doc: Document, index: int, formulations: list[str]) -> dict[str, Any]:
    """A synthetic annotation of `doc` in the contract shape; every span is a real span of its text."""
    rng = random.Random(SEED * 7 + index)
    text = doc.text
    sentences = []
    for match in _SENTENCE.finditer(text):
        start = match.start() + (len(match.group()) - len(match.group().lstrip()))
        if match.end() > start:
            sentences.append({"start": start, "end": match.end()})
    if not sentences:
        sentences = [{"start": 0, "end": len(text)}]

    def word_span(sentence: int) -> dict[str, Any]:
        bounds = sentences[sentence]
        words = list(_WORDS.finditer(text, bounds["start"], bounds["end"])) or [None]
        word = rng.choice(words)
        start, end = (word.start(), word.end()) if word else (bounds["start"], bounds["end"])
        return {"sentence": sentence, "start": start, "end": end, "text": text[start:end]}

    def sentence_span(sentence: int) -> dict[str, Any]:
        bounds = sentences[sentence]
        return {"sentence": sentence, **bounds, "text": text[bounds["start"] : bounds["end"]]}

    chosen: dict[str, tuple[str, str, str, str | None]] = {}
    weights = _weights(len(ACTORS))
    while len(chosen) < rng.randint(3, 8):
        actor = rng.choices(ACTORS, weights)[0]
        chosen[actor[0]] = actor
    if rng.random() < RARE_SHARE:
        chosen[RARE_ACTOR] = RARE
    entities = []
    mentioned: dict[str, list[dict[str, Any]]] = {}
    for entity_id, entity_type, name, country in chosen.values():
        found = [
            {**word_span(rng.randrange(len(sentences))), "role": rng.choice(("actor", "actor", "place"))}
            for _ in range(rng.randint(1, 4))
        ]
        mentioned[entity_id] = found
        entities.append(
            {
                "id": entity_id,
                "name": name,
                "type": entity_type,
                "country": country,
                "aliases": [],
                "mentions": found,
            }
        )
    f_weights = _weights(len(formulations))
    by_formulation: dict[str, list[dict[str, Any]]] = {}
    for _ in range(rng.randint(1, 3)):
        formulation = rng.choices(formulations, f_weights)[0]
        by_formulation.setdefault(formulation, []).append(word_span(rng.randrange(len(sentences))))
    formulation_list = [
        {"id": key, "name": key, "zh": [], "category": "bench", "mentions": found}
        for key, found in by_formulation.items()
    ]
    countries = [a for a in chosen.values() if a[1] == "COUNTRY"] or COUNTRIES[:2]
    people = [a for a in chosen.values() if a[1] == "PERSON"]
    events = []
    for _ in range(rng.randint(1, 4)):
        kind = rng.choice(tuple(PLOVER))
        sentence = rng.randrange(len(sentences))
        source = rng.choice(countries)
        source_actor: dict[str, Any] = {"entity": source[0], "text": source[2]}
        if people and rng.random() < 0.3:  # a person acting for a country, found through its mention
            person = rng.choice(people)
            span = mentioned[person[0]][0]
            sentence = span["sentence"]
            source_actor = {"entity": person[3], "text": span["text"], "agent": person[0]}
        target = rng.choice(countries + [None]) if rng.random() < 0.9 else None
        date = None
        if rng.random() < 0.4:
            year = int((doc.published or "2020")[:4]) - rng.randint(0, 2)
            date = rng.choice(
                (
                    f"{year}",
                    f"{year}-{rng.randint(1, 12):02d}",
                    f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    "PAST_REF",
                )
            )
        speaker = None
        if people and rng.random() < 0.2:
            person = rng.choice(people)
            speaker = {"entity": person[0], "text": person[2]}
        events.append(
            {
                "type": kind,
                "quad_class": PLOVER[kind],
                "mode": None,
                "location": None,
                "trigger": None,
                "source": source_actor,
                "target": {"entity": target[0], "text": target[2]} if target else None,
                "date": date,
                "modality": rng.choice(MODALITIES),
                "speaker": speaker,
                **sentence_span(sentence),
            }
        )
    claims = []
    for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
        unit = rng.choice(UNITS)
        value = float(
            rng.choice((10, 20, 50, 60, 75, 90, 100, 200, 770, 1_000, 2_200)) * rng.choice((1, 1e6))
        )
        claims.append(
            {
                "value": value,
                "value_max": None,
                "unit": unit,
                "currency": "USD" if unit == "dollars" else None,
                "qualifier": rng.choice((None, None, "about", "more than")),
                "kind": rng.choice(CLAIM_KINDS),
                "about": rng.choice(countries)[0] if rng.random() < 0.8 else None,
                "date": f"{(doc.published or '2020')[:4]}" if rng.random() < 0.3 else None,
                "modality": "asserted",
                **word_span(rng.randrange(len(sentences))),
            }
        )
    return {
        "sentences": sentences,
        "entities": entities,
        "formulations": formulation_list,
        "claims": claims,
        "dates": [],
        "events": events,
        "relations": [],
        "stance": [],
    }


_FORMULATIONS: list[str] = []


def _make_chunk(start: int, count: int) -> list[tuple[Document, dict[str, Any]]]:
    if not _FORMULATIONS:
        _FORMULATIONS.extend(_formulation_ids())
    out = []
    for index in range(start, start + count):
        doc = search_bench.make_document(index, with_minhash=False)
        out.append((doc, annotate(doc, index, _FORMULATIONS)))
    return out


def _chunks(total: int, first: int, workers: int) -> Iterator[list[tuple[Document, dict[str, Any]]]]:
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: list[Future[list[tuple[Document, dict[str, Any]]]]] = []
        for start in range(first, total, CHUNK):
            pending.append(pool.submit(_make_chunk, start, min(CHUNK, total - start)))
            if len(pending) >= 2 * workers:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()


def build(store: Store, total: int) -> tuple[float, int]:
    """Add annotated documents until the store holds `total`; returns (seconds, documents added)."""
    have = store.count_documents()
    if have >= total:
        return 0.0, 0
    workers = max(1, (os.cpu_count() or 1) - 1)
    started = time.perf_counter()
    added = 0
    pending: list[tuple[Document, dict[str, Any]]] = []

    def flush() -> None:
        with store.transaction() as connection:
            for doc, result in pending:
                store.add_document(connection, doc)
                store.save_annotations(connection, doc.id, result, "bench", SCHEMA_VERSION)
        pending.clear()

    for chunk in _chunks(total, have, workers):
        pending.extend(chunk)
        added += len(chunk)
        if len(pending) >= TRANSACTION:
            flush()
        if added % 10_000 == 0 or have + added == total:
            elapsed = time.perf_counter() - started
            rate = added / elapsed
            print(
                f"  built {have + added:,}/{total:,} documents, {rate:,.0f} docs/s, "
                f"eta {(total - have - added) / rate:.0f} s",
                flush=True,
            )
    if pending:
        flush()
    return time.perf_counter() - started, added


# --- measuring -------------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    calls: list[Callable[[], Any]]  # one per timed call, parameters varied
    labels: list[str] = field(default_factory=list)
    milliseconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # process CPU ms: steadier on a shared machine
    first: float = 0.0
    size: str = ""  # items or bytes of one answer, for context


def _percentile(values: list[float], p: float) -> float:
    """Nearest rank: of 20 values, p95 is the 19th (the 20th is the max)."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1))
    return ordered[rank]


def _sample(db: Path, rng: random.Random) -> dict[str, Any]:
    """Ids and values the calls vary over, read from the store."""
    connection = sqlite3.connect(db)
    try:
        count = connection.execute("SELECT max(rowid) FROM documents").fetchone()[0]
        rowids = rng.sample(range(1, count + 1), min(200, count))
        ids = [
            row[0]
            for row in connection.execute(
                f"SELECT id FROM documents WHERE rowid IN ({','.join(map(str, rowids))})"
            )
        ]
        formulations = [
            row[0]
            for row in connection.execute(
                "SELECT formulation_id FROM formulation_mentions GROUP BY formulation_id "
                "ORDER BY count(*) DESC LIMIT 30"
            )
        ]
        counts = dict(
            connection.execute(
                "SELECT entity_id, count(DISTINCT document_id) FROM mentions "
                "WHERE entity_id IN ('CHN', ?) GROUP BY entity_id",
                (RARE_ACTOR,),
            )
        )
    finally:
        connection.close()
    saved = sqlite3.connect(db).execute("SELECT count(*) FROM saved_answers").fetchone()[0]
    return {
        "ids": ids,
        "formulations": formulations,
        "actor_documents": counts,
        "saved_talking_points": saved,
    }


def api_cases(
    client: Any, sample: dict[str, Any], calls: int, whole_tp: int, rng: random.Random
) -> list[Case]:
    """Each read endpoint, `calls` times with varied parameters."""
    actors = [a[0] for a in ACTORS]
    years = [str(y) for y in range(2015, 2026)]
    words = ("cooperation", "minister", "trade", "agreement", "sovereignty", "development")
    formulations = sample["formulations"]

    def get(url: str) -> Callable[[], Any]:
        def call() -> Any:
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"GET {url}: {response.status_code} {response.text[:300]}")
            return response

        call.url = url  # type: ignore[attr-defined]
        return call

    def cursor(offset: int) -> str:
        import base64

        return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode()

    def month() -> tuple[str, str]:
        year, m = rng.choice(years[:-1]), rng.randint(1, 12)
        return f"{year}-{m:02d}", f"{year}-{m:02d}"

    n = range(calls)
    specs: list[tuple[str, list[str]]] = [
        ("GET /health", ["/health"] * calls),
        ("GET /stats", ["/stats"] * calls),
        ("GET /kb/{id}", [f"/kb/{rng.choice(actors)}" for _ in n]),
        ("GET /documents (pages)", [f"/documents?cursor={cursor(rng.randrange(0, 2000, 20))}" for _ in n]),
        (
            "GET /documents since/until/lang",
            [
                f"/documents?since={y}&until={y}&lang={rng.choice(('en', 'fr'))}"
                for y in (rng.choice(years) for _ in n)
            ],
        ),
        ("GET /documents actor=", [f"/documents?actor={rng.choice(actors)}" for _ in n]),
        ("GET /documents formulation=", [f"/documents?formulation={rng.choice(formulations)}" for _ in n]),
        ("GET /documents/{id}", [f"/documents/{rng.choice(sample['ids'])}" for _ in n]),
        ("GET /search q=common word", [f"/search?q={rng.choice(words)}" for _ in n]),
        (
            "GET /search q=word&actor=",
            [f"/search?q={rng.choice(words)}&actor={rng.choice(actors)}" for _ in n],
        ),
        ("GET /search actor= (no q)", [f"/search?actor={rng.choice(actors)}" for _ in n]),
        (
            "GET /actors",
            [f"/actors?{rng.choice(('', 'type=COUNTRY', 'type=PERSON', 'type=ORG'))}" for _ in n],
        ),
        ("GET /events (pages)", [f"/events?cursor={cursor(rng.randrange(0, 1000, 50))}" for _ in n]),
        (
            "GET /events source=",
            [
                f"/events?source={rng.choice([a[0] for a in COUNTRIES])}"
                + rng.choice(("", "&type=ACCUSE", f"&since={rng.choice(years)}"))
                for _ in n
            ],
        ),
        (
            "GET /claims",
            [
                "/claims?"
                + rng.choice(
                    ("", "unit=masks", f"about={rng.choice([a[0] for a in COUNTRIES])}", "kind=money")
                )
                for _ in n
            ],
        ),
        ("GET /formulations", ["/formulations"] * calls),
        (
            "GET /actors/CHN/profile",
            ["/actors/CHN/profile" + rng.choice(("", f"?since={rng.choice(years)}")) for _ in n],
        ),
        (
            f"GET /actors/{RARE_ACTOR}/profile",
            [f"/actors/{RARE_ACTOR}/profile" + rng.choice(("", f"?since={rng.choice(years)}")) for _ in n],
        ),
        (
            "GET /graph",
            [
                "/graph?"
                + rng.choice(("", f"since={rng.choice(years)}&until={rng.choice(years)}", "min_weight=5"))
                for _ in n
            ],
        ),
        (
            "GET /timeline",
            [
                "/timeline?"
                + rng.choice(
                    ("", f"actor={rng.choice(actors)}", "type=SANCTION", f"since={rng.choice(years)}")
                )
                for _ in n
            ],
        ),
        (
            "GET /trends",
            ["/trends" + rng.choice(("", f"?formulation={rng.choice(formulations)}")) for _ in n],
        ),
        (
            "GET /claims/track",
            [
                "/claims/track?"
                + rng.choice(("", "unit=masks", f"about={rng.choice([a[0] for a in COUNTRIES])}"))
                for _ in n
            ],
        ),
        (
            "GET /talking-points (1 month)",
            ["/talking-points?limit=5&since={}&until={}".format(*month()) for _ in n],
        ),
    ]
    if whole_tp:
        specs.append(("GET /talking-points (all docs)", ["/talking-points?limit=5&fresh=true"] * whole_tp))
    if sample["saved_talking_points"]:
        specs.append(("GET /talking-points (saved answer)", ["/talking-points?limit=50"] * calls))
    return [Case(name, [get(url) for url in urls], labels=urls) for name, urls in specs]


def analysis_cases(store: Store, calls: int, whole_tp: int, rng: random.Random) -> list[Case]:
    from communique.analyses.claim_tracker import track_claims
    from communique.analyses.graph import relations_graph
    from communique.analyses.profile import actor_profile
    from communique.analyses.talking_points import talking_points
    from communique.analyses.timeline import timeline
    from communique.analyses.trends import formulation_trends, rising_falling
    from communique.kb import load_kb

    kb = load_kb()  # as the CLI: loaded once per process (cached)
    years = [str(y) for y in range(2015, 2026)]
    n = range(calls)
    cases = [
        ("actor_profile(CHN)", [lambda: actor_profile(store, "CHN", kb=kb)] * calls),
        (f"actor_profile({RARE_ACTOR})", [lambda: actor_profile(store, RARE_ACTOR, kb=kb)] * calls),
        ("actor_profile(person:wang-yi)", [lambda: actor_profile(store, "person:wang-yi", kb=kb)] * calls),
        ("relations_graph()", [lambda: relations_graph(store, kb=kb)] * calls),
        (
            "relations_graph(one year)",
            [
                partial(relations_graph, store, since=y, until=y, kb=kb)
                for y in (rng.choice(years) for _ in n)
            ],
        ),
        ("timeline(limit 200)", [lambda: timeline(store, kb=kb)] * calls),
        ("timeline(actor=CHN)", [lambda: timeline(store, actor="CHN", kb=kb)] * calls),
        ("formulation_trends()", [lambda: formulation_trends(store, kb=kb)] * calls),
        (
            "rising_falling(2015-2019, 2020-2024)",
            [lambda: rising_falling(store, "2015-2019", "2020-2024", kb=kb)] * calls,
        ),
        ("track_claims()", [lambda: track_claims(store, kb=kb)] * calls),
        ("track_claims(unit=masks)", [lambda: track_claims(store, unit="masks", kb=kb)] * calls),
        (
            "talking_points(1 month, limit 5)",
            [
                partial(talking_points, store, since=m, until=m, limit=5)
                for m in (f"{rng.choice(years[:-1])}-{rng.randint(1, 12):02d}" for _ in n)
            ],
        ),
    ]
    if whole_tp:
        cases.append(("talking_points(all, limit 5)", [lambda: talking_points(store, limit=5)] * whole_tp))
    return [Case(name, list(functions)) for name, functions in cases]


def _size(answer: Any) -> str:
    if hasattr(answer, "content"):
        payload = answer.json()
        items = payload.get("items") if isinstance(payload, dict) else payload
        count = f"{len(items)} items, " if isinstance(items, list) else ""
        return f"{count}{len(answer.content) / 1024:,.0f} KB"
    if isinstance(answer, (list, dict)):
        return f"{len(answer)} items"
    if hasattr(answer, "number_of_nodes"):
        return f"{answer.number_of_nodes()} nodes, {answer.number_of_edges()} edges"
    return ""


def run(cases: list[Case], title: str) -> None:
    print(f"\n{title} (load average {os.getloadavg()[0]:.1f})", flush=True)
    for case in cases:
        started = time.perf_counter()
        answer = case.calls[0]()  # warm-up: first call (cold caches, imports), not in the percentiles
        case.first = (time.perf_counter() - started) * 1000
        case.size = _size(answer)
        for call in case.calls:
            started, cpu = time.perf_counter(), time.process_time()
            call()
            case.milliseconds.append((time.perf_counter() - started) * 1000)
            case.cpu.append((time.process_time() - cpu) * 1000)
        print(
            f"  {case.name:<40} p50 {_percentile(case.milliseconds, 50):9.1f} ms  "
            f"p95 {_percentile(case.milliseconds, 95):9.1f} ms  "
            f"(CPU p50 {_percentile(case.cpu, 50):.1f}, p95 {_percentile(case.cpu, 95):.1f} ms; "
            f"{len(case.calls)} calls)",
            flush=True,
        )


def table(cases: list[Case], target: bool) -> list[str]:
    head = "| call | n | p50 ms | p95 ms | max ms | first ms | CPU p50 / p95 ms | answer |" + (
        " p95 < 100 ms |" if target else ""
    )
    lines = [head, "|---|---:|---:|---:|---:|---:|---:|---|" + ("---|" if target else "")]
    for case in cases:
        values = case.milliseconds
        p95 = _percentile(values, 95)
        row = (
            f"| {case.name} | {len(values)} | {_percentile(values, 50):,.1f} | {p95:,.1f} | "
            f"{max(values):,.1f} | {case.first:,.1f} | "
            f"{_percentile(case.cpu, 50):,.1f} / {_percentile(case.cpu, 95):,.1f} | {case.size} |"
        )
        if target:
            row += " yes |" if p95 < TARGET_P95_MS else " **no** |"
        lines.append(row)
    slow = [c for c in cases if c.labels and _percentile(c.milliseconds, 95) >= TARGET_P95_MS]
    if slow:
        lines += ["", "Slowest call of each endpoint over the target:", ""]
        for case in slow:
            worst = max(range(len(case.milliseconds)), key=case.milliseconds.__getitem__)
            lines.append(f"- `{case.labels[worst]}`: {case.milliseconds[worst]:,.0f} ms")
    return lines


def _chosen(cases: list[Case], only: str | None) -> list[Case]:
    """The cases named by --only (all without it)."""
    if not only:
        return cases
    words = [word.strip() for word in only.split(",") if word.strip()]
    return [case for case in cases if any(word in case.name for word in words)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=10_000, help="documents in the store (default 10,000)")
    parser.add_argument("--quick", action="store_true", help="2,000 documents")
    parser.add_argument("--db", help="store to build into or reuse (default: a temporary file, removed)")
    parser.add_argument("--calls", type=int, default=20, help="timed calls per endpoint (default 20)")
    parser.add_argument(
        "--whole-tp",
        type=int,
        default=2,
        help="timed talking-points calls over the whole store (default 2; 0 skips)",
    )
    parser.add_argument("--no-analyses", action="store_true", help="skip the direct analyses calls")
    parser.add_argument("--markdown", action="store_true", help="append the results to BENCHMARKS.md")
    parser.add_argument(
        "--only",
        help="time only the calls whose name contains one of these comma-separated words "
        "(e.g. 'claims/track,track_claims'): quick before/after comparisons of a few endpoints",
    )
    args = parser.parse_args(argv)
    total = 2_000 if args.quick else args.docs

    scratch = None if args.db else Path(tempfile.mkdtemp(prefix="communique-api-"))
    db = Path(args.db) if args.db else scratch / "api.db"  # type: ignore[operator]
    try:
        load_start = os.getloadavg()
        print(
            f"python {platform.python_version()}, {os.cpu_count()} cpus, sqlite {sqlite3.sqlite_version}; "
            f"store {db}; load average {load_start[0]:.1f}",
            flush=True,
        )
        store = Store.open(str(db))
        seconds, added = build(store, total)
        if added:
            started = time.perf_counter()
            store.optimize()  # as `communique ingest` and `annotate` do after writing
            print(f"optimize (sampled ANALYZE): {time.perf_counter() - started:.1f} s")
        documents = store.count_documents()
        if added:
            print(f"build: {added:,} annotated documents in {seconds:.1f} s ({added / seconds:,.0f} docs/s)")
            build_note = f"{seconds:.0f} s ({added / seconds:,.0f} docs/s)"
        else:
            print(f"build: reusing {documents:,} documents")
            build_note = "reused"
        size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 1024 / 1024
        connection = sqlite3.connect(db)
        rows = {
            t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("mentions", "formulation_mentions", "events", "claims")
        }
        connection.close()
        print(
            f"store: {documents:,} documents, {size:,.0f} MB; "
            + ", ".join(f"{k} {v:,}" for k, v in rows.items())
        )

        from fastapi.testclient import TestClient

        from communique.interfaces.api import create_app

        rng = random.Random(SEED)
        sample = _sample(db, rng)
        print(f"documents mentioning: {sample['actor_documents']}")
        if args.whole_tp:  # what `communique reuse --save` does, so the API can serve the answer
            from communique.analyses.talking_points import (
                DEFAULT_MIN_TOKENS,
                save_talking_points,
                saved_talking_points,
            )

            if added or saved_talking_points(store, DEFAULT_MIN_TOKENS, None, None, 50) is None:
                started = time.perf_counter()
                save_talking_points(store, DEFAULT_MIN_TOKENS, None, None, 200)
                print(f"reuse --save (whole store, 200 passages): {time.perf_counter() - started:,.1f} s")
        client = TestClient(create_app(str(db)))
        api = _chosen(api_cases(client, sample, args.calls, args.whole_tp, rng), args.only)
        run(api, "API through TestClient")
        analyses: list[Case] = []
        if not args.no_analyses:
            analyses = _chosen(analysis_cases(store, args.calls, args.whole_tp, rng), args.only)
            run(analyses, "analyses called directly")
        store.close()
        load_end = os.getloadavg()
        lines = [
            f"### {documents:,} documents, {datetime.now():%Y-%m-%d %H:%M}",
            "",
            f"Machine: {os.cpu_count()} cores, python {platform.python_version()}, "
            f"sqlite {sqlite3.sqlite_version}; "
            f"load average {load_start[0]:.1f} at start, {load_end[0]:.1f} at end. Build: {build_note}; "
            f"store {size:,.0f} MB, "
            + ", ".join(f"{v:,} {k}" for k, v in rows.items())
            + f"; documents mentioning CHN / {RARE_ACTOR}: "
            + " / ".join(f"{sample['actor_documents'].get(k, 0):,}" for k in ("CHN", RARE_ACTOR))
            + ".",
            "",
            *table(api, target=True),
        ]
        if analyses:
            lines += ["", "Analyses called directly (as the CLI does):", "", *table(analyses, target=False)]
        missed = [c.name for c in api if _percentile(c.milliseconds, 95) >= TARGET_P95_MS]
        lines += [
            "",
            f"Endpoints with p95 >= {TARGET_P95_MS:.0f} ms: {len(missed)} of {len(api)}"
            + (f" ({', '.join(missed)})." if missed else "."),
        ]
        print("\n" + "\n".join(lines))
        if args.markdown:
            path = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"
            with path.open("a", encoding="utf-8") as out:
                out.write("\n" + "\n".join(lines) + "\n")
            print(f"\nappended to {path}")
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
