"""Claim tracker: the same quantity across documents, and whether sources agree, differ or update it.

"How many masks did China export?" is asked of many texts that each state a figure. Grouping the
claims by what is counted (the unit, normalised so "masks", "Masks" and "mask" are one) and by the
actor they are about puts those figures side by side, in the order of the date they refer to, each
with its sentence. A group then gets a verdict: `agree` (every value within the tolerance, 1% by
default, of the others), `updated` (values move one way over time: a figure being revised or
growing, as "100 million doses" in March and "770 million" in August), or `differ` (sources
disagree: different values for the same date, or values going up and down).

The store keeps every distinct (unit, actor, kind, currency, date, value) point with its claim
and document counts and its first and last claim (`store.rollups`, table `claim_rollups`): one
GROUP BY over those finds the groups, one read gives the chosen groups' points, and only the
cited claims are fetched. Python only walks the distinct units and each group's points.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import CompoundSelect, Connection, Integer, bindparam, func, literal, select, union_all

from communique.analyses.common import citation, outlet, precision
from communique.kb import KnowledgeBase, load_kb
from communique.store.rollups import totals, unkey
from communique.store.schema import claim_rollups as points
from communique.store.schema import claims, documents
from communique.store.store import Store

TOLERANCE = 0.01  # relative difference under which two figures are the same figure
_WALKS = 200  # index walks per UNION ALL statement (SQLite allows 500 terms in a compound select)

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


def plural(word: str) -> str:
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "sh", "ch", "x", "z")):
        return word + "es"
    return word + "s"


@functools.lru_cache(maxsize=4096)
def normalise_unit(unit: str | None) -> str | None:
    """Lower-case, spaces collapsed, every word singular: "Doses of Vaccines" -> "dose of vaccine"."""
    if unit is None:
        return None
    words = re.sub(r"\s+", " ", unit.strip().lower()).split(" ")
    normal = " ".join(singular(word) for word in words if word)
    return normal or None


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
        series, documents_per_group = _series(connection, groups, since, until, scan)
        tracked = []
        wanted = set()
        for group in groups:
            key = _key(group)
            rows = series.get(key, [])
            dated = [(row[0] or None, row[2], row[6]) for row in rows]  # (when, value, first claim)
            status, direction, conflicts = verdict(dated, tolerance)
            conflicts = conflicts[:10]
            shown = [_Point(row[0] or None, row[1] or None, *row[2:]) for row in rows[-max_points:]]
            for point in shown:
                wanted.update([point.first_id, point.last_id][:citations_per_point])
            for first, second, _ in conflicts:
                wanted.update((first, second))
            tracked.append((group, key, rows, shown, status, direction, conflicts))
        cited = _cited(connection, store.dialect, sorted(wanted))
    answers = []
    for group, key, rows, shown, status, direction, conflicts in tracked:
        values = [row[2] for row in rows]
        about_entry = kb.get(group["about"]) if group["about"] else None
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
                distinct_values=len(set(values)),
                min=min(values, default=None),
                max=max(values, default=None),
                latest=values[-1] if values else None,
                latest_when=rows[-1][0] or None if rows else None,
                status="single" if group["claims"] == 1 else status,
                direction=direction,
                agree=status == "agree",
                conflicts=[
                    {"reason": reason, "claims": [cited[first], cited[second]]}
                    for first, second, reason in conflicts
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
    query = select(stated.c.k1, stated.c.k2, stated.c.k3, func.sum(stated.c.total).label("claims")).group_by(
        stated.c.k1, stated.c.k2, stated.c.k3
    )
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
            },
        )
        group["units"].append(surface)
        group["claims"] += int(row.claims)
    return sorted(merged.values(), key=lambda g: (-g["claims"], g["unit"] or "", g["about"] or ""))


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


# A point as read: (when, date_source, value, value_max, claims, documents, first_id, last_id),
# with "" for an undated point (as stored) until it becomes a `_Point`.
_Row = tuple[Any, ...]


@functools.lru_cache(maxsize=64)
def _walks(count: int, scan: int, since: bool, until: bool) -> CompoundSelect:
    """`count` walks of the series index in one UNION ALL, their keys bound by walk number.

    Built once per shape: constructing 200 selects cost more than SQLite running them, and
    SQLAlchemy then compiles the statement once too."""
    walks = []
    for number in range(count):
        query = select(
            literal(number, Integer).label("group"),  # typed: no per-walk type guess
            points.c.when,
            points.c.date_source,
            points.c.value,
            points.c.value_max,
            points.c.claims,
            points.c.documents,
            points.c.first_id,
            points.c.last_id,
        ).where(
            points.c.unit == bindparam(f"unit_{number}"),
            points.c.about == bindparam(f"about_{number}"),
            points.c.kind == bindparam(f"kind_{number}"),
            points.c.currency == bindparam(f"currency_{number}"),
            points.c.claims > 0,
        )
        if since or until:
            query = query.where(points.c.when != "")
        if since:
            query = query.where(points.c.when >= bindparam("since"))
        if until:
            query = query.where(points.c.when <= bindparam("until"))
        query = query.order_by(points.c.when.desc(), points.c.value.desc()).limit(scan)
        walks.append(select(query.subquery()))
    return union_all(*walks)


def _series(
    connection: Connection,
    groups: list[dict[str, Any]],
    since: str | None,
    until: str | None,
    scan: int,
) -> tuple[dict[tuple[Any, ...], list[_Row]], dict[tuple[Any, ...], int]]:
    """Every chosen group's latest `scan` points, oldest first, and its document count.

    Per surface form of a group, a walk of the claim totals' series index (unit, about, kind,
    currency, date, value, then every column read: migration 0009) backwards that stops at `scan`
    points, so a quantity stated 50,000 times costs no more than one stated 500 times; every walk
    in one UNION ALL round trip. Documents come from the `claim_group` totals, by publication
    date: over a period, a group counts the documents published in it (its points are placed at
    the date they refer to).
    """
    forms = [(number, form) for number, group in enumerate(groups) for form in group["units"]]
    found: list[list[_Row]] = [[] for _ in groups]
    several = {number for number, group in enumerate(groups) if len(group["units"]) > 1}
    for start in range(0, len(forms), _WALKS):
        chunk = forms[start : start + _WALKS]
        numbers: list[int] = []
        parameters: dict[str, Any] = {}
        if since:
            parameters["since"] = since
        if until:
            parameters["until"] = until + "\uffff"  # as `period`: "2019" keeps "2019-12-31"
        for walk, (number, form) in enumerate(chunk):
            group = groups[number]
            numbers.append(number)
            parameters[f"unit_{walk}"] = form or ""
            parameters[f"about_{walk}"] = group["about"] or ""
            parameters[f"kind_{walk}"] = group["kind"]
            parameters[f"currency_{walk}"] = group["currency"] or ""
        statement = _walks(len(chunk), scan, bool(since), bool(until))
        for walk, *row in connection.execute(statement, parameters).all():
            found[numbers[walk]].append(tuple(row))
    series = {}
    for number, (group, rows) in enumerate(zip(groups, found, strict=True)):
        if number in several:
            rows = _merged(rows)
        # Oldest first, undated ("") before dated; stable, so ties keep the walk's order.
        rows.sort(key=lambda row: (row[0], row[2]))
        series[_key(group)] = rows[-scan:]
    return series, _documents(connection, set(series), since, until)


def _merged(rows: list[_Row]) -> list[_Row]:
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


def same(a: float, b: float, tolerance: float = TOLERANCE) -> bool:
    """Two figures are the same figure when they differ by at most `tolerance` of the larger."""
    scale = max(abs(a), abs(b))
    return scale == 0 or abs(a - b) <= tolerance * scale


def verdict(
    series: list[tuple[str | None, float, int]], tolerance: float = TOLERANCE
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
