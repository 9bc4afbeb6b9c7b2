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
class Accuracy:
    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "accuracy": round(self.value, 4)}


@dataclass
class EvaluationReport:
    documents: int = 0
    scores: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    by_type: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    event_types: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    accuracies: dict[str, Accuracy] = field(default_factory=lambda: defaultdict(Accuracy))
    misses: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "scores": {key: score.as_dict() for key, score in self.scores.items()},
            "by_type": {key: score.as_dict() for key, score in sorted(self.by_type.items())},
            "event_types": {key: score.as_dict() for key, score in sorted(self.event_types.items())},
            "accuracies": {key: acc.as_dict() for key, acc in self.accuracies.items()},
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
        tasks = []
        if "entities" in doc:
            tasks.append(
                ("linking", [g for g in doc["entities"] if g["id"]], [p for p in entities if p["id"]])
            )
            tasks.append(
                (
                    "unlinked",
                    [g for g in doc["entities"] if not g["id"]],
                    [p for p in entities if not p["id"]],
                )
            )
        if "formulations" in doc:
            tasks.append(("formulations", doc["formulations"], formulations))
        for task, gold, predicted in tasks:
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
        if "claims" in doc:
            _score_claims(report, doc, predicted_annotations.get("claims", []))
        if "dates" in doc:
            _score_dates(report, doc, predicted_annotations.get("dates", []))
        if "events" in doc:
            _score_events(report, doc, predicted_annotations.get("events", []))
    return report


def _same_value(gold: float | None, predicted: float | None) -> bool:
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return abs(gold - predicted) <= 0.01 * max(abs(gold), 1e-9)


_UNIT_ALIASES = {"%": "percent", "per cent": "percent", "pct": "percent", "percentage": "percent"}


def _same_unit(gold: dict[str, Any], predicted: dict[str, Any]) -> bool:
    """Units agree when they share a content word ("doses of vaccine" / "doses"); "%" is "percent";
    for anniversaries the kind says it all ("62nd anniversary" counts years)."""
    from communique.annotators.formulations import keys_of

    if gold.get("kind") == "anniversary" and predicted.get("kind") == "anniversary":
        return True

    def words(unit: str | None) -> set[str]:
        unit = (unit or "").strip().lower()
        return {k for k, _, _ in keys_of(_UNIT_ALIASES.get(unit, unit))}

    left, right = words(gold.get("unit")), words(predicted.get("unit"))
    return bool(left & right) or (not left and not right)


def _score_claims(report: EvaluationReport, doc: dict[str, Any], predicted: list[dict[str, Any]]) -> None:
    """A claim matches on value (within 1%) and unit (a shared content word)."""
    score = report.scores["claims"]
    unmatched = list(predicted)
    for gold in doc["claims"]:
        found = next(
            (p for p in unmatched if _same_value(gold.get("value"), p.get("value")) and _same_unit(gold, p)),
            None,
        )
        if found is None:
            score.fn += 1
            report.misses.append(
                {
                    "document": doc.get("id"),
                    "task": "claims",
                    "kind": "missed",
                    "text": gold.get("text"),
                    "id": gold.get("value"),
                    "type": gold.get("unit"),
                    "start": 0,
                }
            )
            continue
        unmatched.remove(found)
        score.tp += 1
        qualifier = report.accuracies["claim qualifier"]
        qualifier.total += 1
        qualifier.correct += (gold.get("qualifier") or None) == (found.get("qualifier") or None)
    for item in unmatched:
        score.fp += 1
        report.misses.append(
            {
                "document": doc.get("id"),
                "task": "claims",
                "kind": "spurious",
                "text": item.get("text"),
                "id": item.get("value"),
                "type": item.get("unit"),
                "start": item.get("start", 0),
            }
        )


def _score_dates(report: EvaluationReport, doc: dict[str, Any], predicted: list[dict[str, Any]]) -> None:
    """Date resolution accuracy: each gold expression, found by its text, must get the gold value."""
    accuracy = report.accuracies["date resolution"]
    text = doc["text"]
    for gold in doc["dates"]:
        accuracy.total += 1
        start = text.find(gold["text"])
        end = start + len(gold["text"])
        found = next((p for p in predicted if p["start"] < end and start < p["end"]), None)
        if found is not None and str(found.get("value")) == str(gold.get("value")):
            accuracy.correct += 1
        else:
            report.misses.append(
                {
                    "document": doc.get("id"),
                    "task": "dates",
                    "kind": "wrong",
                    "text": gold["text"],
                    "id": gold.get("value"),
                    "type": found.get("value") if found else None,
                    "start": max(start, 0),
                }
            )


def _actor(side: dict[str, Any] | None) -> str | None:
    return side.get("entity") if side else None


def _same_actor(gold: str | None, side: dict[str, Any] | None) -> bool:
    """Gold may name the acting person ("person:wang-yi") or the state they act for ("CHN")."""
    if side is None:
        return gold is None
    return gold in (side.get("entity"), side.get("agent")) if gold else side.get("entity") is None


def _score_events(report: EvaluationReport, doc: dict[str, Any], predicted: list[dict[str, Any]]) -> None:
    """Events match on type (and for the strict score, source and target too); mode and modality
    are accuracies over the strictly matched pairs."""
    loose, strict = report.scores["events: type"], report.scores["events: type+source+target"]
    remaining_loose = [p["type"] for p in predicted]
    for gold in doc["events"]:
        if gold["type"] in remaining_loose:
            remaining_loose.remove(gold["type"])
            loose.tp += 1
        else:
            loose.fn += 1
    loose.fp += len(remaining_loose)
    unmatched = list(predicted)
    for gold in doc["events"]:
        per_type = report.event_types[gold["type"]]
        found = next(
            (
                p
                for p in unmatched
                if p["type"] == gold["type"]
                and _same_actor(gold.get("source"), p.get("source"))
                and _same_actor(gold.get("target"), p.get("target"))
            ),
            None,
        )
        if found is None:
            strict.fn += 1
            per_type.fn += 1
            report.misses.append(
                {
                    "document": doc.get("id"),
                    "task": "events",
                    "kind": "missed",
                    "text": doc["text"][:90],
                    "id": f"{gold.get('source')}->{gold.get('target')}",
                    "type": gold["type"],
                    "start": 0,
                }
            )
            continue
        unmatched.remove(found)
        strict.tp += 1
        per_type.tp += 1
        for name, key in (("event mode", "mode"), ("event modality", "modality")):
            accuracy = report.accuracies[name]
            accuracy.total += 1
            accuracy.correct += (gold.get(key) or None) == (found.get(key) or None)
    for item in unmatched:
        strict.fp += 1
        report.event_types[item["type"]].fp += 1
        report.misses.append(
            {
                "document": doc.get("id"),
                "task": "events",
                "kind": "spurious",
                "text": item.get("text"),
                "id": f"{_actor(item.get('source'))}->{_actor(item.get('target'))}",
                "type": item["type"],
                "start": item.get("start", 0),
            }
        )


def _brief(item: dict[str, Any]) -> dict[str, Any]:
    return {"text": item.get("text"), "id": item.get("id"), "type": item.get("type"), "start": item["start"]}
