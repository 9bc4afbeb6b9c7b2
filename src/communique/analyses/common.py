"""SQL building blocks shared by the analyses: periods, "the date it refers to", outlets, citations.

Every analysis answers with evidence, so the pieces that turn a row into a citation, decide which
date an event or claim is placed at, and name the outlet of a document live here once: the
answers then agree with each other (a timeline and a profile put the same event in the same year).
"""

from __future__ import annotations

import functools
import re
from typing import Any

from sqlalchemy import ColumnElement, func, literal, select

from communique.kb import KnowledgeBase
from communique.store.rollups import period
from communique.store.schema import documents, events


def when(table: Any) -> tuple[ColumnElement[Any], ColumnElement[Any]]:
    """The date an event or claim refers to (its stated date, else its document's) and which
    one it is: columns the store fills on save (`store.rollups.fill_record_columns`)."""
    return table.c.when, table.c.date_source


def placed_in(table: Any, since: str | None, until: str | None) -> list[ColumnElement[bool]]:
    """Events or claims whose date (stated, else publication) is in the period."""
    return period(table.c.when, since, until)


_PRECISION = re.compile(r"(\d{4})(-\d{2})?(-\d{2})?")


@functools.lru_cache(maxsize=4096)
def precision(value: str | None) -> str | None:
    """year, month or day for ISO dates; "other" for other shapes ("2024-H1" is a half year).

    Cached: a claim tracker answer asks it for thousands of dates, most of them repeated."""
    if not value:
        return None
    found = _PRECISION.match(value)
    if found is None or found.group(3) is None and found.end() != len(value):
        return "other"
    return "day" if found.group(3) else "month" if found.group(2) else "year"


def outlet() -> ColumnElement[str]:
    """The outlet of a document: its source name, else its URL's host, else its file's folder
    (stored on add, see `store.rollups.outlet_expression`)."""
    return func.coalesce(documents.c.outlet, literal("unknown"))


def citation(row: Any) -> dict[str, Any]:
    """A row's evidence: document, sentence index, character span and the text itself."""
    mapping = row._mapping if hasattr(row, "_mapping") else row
    return {
        "document": mapping["document_id"],
        "sentence": mapping["sentence"],
        "start": mapping["start"],
        "end": mapping["end"],
        "text": mapping["text"],
    }


def names(kb: KnowledgeBase, ids: Any, fallback: dict[str, str] | None = None) -> dict[str, str]:
    """Display names for KB ids: the KB's, else the name the texts used, else the id."""
    fallback = fallback or {}
    found = {}
    for entity_id in ids:
        if entity_id is None:
            continue
        entry = kb.get(entity_id)
        found[entity_id] = entry.name if entry else fallback.get(entity_id, entity_id)
    return found


def year_range(text: str) -> tuple[str, str]:
    """A period from the command line: "2015-2019", "2015..2019-06", "2019-05" or "2019"."""
    text = text.strip()
    if ".." in text:
        start, _, end = text.partition("..")
        return start.strip(), end.strip()
    match = re.fullmatch(r"(\d{4})\s*[-/–]\s*(\d{4})", text)
    if match:
        return match.group(1), match.group(2)
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        return text, text
    raise ValueError(f"{text!r} is not a period: use 2015-2019, 2015-03..2019-06 or 2019")


def acts_through(kb: KnowledgeBase, actor_id: str, entity_type: str | None = None) -> bool:
    """True for people and bodies: in events they act for a country, named as its agent."""
    entry = kb.get(actor_id)
    kind = entry.type if entry else entity_type
    if kind is None:
        return actor_id.startswith(("person:", "org:"))
    return kind in ("PERSON", "ORG")


def actor_events(actor_id: str, role: str, as_agent: bool) -> list[Any]:
    """Conditions (any of them) for events where the actor is the source, the target or the
    speaker; as agent, also where it is named as the doer for the source or target country
    ("Wang Yi met ..." is China's event with Wang Yi as `source_agent`).

    A list rather than one OR: each condition walks its own index, so a query per condition
    can stop at a page (an OR over two indexes makes SQLite sort every match).
    """
    if role == "speaker":
        return [events.c.speaker == actor_id]
    conditions = [events.c[role] == actor_id]
    if as_agent:
        conditions.append(events.c[f"{role}_agent"] == actor_id)
    return conditions


def event_record(row: Any, moment: str | None = None, date_source: str | None = None) -> dict[str, Any]:
    """An event row as an answer: who did what to whom, when (and which date that is), evidence.

    `moment` and `date_source` come from `by_when`, else from the row's own `when` columns.
    """
    mapping = row._mapping
    if moment is None and "when" in mapping:
        moment, date_source = mapping["when"], mapping["date_source"]
    return {
        "event": mapping["id"],
        "type": mapping["type"],
        "mode": mapping["mode"],
        "quad_class": mapping["quad_class"],
        "source": mapping["source"],
        "source_text": mapping["source_text"],
        "target": mapping["target"],
        "target_text": mapping["target_text"],
        "speaker": mapping["speaker"],
        "modality": mapping["modality"],
        "date": mapping["date"],
        "when": moment,
        "date_source": date_source,
        "precision": precision(moment),
        "title": mapping["title"],
        "published": mapping["published"],
        "citation": citation(row),
    }


def by_when(
    connection: Any,
    table: Any,
    columns: list[Any],
    clauses: list[Any],
    limit: int,
    newest_first: bool = False,
    since: str | None = None,
    until: str | None = None,
    any_of: list[Any] | None = None,
) -> list[tuple[Any, str | None, str | None]]:
    """Rows of events or claims in the order of their date (stated, else publication), top `limit`.

    Returns (row, when, date_source) triples. Ordered by the indexed `when` column, so the
    database stops after `limit` rows; undated rows come last either way. `any_of`: rows must
    meet one of these conditions; each gets its own index-ordered query, merged here.
    """
    moment = table.c.when
    order = moment.desc().nulls_last() if newest_first else moment.asc().nulls_last()
    tie = table.c.id.desc() if newest_first else table.c.id.asc()
    found: dict[int, Any] = {}
    for condition in any_of or [None]:
        query = (
            select(*columns)
            .select_from(table.join(documents, documents.c.id == table.c.document_id))
            .where(*clauses, *([] if condition is None else [condition]), *period(moment, since, until))
            .order_by(order, tie)
            .limit(limit)
        )
        for row in connection.execute(query):
            found[row.id] = row

    def key(row: Any) -> tuple[bool, str, int]:
        undated = row.when is None
        if newest_first:
            return (not undated, row.when or "", row.id)
        return (undated, row.when or "", -row.id)

    ranked = sorted(found.values(), key=key, reverse=newest_first)[:limit]
    return [(row, row.when, row.date_source) for row in ranked]


def claim_record(row: Any, moment: str | None, date_source: str | None) -> dict[str, Any]:
    """A claim row as an answer: the figure, what it counts, when, where, and its evidence."""
    return {
        "claim": row.id,
        "value": row.value,
        "value_max": row.value_max,
        "unit": row.unit,
        "currency": row.currency,
        "qualifier": row.qualifier,
        "kind": row.kind,
        "about": row.about,
        "modality": row.modality,
        "date": row.date,
        "when": moment,
        "date_source": date_source,
        "precision": precision(moment),
        "title": row.title,
        "published": row.published,
        "outlet": row.outlet,
        "citation": citation(row),
    }
