"""SQL building blocks shared by the analyses: periods, "the date it refers to", outlets, citations.

Every analysis answers with evidence, so the pieces that turn a row into a citation, decide which
date an event or claim is placed at, and name the outlet of a document live here once: the
answers then agree with each other (a timeline and a profile put the same event in the same year).
"""

from __future__ import annotations

import heapq
import re
from typing import Any

from sqlalchemy import ColumnElement, String, and_, case, cast, func, literal, or_, select, union_all

from communique.kb import KnowledgeBase
from communique.store.schema import documents, events, mentions

# An upper bound that sorts after any ISO date with the same prefix: until="2019" keeps "2019-12-31".
_AFTER = "\uffff"

# Events and claims with these modalities did not happen (or only might): answers that count what
# actors did leave them out by default, as `communique events` users would expect.
NOT_HAPPENED = ("negated", "hypothetical")

# Entity types that act: what a relations graph or a co-mention list is about.
ACTOR_TYPES = ("COUNTRY", "ORG", "PERSON", "GROUPING")


def period(column: Any, since: str | None, until: str | None) -> list[ColumnElement[bool]]:
    """`since`/`until` at year, month or day precision, both ends included (as `Store.search`)."""
    clauses: list[ColumnElement[bool]] = []
    if since:
        clauses.append(column >= since)
    if until:
        clauses.append(column <= until + _AFTER)
    return clauses


def is_iso_date(column: Any) -> ColumnElement[bool]:
    """True for values that start with a four-digit year ("2024", "2024-05", "2024-H1").

    Stated dates can be TIMEX values that do not sort as dates ("201X", "XXXX-05-13", "P10Y"):
    those fall back to the publication date. Written with substr so it runs on any dialect.
    """
    return and_(*(func.substr(column, index, 1).between("0", "9") for index in range(1, 5)))


def when(date_column: Any) -> tuple[ColumnElement[Any], ColumnElement[Any]]:
    """The date a record refers to (its stated date, else the document's) and which one it is."""
    stated = is_iso_date(date_column)
    value = case((stated, date_column), else_=documents.c.published)
    source = case(
        (stated, literal("stated")),
        (documents.c.published.is_not(None), literal("published")),
        else_=literal(None, String),
    )
    return value, source


def dated_in(table: Any, since: str | None, until: str | None) -> Any:
    """Ids of events or claims whose date (stated, else publication) is in the period.

    Two index-driven parts instead of one filter on a CASE over two tables, which would join
    every row to its document first: rows whose stated date is in the period (an index on
    `date`), and rows without a usable stated date from documents published in the period
    (an index on `documents.published`, then `document_id`).
    """
    stated = select(table.c.id).where(is_iso_date(table.c.date), *period(table.c.date, since, until))
    fallback = (
        select(table.c.id)
        .join(documents, documents.c.id == table.c.document_id)
        .where(
            or_(table.c.date.is_(None), ~is_iso_date(table.c.date)),
            *period(documents.c.published, since, until),
        )
    )
    return union_all(stated, fallback)


def precision(value: str | None) -> str | None:
    """year, month or day for ISO dates; the raw shape otherwise ("2024-H1" is a half year)."""
    if not value:
        return None
    if re.fullmatch(r"\d{4}", value):
        return "year"
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return "month"
    if re.match(r"\d{4}-\d{2}-\d{2}", value):
        return "day"
    return "other"


def outlet(dialect: str) -> ColumnElement[str]:
    """The outlet of a document: its source name, else its URL's host, else its file's folder.

    Computed in SQL so documents can be grouped by outlet in the database. `www.` is dropped from
    hosts so "www.dawn.com" and "dawn.com" are one outlet.
    """
    find = func.strpos if dialect == "postgresql" else func.instr
    url = func.coalesce(documents.c.url, documents.c.origin_url)
    rest = func.substr(url, find(url, "://") + 3, type_=String)
    host = func.substr(rest, 1, find(rest + "/", "/") - 1, type_=String)
    host = case((host.like("www.%"), func.substr(host, 5, type_=String)), else_=host)
    path = documents.c.origin_path
    folder = func.rtrim(func.rtrim(path, func.replace(path, "/", "")), "/")
    return func.coalesce(
        func.nullif(documents.c.source_name, ""),
        case((find(url, "://") > 0, func.nullif(host, "")), else_=None),
        func.nullif(folder, ""),
        literal("unknown"),
    )


def pack(sort_key: Any, row_id: Any) -> ColumnElement[str]:
    """`sort_key id` as one string, so min()/max() in a GROUP BY also names a row holding it.

    NULL when the key is NULL (concatenation with NULL is NULL), so undated rows never win.
    """
    return sort_key + " " + cast(row_id, String)


def unpack(packed: str | None) -> int | None:
    if not packed:
        return None
    return int(packed.rsplit(" ", 1)[1])


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


def actor_events(actor_id: str, role: str, as_agent: bool) -> Any:
    """Condition for events where the actor is the source, the target or the speaker.

    As agent: a person's or body's mention with the event's source (target) text, inside the
    event's span, stands for it ("Wang Yi met ..." is stored as CHN with source text "Wang Yi").
    """
    if role == "speaker":
        return events.c.speaker == actor_id
    column = events.c.source if role == "source" else events.c.target
    if not as_agent:
        return column == actor_id
    agent = events.alias("agent_events")
    text = agent.c.source_text if role == "source" else agent.c.target_text
    by_mention = (
        select(agent.c.id)
        .join(
            mentions,
            and_(
                mentions.c.document_id == agent.c.document_id,
                mentions.c.sentence == agent.c.sentence,
                mentions.c.text == text,
                mentions.c.start >= agent.c.start,
                mentions.c.end <= agent.c.end,
            ),
        )
        .where(mentions.c.entity_id == actor_id)
    )
    return or_(column == actor_id, events.c.id.in_(by_mention))


def event_record(row: Any, moment: str | None = None, date_source: str | None = None) -> dict[str, Any]:
    """An event row as an answer: who did what to whom, when (and which date that is), evidence.

    `moment` and `date_source` come from `by_when`, else from the row's own `when` columns.
    """
    mapping = row._mapping
    if "when" in mapping:
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
) -> list[tuple[Any, str | None, str | None]]:
    """Rows of events or claims in the order of their date (stated, else publication), top `limit`.

    Returns (row, when, date_source) triples; `columns` are selected for the chosen rows only.
    Ordering by a CASE over two tables would sort every matching row; instead two queries each
    order by one indexed column, so the database can stop after `limit` rows (rows with a stated
    date by `date`, the others by their document's `published`), and are merged here. Undated
    rows come last either way.
    """
    stated = table.c.date
    valid = is_iso_date(stated)
    keys = []
    for part_clauses, key, source in (
        ([valid, *period(stated, since, until)], stated, "stated"),
        (
            [or_(stated.is_(None), ~valid), *period(documents.c.published, since, until)],
            documents.c.published,
            None,
        ),
    ):
        order = key.desc().nulls_last() if newest_first else key.asc().nulls_last()
        tie = table.c.id.desc() if newest_first else table.c.id.asc()
        query = (
            select(table.c.id, key.label("when"))
            .where(*clauses, *part_clauses)
            .order_by(order, tie)
            .limit(limit)
        )
        if source is None:
            query = query.join_from(table, documents, documents.c.id == table.c.document_id)
        keys.append(
            [
                (row.id, row.when, source or ("published" if row.when is not None else None))
                for row in connection.execute(query)
            ]
        )

    def sort_key(item: tuple[int, str | None, str | None]) -> tuple[bool, str]:
        undated = item[1] is None
        return (not undated, item[1] or "") if newest_first else (undated, item[1] or "")

    chosen = list(heapq.merge(*keys, key=sort_key, reverse=newest_first))[:limit]
    if not chosen:
        return []
    rows = {
        row.id: row
        for row in connection.execute(
            select(*columns)
            .select_from(table.join(documents, documents.c.id == table.c.document_id))
            .where(table.c.id.in_([item[0] for item in chosen]))
        )
    }
    return [(rows[row_id], moment, source) for row_id, moment, source in chosen]


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
