"""Claim tracker: the same quantity across documents, and whether sources agree, differ or update it.

"How many masks did China export?" is asked of many texts that each state a figure. Grouping the
claims by what is counted (the unit, normalised so "masks", "Masks" and "mask" are one) and by the
actor they are about puts those figures side by side, in the order of the date they refer to, each
with its sentence. A group then gets a verdict: `agree` (every value within the tolerance, 1% by
default, of the others), `updated` (values move one way over time: a figure being revised or
growing, as "100 million doses" in March and "770 million" in August), or `differ` (sources
disagree: different values for the same date, or values going up and down).

The store keeps every distinct (unit, actor, kind, currency, date, value) point with its claim
and document counts and its first and last claim (`store.rollups`, table `claim_rollups`), and
each group's verdict on its latest 200 points (table `claim_verdicts`, judged again whenever the
group's claims change): one GROUP BY over the totals finds the groups, one read their verdicts,
one UNION ALL of index walks the points shown, and only the cited claims are fetched. A period or
another tolerance or depth judges the groups on their points at the time of asking.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, func, select

from communique.analyses.common import citation, outlet, precision
from communique.kb import KnowledgeBase, load_kb
from communique.store.rollups import (
    CLAIM_TOLERANCE,
    SERIES_SCAN,
    SeriesGroup,
    claim_series,
    judged,
    totals,
    unkey,
)
from communique.store.rollups import normalise_unit as normalise_unit
from communique.store.rollups import same as same
from communique.store.rollups import singular as singular
from communique.store.rollups import verdict as verdict
from communique.store.schema import claim_verdicts, claims, documents
from communique.store.store import Store

TOLERANCE = CLAIM_TOLERANCE
# (since, until, scan, tolerance) of the verdicts the store keeps (`rollups.refresh_claim_verdicts`)
_KEPT = (None, None, SERIES_SCAN, CLAIM_TOLERANCE)


def plural(word: str) -> str:
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "sh", "ch", "x", "z")):
        return word + "es"
    return word + "s"


def unit_variants(unit: str) -> list[str]:
    """Lower-case surface forms that normalise to the same unit, for an indexable IN (...) lookup."""
    words = (normalise_unit(unit) or "").split(" ")[:5]
    forms = [{word, plural(word)} if word.isalpha() else {word} for word in words]
    variants = {" ".join(combination) for combination in itertools.product(*forms)}
    return sorted(variant for variant in variants if normalise_unit(variant) == normalise_unit(unit))


@dataclass
class Point:
    """One figure at one date: how many claims state it, and where."""

    when: str | None
    date_source: str | None
    precision: str | None
    value: float
    value_max: float | None
    claims: int
    documents: int
    outlets: list[str]
    citations: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ClaimGroup:
    unit: str | None
    units: list[str]  # the surface forms grouped together
    about: str | None
    about_name: str | None
    kind: str
    currency: str | None
    claims: int
    documents: int
    distinct_values: int
    min: float | None
    max: float | None
    latest: float | None
    latest_when: str | None
    status: str  # agree | updated | differ, or single for a group of one claim
    direction: str | None  # up | down for updated figures
    agree: bool
    conflicts: list[dict[str, Any]]
    points: list[Point]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready. Shallow: the citation dicts are shared, not copied (`dataclasses.asdict`
        deep-copied each of them, ~20 ms of a 20-group API answer)."""
        answer = {name: getattr(self, name) for name in self.__dataclass_fields__}
        answer["points"] = [
            {name: getattr(point, name) for name in Point.__dataclass_fields__} for point in self.points
        ]
        return answer


def track_claims(
    store: Store,
    unit: str | None = None,
    about: str | None = None,
    *,
    kind: str | None = None,
    since: str | None = None,
    until: str | None = None,
    min_claims: int = 2,
    tolerance: float = TOLERANCE,
    limit: int = 20,
    max_points: int = 50,
    scan: int = 200,
    citations_per_point: int = 2,
    kb: KnowledgeBase | None = None,
) -> list[ClaimGroup]:
    """Claims grouped by (normalised unit, about, kind, currency), biggest groups first.

    `unit` keeps one quantity ("masks" also finds "Mask"); `about` one actor (KB id). Claims
    without a value (vague quantities) are left out: there is no figure to compare. `since` and
    `until` apply to the date a claim refers to, else its document's publication date. Each group
    lists its last `max_points` (date, value) points with up to `citations_per_point` citations;
    its verdict is computed on its latest `scan` points (all of them, for most quantities).
    """
    kb = kb or load_kb()
    with store.engine.connect() as connection:
        groups = [
            group
            for group in _groups(connection, unit, about, kind, since, until)
            if group["claims"] >= min_claims
        ][:limit]
        if not groups:
            return []
        # The store keeps each group's verdict on its latest SERIES_SCAN points (all of its forms,
        # the default tolerance, no period): then only the points shown need reading.
        kept = _verdicts(connection, groups) if (since, until, scan, tolerance) == _KEPT else {}
        depth = _shown_depth(max_points, scan)
        series = claim_series(
            connection,
            [
                SeriesGroup(
                    tuple(group["units"]),
                    group["about"],
                    group["kind"],
                    group["currency"],
                    depth if _key(group) in kept else scan,
                )
                for group in groups
            ],
            since,
            until,
            scan,
        )
        if unit:  # the filter may have missed spellings (see `_verdicts`): their documents count
            documents_per_group = _documents(connection, {_key(group) for group in groups}, since, until)
        else:
            documents_per_group = {_key(group): group["documents"] for group in groups}
        tracked = []
        wanted = set()
        for group, rows in zip(groups, series, strict=True):
            key = _key(group)
            judgement = kept.get(key) or judged(rows, tolerance)
            shown = [_Point(row[0] or None, row[1] or None, *row[2:]) for row in rows[-max_points:]]
            for point in shown:
                wanted.update([point.first_id, point.last_id][:citations_per_point])
            for first, second, _ in judgement["conflicts"]:
                wanted.update((first, second))
            tracked.append((group, key, judgement, shown))
        cited = _cited(connection, store.dialect, sorted(wanted))
    answers = []
    for group, key, judgement, shown in tracked:
        about_entry = kb.get(group["about"]) if group["about"] else None
        status = judgement["status"]
        answers.append(
            ClaimGroup(
                unit=group["unit"],
                units=sorted({form for form in group["units"] if form is not None}),
                about=group["about"],
                about_name=about_entry.name if about_entry else group["about"],
                kind=group["kind"],
                currency=group["currency"],
                claims=group["claims"],
                documents=documents_per_group.get(key, 0),
                distinct_values=judgement["distinct_values"],
                min=judgement["min"],
                max=judgement["max"],
                latest=judgement["latest"],
                latest_when=judgement["latest_when"],
                status="single" if group["claims"] == 1 else status,
                direction=judgement["direction"],
                agree=status == "agree",
                conflicts=[
                    {"reason": reason, "claims": [cited[first], cited[second]]}
                    for first, second, reason in judgement["conflicts"]
                    if first in cited and second in cited
                ],
                points=[point.as_point(cited, citations_per_point) for point in shown],
            )
        )
    return answers


def _groups(
    connection: Connection,
    unit: str | None,
    about: str | None,
    kind: str | None,
    since: str | None,
    until: str | None,
) -> list[dict[str, Any]]:
    """Groups by lower-case unit from the store's `claim_group` totals (by year of publication:
    over a period, the claims of documents published in it), merged by normalised unit here."""
    stated = totals("claim_group", since, until)
    query = select(
        stated.c.k1,
        stated.c.k2,
        stated.c.k3,
        func.sum(stated.c.total).label("claims"),
        func.sum(stated.c.documents).label("documents"),
    ).group_by(stated.c.k1, stated.c.k2, stated.c.k3)
    if unit:
        query = query.where(stated.c.k1.in_(unit_variants(unit)))
    if about:
        query = query.where(stated.c.k2 == about)
    if kind:
        query = query.where(stated.c.k3.like(f"{kind} %"))
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    wanted = normalise_unit(unit) if unit else None
    for row in connection.execute(query).all():
        surface = unkey(row.k1)
        normal = normalise_unit(surface)
        if wanted is not None and normal != wanted:
            continue
        group_kind, _, currency = row.k3.partition(" ")
        key = (normal, unkey(row.k2), group_kind, unkey(currency))
        group = merged.setdefault(
            key,
            {
                "unit": normal,
                "units": [],
                "about": key[1],
                "kind": group_kind,
                "currency": key[3],
                "claims": 0,
                "documents": 0,
            },
        )
        group["units"].append(surface)
        group["claims"] += int(row.claims)
        group["documents"] += int(row.documents)
    for group in merged.values():
        group["units"].sort(key=lambda form: form or "")  # as the store judges them: ties keep this order
    return sorted(merged.values(), key=lambda g: (-g["claims"], g["unit"] or "", g["about"] or ""))


def _verdicts(connection: Connection, groups: list[dict[str, Any]]) -> dict[tuple[Any, ...], dict[str, Any]]:
    """The kept verdicts of these groups, for those whose surface forms are all in the group (a
    `unit` filter finds only the spellings `unit_variants` lists: others judge on the points)."""
    abouts = sorted({group["about"] or "" for group in groups})
    units = sorted({group["unit"] or "" for group in groups})
    found = {
        (row.unit, row.about, row.kind, row.currency): row._asdict()
        for row in connection.execute(
            select(claim_verdicts).where(claim_verdicts.c.about.in_(abouts), claim_verdicts.c.unit.in_(units))
        ).all()
    }
    kept = {}
    for group in groups:
        row = found.get((group["unit"] or "", group["about"] or "", group["kind"], group["currency"] or ""))
        if row is not None and row["forms"] == len(group["units"]):
            row["conflicts"] = [tuple(conflict) for conflict in row["conflicts"]]
            kept[_key(group)] = row
    return kept


def _shown_depth(max_points: int, scan: int) -> int:
    """Points read per surface form to show a group's last `max_points`: two more, as points of
    the same date and value from different date sources (at most three) come in the walk's order
    and the last of them is shown."""
    return min(max_points + 2, scan) if max_points > 0 else scan


@dataclass(slots=True)
class _Point:
    when: str | None
    date_source: str | None
    value: float
    value_max: float | None
    claims: int
    documents: int
    first_id: int
    last_id: int

    def as_point(self, cited: dict[int, dict[str, Any]], citations: int) -> Point:
        found = [
            cited[claim_id] for claim_id in dict.fromkeys([self.first_id, self.last_id]) if claim_id in cited
        ]
        found = found[:citations]
        return Point(
            when=self.when,
            date_source=self.date_source,
            precision=precision(self.when),
            value=self.value,
            value_max=self.value_max,
            claims=self.claims,
            documents=self.documents,
            outlets=sorted({item["outlet"] for item in found if item["outlet"]}),
            citations=found,
        )


def _key(group: dict[str, Any]) -> tuple[Any, ...]:
    return (group["unit"], group["about"], group["kind"], group["currency"])


def _documents(
    connection: Connection, chosen: set[tuple[Any, ...]], since: str | None, until: str | None
) -> dict[tuple[Any, ...], int]:
    """Documents per chosen group (a document writing "mask" and "masks" counts twice)."""
    stated = totals("claim_group", since, until)
    found: dict[tuple[Any, ...], int] = {}
    for row in connection.execute(
        select(stated.c.k1, stated.c.k2, stated.c.k3, func.sum(stated.c.documents).label("documents"))
        .where(stated.c.k2.in_(sorted({key[1] or "" for key in chosen})))
        .group_by(stated.c.k1, stated.c.k2, stated.c.k3)
    ).all():
        kind, _, currency = row.k3.partition(" ")
        key = (normalise_unit(unkey(row.k1)), unkey(row.k2), kind, unkey(currency))
        if key in chosen:
            found[key] = found.get(key, 0) + int(row.documents)
    return found


def _cited(connection: Connection, dialect: str, ids: list[int]) -> dict[int, dict[str, Any]]:
    """The cited claims with their documents' title, date and outlet. Rows are read by position:
    a `Row._mapping` per row was most of the time of ~800 citations."""
    if not ids:
        return {}
    cited = {}
    for (
        claim_id,
        value,
        value_max,
        unit,
        qualifier,
        date,
        document_id,
        sentence,
        start,
        end,
        text,
        title,
        published,
        source,
    ) in connection.execute(
        select(
            claims.c.id,
            claims.c.value,
            claims.c.value_max,
            claims.c.unit,
            claims.c.qualifier,
            claims.c.date,
            claims.c.document_id,
            claims.c.sentence,
            claims.c.start,
            claims.c.end,
            claims.c.text,
            documents.c.title,
            documents.c.published,
            outlet(),
        )
        .join(documents, documents.c.id == claims.c.document_id)
        .where(claims.c.id.in_(ids))
    ).all():
        cited[claim_id] = {
            "claim": claim_id,
            "value": value,
            "value_max": value_max,
            "unit": unit,
            "qualifier": qualifier,
            "date": date,
            "title": title,
            "published": published,
            "outlet": source,
            "citation": citation(
                {"document_id": document_id, "sentence": sentence, "start": start, "end": end, "text": text}
            ),
        }
    return cited
