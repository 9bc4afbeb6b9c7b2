"""Stance of one actor towards another in a document, in [-1, 1], with the sentences behind it.

Two signals, both from data: the events' quad classes (verbal and material cooperation count
for, verbal and material conflict against; negated events count half the other way, hypothetical
and requested ones half) and an evaluative lexicon (kb/stance.yaml) for sentences where the
source is subject-side and the target is named. The score is the weighted mean, squashed to [-1, 1].
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

    def score(
        self, events: list[dict[str, Any]], sentences: list[tuple[int, int]], text: str, mentions: list
    ) -> list[dict[str, Any]]:  # noqa: ANN001
        totals: dict[tuple[str, str], list[float]] = defaultdict(list)
        evidence: dict[tuple[str, str], set[int]] = defaultdict(set)
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
        for key in list(totals):
            for sentence in evidence[key].copy():
                start, end = sentences[sentence]
                words = text[start:end]
                lexical = (
                    len(self.positive.findall(words)) - len(self.negative.findall(words))
                    if self.positive and self.negative
                    else 0
                )
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
                    "events": len([w for w in weights]),
                    "sentences": sorted(evidence[(source, target)]),
                }
            )
        return sorted(results, key=lambda r: (r["source"], r["target"]))


def _pattern(words: list[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    return re.compile(
        r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b",
        re.IGNORECASE,
    )
