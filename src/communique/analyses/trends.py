"""Formulation trends: when official formulations are used, by whom, and which rise or fall.

"True multilateralism" appears in 2020 and spreads; "win-win cooperation" fades: the question is
answered by documents per year and per outlet, the first and latest use (cited), the speakers
quoted in the same sentence, and, between two periods, the change in the share of documents using
each formulation (a share, not a count, so a period with more documents does not make everything
rise).

Outlets are `documents.source_name`, else the host of the document's URL, else the folder of the
file it was read from. Every aggregate is one GROUP BY over `formulation_mentions` for all the
formulations asked for at once.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, String, and_, case, cast, func, select

from communique.analyses.common import citation, names, outlet, pack, period, unpack, year_range
from communique.kb import KnowledgeBase, load_kb
from communique.store.schema import annotations, documents, events, formulation_mentions
from communique.store.store import Store

fm = formulation_mentions


def formulation_trends(
    store: Store,
    formulation_id: str | None = None,
    since: str | None = None,
    until: str | None = None,
    *,
    limit: int = 20,
    top: int = 10,
    kb: KnowledgeBase | None = None,
) -> list[dict[str, Any]]:
    """Per formulation (one, or the `limit` most used): use per year and outlet, first/latest, speakers.

    `since`/`until` select documents by publication date. `top` bounds the outlets and speakers
    listed per formulation. An unknown or unused formulation gives an empty list.
    """
    kb = kb or load_kb()
    known = {formulation.id: formulation for formulation in kb.formulations}
    source = outlet()
    in_period = period(documents.c.published, since, until)
    with store.engine.connect() as connection:
        used = func.count(func.distinct(fm.c.document_id))
        query = (
            select(
                fm.c.formulation_id,
                used.label("documents"),
                func.count().label("mentions"),
                func.min(pack(documents.c.published, fm.c.id)).label("first"),
                func.max(pack(documents.c.published, fm.c.id)).label("latest"),
            )
            .join(documents, documents.c.id == fm.c.document_id)
            .where(*in_period)
            .group_by(fm.c.formulation_id)
            .order_by(used.desc(), fm.c.formulation_id)
        )
        query = query.where(fm.c.formulation_id == formulation_id) if formulation_id else query.limit(limit)
        totals = connection.execute(query).all()
        if not totals:
            return []
        chosen = [row.formulation_id for row in totals]
        by_year = _grouped(connection, func.substr(documents.c.published, 1, 4), chosen, in_period)
        by_outlet = _grouped(connection, source, chosen, in_period)
        speakers = _speakers(connection, chosen, in_period)
        cited = _cited(
            connection, [unpack(row.first) for row in totals] + [unpack(row.latest) for row in totals]
        )
    speaker_names = names(kb, {speaker for rows in speakers.values() for speaker, _, _ in rows})
    answers = []
    for row in totals:
        formulation = known.get(row.formulation_id)
        answers.append(
            {
                "id": row.formulation_id,
                "name": formulation.name if formulation else row.formulation_id,
                "zh": formulation.zh[0] if formulation and formulation.zh else None,
                "category": formulation.category if formulation else None,
                "kb_year": formulation.year if formulation else None,
                "documents": row.documents,
                "mentions": row.mentions,
                "first": cited.get(unpack(row.first)),
                "latest": cited.get(unpack(row.latest)),
                "by_year": [
                    {"year": year, "documents": count}
                    for year, count in sorted(
                        by_year.get(row.formulation_id, []), key=lambda item: item[0] or ""
                    )
                ],
                "outlets": [
                    {"outlet": name, "documents": count}
                    for name, count in sorted(
                        by_outlet.get(row.formulation_id, []), key=lambda item: (-item[1], item[0])
                    )
                ][:top],
                "speakers": [
                    {
                        "id": speaker,
                        "name": speaker_names.get(speaker, speaker),
                        "documents": count,
                        "sentences": sentences,
                    }
                    for speaker, count, sentences in speakers.get(row.formulation_id, [])[:top]
                ],
            }
        )
    return answers


def _grouped(
    connection: Connection, key: Any, chosen: list[str], in_period: list[Any]
) -> dict[str, list[tuple[Any, int]]]:
    """Documents per (formulation, key) in one GROUP BY."""
    grouped: dict[str, list[tuple[Any, int]]] = {}
    label = key.label("key")
    for row in connection.execute(
        select(fm.c.formulation_id, label, func.count(func.distinct(fm.c.document_id)).label("documents"))
        .join(documents, documents.c.id == fm.c.document_id)
        .where(fm.c.formulation_id.in_(chosen), *in_period)
        .group_by(fm.c.formulation_id, key)
    ):
        grouped.setdefault(row.formulation_id, []).append((row.key, row.documents))
    return grouped


def _speakers(
    connection: Connection, chosen: list[str], in_period: list[Any]
) -> dict[str, list[tuple[str, int, int]]]:
    """Who says it: speakers of events in the same sentence as the formulation."""
    sentence = fm.c.document_id + " " + cast(fm.c.sentence, String)
    found: dict[str, list[tuple[str, int, int]]] = {}
    documents_count = func.count(func.distinct(fm.c.document_id))
    for row in connection.execute(
        select(
            fm.c.formulation_id,
            events.c.speaker,
            documents_count.label("documents"),
            func.count(func.distinct(sentence)).label("sentences"),
        )
        .join(events, and_(events.c.document_id == fm.c.document_id, events.c.sentence == fm.c.sentence))
        .join(documents, documents.c.id == fm.c.document_id)
        .where(fm.c.formulation_id.in_(chosen), events.c.speaker.is_not(None), *in_period)
        .group_by(fm.c.formulation_id, events.c.speaker)
        .order_by(fm.c.formulation_id, documents_count.desc(), events.c.speaker)
    ):
        found.setdefault(row.formulation_id, []).append((row.speaker, row.documents, row.sentences))
    return found


def _cited(connection: Connection, ids: list[int | None]) -> dict[int, dict[str, Any]]:
    wanted = sorted({item for item in ids if item is not None})
    if not wanted:
        return {}
    rows = connection.execute(
        select(fm, documents.c.title, documents.c.published, outlet().label("outlet"))
        .join(documents, documents.c.id == fm.c.document_id)
        .where(fm.c.id.in_(wanted))
    )
    return {
        row.id: {
            "published": row.published,
            "title": row.title,
            "outlet": row.outlet,
            "citation": citation(row),
        }
        for row in rows
    }


def rising_falling(
    store: Store,
    period_a: tuple[str, str] | str,
    period_b: tuple[str, str] | str,
    min_documents: int = 2,
    *,
    kb: KnowledgeBase | None = None,
) -> dict[str, Any]:
    """Which formulations gain or lose share of documents from period A to period B.

    Periods are (since, until) pairs at any ISO precision, or strings "2015-2019". The share is
    documents using the formulation / annotated documents published in the period (documents not
    annotated yet cannot use any). `min_documents` is the least number of documents, over both
    periods, a formulation needs to be listed. `change` is in share points (0.25 = 25 points);
    `ratio` is share B / share A (None when A is 0).
    """
    kb = kb or load_kb()
    first = year_range(period_a) if isinstance(period_a, str) else tuple(period_a)
    second = year_range(period_b) if isinstance(period_b, str) else tuple(period_b)
    in_a = and_(*period(documents.c.published, *first))
    in_b = and_(*period(documents.c.published, *second))
    known = {formulation.id: formulation for formulation in kb.formulations}
    with store.engine.connect() as connection:
        totals = connection.execute(
            select(
                func.count(case((in_a, 1))).label("a"),
                func.count(case((in_b, 1))).label("b"),
            )
            .select_from(documents.join(annotations, annotations.c.document_id == documents.c.id))
            .where(in_a | in_b)
        ).one()
        count_a = func.count(func.distinct(case((in_a, fm.c.document_id))))
        count_b = func.count(func.distinct(case((in_b, fm.c.document_id))))
        rows = connection.execute(
            select(fm.c.formulation_id, count_a.label("a"), count_b.label("b"))
            .join(documents, documents.c.id == fm.c.document_id)
            .where(in_a | in_b)
            .group_by(fm.c.formulation_id)
            .having(count_a + count_b >= min_documents)
        ).all()
    listed = []
    for row in rows:
        share_a = row.a / totals.a if totals.a else 0.0
        share_b = row.b / totals.b if totals.b else 0.0
        formulation = known.get(row.formulation_id)
        listed.append(
            {
                "id": row.formulation_id,
                "name": formulation.name if formulation else row.formulation_id,
                "documents_a": row.a,
                "documents_b": row.b,
                "share_a": round(share_a, 4),
                "share_b": round(share_b, 4),
                "change": round(share_b - share_a, 4),
                "ratio": round(share_b / share_a, 4) if share_a else None,
            }
        )
    listed.sort(key=lambda item: (-item["change"], item["id"]))
    return {
        "period_a": {"since": first[0], "until": first[1], "documents": totals.a},
        "period_b": {"since": second[0], "until": second[1], "documents": totals.b},
        "rising": [item for item in listed if item["change"] > 0],
        "falling": sorted(
            (item for item in listed if item["change"] < 0), key=lambda item: (item["change"], item["id"])
        ),
        "steady": [item for item in listed if item["change"] == 0],
    }
