"""Partnership levels between countries ("all-weather strategic cooperative partnership") as dated
relations, from kb/partnership_levels.yaml.

A level mentioned in a sentence is a relation between the two actors the sentence names nearest
to it (countries, bodies, and leaders for their country: "Xi and Putin agreed to deepen the ...
partnership" is CHN-RUS; in "The US and India signed a deal, and India has a special and
privileged strategic partnership with Russia" the level is India's and Russia's, not the first two
named); with one, China's own designations pair it with China. Its date is a concrete date the
sentence states (the nearest; "currently" and other vague references are none), else the date
the KB records for that pair, else the publication date.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import Any

from communique.annotators.dates import resolve_event_date
from communique.annotators.formulations import KeyPhraseIndex
from communique.kb import KnowledgeBase, load_kb


class PartnershipFinder:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.levels = {level["id"]: level for level in kb.partnership_levels}
        self._index = KeyPhraseIndex({level["id"]: level.get("en") or [] for level in kb.partnership_levels})
        # Chinese forms as exact strings, longest first ("全面战略协作伙伴关系" before "伙伴关系")
        self._zh_level = {
            str(form): level["id"] for level in kb.partnership_levels for form in level.get("zh") or []
        }
        forms = sorted(self._zh_level, key=len, reverse=True)
        self._zh = re.compile("|".join(map(re.escape, forms))) if forms else None
        self._since: dict[tuple[str, frozenset[str]], str] = {}
        for level in kb.partnership_levels:
            for pair in level.get("pairs") or []:
                self._since[(level["id"], frozenset(pair.get("countries", [])))] = str(pair.get("since"))

    def find(
        self,
        text: str,
        mentions: list,
        sentence_starts: list[int],
        published: str | None,
        dates: list[dict] | None = None,
    ) -> list[dict[str, Any]]:  # noqa: ANN001
        relations = []
        found = list(self._index.find(text))
        if self._zh is not None:
            found += [(self._zh_level[m.group(0)], m.start(), m.end()) for m in self._zh.finditer(text)]
            found.sort(key=lambda hit: hit[1])
        for level_id, start, end in found:
            sentence = max(bisect_right(sentence_starts, start) - 1, 0)
            low = sentence_starts[sentence]
            high = sentence_starts[sentence + 1] if sentence + 1 < len(sentence_starts) else len(text)
            clause_low, clause_high = _clause(text, low, high, start, end)
            pair = _pair(mentions, clause_low, clause_high, start, end)
            pair = pair or _pair(mentions, low, high, start, end)
            if not pair:
                continue
            level = self.levels[level_id]
            since = self._since.get((level_id, frozenset(pair)))
            in_clause = [
                d
                for d in dates or []
                if d.get("type") in ("DATE", "TIME") and clause_low <= d["start"] and d["end"] <= clause_high
            ]
            stated = resolve_event_date(in_clause, start, end, sentence)
            relations.append(
                {
                    "type": "partnership",
                    "level": level_id,
                    "name": level.get("name"),
                    "rank": level.get("rank"),
                    "parties": pair,
                    "date": stated or since or published,
                    "kb_since": since,
                    "sentence": sentence,
                    "start": start,
                    "end": end,
                    "text": text[start:end],
                }
            )
        return relations


_PARTY_TYPES = frozenset({"COUNTRY", "ORG", "REGION", "GROUPING", "PERSON"})
# where a clause of its own begins: "..., although India also maintains a ... partnership with Russia"
_CLAUSE_BREAK = re.compile(
    r"[;:；]|\s[—–]\s|,\s+(?:although|though|while|whereas|but|and|as|which|who|when|after|before)\b",
    re.IGNORECASE,
)


def _clause(text: str, low: int, high: int, start: int, end: int) -> tuple[int, int]:
    """The bounds of the clause the level stands in, within its sentence [low, high)."""
    clause_low = low
    for match in _CLAUSE_BREAK.finditer(text, low, start):
        clause_low = match.start()
    after = _CLAUSE_BREAK.search(text, end, high)
    return clause_low, after.start() if after else high


def _pair(mentions: list, low: int, high: int, start: int, end: int) -> list[str]:  # noqa: ANN001
    """Two parties named in [low, high), or one other than China with China (China's own ladder)."""
    pair = _parties(mentions, low, high, start, end)
    if len(pair) == 1 and pair[0] != "CHN":
        pair = ["CHN", pair[0]]
    return pair if len(pair) == 2 else []


def _parties(mentions: list, low: int, high: int, start: int, end: int) -> list[str]:  # noqa: ANN001
    """The two distinct parties named nearest the level in its sentence, in text order. A person
    stands for their country; a body for itself."""
    distance: dict[str, tuple[int, int]] = {}
    for mention in mentions:
        if not (low <= mention.start < high) or mention.type not in _PARTY_TYPES:
            continue
        if mention.type in ("COUNTRY", "PERSON"):
            party = mention.country or (mention.entity_id if mention.type == "COUNTRY" else None)
        else:
            party = mention.entity_id
        if not party:
            continue
        gap = start - mention.end if mention.end <= start else max(mention.start - end, 0)
        if party not in distance or gap < distance[party][0]:
            distance[party] = (gap, mention.start)
    nearest = sorted(distance, key=lambda party: distance[party])[:2]
    return sorted(nearest, key=lambda party: distance[party][1])


@lru_cache(maxsize=4)
def partnership_finder(kb_dir: str | None = None) -> PartnershipFinder:
    """One finder per KB directory (the Chinese path builds no spaCy component)."""
    return PartnershipFinder(load_kb(kb_dir))
