"""`communique kb check`: the knowledge base's own test suite, runnable by users who edit it."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from communique.kb import ENTITY_TYPES, KnowledgeBase

ISO3 = re.compile(r"^[A-Z]{3}$")
PREFIXED_ID = re.compile(r"^(org|initiative|person|region|group|place):[a-z0-9][a-z0-9-]*$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Offices with one holder at a time (per country or body); overlaps beyond the slack are errors.
SINGLE_HOLDER = {
    "president",
    "prime minister",
    "premier",
    "minister of foreign affairs",
    "secretary of state",
    "foreign secretary",
    "secretary-general",
    "director-general",
    "managing director",
    "chancellor",
    "vice president",
    "general secretary",
    "secretary of defense",
    "minister of national defense",
    "minister of commerce",
    "national security advisor",
    "king",
    "supreme leader",
}
OVERLAP_SLACK = timedelta(days=31)  # month-precision dates make a month of overlap unavoidable
# Which entry wins when one alias names several: the resolving rule reported by the check.
TYPE_PRECEDENCE = ["COUNTRY", "ORG", "GROUPING", "REGION", "INITIATIVE", "PERSON", "PLACE"]


@dataclass
class CheckReport:
    errors: list[str] = field(default_factory=list)
    collisions: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def fold(alias: str) -> str:
    return unicodedata.normalize("NFKC", alias).casefold().removeprefix("the ").strip()


def check(kb: KnowledgeBase) -> CheckReport:
    report = CheckReport()
    for entry_id in kb.duplicate_ids:
        report.errors.append(f"{entry_id}: id used twice")
    countries = {entry.id for entry in kb.of_type("COUNTRY")}
    known = set(kb.entries)
    for entry in kb.entries.values():
        where = f"{entry.kind}: {entry.id}"
        if entry.type not in ENTITY_TYPES:
            report.errors.append(f"{where}: unknown type {entry.type!r}")
        if not entry.name or entry.name == "None":
            report.errors.append(f"{where}: no name")
        if entry.type == "COUNTRY":
            if not ISO3.match(entry.id):
                report.errors.append(f"{where}: country id must be ISO 3166-1 alpha-3")
            iso2 = entry.get("iso2")
            if iso2 is not None and not re.match(r"^[A-Z]{2}$", str(iso2)):
                report.errors.append(f"{where}: iso2 {iso2!r} is not two capital letters")
        elif not PREFIXED_ID.match(entry.id):
            report.errors.append(f"{where}: id must look like org:slug, person:slug, ...")
        for key in ("country", "sovereign"):
            value = entry.get(key)
            if value and value not in countries:
                report.errors.append(f"{where}: {key} {value!r} is not a known ISO3 code")
        if entry.get("category") == "armed_group" and entry.get("country"):
            report.errors.append(f"{where}: an armed group has no country (use operates_in)")
        for key in ("members", "claimants", "operates_in"):
            for value in entry.get(key) or []:
                if value not in countries:
                    report.errors.append(f"{where}: {key} has unknown code {value!r}")
        for role in entry.roles:
            for ref in (role.of, role.to):
                if ref and ref not in known:
                    report.errors.append(f"{where}: role {role.title!r} refers to unknown {ref!r}")
            if role.start and role.end and role.start > role.end:
                report.errors.append(f"{where}: role {role.title!r} ends before it starts")
    _check_overlaps(kb, report)
    _check_formulations(kb, report)
    _collect_collisions(kb, report)
    _check_chinese(kb, report)
    for entry in kb.entries.values():
        report.counts[entry.type] = report.counts.get(entry.type, 0) + 1
    report.counts["FORMULATION"] = len(kb.formulations)
    report.counts["PARTNERSHIP_LEVEL"] = len(kb.partnership_levels)
    return report


def _check_overlaps(kb: KnowledgeBase, report: CheckReport) -> None:
    offices: dict[tuple[str, str | None, str | None], list] = defaultdict(list)
    for entry in kb.of_type("PERSON"):
        for role in entry.roles:
            if role.title.casefold() in SINGLE_HOLDER and role.start:
                offices[(role.title.casefold(), role.of, role.to)].append((role.start, role.end, entry.id))
    for (title, of, _to), terms in offices.items():
        terms.sort(key=lambda term: term[0])
        for (start_a, end_a, person_a), (start_b, _end_b, person_b) in zip(terms, terms[1:], strict=False):
            if person_a != person_b and (end_a is None or start_b + OVERLAP_SLACK < end_a):
                report.errors.append(
                    f"people: {title} of {of}: {person_a} ({start_a}..{end_a or 'now'}) overlaps "
                    f"{person_b} (from {start_b})"
                )


def _check_formulations(kb: KnowledgeBase, report: CheckReport) -> None:
    seen: dict[str, str] = {}
    ids = set()
    for formulation in kb.formulations:
        if not SLUG.match(formulation.id):
            report.errors.append(f"formulations: {formulation.id}: id must be a lower-case slug")
        if formulation.id in ids:
            report.errors.append(f"formulations: {formulation.id}: id used twice")
        ids.add(formulation.id)
        if not formulation.en and not formulation.zh:
            report.errors.append(f"formulations: {formulation.id}: no English or Chinese form")
        for form in formulation.en:
            key = fold(form)
            if key in seen and seen[key] != formulation.id:
                report.collisions.append(
                    f"formulation form {form!r} is listed by {seen[key]} and {formulation.id}: "
                    "the longest match wins, then the first listed"
                )
            seen.setdefault(key, formulation.id)


def _collect_collisions(kb: KnowledgeBase, report: CheckReport) -> None:
    by_alias: dict[str, set[str]] = defaultdict(set)
    for entry in kb.entries.values():
        for alias in {entry.name, *entry.aliases}:
            by_alias[fold(alias)].add(entry.id)
    for alias, ids in sorted(by_alias.items()):
        if len(ids) < 2:
            continue
        ranked = sorted(ids, key=lambda i: (TYPE_PRECEDENCE.index(kb.entries[i].type), i))
        report.collisions.append(
            f"{alias!r} names {', '.join(sorted(ids))}: resolved by context (document country, defined "
            f"acronyms), else to {ranked[0]} by type precedence {' > '.join(TYPE_PRECEDENCE)}"
        )


CJK = re.compile(r"[\u3400-\u9fff]")


def _check_chinese(kb: KnowledgeBase, report: CheckReport) -> None:
    """Chinese forms: each must hold Chinese characters; a form (name or seat of government) that
    names two entries is a collision, reported with the rule that resolves it; the linker's data
    (chinese.yaml) must refer to known entries. `zh_generic` forms are shared on purpose (外交部 is
    every country's foreign ministry) and resolved by the country named before them."""
    by_form: dict[str, set[str]] = defaultdict(set)
    forms = 0
    for entry in kb.entries.values():
        for key in ("zh", "zh_metonyms", "zh_generic"):
            for form in getattr(entry, key):
                forms += 1
                if not CJK.search(form):
                    report.errors.append(
                        f"{entry.kind}: {entry.id}: {key} form {form!r} has no Chinese character"
                    )
                if key != "zh_generic":
                    by_form[unicodedata.normalize("NFKC", form)].add(entry.id)
        if entry.zh_generic and not entry.zh:
            report.errors.append(f"{entry.kind}: {entry.id}: zh_generic without a zh name")
    for form, ids in sorted(by_form.items()):
        if len(ids) < 2:
            continue
        ranked = sorted(ids, key=lambda i: (TYPE_PRECEDENCE.index(kb.entries[i].type), i))
        report.collisions.append(
            f"Chinese form {form!r} names {', '.join(sorted(ids))}: resolved to {ranked[0]} by type "
            f"precedence {' > '.join(TYPE_PRECEDENCE)}"
        )
    rules = kb.files.get("chinese", {})
    for unit, ids in (rules.get("abbreviations") or {}).items():
        for entry_id in ids or []:
            if entry_id not in kb.entries:
                report.errors.append(f"chinese: abbreviation {unit!r} refers to unknown {entry_id!r}")
    for compound, ids in (rules.get("fixed_compounds") or {}).items():
        for entry_id in ids or []:
            if entry_id is not None and entry_id not in kb.entries:
                report.errors.append(f"chinese: compound {compound!r} refers to unknown {entry_id!r}")
    for name in rules.get("needs_title") or []:
        if name not in by_form:
            report.errors.append(f"chinese: needs_title name {name!r} is no entry's Chinese name")
    report.counts["ZH_FORM"] = forms
