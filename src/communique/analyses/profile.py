"""Actor profile: everything the store knows about one actor, each figure with its evidence.

A researcher looking up "Pakistan" or "Wang Yi" wants, on one page, the KB facts (and a person's
offices with dates), how often and when the actor is mentioned, who it appears with, what it did
and what was done to it (PLOVER events by type and quad class, with example sentences), which
official formulations surround it, which figures are claimed about it, and the latest documents.

Periods: `since`/`until` select documents by publication date for mentions, co-mentions,
formulations and documents, and select events and claims by the date they refer to (else their
document's publication date), the same rule as `communique events` and the timeline.

A person or an organisation acting for a country is stored in events under the country ("Wang Yi
met ..." is China's event with Wang Yi as agent); its own events are found through its mention
inside the event's span, and through the events it is quoted as the speaker of.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, or_, select, union_all

from communique.analyses.claim_tracker import normalise_unit
from communique.analyses.common import (
    actor_events,
    acts_through,
    by_when,
    citation,
    claim_record,
    event_record,
    outlet,
    period,
    placed_in,
)
from communique.kb import KnowledgeBase, load_kb
from communique.store.rollups import NOT_HAPPENED, event_totals, row_of, totals, unkey
from communique.store.schema import claim_rollups, claims, documents, events, formulation_mentions, mentions
from communique.store.store import Store

QUAD_NAMES = {
    1: "verbal_cooperation",
    2: "material_cooperation",
    3: "verbal_conflict",
    4: "material_conflict",
}


class UnknownActor(LookupError):
    """Neither the knowledge base nor any stored document knows this id."""


def actor_profile(
    store: Store,
    actor_id: str,
    since: str | None = None,
    until: str | None = None,
    *,
    top: int = 10,
    examples: int = 3,
    latest: int = 10,
    exclude_modalities: tuple[str, ...] = NOT_HAPPENED,
    kb: KnowledgeBase | None = None,
) -> dict[str, Any]:
    """The profile of one actor (a KB id: "PAK", "person:wang-yi") as a JSON-ready dict.

    `top` bounds the co-mentioned actors, partners and formulations listed, `examples` the
    citations per event type, `latest` the documents and claims listed. Events whose modality is
    in `exclude_modalities` (negated, hypothetical) did not happen and are not counted.
    """
    kb = kb or load_kb()
    with store.engine.connect() as connection:
        facts = _facts(connection, kb, actor_id)
        as_agent = acts_through(kb, actor_id, facts["type"])
        source = outlet()
        mentioned = _mentions_over_time(connection, actor_id, since, until)
        return {
            "actor": facts,
            "period": {"since": since, "until": until},
            "mentions": mentioned,
            "co_mentioned": _co_mentioned(connection, kb, actor_id, since, until, top),
            "events": {
                role: _events(
                    connection, kb, actor_id, role, as_agent, since, until, exclude_modalities, top, examples
                )
                for role in ("source", "target", "speaker")
            },
            "formulations": _formulations(connection, kb, actor_id, since, until, top),
            "claims": _claims(connection, actor_id, since, until, latest, source),
            "documents": _latest_documents(connection, store, actor_id, latest, source, since, until),
        }


def _facts(connection: Connection, kb: KnowledgeBase, actor_id: str) -> dict[str, Any]:
    entry = kb.get(actor_id)
    if entry is not None:
        return {
            "id": entry.id,
            "name": entry.name,
            "type": entry.type,
            "country": entry.country,
            "aliases": entry.aliases,
            "acronyms": entry.acronyms,
            "in_kb": True,
            "roles": [
                {
                    "title": role.title,
                    "of": role.of,
                    "to": role.to,
                    "start": role.start.isoformat() if role.start else None,
                    "end": role.end.isoformat() if role.end else None,
                    "current": role.end is None,
                }
                for role in sorted(entry.roles, key=lambda role: (role.start is None, role.start or 0))
            ],
        }
    # Not in the KB: the name, type and country the annotator stored most often.
    row = connection.execute(
        select(mentions.c.entity_name, mentions.c.entity_type, mentions.c.country)
        .where(mentions.c.entity_id == actor_id)
        .group_by(mentions.c.entity_name, mentions.c.entity_type, mentions.c.country)
        .order_by(func.count().desc())
        .limit(1)
    ).first()
    if row is None:
        raise UnknownActor(f"no KB entry and no mention for {actor_id!r}")
    return {
        "id": actor_id,
        "name": row.entity_name,
        "type": row.entity_type,
        "country": row.country,
        "aliases": [],
        "acronyms": [],
        "in_kb": False,
        "roles": [],
    }


def _mentions_over_time(
    connection: Connection, actor_id: str, since: str | None, until: str | None
) -> dict[str, Any]:
    """Documents and mentions per month from the store's monthly totals; years are their sums."""
    actors = totals("actor", since, until)
    rows = connection.execute(
        select(
            actors.c.period,
            func.sum(actors.c.documents).label("documents"),
            func.sum(actors.c.total).label("mentions"),
            func.min(actors.c.first).label("first"),
            func.max(actors.c.latest).label("latest"),
        )
        .where(actors.c.k1 == actor_id)
        .group_by(actors.c.period)
        .order_by(actors.c.period)
    ).all()
    by_year: dict[str, dict[str, Any]] = {}
    by_month = []
    undated = {"documents": 0, "mentions": 0}
    for row in rows:
        documents_count, mentions_count = int(row.documents), int(row.mentions)
        if not row.period:
            undated = {"documents": documents_count, "mentions": mentions_count}
            continue
        year = by_year.setdefault(row.period[:4], {"period": row.period[:4], "documents": 0, "mentions": 0})
        year["documents"] += documents_count
        year["mentions"] += mentions_count
        if len(row.period) == 7:
            by_month.append({"period": row.period, "documents": documents_count, "mentions": mentions_count})
    dated = [row for row in rows if row.period]
    return {
        "documents": sum(int(row.documents) for row in rows),
        "mentions": sum(int(row.mentions) for row in rows),
        "first": min((row.first for row in dated), default=None),
        "latest": max((row.latest for row in dated), default=None),
        "undated": undated,
        "by_year": list(by_year.values()),
        "by_month": by_month,
    }


def _co_mentioned(
    connection: Connection, kb: KnowledgeBase, actor_id: str, since: str | None, until: str | None, top: int
) -> list[dict[str, Any]]:
    """Actors sharing documents with this one, from the store's `pair` totals."""
    pairs = totals("pair", since, until)
    shared = func.sum(pairs.c.documents)
    rows = connection.execute(
        select(
            pairs.c.k2.label("entity_id"),
            func.max(pairs.c.k3).label("type"),
            shared.label("documents"),
            func.sum(pairs.c.total).label("mentions"),
        )
        .where(pairs.c.k1 == actor_id)
        .group_by(pairs.c.k2)
        .order_by(shared.desc(), func.sum(pairs.c.total).desc(), pairs.c.k2)
        .limit(top)
    ).all()
    return [
        {
            "id": row.entity_id,
            "name": display_name(connection, kb, row.entity_id),
            "type": row.type,
            "documents": int(row.documents),
            "mentions": int(row.mentions),
        }
        for row in rows
    ]


def display_name(connection: Connection, kb: KnowledgeBase, entity_id: str) -> str:
    """The KB name, else the name a stored mention gives (one index lookup)."""
    entry = kb.get(entity_id)
    if entry is not None:
        return entry.name
    stored = connection.execute(
        select(mentions.c.entity_name).where(mentions.c.entity_id == entity_id).limit(1)
    ).scalar()
    return stored or entity_id


def _events(
    connection: Connection,
    kb: KnowledgeBase,
    actor_id: str,
    role: str,
    as_agent: bool,
    since: str | None,
    until: str | None,
    exclude_modalities: tuple[str, ...],
    top: int,
    examples: int,
) -> dict[str, Any]:
    """Counts by type, quad class and partner from the store's event totals; a few cited
    examples per type from the events themselves."""
    conditions = actor_events(actor_id, role, as_agent)
    clauses = [or_(*conditions)]
    if exclude_modalities:
        clauses.append(events.c.modality.not_in(exclude_modalities))
    summed = event_totals(since, until)
    if role == "speaker":
        mine = summed.c.speaker == actor_id
    else:
        mine = summed.c[role] == actor_id
        if as_agent:
            mine = or_(mine, summed.c[f"{role}_agent"] == actor_id)
    other = {"source": summed.c.target, "target": summed.c.source, "speaker": summed.c.source}[role]
    query = select(
        summed.c.type, summed.c.quad_class, other.label("other"), func.sum(summed.c.events).label("events")
    ).where(mine)
    if exclude_modalities:
        query = query.where(summed.c.modality.not_in(exclude_modalities))
    by_type: dict[str, dict[str, Any]] = {}
    by_quad = dict.fromkeys(QUAD_NAMES.values(), 0)
    partners: dict[str, int] = {}
    for row in connection.execute(query.group_by(summed.c.quad_class, summed.c.type, other)).all():
        count = int(row.events)
        group = by_type.setdefault(row.type, {"type": row.type, "quad_class": row.quad_class, "events": 0})
        group["events"] += count
        if row.quad_class in QUAD_NAMES:
            by_quad[QUAD_NAMES[row.quad_class]] += count
        if row.other and row.other != actor_id:
            partners[row.other] = partners.get(row.other, 0) + count
    # The most recently stored events of each type in the period: per (condition, type) a
    # backwards walk of the actor's (role or agent, type) index that stops after `examples` ids,
    # all in one UNION ALL round trip; then the chosen rows are read once. One walk per
    # condition (actor as source, or as the source's agent): an OR of the two would make SQLite
    # collect and sort every match.
    walks = [
        select(
            select(events.c.id)
            .where(condition, *clauses[1:], events.c.type == event_type, *placed_in(events, since, until))
            .order_by(events.c.id.desc())
            .limit(examples)
            .subquery()
        )
        for event_type in by_type
        for condition in conditions
    ]
    chosen = [row.id for row in connection.execute(union_all(*walks))] if walks else []
    rows = connection.execute(
        select(events, documents.c.title, documents.c.published)
        .join(documents, documents.c.id == events.c.document_id)
        .where(events.c.id.in_(chosen or [-1]))
        .order_by(events.c.id.desc())
    ).all()
    for group in by_type.values():
        group["examples"] = [event_record(item) for item in rows if item.type == group["type"]][:examples]
    ranked = sorted(partners.items(), key=lambda item: (-item[1], item[0]))[:top]
    return {
        "events": sum(by_quad.values())
        + sum(group["events"] for group in by_type.values() if group["quad_class"] not in QUAD_NAMES),
        "by_quad_class": by_quad,
        "by_type": sorted(by_type.values(), key=lambda group: (-group["events"], group["type"])),
        "partners": [
            {"id": partner, "name": display_name(connection, kb, partner), "events": count}
            for partner, count in ranked
        ],
    }


def _formulations(
    connection: Connection,
    kb: KnowledgeBase,
    actor_id: str,
    since: str | None,
    until: str | None,
    top: int,
) -> dict[str, Any]:
    """Formulations in the actor's documents, and in the sentences that mention or quote it."""
    known = {formulation.id: formulation for formulation in kb.formulations}

    def describe(formulation_id: str) -> dict[str, Any]:
        formulation = known.get(formulation_id)
        return {
            "id": formulation_id,
            "name": formulation.name if formulation else formulation_id,
            "category": formulation.category if formulation else None,
        }

    def ranked(facet: str) -> list[Any]:
        found = totals(facet, since, until)
        used = func.sum(found.c.documents)
        return connection.execute(
            select(
                found.c.k2.label("formulation_id"),
                used.label("documents"),
                func.sum(found.c.total).label("mentions"),
                func.max(found.c.example).label("latest"),
            )
            .where(found.c.k1 == actor_id)
            .group_by(found.c.k2)
            .order_by(used.desc(), found.c.k2)
            .limit(top)
        ).all()

    quoted = ranked("actor_quoted")
    examples = {
        row.id: row
        for row in connection.execute(
            select(formulation_mentions, documents.c.title, documents.c.published)
            .join(documents, documents.c.id == formulation_mentions.c.document_id)
            .where(formulation_mentions.c.id.in_([row_of(row.latest) for row in quoted] or [-1]))
        )
    }
    quoted_with = []
    for row in quoted:
        example = examples.get(row_of(row.latest))
        quoted_with.append(
            {
                **describe(row.formulation_id),
                "documents": int(row.documents),
                "mentions": int(row.mentions),
                "latest": example
                and {"title": example.title, "published": example.published, "citation": citation(example)},
            }
        )
    return {
        "in_documents": [
            {**describe(row.formulation_id), "documents": int(row.documents), "mentions": int(row.mentions)}
            for row in ranked("actor_formulation")
        ],
        "quoted_with": quoted_with,
    }


def _claims(
    connection: Connection, actor_id: str, since: str | None, until: str | None, latest: int, source: Any
) -> dict[str, Any]:
    """Figures claimed about the actor by unit (from the store's claim totals, so claims with a
    value), and the latest claims."""
    clauses = [claims.c.about == actor_id]
    points = claim_rollups
    query = select(
        points.c.unit,
        points.c.kind,
        points.c.currency,
        func.sum(points.c.claims).label("claims"),
        func.min(points.c.value).label("min"),
        func.max(points.c.value).label("max"),
    ).where(points.c.about == actor_id, points.c.claims > 0)
    if since or until:
        query = query.where(points.c.when != "", *period(points.c.when, since, until))
    units: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in connection.execute(query.group_by(points.c.unit, points.c.kind, points.c.currency)).all():
        key = (normalise_unit(unkey(row.unit)), row.kind, unkey(row.currency))
        group = units.setdefault(
            key,
            {
                "unit": key[0],
                "kind": row.kind,
                "currency": key[2],
                "claims": 0,
                "min": None,
                "max": None,
            },
        )
        group["claims"] += int(row.claims)
        for name, pick in (("min", min), ("max", max)):
            values = [value for value in (group[name], getattr(row, name)) if value is not None]
            group[name] = pick(values) if values else None
    rows = by_when(
        connection,
        claims,
        [claims, documents.c.title, documents.c.published, source.label("outlet")],
        clauses,
        latest,
        newest_first=True,
        since=since,
        until=until,
    )
    return {
        "claims": sum(group["claims"] for group in units.values()),
        "by_unit": sorted(units.values(), key=lambda group: (-group["claims"], group["unit"] or "")),
        "latest": [claim_record(row, moment, date_source) for row, moment, date_source in rows],
    }


def _latest_documents(
    connection: Connection,
    store: Store,
    actor_id: str,
    latest: int,
    source: Any,
    since: str | None,
    until: str | None,
) -> list[dict[str, Any]]:
    """The newest documents mentioning the actor: ids picked on (id, published) alone, then read
    (`Store.mentioning` walks newest first for an actor in many documents)."""
    newest = (
        select(documents.c.id)
        .where(*store.mentioning(actor_id, None), *period(documents.c.published, since, until))
        .order_by(documents.c.published.desc().nulls_last(), documents.c.id)
        .limit(latest)
    ).subquery("newest")
    count = (
        select(func.count())
        .where(mentions.c.document_id == documents.c.id, mentions.c.entity_id == actor_id)
        .scalar_subquery()
    )
    rows = connection.execute(
        select(
            documents.c.id,
            documents.c.title,
            documents.c.published,
            source.label("outlet"),
            count.label("mentions"),
        )
        .join(newest, newest.c.id == documents.c.id)
        .order_by(documents.c.published.desc().nulls_last(), documents.c.id)
    ).all()
    return [
        {
            "id": row.id,
            "title": row.title,
            "published": row.published,
            "outlet": row.outlet,
            "mentions": row.mentions,
        }
        for row in rows
    ]
