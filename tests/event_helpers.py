"""Events coded for one sentence, and their (type, source, target) triples: what the event coder's
tests compare."""

from __future__ import annotations

from communique.annotators.pipeline import AnnotationInput, annotate


def coded_events(nlp, text: str, published: str = "2024-05-13") -> list[dict]:  # noqa: ANN001
    [(_, result)] = list(annotate(nlp, [AnnotationInput(text, published, "en", 0)]))
    return result["events"]


def actor_id(actor: dict | None) -> str | None:
    return actor.get("entity") if actor else None


def event_triples(events: list[dict]) -> set[tuple[str, str | None, str | None]]:
    return {(e["type"], actor_id(e["source"]), actor_id(e["target"])) for e in events}
