"""Partnership levels between countries ("all-weather strategic cooperative partnership") as dated
relations, from kb/partnership_levels.yaml.

A level mentioned in a sentence is a relation between the two actors the sentence names (the
first two distinct countries or bodies; with one, China's own designations pair it with China
only when the level is a Chinese one). Its date is the date the sentence refers to, else the
date the KB records for that pair, else the publication date.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from communique.annotators.formulations import KeyPhraseIndex
from communique.kb import KnowledgeBase


class PartnershipFinder:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.levels = {level["id"]: level for level in kb.partnership_levels}
        self._index = KeyPhraseIndex({level["id"]: level.get("en") or [] for level in kb.partnership_levels})
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
        for level_id, start, end in self._index.find(text):
            sentence = max(bisect_right(sentence_starts, start) - 1, 0)
            low = sentence_starts[sentence]
            high = sentence_starts[sentence + 1] if sentence + 1 < len(sentence_starts) else len(text)
            parties: list[str] = []
            for mention in mentions:
                if low <= mention.start < high and mention.type in ("COUNTRY", "ORG", "REGION", "GROUPING"):
                    party = (
                        mention.country
                        if mention.type == "COUNTRY" and mention.country
                        else mention.entity_id
                    )
                    if party and party not in parties:
                        parties.append(party)
            if len(parties) == 1 and parties[0] != "CHN":
                parties = ["CHN", parties[0]]
            if len(parties) < 2:
                continue
            level = self.levels[level_id]
            pair = parties[:2]
            since = self._since.get((level_id, frozenset(pair)))
            stated = next(
                (
                    d["value"]
                    for d in dates or []
                    if d.get("sentence") == sentence and d.get("value") and d.get("type") == "DATE"
                ),
                None,
            )
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
