"""Rows for exports: every table as a stream of flat records, and events as PLOVER records.

Pure data shaping, no files: `interfaces/exports.py` writes what this module yields (JSON Lines,
CSV, Parquet). Every stream reads the store in batches or through one forward-only cursor, so an
export of any size holds one batch in memory. Columns are documented in docs/exports.md;
`COLUMNS` is the single definition the writers (CSV header, Parquet schema) follow. The relations
graph (GEXF) is `analyses.graph.relations_graph`, shared with the graph command.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, select

from communique import __version__
from communique.analyses.common import outlet
from communique.documents.model import SCHEMA_VERSION
from communique.store.schema import annotations, claims, documents, events, mentions
from communique.store.store import Store, document_from_row

TABLES = ("documents", "entities", "mentions", "events", "claims", "formulations")
BATCH = 500  # annotation rows per read
DOCUMENT_BATCH = 100  # documents per read: each carries its raw and clean text
ROWS_PER_FETCH = 5_000  # rows per fetch from a forward-only cursor

# Column name -> kind: "string", "int", "float" or "list" (of strings). Order is output order.
COLUMNS: dict[str, dict[str, str]] = {
    "documents": {
        "id": "string",
        "title": "string",
        "published": "string",
        "language": "string",
        "authors": "list",
        "credits": "list",
        "source": "string",
        "url": "string",
        "origin": "string",
        "near_duplicate_of": "string",
        "text": "string",
    },
    "entities": {
        "document_id": "string",
        "published": "string",
        "entity_id": "string",
        "name": "string",
        "type": "string",
        "country": "string",
        "role_at_date": "string",
        "aliases": "list",
        "mentions": "int",
        "actor_mentions": "int",
        "place_mentions": "int",
        "first_sentence": "int",
        "first_start": "int",
        "first_end": "int",
    },
    "mentions": {
        "mention_id": "int",
        "document_id": "string",
        "published": "string",
        "entity_id": "string",
        "entity_type": "string",
        "entity_name": "string",
        "country": "string",
        "role": "string",
        "sentence": "int",
        "start": "int",
        "end": "int",
        "text": "string",
    },
    "events": {
        "event_id": "string",
        "document_id": "string",
        "published": "string",
        "type": "string",
        "mode": "string",
        "quad_class": "int",
        "source": "string",
        "source_text": "string",
        "target": "string",
        "target_text": "string",
        "speaker": "string",
        "modality": "string",
        "date": "string",
        "location": "string",
        "sentence": "int",
        "start": "int",
        "end": "int",
        "text": "string",
    },
    "claims": {
        "claim_id": "string",
        "document_id": "string",
        "published": "string",
        "value": "float",
        "value_max": "float",
        "unit": "string",
        "currency": "string",
        "qualifier": "string",
        "kind": "string",
        "about": "string",
        "date": "string",
        "modality": "string",
        "sentence": "int",
        "start": "int",
        "end": "int",
        "text": "string",
    },
    "formulations": {
        "document_id": "string",
        "published": "string",
        "formulation_id": "string",
        "name": "string",
        "zh": "string",
        "category": "string",
        "sentence": "int",
        "start": "int",
        "end": "int",
        "text": "string",
    },
}

QUAD_CLASSES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
_ISO_START = re.compile(r"\d{4}")


# --- documents -------------------------------------------------------------------------------


def contracts(store: Store) -> Iterator[dict[str, Any]]:
    """Every document as the extraction contract (docs/schema.md), annotations included."""
    for record in store.iter_documents():
        yield document_from_row(record).to_contract(store.get_annotations(record["id"]))


def document_rows(store: Store) -> Iterator[dict[str, Any]]:
    """Every document as the flat `documents` columns (the CSV export's historical columns)."""
    for record in store.iter_documents(batch_size=DOCUMENT_BATCH):
        yield {
            "id": record["id"],
            "title": record["title"],
            "published": record["published"],
            "language": record["language"],
            "authors": list(record["authors"] or []),
            "credits": list(record["credits"] or []),
            "source": record["source_name"],
            "url": record["url"],
            "origin": record["origin"],
            "near_duplicate_of": record["near_duplicate_of"],
            "text": record["text"],
        }


# --- index tables, one forward-only cursor each ------------------------------------------------


def _stream(connection: Connection, query: Any) -> Iterator[Any]:
    result = connection.execution_options(yield_per=ROWS_PER_FETCH).execute(query)
    yield from result


def mention_rows(store: Store) -> Iterator[dict[str, Any]]:
    query = (
        select(mentions, documents.c.published)
        .join(documents, documents.c.id == mentions.c.document_id)
        .order_by(mentions.c.document_id, mentions.c.id)
    )
    with store.engine.connect() as connection:
        for row in _stream(connection, query):
            yield {
                "mention_id": row.id,
                "document_id": row.document_id,
                "published": row.published,
                "entity_id": row.entity_id,
                "entity_type": row.entity_type,
                "entity_name": row.entity_name,
                "country": row.country,
                "role": row.role,
                "sentence": row.sentence,
                "start": row.start,
                "end": row.end,
                "text": row.text,
            }


def _numbered(store: Store, table: Any) -> Iterator[tuple[str, Any]]:
    """Rows of an index table in (document, insertion) order with a stable `DOC-N` id.

    N is the record's position in the document's annotation list (rows are inserted in that
    order), so `events` ids match the PLOVER export's ids and survive a re-export; the table's
    autoincrement id changes whenever a document is annotated again.
    """
    query = (
        select(table, documents.c.published)
        .join(documents, documents.c.id == table.c.document_id)
        .order_by(table.c.document_id, table.c.id)
    )
    with store.engine.connect() as connection:
        current, number = None, 0
        for row in _stream(connection, query):
            number = number + 1 if row.document_id == current else 0
            current = row.document_id
            yield f"{row.document_id}-{number}", row


def event_rows(store: Store) -> Iterator[dict[str, Any]]:
    for event_id, row in _numbered(store, events):
        yield {
            "event_id": event_id,
            "document_id": row.document_id,
            "published": row.published,
            "type": row.type,
            "mode": row.mode,
            "quad_class": row.quad_class,
            "source": row.source,
            "source_text": row.source_text,
            "target": row.target,
            "target_text": row.target_text,
            "speaker": row.speaker,
            "modality": row.modality,
            "date": row.date,
            "location": row.location,
            "sentence": row.sentence,
            "start": row.start,
            "end": row.end,
            "text": row.text,
        }


def claim_rows(store: Store) -> Iterator[dict[str, Any]]:
    for claim_id, row in _numbered(store, claims):
        yield {
            "claim_id": claim_id,
            "document_id": row.document_id,
            "published": row.published,
            "value": row.value,
            "value_max": row.value_max,
            "unit": row.unit,
            "currency": row.currency,
            "qualifier": row.qualifier,
            "kind": row.kind,
            "about": row.about,
            "date": row.date,
            "modality": row.modality,
            "sentence": row.sentence,
            "start": row.start,
            "end": row.end,
            "text": row.text,
        }


# --- annotation lists, batched by document ---------------------------------------------------


def _annotated(store: Store, *columns: Any) -> Iterator[Any]:
    """Annotation rows joined with their document, in document id order, BATCH at a time."""
    last = ""
    query = select(annotations.c.document_id, documents.c.published, *columns).join(
        documents, documents.c.id == annotations.c.document_id
    )
    while True:
        with store.engine.connect() as connection:
            rows = connection.execute(
                query.where(annotations.c.document_id > last).order_by(annotations.c.document_id).limit(BATCH)
            ).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].document_id


def entity_rows(store: Store) -> Iterator[dict[str, Any]]:
    """One row per entity per document (the contract's `entities`), with mention counts."""
    for row in _annotated(store, annotations.c.entities):
        for entity in row.entities or []:
            found = entity.get("mentions") or []
            roles = Counter(mention.get("role") for mention in found)
            first = min(found, key=lambda mention: mention["start"], default=None)
            yield {
                "document_id": row.document_id,
                "published": row.published,
                "entity_id": entity.get("id"),
                "name": entity.get("name"),
                "type": entity.get("type"),
                "country": entity.get("country"),
                "role_at_date": entity.get("role_at_date"),
                "aliases": list(entity.get("aliases") or []),
                "mentions": len(found),
                "actor_mentions": roles["actor"],
                "place_mentions": roles["place"],
                "first_sentence": first["sentence"] if first else None,
                "first_start": first["start"] if first else None,
                "first_end": first["end"] if first else None,
            }


def formulation_rows(store: Store) -> Iterator[dict[str, Any]]:
    """One row per formulation mention, with the formulation's name, Chinese form and category."""
    for row in _annotated(store, annotations.c.formulations):
        for formulation in row.formulations or []:
            for mention in formulation.get("mentions") or []:
                yield {
                    "document_id": row.document_id,
                    "published": row.published,
                    "formulation_id": formulation.get("id"),
                    "name": formulation.get("name"),
                    "zh": formulation.get("zh"),
                    "category": formulation.get("category"),
                    "sentence": mention["sentence"],
                    "start": mention["start"],
                    "end": mention["end"],
                    "text": mention["text"],
                }


ROWS = {
    "documents": document_rows,
    "entities": entity_rows,
    "mentions": mention_rows,
    "events": event_rows,
    "claims": claim_rows,
    "formulations": formulation_rows,
}


def table_rows(store: Store, table: str) -> Iterator[dict[str, Any]]:
    """Rows of one export table, streamed; keys are exactly `COLUMNS[table]`."""
    if table not in ROWS:
        raise ValueError(f"unknown table {table!r}: use one of {', '.join(TABLES)}")
    return ROWS[table](store)


# --- PLOVER / POLECAT event records ------------------------------------------------------------


def _facts(entities: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {entity["id"]: entity for entity in entities if entity.get("id")}


def _country(entity_id: str | None, facts: dict[str, dict[str, Any]]) -> str | None:
    if not entity_id:
        return None
    entity = facts.get(entity_id)
    if entity is not None:
        return entity["id"] if entity.get("type") == "COUNTRY" else entity.get("country")
    return entity_id if re.fullmatch(r"[A-Z]{3}", entity_id) else None


def _actor(actor: dict[str, Any] | None, facts: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """A POLECAT-style actor list (one actor: compound actors are separate events here)."""
    if not actor:
        return []
    entity_id, agent = actor.get("entity"), actor.get("agent")
    record: dict[str, Any] = {
        "text": actor.get("text"),
        "entity": entity_id,
        "name": (facts.get(entity_id) or {}).get("name") if entity_id else None,
        "type": (facts.get(entity_id) or {}).get("type") if entity_id else None,
        "country": _country(entity_id, facts) or _country(agent, facts),
        "agent": agent,
        "agent_name": (facts.get(agent) or {}).get("name") if agent else None,
        "agent_country": _country(agent, facts),
    }
    if actor.get("group"):
        record["group_count"] = actor["group"].get("count")
    return [record]


def _resolved_date(stated: str | None, published: str | None) -> str | None:
    """The date the event refers to when stated as a calendar date, else publication (as NGEC)."""
    return stated if stated and _ISO_START.match(stated) else published


def plover_records(store: Store) -> Iterator[dict[str, Any]]:
    """Events as PLOVER/POLECAT-style JSON records, one per event, with their evidence.

    Field names follow the POLECAT/NGEC records where they exist (`event_type`, `event_mode`,
    `contexts`, `quad_code`, `attributes.ACTOR/RECIP/LOC`, `story_id`, `pub_date`, `publisher`,
    `headline`, `event_text`, `version`); communique's own additions are named plainly.
    """
    version = f"communique {__version__} (contract {SCHEMA_VERSION})"
    columns = (
        annotations.c.events,
        annotations.c.entities,
        documents.c.title,
        documents.c.url,
        documents.c.origin_url,
        documents.c.language,
        outlet().label("publisher"),
    )
    for row in _annotated(store, *columns):
        facts = _facts(row.entities or [])
        for number, event in enumerate(row.events or []):
            speaker = event.get("speaker") or None
            location = event.get("location")
            yield {
                "id": f"{row.document_id}-{number}",
                "event_type": event["type"],
                "event_mode": [event["mode"]] if event.get("mode") else [],
                "contexts": [event["context"]] if event.get("context") else [],
                "quad_code": event.get("quad_class"),
                "quad_class": QUAD_CLASSES.get(event.get("quad_class")),
                "modality": event.get("modality") or "asserted",
                "date": _resolved_date(event.get("date"), row.published),
                "date_raw": event.get("date"),
                "pub_date": row.published,
                "attributes": {
                    "ACTOR": _actor(event.get("source"), facts),
                    "RECIP": _actor(event.get("target"), facts),
                    "LOC": [{"text": location}] if location else [],
                },
                "speaker": (
                    {
                        "entity": speaker.get("entity"),
                        "text": speaker.get("text"),
                        "country": _country(speaker.get("entity"), facts),
                    }
                    if speaker
                    else None
                ),
                "story_id": row.document_id,
                "publisher": row.publisher,
                "headline": row.title,
                "url": row.url or row.origin_url,
                "language": row.language,
                "sentence": event["sentence"],
                "start": event["start"],
                "end": event["end"],
                "event_text": event["text"],
                "trigger": event.get("trigger"),
                "version": version,
            }
