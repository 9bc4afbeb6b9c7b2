"""The one place where communique's spaCy components are registered.

A pipeline is configured by name (see `pipeline.py`): add, remove or replace a component by
editing the component list, e.g. `{"components": ["communique_actors"]}` for actors only.
"""

from __future__ import annotations

from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from communique.annotators.actors import ActorLinker
from communique.annotators.formulations import FormulationMatcher
from communique.kb import load_kb

for extension in ("published", "actor_mentions", "formulation_mentions"):
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
        doc._.actor_mentions = self.linker.link(doc.text, ents, published)
        return doc


class FormulationsComponent:
    """Sets `doc._.formulation_mentions`."""

    def __init__(self, matcher: FormulationMatcher) -> None:
        self.matcher = matcher

    def __call__(self, doc: Doc) -> Doc:
        doc._.formulation_mentions = self.matcher.find(doc.text)
        return doc
