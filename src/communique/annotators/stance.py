"""Stance of one actor towards another in a document, in [-1, 1], with the sentences behind it.

Two signals, both from data: the events' quad classes (verbal and material cooperation count
for, verbal and material conflict against; negated events count half the other way, hypothetical
and requested ones half) and an evaluative lexicon (kb/stance.yaml) for sentences where the
source is subject-side and the target is named. The score is the weighted mean, squashed to [-1, 1].

An evaluative word counts the other way after a negator ("not constructive", "no hostility") and
not at all as the object of a negative word ("seriously threaten peace and stability",
"undermine mutual trust": the threat counts, the peace it threatens does not), so that a protest
is not scored as warmth. `events` counts events only, not the lexicon's contributions.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from communique.kb import KnowledgeBase

QUAD_WEIGHT = {1: 0.5, 2: 1.0, 3: -0.5, 4: -1.0}
MODALITY_FACTOR = {
    "asserted": 1.0,
    "planned": 0.8,
    "negated": -0.5,
    "hypothetical": 0.5,
    "normative": 0.5,
    "requested": 0.5,
}


class StanceScorer:
    def __init__(self, kb: KnowledgeBase) -> None:
        lexicon = kb.files.get("stance", {})
        self.positive = _pattern(lexicon.get("positive", []))
        self.negative = _pattern(lexicon.get("negative", []))
        self.negators = frozenset(str(w).lower() for w in lexicon.get("negators", []))
        self.fillers = frozenset(str(w).lower() for w in lexicon.get("negation_fillers", []))
        self.window = int(lexicon.get("object_window", 2))

    def score(
        self, events: list[dict[str, Any]], sentences: list[tuple[int, int]], text: str, mentions: list
    ) -> list[dict[str, Any]]:  # noqa: ANN001
        totals: dict[tuple[str, str], list[float]] = defaultdict(list)
        evidence: dict[tuple[str, str], set[int]] = defaultdict(set)
        counted: dict[tuple[str, str], int] = defaultdict(int)
        for event in events:
            source, target = event.get("source"), event.get("target")
            if not source or not target or not source.get("entity") or not target.get("entity"):
                continue
            if source["entity"] == target["entity"]:
                continue
            weight = QUAD_WEIGHT.get(event.get("quad_class") or 0, 0.0)
            weight *= MODALITY_FACTOR.get(event.get("modality") or "asserted", 1.0)
            key = (source["entity"], target["entity"])
            totals[key].append(weight)
            evidence[key].add(event["sentence"])
            counted[key] += 1
        lexicon: dict[int, int] = {}
        for key in list(totals):
            for sentence in evidence[key].copy():
                if sentence not in lexicon:
                    start, end = sentences[sentence]
                    lexicon[sentence] = self.lexical(text[start:end])
                lexical = lexicon[sentence]
                if lexical:
                    totals[key].append(max(-1.0, min(1.0, 0.25 * lexical)))
        results = []
        for (source, target), weights in totals.items():
            score = sum(weights) / len(weights)
            results.append(
                {
                    "source": source,
                    "target": target,
                    "score": round(max(-1.0, min(1.0, score)), 3),
                    "events": counted[(source, target)],
                    "sentences": sorted(evidence[(source, target)]),
                }
            )
        return sorted(results, key=lambda r: (r["source"], r["target"]))

    def lexical(self, words: str) -> int:
        """Positive minus negative evaluative words of a sentence, negators and objects of negative
        words accounted for."""
        if not self.positive or not self.negative:
            return 0
        hits = sorted(
            [(m.start(), m.end(), 1) for m in self.positive.finditer(words)]
            + [(m.start(), m.end(), -1) for m in self.negative.finditer(words)]
        )
        total = 0
        negative_end = absorbed_end = -1
        for start, end, sign in hits:
            if sign > 0 and (
                (negative_end >= 0 and self._near(words[negative_end:start]))
                or (absorbed_end >= 0 and words[absorbed_end:start].strip() in ("and", "or", ","))
            ):
                absorbed_end = end  # "threaten peace and stability": what a negative word acts on
                continue
            if self._negated(words[:start]):
                sign = -sign
            total += sign
            if sign < 0:
                negative_end = end
        return total

    def _near(self, between: str) -> bool:
        """At most `window` words and no clause break between a negative word and a positive one."""
        return not re.search(r"[,;:.!?]", between) and len(between.split()) <= self.window

    def _negated(self, before: str) -> bool:
        """A negator right before an evaluative word, fillers aside ("not constructive", "not a
        threat", "no hostility"; not "will never accept interference")."""
        for word in reversed(before.split()[-4:]):
            word = word.lower().strip("\"'“”‘’()")
            if word in self.negators or word.endswith(("n't", "n’t")):
                return True
            if word not in self.fillers:
                return False
        return False


def _pattern(words: list[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    return re.compile(
        r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b",
        re.IGNORECASE,
    )
