"""Running totals by month or year, so whole-store answers read hundreds of rows, not millions.

The API's aggregate answers (actors by documents, a relations graph, formulation counts, an actor's
mentions over time) would otherwise group every mention or event of the store on each call. The
store keeps them summed as it writes (`rebuild()` recomputes them), in three tables (see
`schema.rollups`, `schema.event_rollups`, `schema.claim_rollups`):

- `rollups` facets: `documents` (k1 language, k2 kind, k3 "near" for near-duplicates; total =
  characters), `annotated` (documents with annotations), `actor` (k1 entity id or "" when
  unlinked, k2 type, k3 name; total = mentions), `pair` (two linked actors in the same document,
  both ways round; k3 = k2's type, total = k2's mentions), `formulation` (k1 id, k2 outlet;
  total = mentions), `event_pair` (k1 source, k2 target: documents reporting events between
  them that happened, i.e. not negated or hypothetical; total = events), `actor_formulation`
  (k1 entity, k2 formulation in the same document), `actor_quoted` (the same, in a sentence that
  mentions or quotes the entity), `formulation_speaker` (k1 formulation, k2 the speaker of an
  event in its sentence; total = sentences), `claim_group` (k1 lower-case unit, k2 about, k3
  "kind currency": documents stating claims with a value of that quantity). `period` is the
  document's publication month for `documents`, `annotated` and `actor`, its year for the
  others (see `GRAIN`), "" when undated.
- `event_rollups`: events by source, target, their agents (a person or body acting for them),
  speaker, type, quad class, modality and the year of the date they refer to.
- `claim_rollups`: claims with a value by lower-case unit, about, kind, currency, the date they
  refer to and value (the claim tracker's points), with the first and last claim of each.
- `claim_verdicts`: per claim tracker group (units merged by `normalise_unit`) its verdict on its
  latest points (agree / updated / differ, see `verdict`) and their figures. Not a sum: every
  group a batch writes claims of is judged again from `claim_rollups` (`refresh_claim_verdicts`).

Every total is computed by the same SQL from the detail rows, for a batch of documents (those a
`Store.transaction()` added or annotated, applied just before it commits) or for all (the
migration that creates the tables, `rebuild`), so the two never disagree. Re-annotating a
document subtracts its old contribution before adding the new one; `first`/`latest` dates only
ever widen (a month's row may keep a date whose document no longer has the item, until
`rebuild`).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Connection,
    Integer,
    String,
    and_,
    bindparam,
    case,
    cast,
    func,
    insert,
    inspect,
    literal,
    or_,
    select,
    true,
    union,
    union_all,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql import ColumnElement, Select, Subquery

from communique.store.schema import (
    annotations,
    claim_rollups,
    claim_verdicts,
    claims,
    documents,
    event_rollups,
    events,
    formulation_mentions,
    mentions,
    rollups,
)
from communique.store.tokens import fill_tokens

# A batch of document ids, or None for every document.
Ids = Sequence[str] | None

# Entity types that act: what co-mention pairs and a relations graph are about.
ACTOR_TYPES = ("COUNTRY", "ORG", "PERSON", "GROUPING")
# Events with these modalities did not happen (or only might): answers that count what actors
# did leave them out by default.
NOT_HAPPENED = ("negated", "hypothetical")
# A person or body named as the doer of a country's event ("Wang Yi met ...") is its agent.
AGENT_TYPES = ("PERSON", "ORG")


def is_iso_date(column: Any) -> ColumnElement[bool]:
    """True for values that start with a four-digit year ("2024", "2024-05", "2024-H1").

    Stated dates can be TIMEX values that do not sort as dates ("201X", "XXXX-05-13", "P10Y"):
    those fall back to the publication date. Written with substr so it runs on any dialect.
    """
    return and_(*(func.substr(column, index, 1).between("0", "9") for index in range(1, 5)))


def outlet_expression(dialect: str) -> ColumnElement[str]:
    """The outlet of a document: its source name, else its URL's host, else its file's folder.

    `www.` is dropped from hosts so "www.dawn.com" and "dawn.com" are one outlet. Stored in
    `documents.outlet` when the document is added, so analyses group by an indexed column.
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


def period(column: Any, since: str | None, until: str | None) -> list[ColumnElement[bool]]:
    """`since`/`until` at year, month or day precision, both ends included ("2019" keeps
    "2019-12-31": the upper bound sorts after any date with the same prefix)."""
    clauses: list[ColumnElement[bool]] = []
    if since:
        clauses.append(column >= since)
    if until:
        clauses.append(column <= until + "\uffff")
    return clauses


# Ids are written as ID_BASE + id so that they sort as text: "2015-04-20 1000000000014".
ID_BASE = 10**12


def dated_id(date: Any, row_id: Any) -> ColumnElement[str]:
    """ "date id" as one string whose max() is the latest date's latest-stored row (max of a
    GROUP BY then also names a row holding it); NULL when the date is NULL."""
    return date + " " + cast(literal(ID_BASE) + row_id, String)


def unkey(value: Any) -> Any:
    """A key column read back from a totals table: None where the table wrote "" (key columns
    cannot be NULL, so a missing unit, actor or date is stored as "")."""
    return None if value == "" else value


def row_of(dated: str | None) -> int | None:
    """The row id in a `dated_id` string."""
    if not dated:
        return None
    return int(dated.rsplit(" ", 1)[1]) - ID_BASE


# How finely each total is dated: publication (or event) month, or year for the totals with many
# keys, so that answers over all years read 12 times fewer rows. Undated rows have period "".
MONTH, YEAR = 7, 4
GRAIN = {
    "actor": MONTH,
    "documents": MONTH,
    "annotated": MONTH,
    "pair": YEAR,
    "formulation": YEAR,
    "formulation_speaker": YEAR,
    "actor_formulation": YEAR,
    "actor_quoted": YEAR,
    "event_pair": YEAR,
    "claim_group": YEAR,
    "events": YEAR,
}


def _period(column: Any, facet: str) -> ColumnElement[str]:
    return func.coalesce(func.substr(column, 1, GRAIN[facet]), "")


def _only(column: Any, document_ids: Sequence[str] | None) -> list[ColumnElement[bool]]:
    """Rows of these documents (a batch of at most `BATCH` ids), or of all with None."""
    return [] if document_ids is None else [column.in_(document_ids)]


# --- derived columns -------------------------------------------------------------------------


def fill_outlet(connection: Connection, document_ids: Sequence[str] | None = None) -> None:
    """Set `documents.outlet` (one document's, or every document's with no id)."""
    connection.execute(
        update(documents)
        .where(*_only(documents.c.id, document_ids))
        .values(outlet=outlet_expression(connection.dialect.name))
    )


def fill_record_columns(connection: Connection, document_ids: Sequence[str] | None = None) -> None:
    """Set events' and claims' `when`/`date_source` and events' source and target agents.

    `when` is the date a record refers to: its stated date when that is an ISO-like date, else
    its document's publication date (`date_source` says which). Ordering and period filters then
    use one indexed column instead of a CASE over two tables.
    """
    for table in (events, claims):
        published = (
            select(documents.c.published).where(documents.c.id == table.c.document_id).scalar_subquery()
        )
        stated = is_iso_date(table.c.date)
        connection.execute(
            update(table)
            .where(*_only(table.c.document_id, document_ids))
            .values(
                when=case((stated, table.c.date), else_=published),
                date_source=case(
                    (stated, literal("stated")),
                    (published.is_not(None), literal("published")),
                    else_=literal(None, String),
                ),
            )
        )
    for role in ("source", "target"):
        text = events.c.source_text if role == "source" else events.c.target_text
        agent = (
            select(mentions.c.entity_id)
            .where(
                mentions.c.document_id == events.c.document_id,
                mentions.c.sentence == events.c.sentence,
                mentions.c.text == text,
                mentions.c.start >= events.c.start,
                mentions.c.end <= events.c.end,
                mentions.c.entity_id.is_not(None),
                mentions.c.entity_type.in_(AGENT_TYPES),
                mentions.c.entity_id != func.coalesce(events.c[role], ""),
            )
            .order_by(mentions.c.start)
            .limit(1)
            .scalar_subquery()
        )
        connection.execute(
            update(events).where(*_only(events.c.document_id, document_ids)).values({f"{role}_agent": agent})
        )


# --- totals ------------------------------------------------------------------------------------


def _row(
    facet: str,
    k1: Any,
    k2: Any,
    k3: Any,
    period: Any,
    documents_count: Any,
    total: Any,
    example: Any,
) -> list[Any]:
    """The select list of one `rollups` row, labelled in the table's column order; `first` and
    `latest` are always the publication dates of the earliest and latest document counted."""
    first, latest = func.min(documents.c.published), func.max(documents.c.published)
    values = (literal(facet), k1, k2, k3, period, documents_count, total, first, latest, example)
    names = ("facet", "k1", "k2", "k3", "period", "documents", "total", "first", "latest", "example")
    return [value.label(name) for value, name in zip(values, names, strict=True)]


def _actor_totals(document_ids: Ids, since: str | None = None, until: str | None = None) -> Select:
    month = _period(documents.c.published, "actor")
    return (
        select(
            *_row(
                "actor",
                func.coalesce(mentions.c.entity_id, ""),
                mentions.c.entity_type,
                mentions.c.entity_name,
                month,
                func.count(func.distinct(mentions.c.document_id)),
                func.count(),
                func.max(mentions.c.document_id),
            )
        )
        .join(documents, documents.c.id == mentions.c.document_id)
        .where(*_only(mentions.c.document_id, document_ids), *period(documents.c.published, since, until))
        .group_by(mentions.c.entity_id, mentions.c.entity_type, mentions.c.entity_name, month)
    )


def _pair_totals(document_ids: Ids, since: str | None = None, until: str | None = None) -> Select:
    """Two actors in the same document, both ways round: k2's type and mentions with k1's id."""
    present = (
        select(
            mentions.c.document_id,
            mentions.c.entity_id,
            func.max(mentions.c.entity_type).label("entity_type"),
            func.count().label("mentions"),
        )
        .where(
            mentions.c.entity_id.is_not(None),
            mentions.c.entity_type.in_(ACTOR_TYPES),
            *_only(mentions.c.document_id, document_ids),
        )
        .group_by(mentions.c.document_id, mentions.c.entity_id)
    )
    first, second = present.subquery("first"), present.subquery("second")
    month = _period(documents.c.published, "pair")
    return (
        select(
            *_row(
                "pair",
                first.c.entity_id,
                second.c.entity_id,
                second.c.entity_type,
                month,
                func.count(),
                func.sum(second.c.mentions),
                func.max(first.c.document_id),
            )
        )
        .join(
            second,
            and_(first.c.document_id == second.c.document_id, first.c.entity_id != second.c.entity_id),
        )
        .join(documents, documents.c.id == first.c.document_id)
        .where(*period(documents.c.published, since, until))
        .group_by(first.c.entity_id, second.c.entity_id, second.c.entity_type, month)
    )


def _actor_formulation_totals(
    document_ids: Ids, since: str | None = None, until: str | None = None
) -> Select:
    """Formulations in the documents that mention an entity (k1 entity, k2 formulation)."""
    present = (
        select(mentions.c.document_id, mentions.c.entity_id)
        .where(mentions.c.entity_id.is_not(None), *_only(mentions.c.document_id, document_ids))
        .distinct()
        .subquery("present")
    )
    return _formulations_at(
        "actor_formulation",
        present,
        formulation_mentions.c.document_id == present.c.document_id,
        document_ids,
        since,
        until,
        latest=func.max(documents.c.published),
    )


def _actor_quoted_totals(document_ids: Ids, since: str | None = None, until: str | None = None) -> Select:
    """Formulations in the sentences that mention an entity or that it is quoted as saying.

    `example` is the `dated_id` of the latest such mention (a citation).
    """
    spots = union(
        select(mentions.c.document_id, mentions.c.sentence, mentions.c.entity_id).where(
            mentions.c.entity_id.is_not(None), *_only(mentions.c.document_id, document_ids)
        ),
        select(events.c.document_id, events.c.sentence, events.c.speaker.label("entity_id")).where(
            events.c.speaker.is_not(None), *_only(events.c.document_id, document_ids)
        ),
    ).subquery("spots")
    return _formulations_at(
        "actor_quoted",
        spots,
        and_(
            formulation_mentions.c.document_id == spots.c.document_id,
            formulation_mentions.c.sentence == spots.c.sentence,
        ),
        document_ids,
        since,
        until,
        latest=func.max(dated_id(documents.c.published, formulation_mentions.c.id)),
    )


def _formulations_at(
    facet: str,
    places: Any,
    joined: ColumnElement[bool],
    document_ids: Sequence[str] | None,
    since: str | None,
    until: str | None,
    latest: ColumnElement[Any],
) -> Select:
    month = _period(documents.c.published, facet)
    return (
        select(
            *_row(
                facet,
                places.c.entity_id,
                formulation_mentions.c.formulation_id,
                literal(""),
                month,
                func.count(func.distinct(formulation_mentions.c.document_id)),
                func.count(),
                latest,
            )
        )
        .select_from(places)
        .join(formulation_mentions, joined)
        .join(documents, documents.c.id == formulation_mentions.c.document_id)
        .where(
            *_only(formulation_mentions.c.document_id, document_ids),
            *period(documents.c.published, since, until),
        )
        .group_by(places.c.entity_id, formulation_mentions.c.formulation_id, month)
    )


def _formulation_speaker_totals(
    document_ids: Ids, since: str | None = None, until: str | None = None
) -> Select:
    """Who says a formulation: speakers of events in its sentence (k1 formulation, k2 speaker;
    total = sentences)."""
    month = _period(documents.c.published, "formulation_speaker")
    sentence = formulation_mentions.c.document_id + " " + cast(formulation_mentions.c.sentence, String)
    return (
        select(
            *_row(
                "formulation_speaker",
                formulation_mentions.c.formulation_id,
                events.c.speaker,
                literal(""),
                month,
                func.count(func.distinct(formulation_mentions.c.document_id)),
                func.count(func.distinct(sentence)),
                func.max(formulation_mentions.c.document_id),
            )
        )
        .join(
            events,
            and_(
                events.c.document_id == formulation_mentions.c.document_id,
                events.c.sentence == formulation_mentions.c.sentence,
            ),
        )
        .join(documents, documents.c.id == formulation_mentions.c.document_id)
        .where(
            events.c.speaker.is_not(None),
            *_only(formulation_mentions.c.document_id, document_ids),
            *period(documents.c.published, since, until),
        )
        .group_by(formulation_mentions.c.formulation_id, events.c.speaker, month)
    )


def _formulation_totals(document_ids: Ids, since: str | None = None, until: str | None = None) -> Select:
    month = _period(documents.c.published, "formulation")
    outlet = func.coalesce(documents.c.outlet, "unknown")
    return (
        select(
            *_row(
                "formulation",
                formulation_mentions.c.formulation_id,
                outlet,
                literal(""),
                month,
                func.count(func.distinct(formulation_mentions.c.document_id)),
                func.count(),
                func.max(formulation_mentions.c.document_id),
            )
        )
        .join(documents, documents.c.id == formulation_mentions.c.document_id)
        .where(
            *_only(formulation_mentions.c.document_id, document_ids),
            *period(documents.c.published, since, until),
        )
        .group_by(formulation_mentions.c.formulation_id, outlet, month)
    )


def _event_pair_totals(document_ids: Ids, since: str | None = None, until: str | None = None) -> Select:
    """Documents reporting events that happened between two actors, by publication month.

    By publication, not by the events' own dates: a document reporting events of two months
    would otherwise be counted twice when months are summed.
    """
    month = _period(documents.c.published, "event_pair")
    return (
        select(
            *_row(
                "event_pair",
                events.c.source,
                events.c.target,
                literal(""),
                month,
                func.count(func.distinct(events.c.document_id)),
                func.count(),
                func.max(events.c.document_id),
            )
        )
        .join(documents, documents.c.id == events.c.document_id)
        .where(
            events.c.source.is_not(None),
            events.c.target.is_not(None),
            events.c.modality.not_in(NOT_HAPPENED),
            *_only(events.c.document_id, document_ids),
            *period(documents.c.published, since, until),
        )
        .group_by(events.c.source, events.c.target, month)
    )


def _claim_group_totals(document_ids: Ids, since: str | None = None, until: str | None = None) -> Select:
    """Documents stating claims of one quantity (k1 lower-case unit, k2 about, k3 "kind currency"),
    by publication month so that summed months count a document once."""
    month = _period(documents.c.published, "claim_group")
    unit = func.coalesce(func.lower(claims.c.unit), "")
    about = func.coalesce(claims.c.about, "")
    kind = claims.c.kind + " " + func.coalesce(claims.c.currency, "")
    return (
        select(
            *_row(
                "claim_group",
                unit,
                about,
                kind,
                month,
                func.count(func.distinct(claims.c.document_id)),
                func.count(),
                func.max(claims.c.document_id),
            )
        )
        .join(documents, documents.c.id == claims.c.document_id)
        .where(
            claims.c.value.is_not(None),
            *_only(claims.c.document_id, document_ids),
            *period(documents.c.published, since, until),
        )
        .group_by(unit, about, kind, month)
    )


def _annotated_totals(document_ids: Ids, since: str | None = None, until: str | None = None) -> Select:
    """Annotated documents: the denominator of shares such as "documents using a formulation"."""
    month = _period(documents.c.published, "annotated")
    return (
        select(
            *_row(
                "annotated",
                literal(""),
                literal(""),
                literal(""),
                month,
                func.count(),
                func.count(),
                func.max(documents.c.id),
            )
        )
        .join(annotations, annotations.c.document_id == documents.c.id)
        .where(*_only(documents.c.id, document_ids), *period(documents.c.published, since, until))
        .group_by(month)
    )


def _document_totals(document_ids: Ids, since: str | None = None, until: str | None = None) -> Select:
    month = _period(documents.c.published, "documents")
    language = func.coalesce(documents.c.language, "")
    near = case((documents.c.near_duplicate_of.is_not(None), "near"), else_="")
    return (
        select(
            *_row(
                "documents",
                language,
                documents.c.kind,
                near,
                month,
                func.count(),
                func.sum(func.length(documents.c.text)),
                func.max(documents.c.id),
            )
        )
        .where(*_only(documents.c.id, document_ids), *period(documents.c.published, since, until))
        .group_by(language, documents.c.kind, near, month)
    )


EVENT_KEYS = ("source", "target", "source_agent", "target_agent", "speaker", "type", "quad_class", "modality")


CLAIM_KEYS = ("unit", "about", "kind", "currency", "when", "date_source", "value")


def _claim_totals(document_ids: Ids, since: str | None = None, until: str | None = None) -> Select:
    """Claims with a value by (lower-case unit, about, kind, currency, date, value): the points
    of the claim tracker, each with the first and last claim stating it."""
    keys = [
        func.coalesce(func.lower(claims.c.unit), "").label("unit"),
        *(
            func.coalesce(claims.c[name], "").label(name)
            for name in ("about", "kind", "currency", "when", "date_source")
        ),
        claims.c.value,
    ]
    return (
        select(
            *keys,
            func.count().label("claims"),
            func.count(func.distinct(claims.c.document_id)).label("documents"),
            func.max(claims.c.value_max).label("value_max"),
            func.min(claims.c.id).label("first_id"),
            func.max(claims.c.id).label("last_id"),
        )
        .where(
            claims.c.value.is_not(None),
            *_only(claims.c.document_id, document_ids),
            *period(claims.c.when, since, until),
        )
        .group_by(*keys)
    )


def _event_totals(document_ids: Ids, since: str | None = None, until: str | None = None) -> Select:
    keys = [
        func.coalesce(events.c[name], "" if name != "quad_class" else 0).label(name) for name in EVENT_KEYS
    ]
    month = _period(events.c.when, "events")
    return (
        select(
            *keys,
            month.label("period"),
            func.count().label("events"),
            func.min(events.c.when).label("first"),
            func.max(events.c.when).label("latest"),
            func.max(events.c.id).label("example"),
        )
        .where(*_only(events.c.document_id, document_ids), *period(events.c.when, since, until))
        .group_by(*keys, month)
    )


@dataclass(frozen=True)
class _Kept:
    """How a totals table is kept: its key, the columns summed, and those only ever lowered
    (min) or raised (max) as rows are added."""

    table: Any
    keys: tuple[str, ...]
    sums: tuple[str, ...]
    lowest: tuple[str, ...] = ()
    highest: tuple[str, ...] = ()


ROLLUPS = _Kept(
    rollups, ("facet", "k1", "k2", "k3", "period"), ("documents", "total"), ("first",), ("latest", "example")
)
EVENT_ROLLUPS = _Kept(event_rollups, (*EVENT_KEYS, "period"), ("events",), ("first",), ("latest", "example"))
CLAIM_ROLLUPS = _Kept(
    claim_rollups, CLAIM_KEYS, ("claims", "documents"), ("first_id",), ("last_id", "value_max")
)


def _upsert(connection: Connection, kept: _Kept, query: Select, sign: int) -> None:
    """Add (sign 1) or subtract (sign -1) the totals of `query` to a totals table, row by key.

    Subtracting leaves the min/max columns as they are (see the module's note on `rebuild`).
    """
    table = kept.table
    columns = [column.name for column in query.selected_columns]
    if sign < 0:
        negated = query.subquery()
        query = select(
            *((-negated.c[name]).label(name) if name in kept.sums else negated.c[name] for name in columns)
        )
    # `WHERE true` keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
    query = query.where(true())
    module = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = module.insert(table).from_select(columns, query)
    new = statement.excluded
    changes: dict[str, Any] = {name: table.c[name] + new[name] for name in kept.sums}
    if sign > 0:
        for name in kept.lowest:
            changes[name] = case(
                (or_(table.c[name].is_(None), new[name] < table.c[name]), new[name]), else_=table.c[name]
            )
        for name in kept.highest:
            changes[name] = case(
                (or_(table.c[name].is_(None), new[name] > table.c[name]), new[name]), else_=table.c[name]
            )
    connection.execute(statement.on_conflict_do_update(index_elements=list(kept.keys), set_=changes))


# Documents per statement when totals are applied for a batch (bound parameters stay few).
BATCH = 500


def _batches(document_ids: Sequence[str] | None) -> list[Sequence[str] | None]:
    if document_ids is None:
        return [None]
    return [document_ids[start : start + BATCH] for start in range(0, len(document_ids), BATCH)]


def add_document_totals(connection: Connection, document_ids: Sequence[str] | None = None) -> None:
    """Set the outlet of newly added documents, store their token hashes (`store.tokens`) and
    count them in the `documents` facet (with None, every document)."""
    for batch in _batches(document_ids):
        fill_outlet(connection, batch)
        fill_tokens(connection, batch)
        _upsert(connection, ROLLUPS, _document_totals(batch), 1)


def apply_annotation_totals(connection: Connection, document_ids: Sequence[str] | None, sign: int) -> None:
    """Add (1) or subtract (-1) documents' mentions, pairs, formulations and events.

    Adding first fills the events' and claims' derived columns the event totals are keyed by.
    With None, every document's (used to fill the tables once, on an empty set). The claim
    groups a subtraction touches are judged again with the next addition on this connection (a
    re-annotation adds the document's new claims right after, or at its transaction's end).
    """
    for batch in _batches(document_ids):
        if sign > 0:
            fill_record_columns(connection, batch)
        for query in _ANNOTATION_BUILDERS:
            _upsert(connection, ROLLUPS, query(batch), sign)
        _upsert(connection, EVENT_ROLLUPS, _event_totals(batch), sign)
        _upsert(connection, CLAIM_ROLLUPS, _claim_totals(batch), sign)
        if sign < 0 and batch is not None:
            connection.info.setdefault(_VERDICTS_DUE, set()).update(_claim_groups_of(connection, batch))
        else:
            refresh_claim_verdicts(connection, batch)


def rebuild(connection: Connection) -> None:
    """Recompute every total from the detail rows (after a bulk change outside the Store)."""
    connection.execute(rollups.delete())
    connection.execute(event_rollups.delete())
    connection.execute(claim_rollups.delete())
    _upsert(connection, ROLLUPS, _document_totals(None), 1)
    for query in _ANNOTATION_BUILDERS:
        _upsert(connection, ROLLUPS, query(None), 1)
    _upsert(connection, EVENT_ROLLUPS, _event_totals(None), 1)
    _upsert(connection, CLAIM_ROLLUPS, _claim_totals(None), 1)
    # Migration 0005 rebuilds the totals with today's code, before 0012 adds (and fills) this.
    if inspect(connection).has_table(claim_verdicts.name):
        refresh_claim_verdicts(connection)


def aligned(since: str | None, until: str | None, grain: int) -> bool:
    """True when a period can be read from totals of this grain: whole years, or whole months
    for monthly totals."""
    fits = (YEAR, MONTH) if grain == MONTH else (YEAR,)
    return all(value is None or len(value) in fits for value in (since, until))


_BUILDERS = {
    "actor": _actor_totals,
    "pair": _pair_totals,
    "formulation": _formulation_totals,
    "event_pair": _event_pair_totals,
    "actor_formulation": _actor_formulation_totals,
    "actor_quoted": _actor_quoted_totals,
    "formulation_speaker": _formulation_speaker_totals,
    "claim_group": _claim_group_totals,
    "annotated": _annotated_totals,
    "documents": _document_totals,
}
_ANNOTATION_BUILDERS = [builder for facet, builder in _BUILDERS.items() if facet != "documents"]


def totals(facet: str, since: str | None = None, until: str | None = None) -> Subquery:
    """A facet's totals over a period, with the `rollups` columns (one row per key and period).

    Read from the table when the period is whole years (or months, for monthly totals);
    computed from the detail rows by the very query that fills the table when it is not (a
    period ending on a given day). Undated documents (period "") count only with no period.
    """
    if aligned(since, until, GRAIN[facet]):
        return (
            select(rollups)
            .where(rollups.c.facet == facet, rollups.c.documents > 0, *_dated(rollups.c.period, since, until))
            .subquery(facet)
        )
    return _BUILDERS[facet](None, since, until).subquery(facet)


def event_totals(since: str | None = None, until: str | None = None) -> Subquery:
    """Events summed by source, target, agents, speaker, type, quad class, modality and year
    of the date they refer to (see `totals`)."""
    if aligned(since, until, GRAIN["events"]):
        return (
            select(event_rollups)
            .where(event_rollups.c.events > 0, *_dated(event_rollups.c.period, since, until))
            .subquery("event_totals")
        )
    return _event_totals(None, since, until).subquery("event_totals")


def _dated(column: Any, since: str | None, until: str | None) -> list[ColumnElement[bool]]:
    clauses = period(column, since, until)
    if since or until:
        clauses.append(column != "")
    return clauses


# --- claim series and verdicts (the claim tracker's groups) -------------------------------------

CLAIM_TOLERANCE = 0.01  # relative difference under which two figures are the same figure
SERIES_SCAN = 200  # latest points of a group a verdict is judged on
CONFLICTS_KEPT = 10  # conflicts named per group
SERIES_WALKS = 200  # index walks per UNION ALL statement (SQLite allows 500 terms in a compound select)

_KEEP = re.compile(r"(ss|us|is|ics|news|series|species)$")


def singular(word: str) -> str:
    """An English noun in the singular, by rule: enough to make plural and singular units meet."""
    if len(word) <= 3 or not word.endswith("s") or _KEEP.search(word):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return word[:-2]
    return word[:-1]


@functools.lru_cache(maxsize=4096)
def normalise_unit(unit: str | None) -> str | None:
    """Lower-case, spaces collapsed, every word singular: "Doses of Vaccines" -> "dose of vaccine"."""
    if unit is None:
        return None
    words = re.sub(r"\s+", " ", unit.strip().lower()).split(" ")
    normal = " ".join(singular(word) for word in words if word)
    return normal or None


def same(a: float, b: float, tolerance: float = CLAIM_TOLERANCE) -> bool:
    """Two figures are the same figure when they differ by at most `tolerance` of the larger."""
    scale = max(abs(a), abs(b))
    return scale == 0 or abs(a - b) <= tolerance * scale


def verdict(
    series: list[tuple[str | None, float, int]], tolerance: float = CLAIM_TOLERANCE
) -> tuple[str, str | None, list[tuple[int, int, str]]]:
    """agree / updated / differ for a (when, value, claim id) series sorted by date.

    agree: every value within `tolerance` of every other. updated: one figure per date, moving
    one way only (up or down) from date to date. differ: otherwise, with the conflicts named by
    claim ids: two figures for the same date, or a figure that turns back ("up then down").
    Undated figures cannot be placed in a sequence: they only count for agreement.
    """
    values = [value for _, value, _ in series]
    if not values or same(min(values), max(values), tolerance):
        return "agree", None, []
    conflicts: list[tuple[int, int, str]] = []
    by_date: dict[str, list[tuple[float, int]]] = {}
    for when_, value, claim_id in series:
        if when_ is not None:
            by_date.setdefault(when_, []).append((value, claim_id))
    steps = []
    for when_, found in by_date.items():
        low, high = min(found), max(found)
        if not same(low[0], high[0], tolerance):
            conflicts.append((low[1], high[1], f"different figures for {when_}"))
        steps.append(found[0])
    direction = None
    for (previous, previous_id), (current, current_id) in itertools.pairwise(steps):
        if same(previous, current, tolerance):
            continue
        step = "up" if current > previous else "down"
        if direction is None:
            direction = step
        elif step != direction:
            conflicts.append((previous_id, current_id, f"goes {step} after going {direction}"))
    if conflicts or direction is None:
        return "differ", None, conflicts
    return "updated", direction, []


# A point of a series as read: (when, date_source, value, value_max, claims, documents, first_id,
# last_id), with "" for an undated point (as `claim_rollups` stores it).
Point = tuple[Any, ...]


@dataclass(frozen=True)
class SeriesGroup:
    """A group to walk: its surface forms (lower-case units, None for none) and key, and how many
    of each form's latest points to read."""

    forms: tuple[str | None, ...]
    about: str | None
    kind: str
    currency: str | None
    depth: int


@functools.lru_cache(maxsize=32)
def _walks(count: int, since: bool, until: bool) -> CompoundSelect:
    """`count` walks of the series index in one UNION ALL, keys and depth bound by walk number.

    Built once per shape: constructing 200 selects cost more than SQLite running them, and
    SQLAlchemy then compiles the statement once too."""
    walks = []
    for number in range(count):
        query = select(
            literal(number, Integer).label("walk"),  # typed: no per-walk type guess
            claim_rollups.c.when,
            claim_rollups.c.date_source,
            claim_rollups.c.value,
            claim_rollups.c.value_max,
            claim_rollups.c.claims,
            claim_rollups.c.documents,
            claim_rollups.c.first_id,
            claim_rollups.c.last_id,
        ).where(
            claim_rollups.c.unit == bindparam(f"unit_{number}"),
            claim_rollups.c.about == bindparam(f"about_{number}"),
            claim_rollups.c.kind == bindparam(f"kind_{number}"),
            claim_rollups.c.currency == bindparam(f"currency_{number}"),
            claim_rollups.c.claims > 0,
        )
        if since or until:
            query = query.where(claim_rollups.c.when != "")
        if since:
            query = query.where(claim_rollups.c.when >= bindparam("since"))
        if until:
            query = query.where(claim_rollups.c.when <= bindparam("until"))
        query = query.order_by(claim_rollups.c.when.desc(), claim_rollups.c.value.desc())
        walks.append(select(query.limit(bindparam(f"depth_{number}")).subquery()))
    return union_all(*walks)


def claim_series(
    connection: Connection,
    groups: Sequence[SeriesGroup],
    since: str | None = None,
    until: str | None = None,
    scan: int = SERIES_SCAN,
) -> list[list[Point]]:
    """Each group's latest `scan` points, oldest first (undated first), merged across its forms.

    Per form, a walk of the series index (unit, about, kind, currency, date, value, then every
    column read: migration 0009) backwards that stops at the group's depth, so a quantity
    stated 50,000 times costs no more than one stated 500 times; every walk in one UNION ALL
    round trip. `since`/`until` bound the date a point refers to (undated points then drop out).
    """
    forms = [(number, form) for number, group in enumerate(groups) for form in group.forms]
    found: list[list[Point]] = [[] for _ in groups]
    for start in range(0, len(forms), SERIES_WALKS):
        chunk = forms[start : start + SERIES_WALKS]
        parameters: dict[str, Any] = {}
        if since:
            parameters["since"] = since
        if until:
            parameters["until"] = until + "\uffff"  # as `period`: "2019" keeps "2019-12-31"
        for walk, (number, form) in enumerate(chunk):
            group = groups[number]
            parameters[f"unit_{walk}"] = form or ""
            parameters[f"about_{walk}"] = group.about or ""
            parameters[f"kind_{walk}"] = group.kind
            parameters[f"currency_{walk}"] = group.currency or ""
            parameters[f"depth_{walk}"] = group.depth
        # Padded to a power of two with walks that read nothing: a few statement shapes, each
        # built and compiled once (a batch's writes judge a different number of groups each time).
        size = min(SERIES_WALKS, 1 << (len(chunk) - 1).bit_length())
        for walk in range(len(chunk), size):
            parameters.update({f"{name}_{walk}": "" for name in ("unit", "about", "kind", "currency")})
            parameters[f"depth_{walk}"] = 0
        statement = _walks(size, bool(since), bool(until))
        for walk, *row in connection.execute(statement, parameters).all():
            found[chunk[walk][0]].append(tuple(row))
    series = []
    for group, rows in zip(groups, found, strict=True):
        if len(group.forms) > 1:
            rows = _merged(rows)
        # Oldest first, undated ("") before dated; stable, so ties keep the walks' order.
        rows.sort(key=lambda row: (row[0], row[2]))
        series.append(rows[-scan:])
    return series


def _merged(rows: list[Point]) -> list[Point]:
    """One point per (date, date source, value) of a group written in several surface forms."""
    merged: dict[tuple[Any, ...], list[Any]] = {}
    for row in rows:
        point = merged.get(row[:3])
        if point is None:
            merged[row[:3]] = list(row)
            continue
        point[4] += row[4]
        point[5] += row[5]
        point[6] = min(point[6], row[6])
        point[7] = max(point[7], row[7])
        if row[3] is not None:
            point[3] = max(point[3] or row[3], row[3])
    return [tuple(point) for point in merged.values()]


def judged(series: list[Point], tolerance: float = CLAIM_TOLERANCE) -> dict[str, Any]:
    """A series' verdict (`verdict`, its first `CONFLICTS_KEPT` conflicts) and its figures."""
    status, direction, conflicts = verdict([(row[0] or None, row[2], row[6]) for row in series], tolerance)
    values = [row[2] for row in series]
    return {
        "points": len(series),
        "status": status,
        "direction": direction,
        "conflicts": [list(conflict) for conflict in conflicts[:CONFLICTS_KEPT]],
        "distinct_values": len(set(values)),
        "min": min(values, default=None),
        "max": max(values, default=None),
        "latest": values[-1] if values else None,
        "latest_when": series[-1][0] or None if series else None,
    }


def claim_forms(
    connection: Connection, abouts: Sequence[str] | None = None
) -> dict[tuple[str, str, str, str], list[str | None]]:
    """The surface forms of every group (of these actors, "" for none), by group key with ""
    for none, sorted: the `claim_group` totals' lower-case units (of documents still counted)."""
    query = (
        select(rollups.c.k1, rollups.c.k2, rollups.c.k3)
        .where(rollups.c.facet == "claim_group", rollups.c.documents > 0)
        .group_by(rollups.c.k1, rollups.c.k2, rollups.c.k3)
    )
    if abouts is not None:
        query = query.where(rollups.c.k2.in_(abouts))
    forms: dict[tuple[str, str, str, str], list[str | None]] = {}
    for unit, about, kind_currency in connection.execute(query).all():
        kind, _, currency = kind_currency.partition(" ")
        forms.setdefault((normalise_unit(unkey(unit)) or "", about, kind, currency), []).append(unkey(unit))
    for found in forms.values():
        found.sort(key=lambda form: form or "")
    return forms


# connection.info key: claim groups whose points a subtraction changed, judged with the next addition.
_VERDICTS_DUE = "communique_claim_verdicts_due"


def _claim_groups_of(connection: Connection, document_ids: Sequence[str]) -> set[tuple[str, str, str, str]]:
    """The keys ("" for none) of the claim groups these documents state figures of."""
    stated = connection.execute(
        select(
            func.coalesce(func.lower(claims.c.unit), ""),
            func.coalesce(claims.c.about, ""),
            claims.c.kind,
            func.coalesce(claims.c.currency, ""),
        )
        .where(claims.c.value.is_not(None), claims.c.document_id.in_(document_ids))
        .distinct()
    ).all()
    return {
        (normalise_unit(unkey(unit)) or "", about, kind, currency) for unit, about, kind, currency in stated
    }


def refresh_claim_verdicts(connection: Connection, document_ids: Sequence[str] | None = None) -> None:
    """Judge again the groups these documents state figures of (every group, with None), and
    those a subtraction on this connection left due.

    Called after their claim totals changed: a group's verdict depends on its latest points, so
    it is recomputed from `claim_rollups`, not summed.
    """
    due = connection.info.pop(_VERDICTS_DUE, set())
    abouts: list[str] | None = None
    targets: set[tuple[str, str, str, str]] | None = None
    if document_ids is not None:
        targets = _claim_groups_of(connection, document_ids) | due
        if not targets:
            return
        abouts = sorted({target[1] for target in targets})
    forms = claim_forms(connection, abouts)
    keys = sorted(forms) if targets is None else sorted(targets & set(forms))
    groups = [
        SeriesGroup(tuple(forms[key]), unkey(key[1]), key[2], unkey(key[3]), SERIES_SCAN) for key in keys
    ]
    rows = []
    for key, series in zip(keys, claim_series(connection, groups), strict=True):
        if series:
            unit, about, kind, currency = key
            rows.append(
                {"unit": unit, "about": about, "kind": kind, "currency": currency, "forms": len(forms[key])}
                | judged(series)
            )
    if targets is None:
        connection.execute(claim_verdicts.delete())
    else:
        names = ("unit", "about", "kind", "currency")
        connection.execute(
            claim_verdicts.delete().where(
                *(claim_verdicts.c[name] == bindparam(f"old_{name}") for name in names)
            ),
            [
                {f"old_{name}": value for name, value in zip(names, key, strict=True)}
                for key in sorted(targets)
            ],
        )
    if rows:
        connection.execute(insert(claim_verdicts), rows)
