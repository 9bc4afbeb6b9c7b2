"""Exports open in the tools that read them, with the right rows, columns, types and answers."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
import tracemalloc
from pathlib import Path

import jsonschema
import networkx as nx
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import typer
from typer.testing import CliRunner

from communique.analyses.exports import COLUMNS, TABLES
from communique.documents.model import Document
from communique.interfaces import cli
from communique.interfaces.commands_export import register as register_export
from communique.interfaces.commands_reuse import register as register_reuse
from communique.interfaces.exports import arrow_schema, export
from communique.store.store import Store
from document_helpers import text_document

SCHEMA = Path(__file__).resolve().parents[2] / "src" / "communique" / "schema" / "extraction.schema.json"

TALKS = (
    "Wang Yi met Pakistani Foreign Minister Qureshi in Beijing. "
    "China will provide 500 million doses of vaccine to Pakistan. "
    "The United States accused China of coercion, but China did not accuse the United States."
)
DEAL = "Pakistan and China signed a win-win agreement. Pakistan thanked China for its support."
WEATHER = "Heavy rain fell on the coast on Sunday and fishing boats stayed in port."


def make_doc(text: str, path: str, published: str | None, source: str | None, title: str) -> Document:
    return text_document(
        text,
        path=path,
        title=title,
        authors=["Jane Roe", "Li Wei"],
        credits=["Editor: J. Doe"],
        published=published,
        language="en",
        source_name=source,
        url=f"https://news.example.org/{title}",
    )


def sentences(text: str) -> list[dict[str, int]]:
    spans, start = [], 0
    for part in text.split(". "):
        end = start + len(part) + (0 if part.endswith(".") else 1)
        spans.append({"start": start, "end": end})
        start = end + 1
    return spans


def span(text: str, surface: str, sentence: int, nth: int = 0) -> dict[str, object]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return {"sentence": sentence, "start": start, "end": start + len(surface), "text": surface}


def mention(text: str, surface: str, sentence: int, role: str = "actor", nth: int = 0) -> dict[str, object]:
    return {**span(text, surface, sentence, nth), "role": role}


def actor(entity: str | None, text: str, agent: str | None = None) -> dict[str, object]:
    return {"entity": entity, "text": text, **({"agent": agent} if agent else {})}


def event(kind: str, quad: int, source, target, where: dict, modality: str = "asserted", **extra) -> dict:
    return {
        "type": kind,
        "mode": extra.pop("mode", None),
        "source": source,
        "target": target,
        "date": extra.pop("date", None),
        "location": extra.pop("location", None),
        "modality": modality,
        "speaker": extra.pop("speaker", None),
        "quad_class": quad,
        **where,
        **extra,
    }


def talks_annotations() -> dict:
    t = TALKS
    return {
        "sentences": sentences(t),
        "entities": [
            {
                "id": "CHN",
                "name": "China",
                "type": "COUNTRY",
                "country": "CHN",
                "aliases": ["Beijing"],
                "mentions": [
                    mention(t, "Beijing", 0, "place"),
                    mention(t, "China", 1),
                    mention(t, "China", 2, nth=1),
                    mention(t, "China", 2, nth=2),
                ],
            },
            {
                "id": "person:wang-yi",
                "name": "Wang Yi",
                "type": "PERSON",
                "country": "CHN",
                "aliases": [],
                "role_at_date": "Minister of Foreign Affairs",
                "mentions": [mention(t, "Wang Yi", 0)],
            },
            {
                "id": "PAK",
                "name": "Pakistan",
                "type": "COUNTRY",
                "country": "PAK",
                "aliases": ["Pakistani"],
                "mentions": [mention(t, "Pakistani", 0), mention(t, "Pakistan", 1, nth=1)],
            },
            {
                "id": "USA",
                "name": "United States",
                "type": "COUNTRY",
                "country": "USA",
                "aliases": [],
                "mentions": [mention(t, "United States", 2), mention(t, "United States", 2, nth=1)],
            },
            {
                "id": None,
                "name": "Qureshi",
                "type": "PERSON",
                "country": "PAK",
                "aliases": [],
                "mentions": [mention(t, "Qureshi", 0)],
            },
        ],
        "formulations": [],
        "claims": [
            {
                "value": 5e8,
                "value_max": None,
                "unit": "doses of vaccine",
                "currency": None,
                "qualifier": None,
                "kind": "count",
                "about": "PAK",
                "date": None,
                "modality": "planned",
                **span(t, "500 million doses of vaccine", 1),
            }
        ],
        "events": [
            event(
                "CONSULT",
                1,
                actor("CHN", "Wang Yi", "person:wang-yi"),
                actor("PAK", "Pakistani Foreign Minister Qureshi"),
                span(t, "Wang Yi met Pakistani Foreign Minister Qureshi", 0),
                mode="visit",
                location="Beijing",
                date="2021-02-27",
                trigger={"text": "met", "start": 8, "end": 11},
            ),
            event(
                "AID",
                2,
                actor("CHN", "China"),
                actor("PAK", "Pakistan"),
                span(t, "China will provide 500 million doses of vaccine to Pakistan", 1),
                modality="planned",
                context="health",
                speaker={"entity": "person:wang-yi", "text": "Wang Yi"},
            ),
            event(
                "ACCUSE",
                3,
                actor("USA", "The United States"),
                actor("CHN", "China"),
                span(t, "The United States accused China", 2),
                date="PAST_REF",
            ),
            event(
                "ACCUSE",
                3,
                actor("CHN", "China"),
                actor("USA", "the United States"),
                span(t, "China did not accuse the United States", 2),
                modality="negated",
            ),
        ],
    }


def deal_annotations() -> dict:
    t = DEAL
    return {
        "sentences": sentences(t),
        "entities": [
            {
                "id": "PAK",
                "name": "Pakistan",
                "type": "COUNTRY",
                "country": "PAK",
                "aliases": [],
                "mentions": [mention(t, "Pakistan", 0), mention(t, "Pakistan", 1, nth=1)],
            },
            {
                "id": "CHN",
                "name": "China",
                "type": "COUNTRY",
                "country": "CHN",
                "aliases": [],
                "mentions": [mention(t, "China", 0), mention(t, "China", 1, nth=1)],
            },
        ],
        "formulations": [
            {
                "id": "win-win-cooperation",
                "name": "win-win cooperation",
                "zh": "合作共赢",
                "category": "diplomacy",
                "mentions": [span(t, "win-win", 0)],
            }
        ],
        "claims": [],
        "events": [
            event(
                "AGREE",
                1,
                actor("PAK", "Pakistan"),
                actor("CHN", "China"),
                span(t, "Pakistan and China signed", 0),
            ),
            event(
                "SUPPORT",
                1,
                actor("PAK", "Pakistan"),
                actor("CHN", "China"),
                span(t, "Pakistan thanked China", 1),
            ),
        ],
    }


@pytest.fixture
def annotated(store: Store) -> dict[str, Document]:
    docs = {
        "talks": make_doc(TALKS, "wire/talks.txt", "2021-03-01", "Xinhua", "talks"),
        "deal": make_doc(DEAL, "dawn/deal.txt", "2021-04-01", "Dawn", "deal"),
        "weather": make_doc(WEATHER, "misc/weather.txt", None, None, "weather"),
    }
    with store.transaction() as connection:
        for doc in docs.values():
            store.add_document(connection, doc)
        store.save_annotations(connection, docs["talks"].id, talks_annotations(), "test", "3.0")
        store.save_annotations(connection, docs["deal"].id, deal_annotations(), "test", "3.0")
    return docs


def app() -> typer.Typer:
    application = typer.Typer()
    register_export(application)
    register_reuse(application)

    @application.callback()
    def main() -> None:  # a group, so commands are invoked by name as in the real CLI
        pass

    return application


def run(*args: str):
    return CliRunner().invoke(app(), list(args))


def db_of(store: Store) -> str:
    return str(store.engine.url.database)


EXPECTED_ROWS = {"documents": 3, "entities": 7, "mentions": 14, "events": 6, "claims": 1, "formulations": 1}


# --- documents: the historical export is unchanged -------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_documents_jsonl_and_csv_match_the_cli_export(store, annotated, fmt):
    ours = run("export", "--db", db_of(store), "--format", fmt)
    theirs = CliRunner().invoke(cli.app, ["export", "--db", db_of(store), "--format", fmt])
    assert ours.exit_code == 0 and theirs.exit_code == 0
    assert ours.output == theirs.output


def test_documents_jsonl_is_the_contract(store, annotated):
    lines = run("export", "--db", db_of(store)).output.splitlines()
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    records = {record["id"]: record for record in map(json.loads, lines)}
    assert len(records) == 3
    for record in records.values():
        jsonschema.validate(record, schema)
    talks = records[annotated["talks"].id]
    assert (
        talks["schema_version"] == "3.0" and len(talks["events"]) == 4 and talks["claims"][0]["value"] == 5e8
    )
    assert records[annotated["weather"].id]["events"] == []


def test_documents_csv_columns(store, annotated, tmp_path):
    out = tmp_path / "docs.csv"
    assert run("export", "--db", db_of(store), "-f", "csv", "-o", str(out)).exit_code == 0
    with out.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert out.read_bytes().startswith(
        b"id,title,published,language,authors,credits,source,url,origin,near_duplicate_of,text\r\n"
    )
    talks = next(row for row in rows if row["id"] == annotated["talks"].id)
    assert talks["authors"] == "Jane Roe; Li Wei" and talks["source"] == "Xinhua" and talks["text"] == TALKS
    assert talks["origin"] == "wire/talks.txt" and talks["near_duplicate_of"] == ""


# --- every table in every table format -------------------------------------------------------


@pytest.mark.parametrize("table", TABLES)
def test_parquet_tables_have_typed_columns_and_rows(store, annotated, tmp_path, table):
    result = export(store, "parquet", table, tmp_path)
    assert result.path == tmp_path / f"{table}.parquet" and result.rows == EXPECTED_ROWS[table]
    read = pq.read_table(result.path)
    assert read.num_rows == EXPECTED_ROWS[table]
    assert read.schema.equals(arrow_schema(table))
    assert read.column_names == list(COLUMNS[table])


@pytest.mark.parametrize("table", TABLES)
def test_csv_and_jsonl_tables(store, annotated, tmp_path, table):
    out = tmp_path / f"{table}.csv"
    export(store, "csv", table, out)
    with out.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        rows = list(reader)
    assert reader.fieldnames == list(COLUMNS[table]) and len(rows) == EXPECTED_ROWS[table]
    if table != "documents":  # documents jsonl is the contract, checked above
        out = tmp_path / f"{table}.jsonl"
        export(store, "jsonl", table, out)
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert len(records) == EXPECTED_ROWS[table]
        assert all(list(record) == list(COLUMNS[table]) for record in records)


def test_table_values(store, annotated, tmp_path):
    talks, deal = annotated["talks"].id, annotated["deal"].id
    entities = pq.read_table(export(store, "parquet", "entities", tmp_path).path).to_pylist()
    chn = next(row for row in entities if row["document_id"] == talks and row["entity_id"] == "CHN")
    assert (chn["mentions"], chn["actor_mentions"], chn["place_mentions"]) == (4, 3, 1)
    assert chn["aliases"] == ["Beijing"] and chn["published"] == "2021-03-01"
    assert (chn["first_sentence"], TALKS[chn["first_start"] : chn["first_end"]]) == (0, "Beijing")
    unlinked = next(row for row in entities if row["name"] == "Qureshi")
    assert unlinked["entity_id"] is None and unlinked["country"] == "PAK"

    events = pq.read_table(export(store, "parquet", "events", tmp_path).path).to_pylist()
    assert [row["event_id"] for row in events if row["document_id"] == talks] == [
        f"{talks}-{n}" for n in range(4)
    ]
    consult = next(row for row in events if row["type"] == "CONSULT")
    assert (consult["source"], consult["target"], consult["quad_class"], consult["mode"]) == (
        "CHN",
        "PAK",
        1,
        "visit",
    )
    assert TALKS[consult["start"] : consult["end"]] == consult["text"]

    claims = pq.read_table(export(store, "parquet", "claims", tmp_path).path).to_pylist()
    assert claims == [
        {
            "claim_id": f"{talks}-0",
            "document_id": talks,
            "published": "2021-03-01",
            "value": 5e8,
            "value_max": None,
            "unit": "doses of vaccine",
            "currency": None,
            "qualifier": None,
            "kind": "count",
            "about": "PAK",
            "date": None,
            "modality": "planned",
            "sentence": 1,
            "start": TALKS.index("500"),
            "end": TALKS.index("500") + len("500 million doses of vaccine"),
            "text": "500 million doses of vaccine",
        }
    ]
    (formulation,) = pq.read_table(export(store, "parquet", "formulations", tmp_path).path).to_pylist()
    assert formulation["formulation_id"] == "win-win-cooperation" and formulation["zh"] == "合作共赢"
    assert formulation["document_id"] == deal and DEAL[formulation["start"] : formulation["end"]] == "win-win"


def test_empty_store_exports_readable_files(store, tmp_path):
    for table in TABLES:
        path = export(store, "parquet", table, tmp_path).path
        assert pq.read_table(path).num_rows == 0 and pq.read_table(path).schema.equals(arrow_schema(table))
    assert export(store, "csv", "events", tmp_path / "e.csv").rows == 0
    assert (tmp_path / "e.csv").read_text(encoding="utf-8").startswith("event_id,document_id,published,type")


# --- PLOVER events -----------------------------------------------------------------------------


def test_plover_records(store, annotated, tmp_path):
    out = tmp_path / "events.plover.jsonl"
    assert run("export", "--db", db_of(store), "--format", "plover", "-o", str(out)).exit_code == 0
    records = {
        record["id"]: record for record in map(json.loads, out.read_text(encoding="utf-8").splitlines())
    }
    talks = annotated["talks"].id
    assert len(records) == 6
    consult = records[f"{talks}-0"]
    assert (
        consult["event_type"] == "CONSULT"
        and consult["event_mode"] == ["visit"]
        and consult["contexts"] == []
    )
    assert consult["quad_code"] == 1 and consult["quad_class"] == "verbal cooperation"
    assert consult["date"] == "2021-02-27" and consult["pub_date"] == "2021-03-01"
    (source,) = consult["attributes"]["ACTOR"]
    assert source["entity"] == "CHN" and source["country"] == "CHN" and source["name"] == "China"
    assert source["agent"] == "person:wang-yi" and source["agent_name"] == "Wang Yi"
    assert source["agent_country"] == "CHN" and source["text"] == "Wang Yi"
    (target,) = consult["attributes"]["RECIP"]
    assert target["country"] == "PAK" and target["agent"] is None
    assert consult["attributes"]["LOC"] == [{"text": "Beijing"}]
    assert (
        consult["story_id"] == talks and consult["publisher"] == "Xinhua" and consult["headline"] == "talks"
    )
    assert TALKS[consult["start"] : consult["end"]] == consult["event_text"] and consult["sentence"] == 0
    assert consult["trigger"] == {"text": "met", "start": 8, "end": 11}
    aid = records[f"{talks}-1"]
    assert aid["modality"] == "planned" and aid["contexts"] == ["health"]
    assert aid["speaker"] == {"entity": "person:wang-yi", "text": "Wang Yi", "country": "CHN"}
    assert aid["date"] == "2021-03-01" and aid["date_raw"] is None
    accuse = records[f"{talks}-2"]
    assert (
        accuse["date"] == "2021-03-01" and accuse["date_raw"] == "PAST_REF"
    )  # a TIMEX is not a calendar date
    assert records[f"{talks}-3"]["modality"] == "negated"


# --- the relations graph -----------------------------------------------------------------------


def test_gexf_opens_in_networkx_with_events_and_co_mentions(store, annotated, tmp_path):
    """The shared relations graph (analyses.graph): event edges per ordered pair, co-mentions."""
    out = tmp_path / "graph.gexf"
    result = run("export", "--db", db_of(store), "--format", "gexf", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "wrote 13 nodes and edges" in result.output
    graph = nx.read_gexf(out)
    assert isinstance(graph, nx.MultiDiGraph)
    assert sorted(graph.nodes) == ["CHN", "PAK", "USA", "person:wang-yi"]
    assert graph.nodes["person:wang-yi"]["label"] == "Wang Yi" and graph.nodes["CHN"]["type"] == "COUNTRY"
    assert graph.nodes["person:wang-yi"]["country"] == "CHN" and graph.nodes["CHN"]["mentions"] == 6
    edges = {(u, v, key): data for u, v, key, data in graph.edges(keys=True, data=True)}
    events = {pair[:2]: data for pair, data in edges.items() if pair[2] == "events"}
    assert set(events) == {("CHN", "PAK"), ("PAK", "CHN"), ("USA", "CHN")}  # not the negated CHN -> USA
    assert (events[("CHN", "PAK")]["quad1"], events[("CHN", "PAK")]["quad2"]) == (1, 1)
    assert events[("CHN", "PAK")]["first"] == "2021-02-27"  # the stated date, not publication
    assert events[("PAK", "CHN")]["weight"] == 2 and events[("USA", "CHN")]["quad3"] == 1
    assert events[("USA", "CHN")]["first"] == "2021-03-01"  # PAST_REF is no calendar date
    comentions = {pair[:2]: data for pair, data in edges.items() if pair[2] == "comention"}
    assert len(comentions) == 6 and comentions[("CHN", "PAK")]["weight"] == 2  # two documents
    assert all(data["directed"] is False for data in comentions.values())


def test_gexf_to_stdout(store, annotated, capfdbinary):
    export(store, "gexf")
    graph = nx.read_gexf(io.BytesIO(capfdbinary.readouterr().out))
    assert graph.number_of_nodes() == 4 and graph.number_of_edges() == 9


# --- command line ------------------------------------------------------------------------------


def test_usage_errors_exit_2_and_directory_output(store, annotated, tmp_path):
    db = db_of(store)
    assert run("export", "--db", db, "--format", "xml").exit_code == 2
    assert run("export", "--db", db, "--table", "speeches").exit_code == 2
    assert run("export", "--db", db, "--format", "gexf", "--table", "events").exit_code == 2
    assert run("export", "--db", db, "--format", "plover", "--table", "claims").exit_code == 2
    result = run("export", "--db", db, "--format", "parquet", "--table", "mentions", "-o", str(tmp_path))
    assert result.exit_code == 0 and "wrote 14 records" in result.output
    assert pq.read_table(tmp_path / "mentions.parquet").num_rows == 14
    assert run("export", "--db", db, "-f", "plover", "-o", str(tmp_path)).exit_code == 0
    assert (tmp_path / "events.plover.jsonl").exists()


def test_parquet_to_stdout(store, annotated, capfdbinary):
    export(store, "parquet", "events")
    data = capfdbinary.readouterr().out
    assert pq.read_table(pa.BufferReader(data)).num_rows == 6


# --- constant memory ---------------------------------------------------------------------------


def test_parquet_export_of_5000_documents_streams(store, tmp_path):
    # 40-character words: 40 MB of text with few tokens, so the full-text index builds quickly.
    words = [hashlib.sha1(str(n).encode()).hexdigest() for n in range(2000)]
    rng = random.Random(7)
    size = 0
    with store.transaction() as connection:
        for index in range(5000):
            text = " ".join(rng.choices(words, k=200))  # ~8 KB each, ~40 MB in all
            size += len(text)
            doc = text_document(text, path=f"bulk/{index}.txt", published="2020-01-01")
            store.add_document(connection, doc)
    pool = pa.default_memory_pool()
    arrow_before = pool.bytes_allocated()
    tracemalloc.start()
    try:
        result = export(store, "parquet", "documents", tmp_path / "docs.parquet")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.rows == 5000 and pq.read_metadata(tmp_path / "docs.parquet").num_rows == 5000
    assert peak < size / 4, f"Python peak {peak / 2**20:.1f} MiB for {size / 2**20:.1f} MiB of text"
    assert pool.bytes_allocated() - arrow_before < size / 4
    assert pq.read_metadata(tmp_path / "docs.parquet").num_row_groups > 5  # written batch by batch


def test_jsonl_table_rows_parse_one_per_line(store, annotated):
    lines = run("export", "--db", db_of(store), "-t", "claims").output.splitlines()
    (row,) = map(json.loads, lines)
    assert row["unit"] == "doses of vaccine" and list(row) == list(COLUMNS["claims"])
