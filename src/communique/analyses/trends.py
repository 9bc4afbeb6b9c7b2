"""Formulation trends: when official formulations are used, by whom, and which rise or fall.

"True multilateralism" appears in 2020 and spreads; "win-win cooperation" fades: the question is
answered by documents per year and per outlet, the first and latest use (cited), the speakers
quoted in the same sentence, and, between two periods, the change in the share of documents using
each formulation (a share, not a count, so a period with more documents does not make everything
rise).

Outlets are `documents.source_name`, else the host of the document's URL, else the folder of the
file it was read from. Every count comes from the store's totals (`store.rollups`), so a
trend over 100,000 documents reads a few thousand rows; only the cited first and latest uses are
read from the mentions themselves.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from communique.analyses.common import citation, names, outlet, year_range
from communique.kb import KnowledgeBase, load_kb
from communique.store.rollups import totals, unkey
from communique.store.schema import documents, formulation_mentions
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
    with store.engine.connect() as connection:
        used_in = totals("formulation", since, until)
        used = func.sum(used_in.c.documents)
        query = (
            select(
                used_in.c.k1.label("formulation_id"),
                used.label("documents"),
                func.sum(used_in.c.total).label("mentions"),
                func.min(used_in.c.first).label("first"),
                func.max(used_in.c.latest).label("latest"),
            )
            .group_by(used_in.c.k1)
            .order_by(used.desc(), used_in.c.k1)
        )
        query = query.where(used_in.c.k1 == formulation_id) if formulation_id else query.limit(limit)
        found = connection.execute(query).all()
        if not found:
            return []
        chosen = [row.formulation_id for row in found]
        by_year = _grouped(connection, used_in, func.substr(used_in.c.period, 1, 4), chosen)
        by_outlet = _grouped(connection, used_in, used_in.c.k2, chosen)
        speakers = _speakers(connection, chosen, since, until)
        cited = {
            (row.formulation_id, "first"): _cited_at(connection, row.formulation_id, row.first, first=True)
            for row in found
        }
        cited.update(
            {
                (row.formulation_id, "latest"): _cited_at(
                    connection, row.formulation_id, row.latest, first=False
                )
                for row in found
            }
        )
    speaker_names = names(kb, {speaker for rows in speakers.values() for speaker, _, _ in rows})
    answers = []
    for row in found:
        formulation = known.get(row.formulation_id)
        answers.append(
            {
                "id": row.formulation_id,
                "name": formulation.name if formulation else row.formulation_id,
                "zh": formulation.zh[0] if formulation and formulation.zh else None,
                "category": formulation.category if formulation else None,
                "kb_year": formulation.year if formulation else None,
                "documents": int(row.documents),
                "mentions": int(row.mentions),
                "first": cited[(row.formulation_id, "first")],
                "latest": cited[(row.formulation_id, "latest")],
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
    connection: Connection, used_in: Any, key: Any, chosen: list[str]
) -> dict[str, list[tuple[Any, int]]]:
    """Documents per (formulation, key) from the store's totals."""
    grouped: dict[str, list[tuple[Any, int]]] = {}
    for row in connection.execute(
        select(used_in.c.k1, key.label("key"), func.sum(used_in.c.documents).label("documents"))
        .where(used_in.c.k1.in_(chosen))
        .group_by(used_in.c.k1, key)
    ):
        grouped.setdefault(row.k1, []).append((unkey(row.key), int(row.documents)))
    return grouped


def _speakers(
    connection: Connection, chosen: list[str], since: str | None, until: str | None
) -> dict[str, list[tuple[str, int, int]]]:
    """Who says it: speakers of events in the same sentence as the formulation."""
    said = totals("formulation_speaker", since, until)
    documents_count = func.sum(said.c.documents)
    found: dict[str, list[tuple[str, int, int]]] = {}
    for row in connection.execute(
        select(
            said.c.k1,
            said.c.k2,
            documents_count.label("documents"),
            func.sum(said.c.total).label("sentences"),
        )
        .where(said.c.k1.in_(chosen))
        .group_by(said.c.k1, said.c.k2)
        .order_by(said.c.k1, documents_count.desc(), said.c.k2)
    ):
        found.setdefault(row.k1, []).append((row.k2, int(row.documents), int(row.sentences)))
    return found


def _cited_at(connection: Connection, formulation_id: str, published: str | None, first: bool) -> Any:
    """The first (or last) mention of a formulation in the documents published on a date."""
    if not published:
        return None
    row = connection.execute(
        select(fm, documents.c.title, documents.c.published, outlet().label("outlet"))
        .join(documents, documents.c.id == fm.c.document_id)
        .where(documents.c.published == published, fm.c.formulation_id == formulation_id)
        .order_by(fm.c.id.asc() if first else fm.c.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    return {
        "published": row.published,
        "title": row.title,
        "outlet": row.outlet,
        "citation": citation(row),
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
    known = {formulation.id: formulation for formulation in kb.formulations}
    used: dict[str, dict[str, int]] = {}
    annotated = {}
    with store.engine.connect() as connection:
        for side, (since, until) in (("a", first), ("b", second)):
            documents_in = totals("annotated", since, until)
            annotated[side] = int(
                connection.execute(select(func.sum(documents_in.c.documents))).scalar() or 0
            )
            used_in = totals("formulation", since, until)
            for row in connection.execute(
                select(used_in.c.k1, func.sum(used_in.c.documents).label("documents")).group_by(used_in.c.k1)
            ):
                used.setdefault(row.k1, {"a": 0, "b": 0})[side] = int(row.documents)
    listed = []
    for formulation_id, count in used.items():
        if count["a"] + count["b"] < min_documents:
            continue
        share_a = count["a"] / annotated["a"] if annotated["a"] else 0.0
        share_b = count["b"] / annotated["b"] if annotated["b"] else 0.0
        formulation = known.get(formulation_id)
        listed.append(
            {
                "id": formulation_id,
                "name": formulation.name if formulation else formulation_id,
                "documents_a": count["a"],
                "documents_b": count["b"],
                "share_a": round(share_a, 4),
                "share_b": round(share_b, 4),
                "change": round(share_b - share_a, 4),
                "ratio": round(share_b / share_a, 4) if share_a else None,
            }
        )
    listed.sort(key=lambda item: (-item["change"], item["id"]))
    return {
        "period_a": {"since": first[0], "until": first[1], "documents": annotated["a"]},
        "period_b": {"since": second[0], "until": second[1], "documents": annotated["b"]},
        "rising": [item for item in listed if item["change"] > 0],
        "falling": sorted(
            (item for item in listed if item["change"] < 0), key=lambda item: (item["change"], item["id"])
        ),
        "steady": [item for item in listed if item["change"] == 0],
    }
