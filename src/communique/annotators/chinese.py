"""Chinese documents: sentences, actors, formulations (and dates and figures, see `chinese_dates`).

Chinese text skips the English spaCy model. Actors are found by one Aho-Corasick pass over the
characters for every Chinese form in the knowledge base (`zh`, `zh_metonyms`, `zh_generic`), then:

1. **Longest match wins**: 中国人民银行 is the central bank, 发展中国家 a grouping, 巴基斯坦 not 巴.
2. **Guards** for a name inside a longer word (there are no word boundaries): 美国 in 欧美国家
   (欧美 + 国家), 蒙古 in 蒙古族, a country name at the head of an organisation name the KB does not
   know (巴基斯坦国立科技大学), a person's name that is also a word (高峰, 汪洋) unless a title precedes.
3. **Generic names** (外交部, 国防部, 国务院) belong to the country named right before them (巴基斯坦
   外交部, 美国务院), else to the document's most-mentioned country.
4. **Abbreviations** of diplomatic Chinese, from `kb/chinese.yaml`: two or three single-character
   party abbreviations followed by a relational word (中美关系, 中日韩合作, 中巴双方 → one mention
   per character), an abbreviation before 方 (中方, 美方), or before a generic name (美国务院).
   Single characters are never matched anywhere else.
5. **Titles**: a surname before a title (习主席, 王外长) is the person with that surname mentioned in
   the document, else the only KB person with that surname in office on the publication date; an
   unknown name after a title and before a speech verb (发言人陈斌华表示) is an unlinked person.
6. **Role**: after a locative (在, 于, 赴, 前往) a country, region or capital is a place; KB places
   are always places.

All of it is data in `kb/chinese.yaml`; docs/linking.md explains the rules.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import ahocorasick

from communique.annotators.actors import Mention
from communique.kb import Entry, KnowledgeBase, load_kb

NAME, METONYM, GENERIC = "name", "metonym", "generic"
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]*")
# Same-length folding so that offsets stay text offsets: dashes and brackets have ASCII and full-width
# variants in Chinese text (中国-东盟, 中国—东盟; 刚果(金), 刚果（金）).
_FOLD = str.maketrans({"-": "—", "–": "—", "－": "—", "‐": "—", "‑": "—", "(": "（", ")": "）", "“": "“"})
_DIGITS = frozenset("0123456789０１２３４５６７８９〇一二三四五六七八九十百千两几")
_SPEECH = (
    "表示",
    "说",
    "指出",
    "强调",
    "称",
    "介绍",
    "回答",
    "宣布",
    "答问",
    "会见",
    "出席",
    "会晤",
    "在",
    "于",
    "应",
)
# characters after which a surname can start (会见习主席, 向王外长): elsewhere 学习主席 is 学习 + 主席
_BEFORE_NAME = frozenset("，、。；：的和与同及对向给见请由据称让")
_TYPE_ORDER = ["COUNTRY", "ORG", "GROUPING", "REGION", "INITIATIVE", "PERSON", "PLACE"]


def is_chinese(text: str, sample: int = 400) -> bool:
    """Mostly Chinese characters: the same test as language identification (documents/language.py)."""
    head = text[:sample]
    return bool(head.strip()) and len(_CJK.findall(head)) > len(head) * 0.3


def sentences_of(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _CJK_SENTENCE.finditer(text) if m.group(0).strip()]


@dataclass(frozen=True)
class ZhForm:
    entry_id: str
    how: str


class ChineseLinker:
    """Actor mentions in Chinese text (see the module docstring for the rules)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        rules = kb.files.get("chinese", {}) or {}
        forms: dict[str, list[ZhForm]] = {}
        for entry in kb.entries.values():
            for how, surfaces in (
                (NAME, entry.zh),
                (METONYM, entry.zh_metonyms),
                (GENERIC, entry.zh_generic),
            ):
                for surface in surfaces:
                    key = surface.translate(_FOLD)
                    if len(key) < 2:
                        continue  # single characters are abbreviations, handled by rule only
                    form = ZhForm(entry.id, how)
                    bucket = forms.setdefault(key, [])
                    if form not in bucket:
                        bucket.append(form)
        # phrases in which a name is a concept, not a mention (一个中国原则): matched, then dropped
        for phrase in rules.get("not_mentions") or []:
            forms.setdefault(str(phrase).translate(_FOLD), [])
        self.automaton = ahocorasick.Automaton()
        for key, candidates in forms.items():
            self.automaton.add_word(key, (len(key), tuple(candidates)))
        self._empty = not forms
        if not self._empty:
            self.automaton.make_automaton()
        self.size = len(forms)
        # generic form -> {country: entry id}
        self.generic: dict[str, dict[str | None, str]] = {}
        for entry in kb.entries.values():
            for surface in entry.zh_generic:
                self.generic.setdefault(surface.translate(_FOLD), {})[entry.country] = entry.id
        self.abbreviations: dict[str, list[str]] = {
            str(unit): list(ids or []) for unit, ids in (rules.get("abbreviations") or {}).items()
        }
        self._units = sorted(self.abbreviations, key=len, reverse=True)
        self.fixed: dict[str, list[str | None]] = {
            str(compound): list(ids or []) for compound, ids in (rules.get("fixed_compounds") or {}).items()
        }
        self._fixed_order = sorted(self.fixed.items(), key=lambda item: -len(item[0]))
        self._relational = tuple(
            sorted((str(w) for w in rules.get("relational_words") or []), key=len, reverse=True)
        )
        self.side_units = frozenset(str(u) for u in rules.get("side_abbreviations") or [])
        self.side_suffix = str(rules.get("side_suffix") or "方")
        self.side_blockers = tuple(str(w) for w in rules.get("side_blockers") or [])
        self.side_exceptions = tuple(str(w) for w in rules.get("side_word_exceptions") or [])
        self.word_endings = frozenset(str(w) for w in rules.get("word_endings") or [])
        self._ending_lengths = sorted({len(w) for w in self.word_endings}, reverse=True)
        self.name_blockers = [
            (str(b.get("ending") or ""), tuple(str(n) for n in b.get("next") or []))
            for b in rules.get("name_blockers") or []
        ]
        self.organisation_heads = tuple(str(h) for h in rules.get("organisation_heads") or [])
        self.organisation_gap = int(rules.get("organisation_gap") or 0)
        self.function_characters = frozenset(str(rules.get("function_characters") or ""))
        self.locatives = tuple(sorted((str(w) for w in rules.get("locatives") or []), key=len, reverse=True))
        self.locative_exceptions = tuple(str(w) for w in rules.get("locative_exceptions") or [])
        self.needs_title = frozenset(str(n) for n in rules.get("needs_title") or [])
        self.titles = tuple(sorted((str(t) for t in rules.get("titles") or []), key=len, reverse=True))
        self.surnames = str(rules.get("surnames") or "")
        self._people_by_surname: dict[str, list[Entry]] = {}
        for person in kb.of_type("PERSON"):
            if person.country in ("CHN", "TWN", "HKG", "MAC", "SGP") and person.zh:
                for surname in {person.zh[0][:1]} | ({person.zh[0][:2]} if len(person.zh[0]) == 4 else set()):
                    self._people_by_surname.setdefault(surname, []).append(person)
        self._title_re = (
            re.compile(
                "("
                + "|".join(map(re.escape, self.titles))
                + ")"
                + "(["
                + re.escape(self.surnames)
                + "][\u4e00-\u9fff]{1,2}?)"
                + "(?="
                + "|".join(map(re.escape, _SPEECH))
                + r"|\d|[，、。])"
            )
            if self.titles and self.surnames
            else None
        )

    # ------------------------------------------------------------------ public

    def link(self, text: str, published: date | None = None) -> list[Mention]:
        """Mentions in `text`, sorted by start, in the same shape as English ones."""
        if self._empty or not _CJK.search(text):
            return []
        folded = text.translate(_FOLD)
        spans = []
        for last, (size, forms) in self.automaton.iter(folded):
            start, end = last - size + 1, last + 1
            spans.append((start, end, forms))
        kept: list[tuple[int, int, tuple[ZhForm, ...]]] = []
        for start, end, forms in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
            if any(start < e and s < end for s, e, _ in kept):
                continue
            if not self._acceptable(folded, start, end, forms):
                continue
            kept.append((start, end, forms))
        kept.sort(key=lambda s: s[0])
        mentions = [m for m in (self._mention(text, s, e, forms) for s, e, forms in kept if forms)]
        blocked = [(s, e) for s, e, forms in kept if not forms]
        mentions.extend(self._abbreviation_mentions(text, folded, mentions, blocked))
        mentions.sort(key=lambda m: m.start)
        self._resolve_abbreviations(mentions)
        self._resolve_generic(text, mentions)
        mentions = [m for m in mentions if m.entity_id is not None or m.how == "unlinked"]
        mentions.extend(self._title_mentions(text, mentions, published))
        mentions.sort(key=lambda m: m.start)
        for mention in mentions:
            self._assign_role(text, mention)
        return mentions

    # ------------------------------------------------------------------ guards

    def _acceptable(self, text: str, start: int, end: int, forms: tuple[ZhForm, ...]) -> bool:
        surface = text[start:end]
        after = text[end : end + 2]
        entries = [self.kb.entries[f.entry_id] for f in forms if f.entry_id in self.kb.entries]
        if not entries:
            return not forms  # a not_mentions phrase: kept, so that it covers the names inside it
        if all(f.how == NAME for f in forms) and all(e.type == "COUNTRY" for e in entries):
            for ending, following in self.name_blockers:
                if surface.endswith(ending) and after.startswith(following):
                    return False
            if self._heads_organisation(text, end):
                return False
        if surface in self.needs_title and not self._title_before(text, start):
            return False
        # 中韩正式 is 中韩 + 正式, not 韩正
        return not (
            all(e.type == "PERSON" for e in entries)
            and start > 0
            and surface[:1] in self.abbreviations
            and text[start - 1] in self.abbreviations
        )

    def _heads_organisation(self, text: str, end: int) -> bool:
        for gap in range(self.organisation_gap + 1):
            between = text[end : end + gap]
            if any(c in self.function_characters or not _CJK.match(c) for c in between):
                return False
            if text.startswith(self.organisation_heads, end + gap):
                return True
        return False

    def _title_before(self, text: str, start: int) -> bool:
        return any(text.endswith(title, 0, start) for title in self.titles)

    # ------------------------------------------------------------------ mentions

    def _mention(self, text: str, start: int, end: int, forms: tuple[ZhForm, ...]) -> Mention:
        if any(f.how == GENERIC for f in forms) and not any(f.how != GENERIC for f in forms):
            return Mention(start, end, text[start:end], None, "ORG", how=GENERIC)
        named = [f for f in forms if f.how != GENERIC]
        named.sort(key=lambda f: _TYPE_ORDER.index(self.kb.entries[f.entry_id].type))
        form = named[0]
        entry = self.kb.entries[form.entry_id]
        return Mention(start, end, text[start:end], entry.id, entry.type, country=entry.country, how=form.how)

    def _abbreviation_mentions(
        self, text: str, folded: str, mentions: list[Mention], blocked: list[tuple[int, int]]
    ) -> list[Mention]:
        covered = [(m.start, m.end) for m in mentions] + blocked
        found: list[Mention] = []

        def free(start: int, end: int) -> bool:
            return all(end <= s or start >= e for s, e in covered)

        i = 0
        length = len(text)
        while i < length:
            if not _CJK.match(folded[i]) or not free(i, i + 1):
                i += 1
                continue
            if self._ends_word(folded, i) or (i > 0 and folded[i - 1] in _DIGITS):
                i += 1
                continue
            fixed = self._fixed(folded, i, free)
            if fixed is not None:
                taken = fixed
                if not taken:  # a blocking word such as 非法
                    i += 2
                    continue
            else:
                units = self._run(folded, i, free)
                if not units:
                    i += 1
                    continue
                taken = self._compound(folded, units) or self._side(folded, units[0], free)
            if taken:
                for start, end, ids in taken:
                    mention = Mention(
                        start, end, text[start:end], ids[0] if ids else None, "COUNTRY", how="abbreviation"
                    )
                    mention.name = "|".join(ids)  # the candidates, resolved against the document later
                    found.append(mention)
                covered.extend((s, e) for s, e, _ in taken)
                i = taken[-1][1]
                continue
            i += 1
        # an abbreviation right before a generic name: 美国务院, 巴外交部
        for mention in mentions:
            if mention.how != GENERIC or mention.start == 0:
                continue
            for unit in self._units:
                start = mention.start - len(unit)
                if start >= 0 and folded.startswith(unit, start) and free(start, mention.start):
                    if self._ends_word(folded, start) or (start > 0 and folded[start - 1] in _DIGITS):
                        break
                    ids = self.abbreviations[unit]
                    found.append(
                        Mention(
                            start,
                            mention.start,
                            text[start : mention.start],
                            ids[0],
                            "COUNTRY",
                            how="abbreviation",
                        )
                    )
                    found[-1].name = "|".join(ids)
                    covered.append((start, mention.start))
                    break
        for mention in found:
            entry = self.kb.entries.get(mention.entity_id or "")
            if entry is not None:
                mention.type, mention.country = entry.type, entry.country
        return found

    def _run(self, text: str, i: int, free) -> list[tuple[int, int, list[str]]]:  # noqa: ANN001
        """Up to three consecutive abbreviation units from i (longest unit first), none inside a
        mention already found."""
        units = []
        while len(units) < 3 and i < len(text):
            unit = next((u for u in self._units if text.startswith(u, i)), None)
            if unit is None or not free(i, i + len(unit)):
                break
            units.append((i, i + len(unit), self.abbreviations[unit]))
            i += len(unit)
        return units

    def _ends_word(self, text: str, i: int) -> bool:
        """The character at i closes an ordinary word (其中, 完美, 今日): it is no abbreviation."""
        return any(
            i + 1 - n >= 0 and text[i + 1 - n : i + 1] in self.word_endings for n in self._ending_lengths
        )

    def _fixed(self, text: str, start: int, free) -> list[tuple[int, int, list[str]]] | None:  # noqa: ANN001
        """A compound with a fixed reading (巴以冲突), [] for a blocking word (非法), None otherwise."""
        for compound, ids in self._fixed_order:
            end = start + len(compound)
            if not text.startswith(compound, start) or not free(start, end):
                continue
            if not ids:
                return []
            if not text.startswith(self._relational, end):
                return None
            return [(start + k, start + k + 1, [ids[k]] if ids[k] else []) for k in range(len(compound))]
        return None

    def _compound(self, text: str, units) -> list[tuple[int, int, list[str]]]:  # noqa: ANN001
        for count in range(len(units), 1, -1):
            if text.startswith(self._relational, units[count - 1][1]):
                return list(units[:count])
        return []

    def _side(self, text: str, unit, free) -> list[tuple[int, int, list[str]]]:  # noqa: ANN001
        start, end, ids = unit
        if text[start:end] not in self.side_units or not text.startswith(self.side_suffix, end):
            return []
        if text.startswith(self.side_blockers, end) and not text.startswith(self.side_exceptions, end):
            return []
        return [(start, end, ids)] if free(start, end + 1) else []

    # ------------------------------------------------------------------ resolution

    def _resolve_generic(self, text: str, mentions: list[Mention]) -> None:
        """外交部 after 巴基斯坦 (or 巴) is Pakistan's; alone, the main country's (else China's)."""
        countries = Counter(m.country for m in mentions if m.entity_id and m.type == "COUNTRY")
        main = countries.most_common(1)[0][0] if countries else "CHN"
        by_end = {m.end: m for m in mentions if m.entity_id and m.how != GENERIC}
        for mention in mentions:
            if mention.how != GENERIC:
                continue
            options = self.generic.get(mention.text.translate(_FOLD), {})
            before = by_end.get(mention.start)
            if before is not None and before.type == "COUNTRY":
                entry_id = options.get(before.entity_id)
            else:
                entry_id = options.get(main) or options.get("CHN")
            if entry_id is not None:
                entry = self.kb.entries[entry_id]
                mention.entity_id, mention.type, mention.country = entry.id, entry.type, entry.country

    def _resolve_abbreviations(self, mentions: list[Mention]) -> None:
        """巴 is the first listed party unless the document names another candidate in full."""
        named = {m.entity_id for m in mentions if m.how in (NAME, METONYM)}
        for mention in mentions:
            if mention.how != "abbreviation":
                continue
            candidates = [c for c in (mention.name or "").split("|") if c]
            mention.name = None
            if not candidates:
                mention.entity_id = None
                continue
            chosen = next((c for c in candidates if c in named), candidates[0])
            entry = self.kb.entries[chosen]
            mention.entity_id, mention.type, mention.country = entry.id, entry.type, entry.country

    def _title_mentions(self, text: str, mentions: list[Mention], published: date | None) -> list[Mention]:
        """习主席, 王外长: a surname before a title; 发言人陈斌华表示: an unknown name after one."""
        found: list[Mention] = []
        taken = [(m.start, m.end) for m in mentions]
        in_document = {m.entity_id for m in mentions if m.type == "PERSON"}

        def free(start: int, end: int) -> bool:
            return all(end <= s or start >= e for s, e in taken)

        for title in self.titles:
            for match in re.finditer(re.escape(title), text):
                for size in (2, 1):
                    start = match.start() - size
                    if start < 0 or not free(start, match.start()) or not free(match.start(), match.end()):
                        continue
                    surname = text[start : match.start()]
                    people = self._people_by_surname.get(surname, [])
                    if not people or (
                        start > 0 and _CJK.match(text[start - 1]) and text[start - 1] not in _BEFORE_NAME
                    ):
                        continue
                    mentioned = [p for p in people if p.id in in_document]
                    chosen = mentioned if mentioned else [p for p in people if _in_office(p, published)]
                    if len(chosen) == 1:
                        person = chosen[0]
                        found.append(
                            Mention(
                                start,
                                match.start(),
                                surname,
                                person.id,
                                "PERSON",
                                country=person.country,
                                how="title",
                            )
                        )
                        taken.append((start, match.start()))
                        break
        if self._title_re is not None:
            for match in self._title_re.finditer(text):
                start, end = match.span(2)
                if free(start, end) and not text.startswith(self.titles, start):
                    found.append(
                        Mention(
                            start, end, match.group(2), None, "PERSON", name=match.group(2), how="unlinked"
                        )
                    )
                    taken.append((start, end))
        return found

    def _assign_role(self, text: str, mention: Mention) -> None:
        if mention.type == "PLACE" or (
            mention.type in ("COUNTRY", "REGION", "GROUPING")
            and text.endswith(self.locatives, 0, mention.start)
            and not text.startswith(self.locative_exceptions, mention.end)
        ):
            mention.role = "place"


def _in_office(person: Entry, day: date | None) -> bool:
    if day is None:
        return False
    return any(role.held_on(day) and not role.title.startswith("Member of") for role in person.roles)


@lru_cache(maxsize=4)
def chinese_linker(kb_dir: str | None = None) -> ChineseLinker:
    return ChineseLinker(load_kb(kb_dir))


def chinese_annotations(
    text: str,
    matcher,  # noqa: ANN001 - FormulationMatcher or None
    kb: KnowledgeBase | None = None,
    published: date | None = None,
    linker: ChineseLinker | None = None,
) -> dict[str, Any]:
    """The contract's annotation fields for one Chinese document."""
    from communique.annotators.pipeline import group_entities, group_formulations
    from communique.annotators.relations import PartnershipFinder, partnership_finder

    kb = kb or load_kb()
    linker = linker or (chinese_linker() if kb is load_kb() else ChineseLinker(kb))
    sentences = sentences_of(text)
    starts = [s for s, _ in sentences] or [0]
    formulations = matcher.find(text) if matcher else []
    actors = linker.link(text, published)
    figures = chinese_figures() if kb is load_kb() else ChineseFigures(kb)
    dates = figures.dates(text, starts, published)
    return {
        "sentences": [{"start": s, "end": e} for s, e in sentences],
        "entities": group_entities(actors, starts, kb, published),
        "formulations": group_formulations(formulations, starts),
        "claims": figures.claims(text, starts, actors, dates),
        "dates": dates,
        "events": [],
        "relations": (partnership_finder() if kb is load_kb() else PartnershipFinder(kb)).find(
            text, actors, starts, published.isoformat() if published else None, dates
        ),
        "stance": [],
    }


# ---------------------------------------------------------------------------- dates and figures

_ABS_DATE = re.compile(
    r"(?<![0-9０-９])(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月)?(?:(?P<d>\d{1,2})(?:日|号))?(?![0-9])"
)
_NUMBER = re.compile(r"(?P<n>\d+(?:,\d{3})*(?:\.\d+)?)")


class ChineseFigures:
    """Dates (2023年3月14日, 3月14日, 20日, 今年, 上周) and figures (2000亿只口罩, 120多个国家,
    45周年, 571亿元, 23.8%) in Chinese text, in the contract's `dates` and `claims` shape."""

    def __init__(self, kb: KnowledgeBase) -> None:
        rules = kb.files.get("chinese", {}) or {}
        self.relative = {
            str(k): (str(v[0]), int(v[1])) for k, v in (rules.get("relative_dates") or {}).items()
        }
        self.multipliers = {str(k): float(v) for k, v in (rules.get("multipliers") or {}).items()}
        self.before = {str(k): str(v or "") for k, v in (rules.get("qualifiers_before") or {}).items()}
        self.after = {str(k): str(v or "") for k, v in (rules.get("qualifiers_after") or {}).items()}
        self.currencies = {str(k): str(v) for k, v in (rules.get("currencies") or {}).items()}
        self.measure_words = tuple(str(w) for w in rules.get("measure_words") or [])
        self.unit_stops = frozenset(str(rules.get("unit_stops") or ""))
        self.change_words = {str(k): int(v) for k, v in (rules.get("change_words") or {}).items()}
        self.comparison_markers = tuple(str(w) for w in rules.get("comparison_markers") or [])
        words = sorted(self.relative, key=len, reverse=True)
        self._relative_re = re.compile("|".join(map(re.escape, words))) if words else None

    # ------------------------------------------------------------------ dates

    def dates(self, text: str, starts: list[int], published: date | None) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for match in _ABS_DATE.finditer(text):
            y, m, d = match.group("y"), match.group("m"), match.group("d")
            if not (y or m or d) or (y and d and not m):
                continue
            if y and not m and text.startswith("代", match.end()):
                continue  # 1990年代 is a decade
            if y:
                value = y + (f"-{int(m):02d}" if m else "") + (f"-{int(d):02d}" if m and d else "")
                granularity = "day" if m and d else "month" if m else "year"
                anchor = "absolute"
            else:
                granularity = "day" if d else "month"
                if published is None:
                    value, anchor = None, None
                elif m:
                    value = f"{published.year}-{int(m):02d}" + (f"-{int(d):02d}" if d else "")
                    anchor = "published"
                else:
                    value, anchor = f"{published.year}-{published.month:02d}-{int(d):02d}", "published"
            if not _valid(value):
                continue
            found.append(_date_record(text, starts, match.start(), match.end(), value, granularity, anchor))
        if self._relative_re is not None:
            for match in self._relative_re.finditer(text):
                unit, offset = self.relative[match.group(0)]
                value = _shift(published, unit, offset) if published else None
                found.append(
                    _date_record(
                        text, starts, match.start(), match.end(), value, unit, "published" if value else None
                    )
                )
        return sorted(found, key=lambda record: record["start"])

    # ------------------------------------------------------------------ figures

    def claims(
        self,
        text: str,
        starts: list[int],
        mentions: list[Mention],
        dates: list[dict[str, Any]] | None = None,
    ) -> list[dict[str, Any]]:
        """Figures; with the document's `dates`, each dated by the last concrete date before it in
        its sentence ("2022年，中国与东盟贸易额达到9753亿美元": 2022), not by a comparison base
        ("比2021年增长5%")."""
        found: list[dict[str, Any]] = []
        for match in _NUMBER.finditer(text):
            start, end = match.span()
            if text.startswith(("年", "月", "日", "号"), end) or (start > 0 and text[start - 1] in "年月"):
                continue  # a date
            value = float(match.group("n").replace(",", ""))
            qualifier = ""
            for word in sorted(self.before, key=len, reverse=True):
                if text.endswith(word, 0, start):
                    qualifier, start = self.before[word], start - len(word)
                    break
            scale = next(
                (w for w in sorted(self.multipliers, key=len, reverse=True) if text.startswith(w, end)), ""
            )
            if scale:
                value *= self.multipliers[scale]
                end += len(scale)
            for word, meaning in self.after.items():
                if text.startswith(word, end):
                    qualifier, end = meaning, end + len(word)
                    break
            record: dict[str, Any] | None = None
            sign = self._change_sign(text, start)
            if text.startswith(("%", "％"), end):
                record = {"value": value, "unit": "percent", "kind": "change" if sign else "percent"}
                end += 1
            elif text.startswith("周年", end):
                record = {"value": value, "unit": "anniversary", "kind": "anniversary"}
                end += 2
            else:
                currency = next(
                    (c for c in sorted(self.currencies, key=len, reverse=True) if text.startswith(c, end)), ""
                )
                if currency:
                    record = {
                        "value": value,
                        "unit": self.currencies[currency],
                        "kind": "money",
                        "currency": self.currencies[currency],
                    }
                    end += len(currency)
                elif text.startswith(self.measure_words, end):
                    noun_start = end + 1
                    noun_end = noun_start
                    while (
                        noun_end < len(text)
                        and noun_end - noun_start < 4
                        and _CJK.match(text[noun_end])
                        and text[noun_end] not in self.unit_stops
                    ):
                        noun_end += 1
                    if noun_end > noun_start:
                        record = {"value": value, "unit": text[noun_start:noun_end], "kind": "count"}
                        end = noun_end
            if record is None:
                continue
            if sign and record["kind"] in ("change", "money"):
                record["kind"] = "change"
                record["value"] = sign * record["value"]
            sentence = _sentence_index(starts, start)
            # the actor the figure is about: the only one the sentence names before it
            before = {
                m.entity_id
                for m in mentions
                if m.entity_id
                and m.how != GENERIC
                and _sentence_index(starts, m.start) == sentence
                and m.end <= start
            }
            about = next(iter(before)) if len(before) == 1 else None
            record.update(
                {
                    "value_max": None,
                    "qualifier": qualifier or None,
                    "about": about,
                    "date": self._date_of(text, dates or [], sentence, start),
                    "modality": "asserted",
                    "sentence": sentence,
                    "start": start,
                    "end": end,
                    "text": text[start:end],
                }
            )
            record.setdefault("currency", None)
            if float(record["value"]).is_integer():
                record["value"] = int(record["value"])
            found.append(record)
        return found

    def _change_sign(self, text: str, start: int) -> int:
        """+1/-1 when a change word stands right before the figure (了 between allowed), else 0."""
        before = text[max(0, start - 4) : start].removesuffix("了")
        for word, sign in self.change_words.items():
            if before.endswith(word):
                return sign
        return 0

    def _date_of(self, text: str, dates: list[dict[str, Any]], sentence: int, start: int) -> str | None:
        candidates = [
            d
            for d in dates
            if d.get("sentence") == sentence
            and d.get("value")
            and d["end"] <= start
            and not text.endswith(self.comparison_markers, 0, d["start"])
        ]
        return candidates[-1]["value"] if candidates else None


def _valid(value: str | None) -> bool:
    if value is None:
        return True
    parts = [int(p) for p in value.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def _shift(day: date, unit: str, offset: int) -> str:
    from datetime import timedelta

    if unit == "year":
        return str(day.year + offset)
    if unit == "month":
        month = day.year * 12 + day.month - 1 + offset
        return f"{month // 12}-{month % 12 + 1:02d}"
    if unit == "week":
        year, week, _ = (day + timedelta(weeks=offset)).isocalendar()
        return f"{year}-W{week:02d}"
    return (day + timedelta(days=offset)).isoformat()


def _sentence_index(starts: list[int], offset: int) -> int:
    from bisect import bisect_right

    return max(bisect_right(starts, offset) - 1, 0)


def _date_record(
    text: str,
    starts: list[int],
    start: int,
    end: int,
    value: str | None,
    granularity: str,
    anchor: str | None,
) -> dict[str, Any]:
    return {
        "text": text[start:end],
        "value": value,
        "type": "DATE",
        "granularity": granularity,
        "anchor": anchor if value is not None else None,
        "sentence": _sentence_index(starts, start),
        "start": start,
        "end": end,
    }


@lru_cache(maxsize=4)
def chinese_figures(kb_dir: str | None = None) -> ChineseFigures:
    return ChineseFigures(load_kb(kb_dir))
