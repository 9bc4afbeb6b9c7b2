"""The knowledge base: countries, organisations, initiatives, people, regions, places and
formulations, loaded from the YAML files beside this module (see docs/knowledge-base.md).

Knowledge is data: this module only loads and indexes it, it holds no facts of its own.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

KB_DIR = Path(__file__).parent
ENTITY_TYPES = ("COUNTRY", "ORG", "INITIATIVE", "PERSON", "REGION", "GROUPING", "PLACE")


def parse_date(value: Any, end: bool = False) -> date | None:
    """'2013', '2013-03' or '2013-03-16' as a date: the period's first day, or last with end=True."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    parts = str(value).strip().split("-")
    year = int(parts[0])
    if len(parts) == 1:
        return date(year, 12, 31) if end else date(year, 1, 1)
    month = int(parts[1])
    if len(parts) == 2:
        return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
    return date(year, month, int(parts[2]))


@dataclass(frozen=True)
class Role:
    title: str
    of: str | None
    to: str | None
    start: date | None
    end: date | None  # None: still held

    def held_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass
class Entry:
    id: str
    type: str
    name: str
    kind: str  # the file kind it came from
    aliases: list[str] = field(default_factory=list)
    acronyms: list[str] = field(default_factory=list)
    country: str | None = None
    roles: list[Role] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    # Chinese forms (Simplified first): names, names of the seat of government standing for it
    # (北京, 白宫), and generic names resolved by the country named before them (外交部, 国防部)
    zh: list[str] = field(default_factory=list)
    zh_metonyms: list[str] = field(default_factory=list)
    zh_generic: list[str] = field(default_factory=list)

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


@dataclass
class Formulation:
    id: str
    name: str
    category: str
    en: list[str]
    zh: list[str]
    origin: str | None
    year: int | None
    note: str | None


class KnowledgeBase:
    """All entries, indexed by id, plus formulations and partnership levels."""

    def __init__(self, files: dict[str, dict[str, Any]]) -> None:
        self.files = files
        self.entries: dict[str, Entry] = {}
        self.duplicate_ids: list[str] = []
        self.formulations: list[Formulation] = []
        self.partnership_levels: list[dict[str, Any]] = []
        for name, content in files.items():
            kind = content.get("kind", name)
            for raw in content.get("entries") or []:
                if kind == "formulations":
                    self.formulations.append(_formulation(raw))
                elif kind == "partnership_levels":
                    self.partnership_levels.append(raw)
                else:
                    entry = _entry(raw, kind)
                    if entry.id in self.entries:
                        self.duplicate_ids.append(entry.id)
                    self.entries[entry.id] = entry
        self._by_role: dict[str, list[tuple[Entry, Role]]] = defaultdict(list)
        for entry in self.entries.values():
            for role in entry.roles:
                self._by_role[role.title.casefold()].append((entry, role))

    def get(self, entry_id: str) -> Entry | None:
        return self.entries.get(entry_id)

    def of_type(self, entry_type: str) -> list[Entry]:
        return [entry for entry in self.entries.values() if entry.type == entry_type]

    def role_titles(self) -> list[str]:
        return sorted({role.title for entries in self._by_role.values() for _, role in entries})

    def holders(self, title: str, on: date | None, of: str | None = None) -> list[Entry]:
        """Who held `title` (of a country or body) on a date: resolves "the Foreign Minister"."""
        found = []
        for entry, role in self._by_role.get(title.casefold(), []):
            if of is not None and role.of != of:
                continue
            if on is None or role.held_on(on):
                found.append(entry)
        return found

    def search(self, text: str, limit: int = 20) -> list[Entry]:
        """Entries whose id, name, alias, acronym or Chinese name contains `text` (case-insensitive),
        best first."""
        needle = text.casefold()
        scored = []
        for entry in self.entries.values():
            names = [entry.id, entry.name, *entry.aliases, *entry.acronyms, *entry.zh]
            folded = [name.casefold() for name in names]
            if needle in folded:
                score = 0
            elif any(name.startswith(needle) for name in folded):
                score = 1
            elif any(needle in name for name in folded):
                score = 2
            else:
                continue
            scored.append((score, entry.name, entry))
        return [entry for _, _, entry in sorted(scored, key=lambda item: item[:2])[:limit]]


def _entry(raw: dict[str, Any], kind: str) -> Entry:
    roles = [
        Role(
            title=str(role.get("title", "")),
            of=role.get("of"),
            to=role.get("to"),
            start=parse_date(role.get("start")),
            end=parse_date(role.get("end"), end=True),
        )
        for role in raw.get("roles") or []
    ]
    entry_type = raw.get("type") or {"countries": "COUNTRY", "people": "PERSON", "places": "PLACE"}.get(
        kind, ""
    )
    country = raw.get("country")
    if entry_type == "COUNTRY":
        country = raw.get("sovereign") or raw.get("id")
    return Entry(
        id=str(raw.get("id")),
        type=str(entry_type),
        name=str(raw.get("name")),
        kind=kind,
        aliases=[str(alias) for alias in raw.get("aliases") or []],
        acronyms=[str(acronym) for acronym in raw.get("acronyms") or []],
        country=country,
        roles=roles,
        data=raw,
        zh=_strings(raw.get("zh")),
        zh_metonyms=_strings(raw.get("zh_metonyms")),
        zh_generic=_strings(raw.get("zh_generic")),
    )


def _strings(value: Any) -> list[str]:
    """A YAML list of forms (or one form) as stripped strings, empty ones dropped."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [str(item).strip() for item in items if str(item).strip()]


def _formulation(raw: dict[str, Any]) -> Formulation:
    year = raw.get("year")
    return Formulation(
        id=str(raw.get("id")),
        name=str(raw.get("name")),
        category=str(raw.get("category") or "other"),
        en=[str(form) for form in raw.get("en") or []],
        zh=_strings(raw.get("zh")),
        origin=raw.get("origin"),
        year=int(year) if isinstance(year, int) or (isinstance(year, str) and year.isdigit()) else None,
        note=raw.get("note"),
    )


class _WordsLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML without implicit booleans: in these files "on", "no" and "false" are words, never flags."""


_WordsLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_files(directory: Path = KB_DIR) -> dict[str, dict[str, Any]]:
    """Every *.yaml file of a KB directory, by file stem."""
    files = {}
    for path in sorted(directory.glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            files[path.stem] = yaml.load(handle, Loader=_WordsLoader) or {}
    return files


@lru_cache(maxsize=4)
def load_kb(directory: str | None = None) -> KnowledgeBase:
    """The knowledge base from a directory (default: the bundled one), cached per process."""
    return KnowledgeBase(read_files(Path(directory) if directory else KB_DIR))
