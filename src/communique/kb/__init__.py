"""The knowledge base: countries, organisations, initiatives, people, regions, places and
formulations, loaded from the YAML files beside this module (see docs/knowledge-base.md).

Knowledge is data: this module only loads and indexes it, it holds no facts of its own.
"""

from __future__ import annotations

import calendar
import hashlib
import os
import pickle
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
    """Every *.yaml file of a KB directory, by file stem.

    Parsing 1.5 MB of YAML costs about a second at every start, more than loading the spaCy
    model's weights, so the parsed files are kept in a pickle under the user's cache directory
    (`COMMUNIQUE_CACHE_DIR`, else `$XDG_CACHE_HOME/communique`; set the variable to an empty
    string to turn it off), named by the files' paths, sizes and modification times: an edited
    file is read again. A cache that cannot be read or written is ignored.
    """
    paths = sorted(directory.glob("*.yaml"))
    cached = _cache_file(directory, paths)
    if cached is not None:
        try:
            with cached.open("rb") as handle:
                return pickle.load(handle)
        except Exception:  # noqa: BLE001 - whatever is wrong with a cache, the YAML is the truth
            pass
    files = {}
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            files[path.stem] = yaml.load(handle, Loader=_WordsLoader) or {}
    if cached is not None:
        _write_cache(cached, files)
    return files


_CACHE_FORMAT = "1"


def _cache_file(directory: Path, paths: list[Path]) -> Path | None:
    """Where this KB directory's parsed files are cached, or None when caching is off."""
    root = os.environ.get("COMMUNIQUE_CACHE_DIR")
    if root is None:
        try:
            root = str(Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "communique")
        except RuntimeError:  # no home directory (a bare container user): no cache
            return None
    if not root:
        return None
    place = hashlib.sha1(str(directory.resolve()).encode()).hexdigest()[:12]
    state = hashlib.sha1(_CACHE_FORMAT.encode())
    for path in paths:
        stat = path.stat()
        state.update(f"{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return Path(root) / f"kb-{place}-{state.hexdigest()[:16]}.pickle"


def _write_cache(cached: Path, files: dict[str, dict[str, Any]]) -> None:
    """Written beside and renamed, so a reader never sees half a file; older versions removed."""
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.partial")
        with partial.open("wb") as handle:
            pickle.dump(files, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, cached)
        place = cached.name.rsplit("-", 1)[0]
        for old in cached.parent.glob(f"{place}-*.pickle"):
            if old != cached:
                old.unlink(missing_ok=True)
    except OSError:
        pass


@lru_cache(maxsize=4)
def load_kb(directory: str | None = None) -> KnowledgeBase:
    """The knowledge base from a directory (default: the bundled one), cached per process."""
    return KnowledgeBase(read_files(Path(directory) if directory else KB_DIR))
