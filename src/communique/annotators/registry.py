"""The one place where communique's spaCy components are registered.

A pipeline is configured by name (see `pipeline.py`): add, remove or replace a component by
editing the component list, e.g. `{"components": ["communique_actors"]}` for actors only.
"""

from __future__ import annotations

from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from communique.annotators.actors import ActorLinker
from communique.annotators.claims import ClaimExtractor, ClaimsComponent
from communique.annotators.dates import DateExtractor, DatesComponent
from communique.annotators.doc_text import doc_text
from communique.annotators.events import EventCoder
from communique.annotators.formulations import FormulationMatcher
from communique.annotators.relations import PartnershipFinder
from communique.annotators.stance import StanceScorer
from communique.kb import load_kb

EXTENSIONS = (
    "published",
    "source_name",
    "actor_mentions",
    "formulation_mentions",
    "dates",
    "claims",
    "events",
    "relations",
    "stance",
)
for extension in EXTENSIONS:
    if not Doc.has_extension(extension):
        Doc.set_extension(extension, default=None)


@Language.factory("communique_actors", default_config={"kb_dir": None})
def make_actor_linker(nlp: Language, name: str, kb_dir: str | None) -> ActorsComponent:
    return ActorsComponent(ActorLinker(load_kb(kb_dir)))


@Language.factory("communique_formulations", default_config={"kb_dir": None})
def make_formulation_matcher(nlp: Language, name: str, kb_dir: str | None) -> FormulationsComponent:
    return FormulationsComponent(FormulationMatcher(load_kb(kb_dir)))


class ActorsComponent:
    """Sets `doc._.actor_mentions`; reads `doc._.published` (a date) for titles."""

    def __init__(self, linker: ActorLinker) -> None:
        self.linker = linker

    def __call__(self, doc: Doc) -> Doc:
        published = doc._.published if isinstance(doc._.published, date) else None
        ents = [
            (ent.start_char, ent.end_char, ent.label_, any(t.tag_ in ("NNP", "NNPS") for t in ent))
            for ent in doc.ents
        ]
        doc._.actor_mentions = self.linker.link(doc_text(doc), ents, published)
        return doc


class FormulationsComponent:
    """Sets `doc._.formulation_mentions`."""

    def __init__(self, matcher: FormulationMatcher) -> None:
        self.matcher = matcher

    def __call__(self, doc: Doc) -> Doc:
        doc._.formulation_mentions = self.matcher.find(doc_text(doc))
        return doc


@Language.factory("communique_dates", default_config={"kb_dir": None})
def make_dates(nlp: Language, name: str, kb_dir: str | None) -> DatesComponent:
    return DatesComponent(DateExtractor.load(kb_dir))


@Language.factory("communique_claims", default_config={"kb_dir": None})
def make_claims(nlp: Language, name: str, kb_dir: str | None) -> ClaimsComponent:
    return ClaimsComponent(ClaimExtractor.from_kb_dir(kb_dir))


@Language.factory("communique_events", default_config={"kb_dir": None})
def make_event_coder(nlp: Language, name: str, kb_dir: str | None) -> EventsComponent:
    return EventsComponent(EventCoder(load_kb(kb_dir)))


@Language.factory("communique_relations", default_config={"kb_dir": None})
def make_relations(nlp: Language, name: str, kb_dir: str | None) -> RelationsComponent:
    return RelationsComponent(PartnershipFinder(load_kb(kb_dir)))


@Language.factory("communique_stance", default_config={"kb_dir": None})
def make_stance(nlp: Language, name: str, kb_dir: str | None) -> StanceComponent:
    return StanceComponent(StanceScorer(load_kb(kb_dir)))


class EventsComponent:
    """Sets `doc._.events` (PLOVER); reads actor mentions and dates set by earlier components."""

    def __init__(self, coder: EventCoder) -> None:
        self.coder = coder

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = self.coder.code(doc, doc._.actor_mentions or [], doc._.dates, doc._.source_name)
        return doc


class RelationsComponent:
    """Sets `doc._.relations`: partnership levels between the actors a sentence names."""

    def __init__(self, finder: PartnershipFinder) -> None:
        self.finder = finder

    def __call__(self, doc: Doc) -> Doc:
        starts = [sentence.start_char for sentence in doc.sents] or [0]
        published = doc._.published.isoformat() if isinstance(doc._.published, date) else None
        doc._.relations = self.finder.find(
            doc_text(doc), doc._.actor_mentions or [], starts, published, doc._.dates
        )
        return doc


class StanceComponent:
    """Sets `doc._.stance`: per actor pair, a score in [-1, 1] from events and evaluative words."""

    def __init__(self, scorer: StanceScorer) -> None:
        self.scorer = scorer

    def __call__(self, doc: Doc) -> Doc:
        sentences = [(sentence.start_char, sentence.end_char) for sentence in doc.sents]
        doc._.stance = self.scorer.score(
            doc._.events or [], sentences, doc_text(doc), doc._.actor_mentions or []
        )
        return doc
