"""Modality of an event or claim head: is it asserted, planned, hypothetical, negated, normative or
requested?

A claim's figure means something different when it was delivered ("provided 500,000 doses"),
promised ("will provide"), demanded ("urged Japan to pay") or denied ("was not delivered"), so
every claim and event carries one of six labels. The decision reads spaCy's dependency parse:

1. A noun climbs to the verb that governs it. On the way, being the object of a request verb
   ("called for the release of 20 fishermen"), a pledge verb ("pledged $2 billion") or a rejection
   verb ("rejected the package") is noted.
2. The verb's own dependents decide first (negation beats everything): `neg` ("not", "never"),
   "no"/"neither" on its subject or object, an "if"/"unless" mark or conditional clause, then modal
   auxiliaries (should/must → normative, would/could/may/might → hypothetical, will/shall → planned).
   A "would" reporting a future in the past ("Wang said China would provide") is planned.
3. Then the governor of the verb: the verb is the complement of "urge/ask/call on" (requested),
   "fail/refuse" (negated), "need/have to", "it is necessary to" (normative), "plan/pledge/agree/
   is to/is going to/is ready to" (planned), "consider" (hypothetical). An xcomp, a conjunct without
   its own subject, or a participial adverbial clause also inherits its governor's modality, so
   negation anywhere up that chain wins ("did not promise to provide" → negated). A clausal
   complement (ccomp) only takes request and normative cues ("demanded that Manila remove"), never
   the reporting verb's own modality ("Wang said China will provide" → planned).

All cue words are data (`modality` in kb/units.yaml); verbs are lemmas whose inflections are
generated here, because the pipeline runs without spaCy's lemmatizer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Token

ASSERTED = "asserted"
PLANNED = "planned"
HYPOTHETICAL = "hypothetical"
NEGATED = "negated"
NORMATIVE = "normative"
REQUESTED = "requested"
MODALITIES = (ASSERTED, PLANNED, HYPOTHETICAL, NEGATED, NORMATIVE, REQUESTED)

_KB_DIR = Path(__file__).resolve().parent.parent / "kb"
_VERBAL = frozenset({"VERB", "AUX"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
_OBJECTS = frozenset({"dobj", "dative", "attr", "oprd"})
_MAX_DEPTH = 12  # parse chains are short; a bound keeps a malformed tree from looping


@lru_cache(maxsize=8)
def load_units(kb_dir: str | None = None) -> dict[str, Any]:
    """kb/units.yaml (or the one in `kb_dir`), read once per process: claims and modality share it."""
    path = Path(kb_dir) / "units.yaml" if kb_dir else _KB_DIR / "units.yaml"
    if not path.is_file():
        path = _KB_DIR / "units.yaml"  # a user's KB directory without its own units falls back to ours
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}


def verb_forms(lemmas: Iterable[str], irregular: dict[str, list[str]] | None = None) -> frozenset[str]:
    """Lower-case surface forms of verb lemmas: the lemma, -s/-es, -ed/-d, -ing, doubled final
    consonant ("commit" → "committed"), y → ies/ied, plus listed irregular forms. Over-generation
    ("aimes") is harmless: nobody writes it."""
    irregular = irregular or {}
    forms: set[str] = set()
    for lemma in lemmas:
        word = str(lemma).lower()
        forms.update({word, word + "s", word + "es", word + "ed", word + "d", word + "ing"})
        if word.endswith("e"):
            forms.add(word[:-1] + "ing")
        if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
            forms.update({word[:-1] + "ies", word[:-1] + "ied"})
        if len(word) > 2 and word[-1] not in "aeiouwxy" and word[-2] in "aeiou" and word[-3] not in "aeiou":
            forms.update({word + word[-1] + "ed", word + word[-1] + "ing"})
        forms.update(form.lower() for form in irregular.get(word, []))
    return frozenset(forms)


def _words(values: Iterable[Any]) -> frozenset[str]:
    return frozenset(str(value).lower() for value in values)


@dataclass(frozen=True)
class ModalityCues:
    """The cue words of kb/units.yaml `modality`, verbs expanded to their surface forms."""

    negation: frozenset[str]
    negative_governors: frozenset[str]
    negative_ccomp_governors: frozenset[str]
    negative_object_verbs: frozenset[str]
    litotes_governors: frozenset[str]
    planned_aux: frozenset[str]
    planned_governors: frozenset[str]
    planned_adjectives: frozenset[str]
    planned_nouns: frozenset[str]
    planned_object_verbs: frozenset[str]
    hypothetical_aux: frozenset[str]
    hypothetical_marks: frozenset[str]
    hypothetical_governors: frozenset[str]
    normative_aux: frozenset[str]
    normative_governors: frozenset[str]
    normative_adjectives: frozenset[str]
    request_governors: frozenset[str]
    request_nouns: frozenset[str]
    request_object_verbs: frozenset[str]
    reporting_verbs: frozenset[str]
    be_forms: frozenset[str]
    have_forms: frozenset[str]

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ModalityCues:
        cues = data.get("modality") or {}
        irregular = {str(k).lower(): list(v) for k, v in (data.get("irregular_verbs") or {}).items()}

        def verbs(key: str) -> frozenset[str]:
            return verb_forms(cues.get(key) or [], irregular)

        return cls(
            negation=_words(cues.get("negation_words") or []),
            negative_governors=verbs("negative_governors"),
            negative_ccomp_governors=verbs("negative_ccomp_governors"),
            negative_object_verbs=verbs("negative_object_verbs"),
            litotes_governors=verbs("litotes_governors"),
            planned_aux=_words(cues.get("planned_aux") or []),
            planned_governors=verbs("planned_governors") | _words(cues.get("planned_governor_forms") or []),
            planned_adjectives=_words(cues.get("planned_adjectives") or []),
            planned_nouns=_words(cues.get("planned_nouns") or []),
            planned_object_verbs=verbs("planned_object_verbs"),
            hypothetical_aux=_words(cues.get("hypothetical_aux") or []),
            hypothetical_marks=_words(cues.get("hypothetical_marks") or []),
            hypothetical_governors=verbs("hypothetical_governors"),
            normative_aux=_words(cues.get("normative_aux") or []),
            normative_governors=verbs("normative_governors"),
            normative_adjectives=_words(cues.get("normative_adjectives") or []),
            request_governors=verbs("request_governors"),
            request_nouns=_words(cues.get("request_nouns") or []),
            request_object_verbs=verbs("request_object_verbs"),
            reporting_verbs=verbs("reporting_verbs"),
            be_forms=_words(cues.get("be_forms") or []),
            have_forms=verb_forms(["have"], irregular),
        )


@lru_cache(maxsize=8)
def default_cues(kb_dir: str | None = None) -> ModalityCues:
    return ModalityCues.from_data(load_units(kb_dir))


def _word(token: Token) -> str:
    """The form cue sets are matched against: the lemma when a lemmatizer ran, else the surface."""
    return token.lemma_.lower() if token.lemma_ and token.lemma_ != token.text else token.lower_


def _is(token: Token, forms: frozenset[str]) -> bool:
    return token.lower_ in forms or _word(token) in forms


def modality_of(token: Token, cues: ModalityCues | None = None) -> str:
    """One of MODALITIES for an event or claim head (a verb, or a noun governed by one)."""
    cues = cues or default_cues()
    verb, object_cue, negated_noun = _governing_verb(token, cues)
    if negated_noun:
        return NEGATED
    clause = _clause_modality(verb, cues, 0)
    if clause in (ASSERTED, PLANNED) and object_cue is None and _question(verb):
        return HYPOTHETICAL  # "Will China join Western countries in imposing sanctions?"
    if clause == NEGATED or object_cue is None:
        return clause
    return object_cue


def _question(verb: Token) -> bool:
    """A direct question: the sentence ends with "?" and opens with an auxiliary or a question label."""
    sentence = verb.sent
    if not sentence.text.rstrip().endswith("?"):
        return False
    words = [t for t in sentence if not t.is_punct and t.lower_ not in ("q", "question")]
    return bool(words) and words[0].pos_ == "AUX"


def governing_verb(token: Token, cues: ModalityCues | None = None) -> Token:
    """The verb a noun hangs from (the token itself for a verb; the root for a verbless fragment)."""
    return _governing_verb(token, cues or default_cues())[0]


def _governing_verb(token: Token, cues: ModalityCues) -> tuple[Token, str | None, bool]:
    """(verb, cue from the noun's relation to it, whether a noun on the way is negated by "no")."""
    current = token
    object_cue: str | None = None
    negated = False
    for _ in range(_MAX_DEPTH):
        if current.pos_ in _VERBAL and (current.pos_ == "VERB" or current.dep_ not in ("aux", "auxpass")):
            break
        if current.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
            negated = negated or any(
                child.dep_ in ("det", "neg") and child.lower_ in ("no", "neither")
                for child in current.children
            )
        head = current.head
        if head is current:
            break
        if head.pos_ in _VERBAL and (
            current.dep_ in _OBJECTS or (current.dep_ == "prep" and current.lower_ == "for")
        ):
            if _is(head, cues.request_object_verbs):
                object_cue = REQUESTED
            elif _is(head, cues.planned_object_verbs):
                object_cue = PLANNED
            elif _is(head, cues.negative_object_verbs) and current.dep_ in _OBJECTS:
                object_cue = NEGATED
        current = head
    return current, object_cue, negated


def _clause_modality(verb: Token, cues: ModalityCues, depth: int) -> str:
    local = _local(verb, cues)
    if local == NEGATED:
        return NEGATED
    governor_cue: str | None = None
    parent: str | None = None
    head = verb.head
    relation = verb.dep_
    if head is not verb and depth < _MAX_DEPTH:
        inherit = False
        if relation == "xcomp":
            governor_cue = _governor_cue(verb, head, cues)
            inherit = True
        elif relation == "ccomp":
            governor_cue = _ccomp_cue(head, cues)
            if governor_cue == NORMATIVE and local in (PLANNED, HYPOTHETICAL) and _word(head) in _WISHES:
                return NORMATIVE  # "we hope the parties will resume negotiations"
        elif relation == "conj":
            # "calls on all parties to exercise restraint and to resume dialogue": an infinitive conjunct
            # shares its head's modality; one with its own auxiliary ("and will ...") has its own
            inherit = not _has_subject(verb) and not any(
                c.dep_ == "aux" and c.lower_ != "to" for c in verb.children
            )
            if _is(verb, cues.request_governors) and head.dep_ in ("ccomp", "conj"):
                # "said India had not withdrawn its troops, and urged New Delhi to ...": the speaker's own
                # act, hung by the parser inside the reported clause, keeps none of its negation
                inherit = False
        elif relation == "advcl":
            if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
                governor_cue = PLANNED  # purpose: "sent a team to build 20 schools"
            elif verb.tag_ in ("VBG", "VBN") and not _has_subject(verb):
                inherit = True  # "has launched a programme, providing ..."
        elif relation == "acomp":
            inherit = True  # "is committed", "stands ready": the copula's clause
        elif relation in ("pcomp", "pobj") and head.dep_ == "prep":
            governor = head.head
            if head.lower_ == "without":
                return NEGATED
            if head.lower_ in ("to", "on", "at") and (
                _is(governor, cues.planned_governors) or governor.lower_ in cues.planned_adjectives
            ):
                governor_cue = PLANNED  # "committed to providing", "is dedicated to building"
            inherit = governor.pos_ in _VERBAL or governor.pos_ == "ADJ"
            head = governor
        elif relation == "acl" and head.pos_ in ("NOUN", "PROPN"):
            if head.lower_ in cues.planned_nouns and head.lower_ not in _TAKEN:
                governor_cue = PLANNED  # "China's pledge to provide"
            elif head.lower_ in cues.request_nouns:
                governor_cue = REQUESTED  # "the call to lift sanctions"
        if inherit:
            litotes = relation == "xcomp" and _is(head, cues.litotes_governors)
            parent = _clause_modality(head, cues, depth + 1)
            if litotes and parent == NEGATED:
                return PLANNED  # "will not hesitate to take countermeasures"
            if parent == NEGATED:
                return NEGATED
    if local is not None:
        return local
    if governor_cue is not None:
        return governor_cue
    return parent or ASSERTED


def _has_subject(verb: Token) -> bool:
    return any(child.dep_ in _SUBJECTS for child in verb.children)


def _local(verb: Token, cues: ModalityCues) -> str | None:
    """The verb's own dependents: negation, conditional marks and clauses, modal auxiliaries."""
    normative = hypothetical = planned = conditional = False
    for child in verb.children:
        dep = child.dep_
        word = child.lower_
        if dep == "neg" or (dep == "advmod" and word in ("never", "nowhere")):
            return NEGATED
        if dep in _SUBJECTS or dep in _OBJECTS:
            if word in ("none", "nobody", "nothing", "neither"):
                return NEGATED
            if any(
                g.dep_ in ("det", "neg", "preconj") and g.lower_ in ("no", "neither") for g in child.children
            ):
                return NEGATED
        elif dep == "mark" and word in cues.hypothetical_marks:
            conditional = True
        elif dep == "advcl" and any(
            g.dep_ == "mark" and g.lower_ in cues.hypothetical_marks and g.lower_ != "whether"
            for g in child.children
        ):
            conditional = True  # the main clause of "if X, China will provide ..."
        elif dep in ("aux", "auxpass"):
            if word in cues.normative_aux:
                normative = True
            elif word in cues.hypothetical_aux:
                if word in ("would", "'d") and _reported_future(verb, cues):
                    planned = True
                else:
                    hypothetical = True
            elif word in cues.planned_aux:
                planned = True
    if verb.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in cues.hypothetical_marks for c in verb.children
    ):
        conditional = True
    if conditional:
        return HYPOTHETICAL
    if normative:
        return NORMATIVE
    if hypothetical:
        return HYPOTHETICAL
    if planned:
        return PLANNED
    return None


def _reported_future(verb: Token, cues: ModalityCues) -> bool:
    """ "Wang said China would provide": the clausal complement of a reporting verb."""
    head = verb
    for _ in range(3):
        if head.dep_ == "conj" and head.head is not head:
            head = head.head
            continue
        break
    return (
        head.dep_ in ("ccomp", "parataxis")
        and _is(head.head, cues.reporting_verbs)
        or (
            head.dep_ == "ROOT"
            and any(c.dep_ in ("parataxis", "ccomp") and _is(c, cues.reporting_verbs) for c in head.children)
        )
    )


def _governor_cue(verb: Token, governor: Token, cues: ModalityCues) -> str | None:
    """What an xcomp's governor says about it: "refused to", "urged X to", "has to", "is to", "plans to"."""
    if _is(governor, cues.negative_governors):
        return NEGATED
    if _is(governor, cues.request_governors):
        return REQUESTED
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if governor.lower_ in cues.have_forms and infinitive:
        if any(c.dep_ == "advmod" and c.lower_ == "yet" for c in governor.children):
            return NEGATED  # "has yet to ratify"
        return NORMATIVE
    if _is(governor, cues.normative_governors) and governor.lower_ not in cues.have_forms:
        return NORMATIVE
    if governor.lower_ in cues.normative_adjectives or _has_acomp(governor, cues.normative_adjectives):
        return NORMATIVE
    if governor.lower_ in cues.planned_adjectives or _has_acomp(governor, cues.planned_adjectives):
        return PLANNED
    if _is(governor, cues.hypothetical_governors):
        return HYPOTHETICAL
    if _is(governor, cues.planned_governors) and _word(governor) not in _TAKEN:
        return PLANNED
    if governor.lower_ in cues.be_forms and infinitive:
        return PLANNED  # "the ministers are to meet"
    return None


def _ccomp_cue(governor: Token, cues: ModalityCues) -> str | None:
    """A clausal complement takes only request, normative and denial cues from its governor."""
    if _is(governor, cues.request_governors):
        return REQUESTED  # "demanded that Manila remove"
    if _is(governor, cues.negative_ccomp_governors):
        return NEGATED  # "denied that troops had crossed"
    if governor.lower_ in cues.normative_adjectives or _has_acomp(governor, cues.normative_adjectives):
        return NORMATIVE  # "it is necessary that all parties return"
    if _word(governor) in _WISHES:
        return NORMATIVE  # "China hopes that the parties will ..."
    return None


# A decision reported as taken carries out its act ("had decided to impose sanctions", "the decision to
# sever ties"): the complement is asserted, not planned
_TAKEN = frozenset({"decide", "decided", "decides", "decision", "decisions"})
# Wishes make their clause normative, whatever its tense ("we hope the parties will resume talks")
_WISHES = frozenset({"hope", "wish"})


def _has_acomp(token: Token, words: frozenset[str]) -> bool:
    return any(c.dep_ in ("acomp", "attr") and c.lower_ in words for c in token.children)
