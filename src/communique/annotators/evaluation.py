"""Scoring the pipeline against gold annotations (`communique evaluate GOLD.jsonl`).

Gold lines: {"id", "published", "text", "entities": [{"start", "end", "text", "id", "type", "role"}],
"formulations": [{"start", "end", "text", "id"}]}. A prediction matches a gold mention when the
spans overlap and the ids agree (for unlinked entities: both ids null); each mention matches once.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from communique.annotators.pipeline import AnnotationInput, PipelineConfig, annotate


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class EvaluationReport:
    documents: int = 0
    scores: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    by_type: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    misses: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "scores": {key: score.as_dict() for key, score in self.scores.items()},
            "by_type": {key: score.as_dict() for key, score in sorted(self.by_type.items())},
            "misses": self.misses,
        }


def read_gold(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def predicted_mentions(annotations: dict[str, Any]) -> tuple[list[dict], list[dict]]:
    entities = [
        {"start": m["start"], "end": m["end"], "text": m["text"], "id": e["id"], "type": e["type"]}
        for e in annotations["entities"]
        for m in e["mentions"]
    ]
    formulations = [
        {"start": m["start"], "end": m["end"], "text": m["text"], "id": f["id"]}
        for f in annotations["formulations"]
        for m in f["mentions"]
    ]
    return entities, formulations


def _match(gold: list[dict], predicted: list[dict]) -> tuple[list[dict], list[dict], list[tuple[dict, dict]]]:
    """Greedy one-to-one matching on (same id, overlapping span)."""
    unmatched = list(predicted)
    pairs, missed = [], []
    for item in sorted(gold, key=lambda g: g["start"]):
        found = next(
            (
                p
                for p in unmatched
                if p["id"] == item["id"] and p["start"] < item["end"] and item["start"] < p["end"]
            ),
            None,
        )
        if found is None:
            missed.append(item)
        else:
            unmatched.remove(found)
            pairs.append((item, found))
    return missed, unmatched, pairs


def evaluate(gold_docs: list[dict[str, Any]], nlp, config: PipelineConfig | None = None) -> EvaluationReport:  # noqa: ANN001
    report = EvaluationReport()
    inputs = [
        AnnotationInput(doc["text"], doc.get("published"), doc.get("language"), key=index)
        for index, doc in enumerate(gold_docs)
    ]
    for index, predicted_annotations in annotate(nlp, inputs, config):
        doc = gold_docs[index]
        report.documents += 1
        entities, formulations = predicted_mentions(predicted_annotations)
        for task, gold, predicted in (
            ("linking", [g for g in doc.get("entities", []) if g["id"]], [p for p in entities if p["id"]]),
            (
                "unlinked",
                [g for g in doc.get("entities", []) if not g["id"]],
                [p for p in entities if not p["id"]],
            ),
            ("formulations", doc.get("formulations", []), formulations),
        ):
            missed, spurious, pairs = _match(gold, predicted)
            score = report.scores[task]
            score.tp += len(pairs)
            score.fn += len(missed)
            score.fp += len(spurious)
            for item in missed:
                report.misses.append(
                    {"document": doc.get("id"), "task": task, "kind": "missed", **_brief(item)}
                )
                if task == "linking":
                    report.by_type[item.get("type", "?")].fn += 1
            for item in spurious:
                report.misses.append(
                    {"document": doc.get("id"), "task": task, "kind": "spurious", **_brief(item)}
                )
                if task == "linking":
                    report.by_type[item.get("type", "?")].fp += 1
            if task == "linking":
                for gold_item, _ in pairs:
                    report.by_type[gold_item.get("type", "?")].tp += 1
    return report


def _brief(item: dict[str, Any]) -> dict[str, Any]:
    return {"text": item.get("text"), "id": item.get("id"), "type": item.get("type"), "start": item["start"]}
