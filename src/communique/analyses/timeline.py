"""Timeline: events and claims in the order of the date they refer to, each with its sentence.

A text published in January 2024 that reports a November 2023 agreement puts the agreement in
November 2023. Each item says which date placed it (`date_source`: `stated` in the text, or the
document's `published` date when the text states none) and at which precision, so a reader can
tell "in 2016" from "on 10 September 2016".

Ordering is done in the database and stops at `limit` (see `common.by_when`): events and claims
each come from two index-ordered queries, merged here.
"""

from __future__ import annotations

import heapq
from typing import Any

from communique.analyses.common import actor_events, acts_through, by_when, claim_record, event_record, outlet
from communique.kb import KnowledgeBase, load_kb
from communique.store.schema import claims, documents, events
from communique.store.store import Store


def timeline(
    store: Store,
    actor: str | None = None,
    event_type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    include_claims: bool = True,
    limit: int = 200,
    *,
    newest_first: bool = False,
    exclude_modalities: tuple[str, ...] = (),
    kb: KnowledgeBase | None = None,
) -> list[dict[str, Any]]:
    """Events (and claims) ordered by the date they refer to, oldest first unless `newest_first`.

    `actor` keeps events where it is the source or the target (a person or body also where it is
    the agent named in the event, or its speaker) and claims about it. `event_type` (PLOVER, any
    case) keeps only events of that type: claims have no event type and are then left out.
    Undated items (no stated date, no publication date) come last. Every modality is shown by
    default (each item says its modality); `exclude_modalities=("negated",)` drops denials.
    """
    kb = kb or load_kb()
    source = outlet()
    columns = [documents.c.title, documents.c.published, source.label("outlet")]
    clauses: list[Any] = []
    any_of = None
    if actor:
        as_agent = acts_through(kb, actor)
        roles = ("source", "target", "speaker") if as_agent else ("source", "target")
        any_of = [condition for role in roles for condition in actor_events(actor, role, as_agent)]
    if event_type:
        clauses.append(events.c.type == event_type.upper())
    if exclude_modalities:
        clauses.append(events.c.modality.not_in(exclude_modalities))
    with store.engine.connect() as connection:
        found = by_when(
            connection, events, [events, *columns], clauses, limit, newest_first, since, until, any_of=any_of
        )
        items = [
            {"kind": "event", **event_record(row, moment, date_source), "outlet": row.outlet}
            for row, moment, date_source in found
        ]
        if include_claims and not event_type:
            wanted = [claims.c.about == actor] if actor else []
            found = by_when(connection, claims, [claims, *columns], wanted, limit, newest_first, since, until)
            claimed = [_claim_item(claim_record(*item)) for item in found]
            items = list(heapq.merge(items, claimed, key=_key(newest_first), reverse=newest_first))
    return items[:limit]


def _claim_item(record: dict[str, Any]) -> dict[str, Any]:
    record["claim_kind"] = record.pop("kind")  # `kind` says event or claim on a timeline
    return {"kind": "claim", **record}


def _key(newest_first: bool) -> Any:
    """The merge key of `by_when`, on answers: dated before undated, then by date."""

    def key(item: dict[str, Any]) -> tuple[bool, str]:
        undated = item["when"] is None
        return (not undated, item["when"] or "") if newest_first else (undated, item["when"] or "")

    return key
