"""PLOVER event coding on the dependency parse, with patterns read from kb/plover.yaml.

A pattern names a trigger (verb or noun lemma) and optionally the object it needs, a particle
and the preposition that introduces the target. The coder finds triggers, picks the most
specific pattern that fits, then reads the parse: source from the (passive-aware) subject,
climbing xcomp/conj chains ("agreed to provide" is provided by the one who agreed); target
from the object or the pattern's preposition; coordination gives one event per actor pair;
the speaker is the subject of a governing speech verb ("Wang said that China will ...").
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from communique.annotators.formulations import word_key
from communique.kb import KnowledgeBase

SPEECH_VERBS = frozenset(
    {
        "say",
        "state",
        "tell",
        "announce",
        "stress",
        "note",
        "add",
        "point",
        "emphasize",
        "emphasise",
        "reiterate",
        "claim",
        "declare",
        "insist",
        "argue",
        "assert",
        "affirm",
        "remark",
        "explain",
        "warn",
        "reply",
        "answer",
        "write",
        "report",
        "confirm",
        "reveal",
        "indicate",
        "believe",
        "hope",
        "express",
        "underline",
        "underscore",
    }
)
SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_CURRENCY = re.compile(r"\s+(?:dollars?|cents?|yuan|currency)\b", re.IGNORECASE)
# Verbs that perform a nominal event ("launched strikes", "imposed sanctions"): their subject is the
# event's source. Attitude verbs ("condemned the attacks") are events of their own instead.
PERFORMING_VERBS = frozenset(
    {
        "conduct",
        "carry",
        "launch",
        "hold",
        "stage",
        "impose",
        "announce",
        "take",
        "make",
        "pay",
        "extend",
        "provide",
        "give",
        "sign",
        "begin",
        "start",
        "continue",
        "resume",
        "order",
        "deliver",
        "send",
        "offer",
        "grant",
        "host",
        "organize",
        "organise",
        "mount",
        "undertake",
        "perform",
        "issue",
        "lodge",
        "file",
        "unveil",
        "introduce",
        "adopt",
        "approve",
        "pledge",
        "promise",
        "complete",
        "finish",
        "receive",
    }
)
TARGET_PREPS = ("on", "against", "to", "with", "toward", "towards", "at", "upon")


@dataclass(frozen=True)
class Pattern:
    trigger: str
    is_noun: bool
    type: str
    mode: str | None
    objects: frozenset[str]
    preps: tuple[str, ...]
    particle: str | None
    target: str
    context: str | None = None

    @property
    def specificity(self) -> int:
        return 4 * bool(self.objects) + 2 * bool(self.particle) + bool(self.preps)


class EventCoder:
    def __init__(self, kb: KnowledgeBase) -> None:
        # every file of kind "plover" (plover.yaml with the types, plover_*.yaml with more patterns)
        files = [content for content in kb.files.values() if content.get("kind") == "plover"]
        self.types: dict[str, dict[str, Any]] = {}
        for content in files:
            self.types.update(content.get("types") or {})
        self.verbs: dict[str, list[Pattern]] = defaultdict(list)
        self.nouns: dict[str, list[Pattern]] = defaultdict(list)
        for raw in (raw for content in files for raw in content.get("patterns") or []):
            pattern = _pattern(raw)
            if pattern is None:
                continue
            (self.nouns if pattern.is_noun else self.verbs)[pattern.trigger].append(pattern)
        for table in (self.verbs, self.nouns):
            for patterns in table.values():
                patterns.sort(key=lambda p: -p.specificity)
        self.kb = kb

    @property
    def size(self) -> int:
        return sum(len(p) for p in self.verbs.values()) + sum(len(p) for p in self.nouns.values())

    def quad_class(self, event_type: str) -> int | None:
        return self.types.get(event_type, {}).get("quad_class")

    # ------------------------------------------------------------------ matching

    def match(self, token) -> tuple[Pattern, Any] | None:  # noqa: ANN001 - spaCy Token
        """The most specific pattern this token triggers, with the object token it matched."""
        if token.pos_ in ("VERB", "AUX") or (token.tag_.startswith("VB")):
            patterns = self.verbs.get(token.lemma_.lower())
            if patterns:
                return self._first_fit(token, patterns, nominal=False)
        if token.pos_ in ("NOUN", "PROPN"):
            patterns = self.nouns.get(token.lemma_.lower())
            if patterns:
                return self._first_fit(token, patterns, nominal=True)
        return None

    def _first_fit(self, token, patterns: list[Pattern], nominal: bool):  # noqa: ANN001, ANN202
        particle = next((c.lower_ for c in token.children if c.dep_ == "prt"), None)
        objects = _objects(token, nominal)
        for pattern in patterns:
            if pattern.particle and pattern.particle != particle:
                continue
            matched_object = None
            if pattern.objects:
                matched_object = next(
                    (
                        o
                        for o in objects
                        if o.lemma_.lower() in pattern.objects or word_key(o.lower_) in pattern.objects
                    ),
                    None,
                )
                if matched_object is None:
                    continue
            return pattern, matched_object
        return None

    # ------------------------------------------------------------------ coding

    def code(
        self, doc, mentions: list, dates: list[dict] | None = None, source_name: str | None = None
    ) -> list[dict[str, Any]]:  # noqa: ANN001
        """Every event in a parsed Doc; `mentions` are the actor linker's, sorted by start."""
        actors = _ActorIndex(mentions, self.kb, doc.text)
        sentences = list(doc.sents)
        events: list[dict[str, Any]] = []
        for index, sentence in enumerate(sentences):
            consumed: set[int] = set()
            for token in sentence:
                if token.i in consumed:
                    continue
                found = self.match(token)
                if found is None:
                    continue
                pattern, matched_object = found
                if matched_object is not None:
                    consumed.add(matched_object.i)
                events.extend(
                    self._events_for(
                        token, pattern, matched_object, index, sentence, actors, dates, source_name
                    )
                )
        return events

    def _events_for(
        self, trigger, pattern: Pattern, matched_object, index: int, sentence, actors, dates, source_name
    ) -> list[dict[str, Any]]:  # noqa: ANN001
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in trigger.children)
        if (
            passive
            and _prep_object(trigger, ("by",), deps=("agent", "prep")) is None
            and any(c.dep_ == "prep" and c.lower_ in ("to", "with", "about", "at") for c in trigger.children)
        ):
            passive = False  # "China was opposed to ...", "is committed to ...": a state, not a passive
        sources = _source_tokens(trigger, pattern.is_noun, passive)
        targets = _target_tokens(trigger, pattern, matched_object, passive)
        if not targets and pattern.target != "none":
            fallback = [_prep_object(owner, TARGET_PREPS) for owner in (trigger, matched_object)]
            targets = [token for token in fallback if token is not None][:1]
        source_actors = [a for t in sources for a in actors.of(t)]
        source_entities = {a["entity"] for a in source_actors if a["entity"]}
        # "China ... on Chinese goods": an actor is not its own target
        target_actors = [a for t in targets for a in actors.of(t) if a["entity"] not in source_entities]
        if not source_actors and not target_actors:
            return []
        symmetric = pattern.type in ("AGREE", "CONSULT", "COOPERATE")
        if symmetric and not target_actors and len(source_actors) > 1:
            pairs = [(a, b) for a in source_actors for b in source_actors if a is not b]
        else:
            pairs = [(a, b) for a in (source_actors or [None]) for b in (target_actors or [None])]
        speaker = _speaker(trigger, actors) or (
            {"entity": None, "text": source_name} if source_name else None
        )
        head = trigger if not pattern.is_noun else _governor(trigger)
        modality = _modality(head, trigger)
        location = _location(trigger, actors)
        events = []
        for source, target in pairs:
            if (
                source is not None
                and target is not None
                and source["entity"]
                and source["entity"] == target["entity"]
                and source["text"] == target["text"]
            ):
                continue
            pieces = [(trigger.idx, trigger.idx + len(trigger))]
            pieces += [(a["start"], a["end"]) for a in (source, target) if a is not None]
            start = max(min(p[0] for p in pieces), sentence.start_char)
            end = min(max(p[1] for p in pieces), sentence.end_char)
            text = sentence.doc.text[start:end]
            event = {
                "type": pattern.type,
                "mode": pattern.mode,
                "source": _public(source),
                "target": _public(target),
                "date": _date_for(dates, start, end, index),
                "location": location,
                "modality": modality,
                "speaker": speaker,
                "quad_class": self.quad_class(pattern.type),
                "sentence": index,
                "start": start,
                "end": end,
                "text": text,
                "trigger": {"text": trigger.text, "start": trigger.idx, "end": trigger.idx + len(trigger)},
            }
            if pattern.context:
                event["context"] = pattern.context
            events.append(event)
        return events


class _ActorIndex:
    """Maps parse tokens to linked actors (a person acts for their country; groups keep their count)."""

    def __init__(self, mentions: list, kb: KnowledgeBase, text: str = "") -> None:
        # "US dollars", "Hong Kong dollars" name a currency, not an actor
        self.mentions = [
            m
            for m in mentions
            if (m.role == "actor" or m.type in ("PERSON", "ORG")) and not _CURRENCY.match(text, m.end)
        ]
        self.kb = kb

    def _as_actor(self, mention) -> dict[str, Any]:  # noqa: ANN001
        actor = {
            "entity": mention.entity_id,
            "text": mention.text,
            "start": mention.start,
            "end": mention.end,
        }
        if mention.type == "PERSON" or mention.type == "ORG" and mention.entity_id:
            actor["agent"] = mention.entity_id
            actor["entity"] = mention.country or mention.entity_id
        if mention.entity_id is None:
            actor["entity"] = mention.country  # "Kenyan Foreign Minister Musalia Mudavadi" acts for Kenya
        return actor

    def of(self, token) -> list[dict[str, Any]]:  # noqa: ANN001
        """Actors a noun phrase stands for: each conjunct separately ("China and Russia"), and
        coordinated modifiers too ("Chinese and Peruvian leaders")."""
        found = []
        for head in (token, *token.conjuncts):
            modifiers = [c for c in head.children if c.dep_ in ("amod", "compound") and c.conjuncts]
            candidates = (
                [self._head_actor(m) for m in modifiers for m in (m, *m.conjuncts)] if modifiers else []
            )
            candidates = [c for c in candidates if c is not None] or [self._head_actor(head)]
            for actor in candidates:
                if actor is not None and all(actor["start"] != other["start"] for other in found):
                    found.append(actor)
        return found

    def _head_actor(self, head) -> dict[str, Any] | None:  # noqa: ANN001
        start, end = head.idx, head.idx + len(head)
        containing = [m for m in self.mentions if m.start <= start < m.end or start <= m.start < end]
        if containing:
            return self._as_actor(containing[0])
        # pre-modifiers and appositions: "the Chinese side", "the government of Pakistan"
        left, right = head.left_edge.idx, head.right_edge.idx + len(head.right_edge)
        inside = [m for m in self.mentions if left <= m.start and m.end <= right]
        conj_starts = {c.left_edge.idx for c in head.conjuncts}
        inside = [m for m in inside if not any(m.start >= cs for cs in conj_starts if cs > start)]
        if inside:
            before = [m for m in inside if m.end <= end]
            return self._as_actor((before or inside)[-1] if before else inside[0])
        number = next((c for c in head.children if c.dep_ == "nummod"), None)
        if head.pos_ == "NOUN" and number is not None:
            count = _number(number)
            return {
                "entity": None,
                "text": head.doc.text[left:right],
                "start": left,
                "end": right,
                "group": {"count": count},
            }
        return None


def _public(actor: dict[str, Any] | None) -> dict[str, Any] | None:
    if actor is None:
        return None
    public = {"entity": actor["entity"], "text": actor["text"]}
    if actor.get("agent") and actor["agent"] != actor["entity"]:
        public["agent"] = actor["agent"]
    if "group" in actor:
        public["group"] = actor["group"]
    return public


OBJECT_CONTROL = frozenset(
    {
        "urge",
        "ask",
        "call",
        "request",
        "invite",
        "press",
        "encourage",
        "persuade",
        "force",
        "compel",
        "push",
        "demand",
        "appeal",
        "help",
        "allow",
        "enable",
        "require",
    }
)


def _subject(token):  # noqa: ANN001, ANN202
    subject = next((c for c in token.children if c.dep_ in ("nsubj", "csubj")), None)
    return subject or next((c for c in token.children if c.dep_ == "nsubjpass"), None)


def _source_tokens(trigger, nominal: bool, passive: bool) -> list:  # noqa: ANN001
    between = _between(trigger)
    if between is not None:
        return [between]  # "talks between China and Laos": both sides act (symmetric pairs)
    if nominal:
        owner = next(
            (
                c
                for c in trigger.children
                if c.dep_ in ("poss", "compound", "amod")
                and (c.pos_ == "PROPN" or c.tag_ in ("NNP", "NNPS") or c.ent_type_ in ("GPE", "NORP", "ORG"))
            ),
            None,
        )
        if owner is not None:
            return [owner]
        by = _prep_object(trigger, ("by", "from"))
        if by is not None:
            return [by]
        governor = _governor(trigger)
        if (
            governor is not None
            and governor is not trigger
            and trigger.dep_ in ("dobj", "pobj", "attr")
            and governor.lemma_.lower() in PERFORMING_VERBS
        ):
            return _source_tokens(governor, False, any(c.dep_ == "nsubjpass" for c in governor.children))
        return []
    if passive:
        agent = _prep_object(trigger, ("by",), deps=("agent", "prep"))
        return [agent] if agent is not None else []
    node = trigger
    for _ in range(6):
        subject = _subject(node)
        if subject is not None:
            return [subject]
        if node.dep_ == "xcomp" and node.head.lemma_.lower() in OBJECT_CONTROL:
            controller = next((c for c in node.head.children if c.dep_ in ("dobj", "pobj")), None)
            if controller is None:
                controller = _prep_object(node.head, ("on", "upon"))
            if controller is not None:
                return [controller]
        if node.dep_ in ("xcomp", "conj", "advcl", "ccomp") and node.head is not node:
            node = node.head
            continue
        if node.dep_ in ("relcl", "acl") and node.head is not node:
            return [node.head]
        break
    return []


def _between(trigger):  # noqa: ANN001, ANN202
    owners = [trigger, *[c for c in trigger.children if c.dep_ in ("dobj", "prep")]]
    owners += [g for c in trigger.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    for owner in owners:
        found = _prep_object(owner, ("between", "among"))
        if found is not None and found.conjuncts:
            return found
    return None


def _target_tokens(trigger, pattern: Pattern, matched_object, passive: bool) -> list:  # noqa: ANN001
    if pattern.target == "none":
        return []
    if passive and pattern.target == "dobj":
        return [c for c in trigger.children if c.dep_ == "nsubjpass"]
    if pattern.target == "dobj":
        direct = [c for c in trigger.children if c.dep_ in ("dobj", "dative")]
        if matched_object is not None:
            direct = [d for d in direct if d is not matched_object]
            if not direct and pattern.preps:
                found = _prep_object(trigger, pattern.preps) or _prep_object(matched_object, pattern.preps)
                return [found] if found is not None else []
        return direct[:1]
    if pattern.target == "iobj":
        dative = [c for c in trigger.children if c.dep_ == "dative" and c.pos_ != "ADP"]
        if dative:
            return dative[:1]
    preps = pattern.preps or ("to", "with", "on", "against")
    for owner in (trigger, matched_object):
        if owner is None:
            continue
        found = _prep_object(owner, preps)
        if found is not None:
            return [found]
    if pattern.is_noun:
        governor = _governor(trigger)
        if governor is not None and governor is not trigger:
            found = _prep_object(governor, preps)
            if found is not None:
                return [found]
    return []


def _prep_object(token, preps, deps=("prep", "dative", "agent")):  # noqa: ANN001, ANN202
    if token is None:
        return None
    for child in token.children:
        if child.dep_ in deps and child.lower_ in preps:
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
        if child.dep_ == "dative" and child.pos_ != "ADP" and "to" in preps:
            return child
    return None


def _governor(token):  # noqa: ANN001, ANN202
    """The verb a nominal trigger depends on ("announced sanctions", "the signing of ... was held")."""
    node = token
    for _ in range(4):
        if node.pos_ in ("VERB", "AUX") or node.tag_.startswith("VB"):
            return node
        if node.head is node:
            return None
        node = node.head
    return None


def _speaker(trigger, actors: _ActorIndex) -> dict[str, Any] | None:  # noqa: ANN001
    node = trigger
    for _ in range(8):
        if node.dep_ in ("ccomp", "parataxis", "conj") or node.dep_ == "ROOT":
            head = node.head if node.dep_ != "ROOT" else node
            for candidate in (head, *[c for c in head.children if c.dep_ in ("ccomp", "parataxis")]):
                if candidate.lemma_.lower() in SPEECH_VERBS and candidate is not trigger:
                    subject = _subject(candidate)
                    if subject is not None:
                        found = actors.of(subject)
                        if found:
                            speaker = found[0]
                            return {
                                "entity": speaker.get("agent") or speaker["entity"],
                                "text": speaker["text"],
                            }
        according = _prep_object(node, ("according",))
        if according is not None:
            inner = _prep_object(according, ("to",)) or according
            found = actors.of(inner)
            if found:
                return {"entity": found[0].get("agent") or found[0]["entity"], "text": found[0]["text"]}
        if node.head is node:
            break
        node = node.head
    return None


def _modality(head, trigger) -> str:  # noqa: ANN001
    try:
        from communique.annotators.modality import modality_of
    except ImportError:  # pragma: no cover - modality module ships with the package
        return "asserted"
    return modality_of(head if head is not None else trigger)


def _date_for(dates: list[dict] | None, start: int, end: int, sentence: int) -> str | None:
    if not dates:
        return None
    try:
        from communique.annotators.dates import resolve_event_date
    except ImportError:  # pragma: no cover
        return None
    return resolve_event_date(dates, start, end, sentence)


def _location(trigger, actors: _ActorIndex) -> str | None:  # noqa: ANN001
    for owner in (trigger, trigger.head):
        for child in owner.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "at"):
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None and (pobj.ent_type_ in ("GPE", "LOC", "FAC") or pobj.pos_ == "PROPN"):
                    return pobj.doc.text[pobj.left_edge.idx : pobj.right_edge.idx + len(pobj.right_edge)]
    return None


def _number(token) -> float | None:  # noqa: ANN001
    text = token.text.replace(",", "")
    try:
        return float(text)
    except ValueError:
        words = {
            "two": 2,
            "three": 3,
            "four": 4,
            "five": 5,
            "six": 6,
            "seven": 7,
            "eight": 8,
            "nine": 9,
            "ten": 10,
            "dozen": 12,
            "hundred": 100,
        }
        return words.get(token.lower_)


def _word(value: Any) -> str:
    """YAML 1.1 reads a bare `on`/`off` as a boolean; in this file they are always words."""
    if value is True:
        return "on"
    if value is False:
        return "off"
    return str(value).lower()


def _words(value: Any) -> tuple[str, ...]:
    if value is None or value == ():
        return ()
    if isinstance(value, (str, bool)):
        return (_word(value),)
    return tuple(_word(item) for item in value)


def _pattern(raw: dict[str, Any]) -> Pattern | None:
    trigger = raw.get("verb") or raw.get("noun")
    if not trigger or not raw.get("type"):
        return None
    is_noun = "noun" in raw and "verb" not in raw
    particle = raw.get("particle")
    return Pattern(
        trigger=_word(trigger),
        is_noun=is_noun,
        type=str(raw["type"]),
        mode=raw.get("mode"),
        objects=frozenset(_words(raw.get("object"))),
        preps=_words(raw.get("prep")),
        particle=_word(particle) if particle is not None else None,
        target=raw.get("target") or ("prep" if is_noun else "dobj"),
        context=raw.get("context"),
    )


def _objects(token, nominal: bool) -> list:  # noqa: ANN001
    """Direct objects (with their conjuncts), or for a noun its of-complement and compounds."""
    found = []
    for child in token.children:
        if child.dep_ in ("dobj", "attr", "oprd") or (nominal and child.dep_ == "compound"):
            found.append(child)
            found.extend(c for c in child.conjuncts)
        elif child.dep_ == "prep" and (nominal or child.lower_ in ("of", "for", "on")):
            found.extend(grand for grand in child.children if grand.dep_ == "pobj")
    # passive: "sanctions were imposed" - the patient is the passive subject
    found.extend(c for c in token.children if c.dep_ == "nsubjpass")
    return found
