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
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from communique.annotators.dates import resolve_event_date
from communique.annotators.doc_text import doc_text
from communique.annotators.formulations import word_key
from communique.annotators.modality import modality_of
from communique.kb import KB_DIR, KnowledgeBase, _WordsLoader


def _word_lists(path: Path = KB_DIR / "plover_words.yaml") -> dict[str, frozenset[str]]:
    """The coder's closed word lists (kb/plover_words.yaml), read with the KB's loader ("on", "no" stay
    words) once at import: the parse helpers below are module functions that need them before any
    KnowledgeBase exists."""
    with path.open(encoding="utf-8") as handle:
        lists = (yaml.load(handle, Loader=_WordsLoader) or {}).get("word_lists") or {}
    return {name: frozenset(str(word).lower() for word in words) for name, words in lists.items()}


WORDS = _word_lists()
SPEECH_VERBS = WORDS["speech_verbs"]
SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_CURRENCY = re.compile(r"\s+(?:dollars?|cents?|yuan|currency)\b", re.IGNORECASE)
# Verbs that perform a nominal event ("launched strikes", "imposed sanctions"): their subject is the
# event's source. Attitude verbs ("condemned the attacks") are events of their own instead.
PERFORMING_VERBS = WORDS["performing_verbs"]
STOPPING_VERBS = WORDS["stopping_verbs"]
TARGET_PREPS = ("on", "against", "to", "with", "toward", "towards", "at", "upon")
# "refused to compensate": the refusal is the event (REJECT); the refused act is not coded
REFUSALS = WORDS["refusals"]
# "neither accepts nor recognises", "does not recognise": a negated acceptance is a rejection
ACCEPTANCES = WORDS["acceptances"]
# "KYIV, Feb. 24 (Agency) -- ": a wire dateline names where the story was filed, not an actor
_DATELINE = re.compile(r"\s*[A-Z][A-Z .'-]+,[^\n]{0,80}?\s--(?:\s|$)")
_DATELINES_KEY = "communique.datelines"  # where `_datelines` keeps a Doc's dateline spans
# Verbs a speaker performs in speaking: "X said [that A did B] and urged C": the parser often hangs the
# second verb inside the reported clause, but the urging is the speaker's.
SPEAKER_ACTS = WORDS["speaker_acts"]


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
    reverse: bool = False  # the object is the source ("received the visiting minister")
    is_adj: bool = False  # "ready/willing to ...": triggers on an adjective with a to-complement
    complement: bool = False  # triggers only with a to-infinitive ("asked NATO to send troops")
    needs_prep: bool = False  # triggers only with one of its prepositions ("stand behind Kyiv", not "stand")

    @property
    def specificity(self) -> int:
        return 4 * bool(self.objects) + 2 * bool(self.particle) + bool(self.preps)


class EventCoder:
    def __init__(self, kb: KnowledgeBase) -> None:
        # every file of kind "plover" (plover.yaml with the types, plover_*.yaml with more patterns)
        files = [content for content in kb.files.values() if content.get("kind") == "plover"]
        self.types: dict[str, dict[str, Any]] = {}
        modes: dict[str, Any] = {}
        for content in files:
            self.types.update(content.get("types") or {})
            modes.update(content.get("complement_modes") or {})
        self.mode_by_type: dict[str, str] = modes.get("by_type") or {}
        self.mode_by_verb: dict[str, str] = {}
        for mode, verbs in (modes.get("by_verb") or {}).items():
            for verb in verbs:
                self.mode_by_verb.setdefault(_word(verb), mode)
        self.default_mode: str | None = modes.get("default")
        self.threat_mode_by_type: dict[str, str] = modes.get("threat_by_type") or {}
        # weapon word -> ASSAULT mode, and each mode's precedence (the order the file lists them in)
        self.weapon_modes: dict[str, str] = {}
        self.weapon_rank: dict[str, int] = {}
        for content in files:
            for mode, words in (content.get("weapon_modes") or {}).items():
                self.weapon_rank.setdefault(mode, len(self.weapon_rank))
                for word in words:
                    self.weapon_modes.setdefault(_word(word), mode)
        self.verbs: dict[str, list[Pattern]] = defaultdict(list)
        self.nouns: dict[str, list[Pattern]] = defaultdict(list)
        self.adjectives: dict[str, list[Pattern]] = defaultdict(list)
        for raw in (raw for content in files for raw in content.get("patterns") or []):
            pattern = _pattern(raw)
            if pattern is None:
                continue
            table = self.adjectives if pattern.is_adj else self.nouns if pattern.is_noun else self.verbs
            table[pattern.trigger].append(pattern)
        for table in (self.verbs, self.nouns, self.adjectives):
            for patterns in table.values():
                patterns.sort(key=lambda p: -p.specificity)
        self.kb = kb
        # dateline place -> country ("BANGKOK" -> THA): names, capitals and places with a country
        self.places: dict[str, str] = {}
        for entry in kb.entries.values():
            if entry.type == "COUNTRY":
                names = (entry.name, *entry.aliases, entry.get("capital"), *(entry.get("metonyms") or []))
                for name in names:
                    if isinstance(name, str):
                        self.places.setdefault(name.casefold(), entry.id)
            elif entry.type in ("PLACE", "REGION") and entry.country:
                for name in (entry.name, *entry.aliases):
                    self.places.setdefault(name.casefold(), entry.country)

    @property
    def size(self) -> int:
        return sum(len(p) for table in (self.verbs, self.nouns, self.adjectives) for p in table.values())

    def quad_class(self, event_type: str) -> int | None:
        return self.types.get(event_type, {}).get("quad_class")

    # ------------------------------------------------------------------ matching

    def match(self, token) -> tuple[Pattern, Any] | None:  # noqa: ANN001 - spaCy Token
        """The most specific pattern this token triggers, with the object token it matched."""
        if (token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")) and _retaliates(token):
            # "respond in kind", "take corresponding measures": retaliation in other words
            patterns = self.verbs.get("retaliate")
            if patterns:
                return patterns[0], next((c for c in token.children if c.dep_ == "dobj"), None)
        if token.pos_ == "VERB" and token.lemma_.lower() in MARCHING_VERBS:
            movement = _movement(token)
            if movement is not None:
                return movement
        if token.pos_ in ("VERB", "AUX") or (token.tag_.startswith("VB")):
            patterns = self.verbs.get(token.lemma_.lower())
            if patterns:
                return self._first_fit(token, patterns, nominal=False)
        if token.tag_ == "NNS" and any(c.dep_ == "dobj" for c in token.children):
            # "the military reserves the right to ...": a verb the tagger read as a plural noun
            patterns = self.verbs.get(token.lemma_.lower())
            if patterns:
                return self._first_fit(token, patterns, nominal=False)
        if (
            token.tag_ == "NNS"
            and token.dep_ == "nsubj"
            and token.head.pos_ == "NOUN"
            and token.head.i > token.i
        ):
            # "said the military reserves the right ...": parsed as a subject of "right"; read as its verb
            fits = (
                p for p in self.verbs.get(token.lemma_.lower(), ()) if token.head.lemma_.lower() in p.objects
            )
            pattern = next(fits, None)
            if pattern is not None:
                return pattern, token.head
        if token.pos_ in ("NOUN", "PROPN"):
            patterns = self.nouns.get(token.lemma_.lower())
            if patterns:
                return self._first_fit(token, patterns, nominal=True)
        if token.pos_ == "ADJ" and _complement(token) is not None:
            patterns = self.adjectives.get(token.lower_)
            if patterns:
                return self._first_fit(token, patterns, nominal=False)
        return None

    def _first_fit(self, token, patterns: list[Pattern], nominal: bool):  # noqa: ANN001, ANN202
        particle = next((c.lower_ for c in token.children if c.dep_ == "prt"), None) or next(
            (
                c.lower_
                for c in token.children
                if c.lower_ in PARTICLE_ADVERBS
                # "walked out of the talks": "out" heads a preposition of its own, so it is a particle
                and (c.dep_ == "advmod" or c.dep_ == "prep" and any(g.dep_ == "prep" for g in c.children))
            ),
            None,
        )
        objects = _objects(token, nominal)
        for pattern in patterns:
            if pattern.particle and pattern.particle != particle:
                continue
            if pattern.needs_prep and not any(
                c.dep_ == "prep" and c.lower_ in pattern.preps for c in token.children
            ):
                continue  # "stood firmly behind Ukraine" supports; "stood in the rain" does nothing
            if pattern.complement and (
                _complement(token) is None or _complement(token).lemma_.lower() in SPEECH_VERBS | MUTE_VERBS
            ):
                continue  # "asked whether ...", "declined to comment"
            if pattern.complement and pattern.type == "REJECT" and not pattern.objects:
                refused = self.match(_complement(token))
                if refused is None or self.quad_class(refused[0].type) not in (1, 2):
                    continue  # "declined to attend" refuses a meeting; "declined to criticise" does not
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
                if (
                    not nominal
                    and pattern.type != "REQUEST"
                    and matched_object.dep_ == "pobj"
                    and matched_object.head.lower_ == "for"
                    and token.lemma_.lower() in ("call", "appeal", "press", "push", "clamour", "clamor")
                ):
                    continue  # "called for a boycott" asks for it (REQUEST); "called a strike" stages it
            return pattern, matched_object
        return None

    # ------------------------------------------------------------------ coding

    def _hostile_complement(self, trigger) -> bool:  # noqa: ANN001
        """ "agreed to impose sanctions on Russia": a commitment to conflict has no partner as its target."""
        complement = _complement(trigger)
        found = self.match(complement) if complement is not None else None
        return found is not None and self.quad_class(found[0].type) in (3, 4)

    def _complement_modes(self, hits: list) -> None:
        """REQUEST and REJECT modes from what is asked for or refused: the requested event's type ("urged
        New Delhi to pull them back": yield), else the complement's verb ("to remain calm": yield), for a
        rejected proposal its words ("a proposal for talks": meet). THREATEN modes from the threatened
        event ("threatened to annex the region": territory)."""
        for token, pattern, coded in hits:
            if not coded or pattern.type not in ("REQUEST", "REJECT", "THREATEN"):
                continue
            asked_for = next(
                (c for c in token.children if c.dep_ == "dobj" and c.lemma_.lower() in CALLS), None
            )
            if coded[0]["mode"] and not (pattern.type == "REJECT" and asked_for is not None):
                continue  # ... but "rejected calls to resign" takes the mode of what the calls ask for
            complement = next(
                (
                    c
                    for c in token.children
                    if c.dep_ in ("xcomp", "ccomp")
                    and c.pos_ in ("VERB", "AUX")
                    # "threatened on Monday to impose ...": an adverbial between makes the parser say advcl
                    or c.dep_ == "advcl"
                    and c.i > token.i
                    and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
                    or c.dep_ == "prep"
                    and c.lower_ == "for"
                    and pattern.type != "THREATEN"
                ),
                None,
            )
            if pattern.type == "REJECT" and (complement is None or token.lemma_.lower() not in REFUSALS):
                # "rejected a proposal for talks", "rejected calls to resign": what the proposal asks for
                proposal = next((c for c in token.children if c.dep_ == "dobj"), None)
                words = [t.lemma_.lower() for t in proposal.subtree] if proposal is not None else []
                mode = next((self.mode_by_verb[w] for w in words if w in self.mode_by_verb), None)
                for event in coded if mode is not None else ():
                    event["mode"] = mode
                continue
            if complement is None and pattern.type == "THREATEN":
                # "threatened the use of force", "threatened sanctions": the threatened act is the object
                complement = next((c for c in token.children if c.dep_ == "dobj"), None)
            if complement is None:
                continue
            inside = {t.i for t in complement.subtree}
            asked = [
                e
                for t, p, evs in hits
                # "would take corresponding measures", "countermeasures": a vague retaliation names no threat
                if t.i in inside
                and t is not token
                and not (
                    pattern.type == "THREATEN"
                    and (
                        p.trigger in VAGUE_MEASURES
                        or any(c.dep_ == "dobj" and c.lemma_.lower() in VAGUE_MEASURES for c in t.children)
                    )
                )
                for e in evs
                if e["type"] != pattern.type
            ]
            if pattern.type == "THREATEN" and not asked and complement.dep_ == "dobj":
                # a threatened act coded as part of the threat ("the use of force"): what its words name
                words = [
                    complement,
                    *(g for c in complement.children if c.lower_ == "of" for g in c.children),
                ]
                found = (self.match(t) for t in words if t.lemma_.lower() not in VAGUE_MEASURES)
                asked = [
                    {"type": f[0].type, "mode": f[0].mode} for f in found if f and f[0].type != "THREATEN"
                ]
            table = self.threat_mode_by_type if pattern.type == "THREATEN" else self.mode_by_type
            modes = (_mode_for(table, e) for e in asked)
            mode = next(filter(None, modes), None) if pattern.type == "THREATEN" else next(modes, None)
            if mode is None and complement.pos_ in ("VERB", "AUX") and pattern.type != "THREATEN":
                mode = self.mode_by_verb.get(complement.lemma_.lower())
                if mode is None and pattern.type == "REQUEST":
                    mode = self.default_mode
            if mode is not None:
                for event in coded:
                    event["mode"] = mode

    def _with_demands(self, events: list[dict[str, Any]], actors: _ActorIndex) -> list[dict[str, Any]]:
        """A named speaker saying another actor must or should act ("Zhu said the United States must
        apologise") demands it: PLOVER codes that as the speaker's REQUEST of that actor, its mode from
        the act as for "urged ... to". A sentence with a REQUEST of its own states the demand already."""
        with_request = {event["sentence"] for event in events if event["type"] == "REQUEST"}
        coded = []
        for event in events:
            coded.append(event)
            speaker = event.get("speaker") or {}
            demanded = event["source"] or {}
            if (
                event["modality"] != "normative"
                or event["sentence"] in with_request
                or not demanded.get("entity")
            ):
                continue
            acting = actors.acting_for(speaker.get("entity"))
            if acting is None or acting in (demanded["entity"], demanded.get("agent")):
                continue
            source = {"entity": acting, "text": speaker.get("text")}
            if speaker.get("entity") != acting:
                source["agent"] = speaker["entity"]
            coded.append(
                _speech_act(
                    event,
                    type="REQUEST",
                    mode=_mode_for(self.mode_by_type, event) or self.default_mode,
                    quad_class=self.quad_class("REQUEST"),
                    source=source,
                    target=event["source"],
                )
            )
        return coded

    def _weapon_mode(self, trigger, sources: list, matched_object) -> str | None:  # noqa: ANN001
        """The ASSAULT mode the named weapon gives: in the attacker's phrase ("Suicide bombers struck",
        "warplanes bombed", "insurgents firing rockets"), the attack noun's modifiers ("rocket attacks",
        "artillery fire") or an instrument phrase ("attacked with machetes"). Targets are not read: "struck
        a missile base" names no weapon."""
        words = [t for s in sources for t in s.subtree if not (t.i <= trigger.i <= t.right_edge.i and t != s)]
        for owner in (trigger, matched_object):
            for child in owner.children if owner is not None else ():
                if (
                    child.dep_ in ("compound", "amod", "nmod")
                    or child.dep_ == "prep"
                    and child.lower_ in ("with", "by", "using")
                    or child.dep_ in ("advcl", "acl")
                    and child.lemma_.lower() in ("use", "fire", "wield")
                ):
                    words.extend(child.subtree)
        found = [
            self.weapon_modes.get(t.lemma_.lower()) or self.weapon_modes.get(word_key(t.lower_))
            for t in words
        ]
        return min(filter(None, found), key=self.weapon_rank.__getitem__, default=None)

    def code(
        self, doc, mentions: list, dates: list[dict] | None = None, source_name: str | None = None
    ) -> list[dict[str, Any]]:  # noqa: ANN001
        """Every event in a parsed Doc; `mentions` are the actor linker's, sorted by start."""
        sentences = list(doc.sents)
        blocked = _datelines(doc)
        home = None
        if blocked:
            # "BANGKOK, May 20 (Agency) -- ... the government imposed a curfew": the dateline's country
            home = next(
                (
                    m.entity_id if m.type == "COUNTRY" else m.country
                    for m in mentions
                    if any(a <= m.start < b for a, b in blocked) and (m.country or m.type == "COUNTRY")
                ),
                None,
            )
            if home is None:
                a, b = blocked[0]
                home = self.places.get(doc_text(doc)[a:b].split(",")[0].strip().casefold())
            mentions = [m for m in mentions if not any(a <= m.start < b for a, b in blocked)]
        actors = _ActorIndex(mentions, self.kb, doc_text(doc))
        actors.home = home
        actors.published = doc._.published if isinstance(doc._.published, date) else None
        events: list[dict[str, Any]] = []
        for index, sentence in enumerate(sentences):
            consumed: set[int] = set()
            speaker = None
            hits: list[tuple[Any, Pattern, list[dict[str, Any]]]] = []
            blocked_types: dict[int, str] = {}
            for token in sentence:
                if speaker is None and token.lemma_ in SPEECH_VERBS:
                    subject = _subject(token)
                    if subject is not None and subject.pos_ != "PRON":
                        speaker = next((a for a in actors.of(subject) if a["entity"]), None)
                if token.i in consumed:
                    continue
                found = self.match(token)
                if found is None:
                    continue
                pattern, matched_object = found
                if (
                    not pattern.is_noun
                    and token.lemma_.lower() in LIGHT_VERBS
                    and matched_object is not None
                    and matched_object.i > token.i
                ):
                    own = self.match(matched_object)
                    if own is not None and own[0].objects and own[0].type not in (pattern.type, "NONE"):
                        continue  # "issued a travel warning": the object's specific sense is the event
                if (
                    pattern.type == "CONSULT"
                    and pattern.mode == "visit"
                    and not pattern.objects
                    and any(c.dep_ == "dobj" and c.lemma_.lower() in HOSTED_TALKS for c in token.children)
                ):
                    continue  # "host talks between Russia and Ukraine": the talks are the event, no visit
                if pattern.type == "NONE":
                    if matched_object is not None:
                        consumed.add(matched_object.i)
                    continue  # a stop pattern: "signed an executive order" is no event
                if pattern.is_noun and token.tag_ in ("NNP", "NNPS") and token.ent_type_ in NAMED_WORKS:
                    continue  # "the War of Resistance Against Japanese Aggression" names a commemoration
                if pattern.is_noun and token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN"):
                    continue  # "assault rifles", "a protest camp", "detention centres" name things
                if (
                    pattern.is_noun
                    and token.dep_ == "pobj"
                    and token.head.lower_ == "in"
                    and token.lemma_.lower() in ("protest", "retaliation", "response", "solidarity")
                    and not any(c.dep_ in ("det", "poss", "amod") for c in token.children)
                ):
                    continue  # "halted exports in protest at his detention", "in retaliation": a manner
                if blocked_types.get(token.i) == pattern.type:
                    continue  # "committed 160 billion dollars in loans": the loans are that commitment
                if (
                    not pattern.is_noun
                    and token.dep_ == "xcomp"
                    and token.head.lemma_.lower() in REFUSALS
                    and self.match(token.head) is not None
                ):
                    continue
                if not pattern.is_noun and _background(token, actors):
                    continue
                if not pattern.is_noun and self.quad_class(pattern.type) in (1, 3) and _commentary(token):
                    continue  # "critics warn that ...", "analysts welcomed the deal": comment, no party's act
                if matched_object is not None:
                    # "imposed sanctions" is one event; "halt military action", "appealed for aid",
                    # "condemned the attacks" leave the object's own event to be coded
                    object_match = self.match(matched_object) if matched_object.i > token.i else None
                    if (
                        object_match is None
                        or not _own_event(pattern.type, object_match[0].type)
                        # "lodged a protest": the protest is the lodging, not a demonstration
                        or pattern.type == "ACCUSE"
                        and object_match[0].type == "PROTEST"
                        and matched_object.lemma_.lower() in pattern.objects
                    ):
                        consumed.add(matched_object.i)
                    if (
                        object_match is not None
                        and object_match[0].type == pattern.type
                        and object_match[0].objects
                        and object_match[0].mode
                    ):
                        # "began a hunger strike", "launched missile strikes": the noun gives the mode
                        pattern = replace(pattern, mode=object_match[0].mode)
                    blocked_types.update((t.i, pattern.type) for t in matched_object.subtree)
                    if pattern.type == "REJECT" and matched_object.lemma_.lower() in PROPOSALS:
                        # "rejected a proposal for an immediate truce": what a rejected proposal offers is
                        # not coded (the proposal itself still is)
                        consumed.update(t.i for t in matched_object.subtree if t is not matched_object)
                if not pattern.is_noun and token.lemma_.lower() not in CONSEQUENCES:
                    # "committed 160 billion dollars in loans", "provided 10 million yuan in aid" (but
                    # "killed in a clash with ..." leaves the clash to `_one_attack`)
                    blocked_types.update(
                        (g.i, pattern.type)
                        for c in token.children
                        if c.dep_ == "prep" and c.lower_ == "in"
                        for g in c.children
                        if g.dep_ == "pobj"
                    )
                if pattern.is_adj:
                    # "is ready to hold talks": the readiness is the event; its complement is not coded
                    consumed.update(t.i for t in _complement(token).subtree)
                hits.append(
                    (
                        token,
                        pattern,
                        self._events_for(
                            token, pattern, matched_object, index, sentence, actors, dates, source_name
                        ),
                    )
                )
            kept = _one_predicate(
                _at_gatherings(_one_attack(_without_purposes(_without_charges(_without_unasked(hits)))))
            )
            kept = _unnamed_once(_without_unmet_purposes(kept))
            self._complement_modes(kept)
            for _, _, coded in kept:
                events.extend(coded)
            if speaker is not None:
                actors.last_speaker = speaker
        return _collapse(self._with_demands(_with_commitments(events, self.quad_class("AGREE")), actors))

    def _events_for(
        self, trigger, pattern: Pattern, matched_object, index: int, sentence, actors, dates, source_name
    ) -> list[dict[str, Any]]:  # noqa: ANN001
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in trigger.children) or (
            # "the initiative, proposed by President Xi": a participle with its agent
            trigger.dep_ == "acl"
            and trigger.tag_ == "VBN"
            and _prep_object(trigger, ("by",), deps=("agent", "prep")) is not None
        )
        if (
            passive
            and _prep_object(trigger, ("by",), deps=("agent", "prep")) is None
            and any(c.dep_ == "prep" and c.lower_ in ("to", "with", "about", "at") for c in trigger.children)
            and trigger.lemma_.lower()
            not in ("charge", "accuse", "arrest", "detain", "sentence", "hit", "attack")
        ):
            passive = False  # "China was opposed to ...", "is committed to ...": a state, not a passive
        sources = _source_tokens(trigger, pattern.is_noun, passive)
        # "Israel and Hamas blamed each other": the parties are each other's targets (symmetric pairs)
        reciprocal = _reciprocal(trigger)
        targets = [t for t in _target_tokens(trigger, pattern, matched_object, passive) if not _stand_in(t)]
        # "halt military action against Iraq", "condemned the arrest of Niger's president": an object that
        # is an event of its own keeps its target
        acted_on = matched_object
        if acted_on is None and not pattern.is_noun:
            acted_on = next((c for c in trigger.children if c.dep_ == "dobj"), None)
        object_match = self.match(acted_on) if acted_on is not None and acted_on.i > trigger.i else None
        inner = (
            object_match is not None
            and _own_event(pattern.type, object_match[0].type)
            # "lodged a protest with India": the protest is the lodging (as in `code`)
            and not (
                pattern.type == "ACCUSE"
                and object_match[0].type == "PROTEST"
                and acted_on.lemma_.lower() in pattern.objects
            )
        )
        if inner:
            # ... and its owner is whom an attitude to it is about ("condemned Russia's strikes")
            nested = {t.i for t in acted_on.subtree}
            owner = _owner(acted_on)
            targets = [t for t in targets if t.i not in nested] + ([owner] if owner is not None else [])
        if reciprocal:
            targets = []
        if passive and not sources and pattern.type in ("MOBILIZE", "RETREAT"):
            # "Chinese vessels would be withdrawn", "troops were deployed": the forces moved are their
            # side's move, not its target
            units = [t for t in targets if t.dep_ == "nsubjpass" and t.lemma_.lower() in MOVED_FORCES]
            if units:
                sources, targets = units, [t for t in targets if t not in units]
        source_actors = [a for t in sources for a in actors.of(t, parties=True)]
        if not source_actors and sources:
            source_actors = actors.institution(sources[0])
        source_entities = {a["entity"] for a in source_actors if a["entity"]}
        source_entities |= {a["agent"] for a in source_actors if a.get("agent")}
        # "China ... on Chinese goods": an actor is not its own target
        target_actors = _target_actors(targets, actors, source_entities)
        if pattern.type == "PROTEST" and any(t.lemma_.lower() in PUBLIC_PLACES for t in targets):
            # "occupied the arrivals hall of Hong Kong's airport", "blocked roads in Hong Kong": where a
            # protest happens is not whom it is against
            targets = [t for t in targets if t.lemma_.lower() not in PUBLIC_PLACES]
            target_actors = _target_actors(targets, actors, source_entities)
        if not any(a["entity"] for a in target_actors) and pattern.target != "none" and not reciprocal:
            # "provided 180 million doses to 50 African countries": the object is no actor, the recipient is
            preps = pattern.preps or TARGET_PREPS
            if pattern.type == "AID" and "to" not in preps:
                preps = (*preps, "to")  # aid always reaches its recipient with "to" ("forgave loans to ...")
            if pattern.type == "ASSAULT" and not any(t.lemma_.lower() in PEOPLE_NOUNS for t in targets):
                # "struck targets across the Gaza Strip": where a strike landed names its target
                preps = (
                    *preps,
                    *(p for p in ("in", "into", "across", "inside", "throughout") if p not in preps),
                )
            deep = _deep_target(trigger, None if inner else matched_object, preps)
            if not deep and pattern.type == "ASSAULT":
                # "attacked two hotels and a railway station in Mumbai": the place of coordinated objects
                deep = [
                    d
                    for t in targets
                    if t.conjuncts and not any(c.lemma_.lower() in PEOPLE_NOUNS for c in (t, *t.conjuncts))
                    for d in [_prep_object(t.conjuncts[-1], preps)]
                    if d is not None
                ][:1]
            deep = [t for t in deep if t not in sources and t not in targets and not _stand_in(t)]
            if (
                not deep
                and not inner
                and matched_object is not None
                and matched_object.dep_ in ("dobj", "nsubjpass")
            ):
                deep = [matched_object]  # "attend the APEC meeting in Busan"
            if pattern.type == "PROTEST":
                deep = [t for t in deep if t.lemma_.lower() not in PUBLIC_PLACES]
            deep_actors = _target_actors(deep, actors, source_entities)
            if deep_actors and (not target_actors or any(a["entity"] for a in deep_actors)):
                target_actors = deep_actors
        if pattern.type == "PROTEST" and not any(a["entity"] for a in target_actors):
            # "protesters packed the square, demanding that President X step down": whom the protesters
            # make demands of is whom they protest against
            demanded = _demanded(trigger)
            target_actors = _target_actors(demanded, actors, source_entities) or target_actors
        if pattern.trigger == "retaliate" and not any(a["entity"] for a in target_actors):
            # "would take corresponding measures if Britain went ahead": the retaliation answers the
            # condition's actor
            condition = next(
                (
                    c
                    for c in trigger.children
                    if c.dep_ == "advcl"
                    and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
                ),
                None,
            )
            subject = _subject(condition) if condition is not None else None
            if subject is not None:
                target_actors = _target_actors([subject], actors, source_entities) or target_actors
        drawn_by = _drawn_by(trigger) if pattern.is_noun else None
        if drawn_by is not None and not source_actors:
            # "drawing condemnation from Vietnam" with the reactor parsed onto the verb
            reactor = _prep_object(trigger.head, ("from",))
            if reactor is not None:
                sources = [reactor]
                source_actors = [a for a in actors.of(reactor, parties=True)]
                source_entities |= {a["entity"] for a in source_actors if a["entity"]}
        if drawn_by is not None and not any(a["entity"] for a in target_actors):
            # "Thailand deported 109 Uyghurs, drawing condemnation from the United States": the reaction
            # targets whoever drew it
            drawn = _target_actors([drawn_by], actors, source_entities)
            if any(a["entity"] for a in drawn):
                target_actors = drawn
        if not target_actors and (
            pattern.type == "THREATEN"
            or pattern.type == "AGREE"
            and not self._hostile_complement(trigger)
            or pattern.type == "REJECT"
            and trigger.lemma_.lower() in REFUSALS
        ):
            # "pledged to help Pacific island countries", "threatened to impose tariffs on Chinese goods":
            # the target of a promise or threat is the one its complement acts on
            target_actors = _complement_target(
                trigger, actors, source_entities, threat=pattern.type == "THREATEN"
            )
        # an event between unlinked parties ("protesters disrupted", "activists were detained")
        # still counts, as long as the parse gives it a nominal argument
        if (
            not source_actors
            and not target_actors
            and not any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in (*sources, *targets))
            # ... or it is a named act of unrest or force: "during last year's protests", "no arrests"
            and not (pattern.is_noun and pattern.type in ("PROTEST", "ASSAULT", "COERCE"))
        ):
            return []
        if any(t.lemma_.lower() in HAZARDS for t in sources) or any(
            c.dep_ == "compound" and c.lemma_.lower() in HAZARDS for c in trigger.children
        ):
            return []  # "an earthquake struck", "avalanche warnings": nature is no actor
        event_type, mode, forced_modality = pattern.type, pattern.mode, None
        if event_type in ("AGREE", "SUPPORT") and trigger.lemma_.lower() in ACCEPTANCES and _negated(trigger):
            event_type, mode, forced_modality = "REJECT", None, "asserted"
        elif (
            event_type == "MOBILIZE"
            and trigger.lemma_.lower() in ("fire", "launch")
            and any(a["entity"] for a in target_actors)
            and not any(t.lemma_.lower() in OPEN_WATERS for t in trigger.subtree)
        ):
            # "fired rockets into southern Israel" strikes; "fired missiles into waters around Taiwan" tests
            event_type, mode = "ASSAULT", "heavy-weapons"
        elif (
            event_type == "ASSAULT"
            and trigger.lemma_.lower() in ("fire", "use", "spray", "lob")
            and matched_object is not None
            and matched_object.lemma_.lower() in IRRITANTS
            and not any(c.lemma_.lower() not in IRRITANTS for c in matched_object.conjuncts)
        ):
            event_type, mode = "COERCE", None  # "police fired tear gas": crowd control, not an attack
        elif event_type == "PROTEST" and drawn_by is not None and any(a["entity"] for a in source_actors):
            event_type, mode = "ACCUSE", None  # "drew an angry protest from Moscow": a state's protest
        elif (
            event_type == "PROTEST"
            and mode == "demo"
            and not pattern.is_noun
            and sources
            and all(map(_state_voice, sources))
            and source_actors
            and all(_is_country(a["entity"]) for a in source_actors)
        ):
            # "China protested strongly to Japan", "Moscow protested the expulsion": a state protests in
            # words, to the government it addresses; crowds ("thousands of Iranians") demonstrate
            event_type, mode = "ACCUSE", None
            if not any(a["entity"] for a in target_actors):
                addressed = _prep_object(trigger, ("to", "with"))
                if addressed is not None:
                    target_actors = _target_actors([addressed], actors, source_entities) or target_actors
        elif event_type == "ASSAULT" and any(word_key(t.lemma_) in CROWDS for t in sources):
            event_type, mode = "PROTEST", "riot"  # "protesters stormed the embassy": a riot, not an attack
        elif (
            event_type == "PROTEST"
            and mode == "riot"
            and any(t.lemma_.lower() in ARMED_UNITS for t in sources)
        ):
            # "soldiers looted the palace", "troops torched villages": a riot is civilians'
            event_type, mode = (
                ("COERCE", "confiscate") if trigger.lemma_.lower() in LOOTING else ("ASSAULT", "destroy")
            )
        elif (
            event_type == "PROTEST"
            and mode == "obstruct"
            and any(t.lemma_.lower() in ARMED_UNITS for t in sources)
        ):
            event_type, mode = (
                "MOBILIZE",
                "troops",
            )  # "troops surrounded the court": a deployment, not a sit-in
        elif (
            event_type == "ASSAULT"
            and mode == "explosives"
            and matched_object is not None
            and any(c.lemma_.lower() in NUCLEAR for c in matched_object.children)
        ):
            event_type, mode = "MOBILIZE", "weapons"  # "detonated a hydrogen bomb": a weapons test
        elif event_type == "CONSULT" and mode is None and _remotely(trigger):
            mode = "phone"  # "spoke by phone with", "talked over the phone", "met via video link"
        elif event_type == "MOBILIZE" and _joint(trigger, matched_object):
            event_type, mode = "COOPERATE", None  # "held joint drills": a joint exercise is cooperation
        if event_type == "ASSAULT" and (
            mode is None
            or mode == "firearms"
            and matched_object is not None
            and matched_object.lemma_ == "fire"
        ):
            mode = self._weapon_mode(trigger, sources, matched_object) or mode
        symmetric = (
            reciprocal
            or event_type in ("AGREE", "CONSULT", "COOPERATE")
            or pattern.type == "SUPPORT"
            and trigger.lemma_.lower() == "sign"
            # "Armenian and Azerbaijani forces exchanged fire", "clashes between X and Y"
            or event_type == "ASSAULT"
            and trigger.lemma_.lower() in ("exchange", "clash", "fight", "fighting", "skirmish", "battle")
        )
        if (
            pattern.type == "CONSULT"
            and pattern.mode == "visit"
            and not pattern.objects
            and not pattern.reverse
            and not (any(a["entity"] for a in source_actors) and any(a["entity"] for a in target_actors))
        ):
            # "relief supplies arrived in Karachi", "the missile flew for 74 minutes", "came under attack":
            # a visit has a visitor and a named destination
            return []
        if pattern.type == "CONSULT" and pattern.needs_prep and not any(a["entity"] for a in target_actors):
            return []  # "spoke with Blinken" is a meeting, "spoke with pride" is not
        if pattern.reverse:
            # "Hu Jintao received Robert Gates": the visitor is the source, the host the target
            if not any(a["entity"] for a in target_actors):
                return []
            source_actors, target_actors = target_actors, source_actors
        if (
            not symmetric
            and len(source_actors) == 2
            and event_type not in ("ASSAULT", "MOBILIZE", "THREATEN", "PROTEST")
            and (
                trigger.dep_ == "xcomp"
                and trigger.head.lemma_.lower() in ("agree", "decide", "pledge", "vow", "promise")
                or trigger.lemma_.lower() in RECIPROCAL_VERBS
            )
        ):
            # "China and the United States agreed to cut their tariffs", "Russia and the United States
            # exchanged prisoners": what two parties jointly agree to do, each does towards the other
            symmetric = True
        if symmetric and len(source_actors) > 1 and not any(a["entity"] for a in target_actors):
            # "China and Pakistan signed 51 agreements": each side acts towards the other; among three
            # or more ("the US, Britain and Australia announced a partnership") each acts with no target
            if len(source_actors) == 2:
                pairs = [(a, b) for a in source_actors for b in source_actors if a is not b]
            else:
                pairs = [(a, None) for a in source_actors]
        elif (
            event_type == "ASSAULT"
            and symmetric
            and len(source_actors) == 1
            and len(target_actors) == 1
            and any(a["entity"] for a in (*source_actors, *target_actors))
        ):
            # "clashed with Chinese troops", "a clash with ...": each side is the other's target
            pairs = [(source_actors[0], target_actors[0]), (target_actors[0], source_actors[0])]
        else:
            pairs = [(a, b) for a in (source_actors or [None]) for b in (target_actors or [None])]
        speaker = _speaker(trigger, actors) or (
            {"entity": None, "text": source_name} if source_name else None
        )
        head = trigger  # a noun climbs to its verb in modality_of, noting "called for", "pledged"
        modality = forced_modality or _modality(head, trigger)
        if pattern.is_noun and modality != "negated" and not _argument(trigger):
            # a presupposed nominal event in an adjunct is asserted: "to halt rocket attacks on Israel",
            # "after a wave of Russian missile strikes", "over the arrest of its president"
            modality = "asserted"
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
            text = doc_text(sentence.doc)[start:end]
            event = {
                "type": event_type,
                "mode": mode,
                "source": _public(source),
                "target": _public(target),
                "date": _date_for(dates, start, end, index),
                "location": location,
                "modality": modality,
                "speaker": speaker,
                "quad_class": self.quad_class(event_type),
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
        # "US dollars", "Hong Kong dollars" name a currency, not an actor; an initiative, treaty or summit
        # ("signed the RCEP", "on the sidelines of the G20 summit") is what parties act on, not a party
        self.mentions = [
            m
            for m in mentions
            if (m.role == "actor" or m.type in ("PERSON", "ORG"))
            and m.type != "INITIATIVE"
            and not _CURRENCY.match(text, m.end)
        ]
        self.kb = kb
        self.last_speaker: dict[str, Any] | None = None  # the document's latest identified speaker
        self.home: str | None = None  # the country of the document's dateline
        self.published: date | None = None  # when the text speaks: whose office a person holds then
        self.places: _ActorIndex | None = None
        if mentions and any(m.role == "place" for m in mentions):
            # "strikes on cities across Ukraine": a country named as a place can still be a target
            places = [m for m in mentions if m.role == "place" and m.entity_id and m.type == "COUNTRY"]
            # "a hospital in Gaza City": a place inside a country stands for that country
            places += [
                replace(m, entity_id=m.country, type="COUNTRY")
                for m in mentions
                if m.role == "place" and m.type in ("PLACE", "REGION") and m.country
            ]
            self.places = _ActorIndex([], kb, text)
            self.places.mentions = places

    def _as_actor(self, mention) -> dict[str, Any]:  # noqa: ANN001
        actor = {
            "entity": mention.entity_id,
            "text": mention.text,
            "start": mention.start,
            "end": mention.end,
            "kind": mention.type,
        }
        if mention.type == "PERSON" or mention.type == "ORG" and mention.entity_id:
            actor["agent"] = mention.entity_id
            actor["entity"] = (
                self._international_office(mention.entity_id) or mention.country or mention.entity_id
            )
        if mention.entity_id is None:
            actor["entity"] = mention.country  # "Kenyan Foreign Minister Musalia Mudavadi" acts for Kenya
        return actor

    def acting_for(self, entity_id: str | None) -> str | None:
        """The country or body a KB actor acts for: a person's international office or country, an
        organisation's country when it has one, else the actor itself."""
        entry = self.kb.get(entity_id) if entity_id else None
        if entry is None:
            return entity_id
        if entry.type == "PERSON":
            return self._international_office(entity_id) or entry.country
        return entry.country or entity_id if entry.type == "ORG" else entity_id

    def _international_office(self, person_id: str | None) -> str | None:
        """The international body a person heads or serves when the text speaks ("UN Secretary-General
        Kofi Annan urged ..." is the UN's request, not Ghana's); None while they hold a national office
        too, or when the date or the KB cannot say."""
        entry = self.kb.get(person_id) if person_id else None
        if entry is None or self.published is None:
            return None
        held = [
            r
            for r in entry.roles
            if r.of and r.held_on(self.published) and not r.title.startswith("Member of")
        ]
        bodies = [self.kb.get(r.of) for r in held]
        if held and all(b is not None and b.type == "ORG" and not b.country for b in bodies):
            return held[0].of
        return None

    def of(self, token, parties: bool = False) -> list[dict[str, Any]]:  # noqa: ANN001
        """Actors a noun phrase stands for: each conjunct separately ("China and Russia"), and
        coordinated modifiers too ("Chinese and Peruvian leaders"). With `parties`, a conjunct that
        names no KB actor next to one that does is a party of its own with a null id ("the Sudanese
        government and the rebel groups in Darfur", "Israel and Hamas")."""
        found = []
        unlinked = []
        heads = [token, *token.conjuncts]
        # "US President Barack Obama and Chinese President Hu Jintao": coordination under an apposition
        heads += [c for a in token.children if a.dep_ == "appos" for c in a.conjuncts]
        for head in heads:
            modifiers = [c for c in head.children if c.dep_ in ("amod", "compound") and c.conjuncts]
            candidates = (
                [self._head_actor(m) for m in modifiers for m in (m, *m.conjuncts)] if modifiers else []
            )
            candidates = [c for c in candidates if c is not None] or [self._head_actor(head)]
            if candidates[0] is not None and candidates[0]["start"] > head.idx:
                # "consumers in Saudi Arabia and Kuwait", "the governments of Japan and Korea": each country
                candidates = self._coordinated_complement(head, candidates)
            if candidates == [None] and parties and _party_noun(head) and not _in_dateline(head):
                unlinked.append(head)
            for actor in candidates:
                if actor is not None and all(actor["start"] != other["start"] for other in found):
                    found.append(actor)
        if unlinked and any(actor["entity"] for actor in found):
            for head in unlinked:
                left, right = _own_span(head)
                text = doc_text(head.doc)[left:right]
                found.append({"entity": None, "text": text, "start": left, "end": right})
        return found

    def _head_actor(self, head) -> dict[str, Any] | None:  # noqa: ANN001
        if head.pos_ == "PRON":
            return self._pronoun_actor(head)
        start, end = head.idx, head.idx + len(head)
        containing = [m for m in self.mentions if m.start <= start < m.end or start <= m.start < end]
        if containing:
            return self._as_actor(containing[0])
        # "the Beijing Declaration", "the draft Security Council resolution": an instrument's name or its
        # forum is not a party to it
        if head.lemma_.lower() in INSTRUMENTS and head.pos_ == "PROPN":
            return None
        if (
            head.lemma_.lower() in COUNTRY_NOUNS
            and any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)
            and not any(
                c.dep_ in ("amod", "compound", "poss", "nmod", "appos", "relcl")
                or c.dep_ == "prep"
                and c.lower_ == "of"
                for c in head.children
            )
        ):
            return self._antecedent_country(head)
        # "its embassy", "their commander": the owner a possessive pronoun stands for
        owner = next((c for c in head.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
        if owner is not None and head.pos_ == "NOUN" and head.lemma_.lower() in OWNED_NOUNS:
            found = self._pronoun_actor(owner)
            if found is not None:
                return found
        # "US President | Joe Biden" split by the parser: a title right before a named person is that person
        if head.pos_ == "PROPN" and not head.ent_type_ and head.i + 1 < len(head.doc):
            after = head.doc[head.i + 1].idx
            person = [m for m in self.mentions if m.type == "PERSON" and m.start == after]
            if person:
                return self._as_actor(person[0])
        # "US President Barack Obama", "the spokesman, Zhao Lijian": the named one in apposition acts
        for appos in (c for c in head.children if c.dep_ == "appos"):
            named = self._head_actor(appos)
            if named is not None and named["entity"]:
                return named
        # pre-modifiers and appositions: "the Chinese side", "the government of Pakistan"
        left, right = head.left_edge.idx, head.right_edge.idx + len(head.right_edge)
        inside = [m for m in self.mentions if left <= m.start and m.end <= right]
        conj_starts = {c.left_edge.idx for c in head.conjuncts}
        inside = [m for m in inside if not any(m.start >= cs for cs in conj_starts if cs > start)]
        # ... but a party is not named by a clause that describes it ("the gunmen who stormed a campus in
        # Garissa"); a place may be ("the Essequibo region, which is administered by Guyana")
        outside = [
            (c.left_edge.idx, c.right_edge.idx + len(c.right_edge))
            for c in head.children
            if c.i > head.i
            and (
                c.dep_ in ("relcl", "acl", "advcl")
                and (_party_noun(head) or head.lemma_.lower() in INSTRUMENTS)
                or c.dep_ == "prep"
                and c.lower_ in ("including", "like", "such", "excluding", "except")
            )
        ]
        # "a draft law on foreign agents, which critics say mirrors Russian legislation": an aside names
        # nothing (though "the Essequibo region, which is administered by Guyana" may)
        outside += [
            (t.left_edge.idx, t.right_edge.idx + len(t.right_edge))
            for t in head.subtree
            if t.dep_ == "relcl"
            and t.head.lemma_.lower() not in REGIONS
            and t.left_edge.i > 0
            and t.doc[t.left_edge.i - 1].lower_ == ","
        ]
        inside = [m for m in inside if not any(a <= m.start < b for a, b in outside)]
        if inside:
            before = [m for m in inside if m.end <= end]
            return self._as_actor((before or inside)[-1] if before else inside[0])
        if (
            self.places is not None
            and (_party_noun(head) or head.lemma_.lower() in INSTITUTIONS)
            and head.lemma_.lower() not in PEOPLE_NOUNS
        ):
            # "a court in Myanmar", "security forces in Syria": a party located in a country acts for it
            located = [
                p
                for c in head.children
                if c.dep_ == "prep" and c.lower_ == "in"
                for p in c.children
                if p.dep_ == "pobj"
            ]
            found = [a for p in located for a in self.places.of(p)]
            if found:
                return found[0]
        number = next((c for c in head.children if c.dep_ == "nummod"), None)
        if head.pos_ == "NOUN" and number is not None:
            count = _number(number)
            return {
                "entity": None,
                "text": doc_text(head.doc)[left:right],
                "start": left,
                "end": right,
                "group": {"count": count},
            }
        return None

    def _antecedent_country(self, head, own: bool = False) -> dict[str, Any] | None:  # noqa: ANN001
        """ "issued a travel warning for the country", "drills around the island": the nearest country
        named before, in this sentence or the one before, other than its clause's subject's (unless `own`:
        a state body may be its clause's subject's)."""
        sentence = head.sent
        floor = head.doc[sentence.start - 1].sent.start_char if sentence.start > 0 else sentence.start_char
        node, subject = head, None
        for _ in range(8):
            subject = _subject(node) if node.pos_ in ("VERB", "AUX") else None
            if subject is not None or node.head == node:
                break
            node = node.head
        excluded: set[str] = set()
        if subject is not None and subject != head and not own:
            left, right = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge)
            excluded = {m.entity_id for m in self.mentions if left <= m.start < right and m.type == "COUNTRY"}
        pool = [*self.mentions, *(self.places.mentions if self.places is not None else [])]
        if own:
            # a state body belongs to a party named before it, not to where something happened ("disrupted
            # the relay in London and Paris, and activists were detained by police")
            pool = [m for m in self.mentions if not _locative(head.doc, m.start)]
        before = [
            m
            for m in pool
            if m.type == "COUNTRY"
            and m.entity_id
            and floor <= m.start
            and m.end <= head.idx
            and m.entity_id not in excluded
        ]
        if not before:
            return None
        actor = self._as_actor(max(before, key=lambda m: m.start))
        actor.update(
            text=doc_text(head.doc)[head.left_edge.idx : head.idx + len(head)], start=head.left_edge.idx
        )
        actor["end"] = head.idx + len(head)
        return actor

    def _coordinated_complement(self, head, candidates: list) -> list:  # noqa: ANN001
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in ("in", "of", "from")):
            pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if pobj is None or not pobj.conjuncts:
                continue
            found = [
                self._head_actor(p) or (self.places._head_actor(p) if self.places is not None else None)
                for p in (pobj, *pobj.conjuncts)
            ]
            found = [f for f in found if f is not None and f["entity"]]
            if len(found) > 1:
                return found
        return candidates

    def _pronoun_actor(self, pronoun) -> dict[str, Any] | None:  # noqa: ANN001
        """ "We" is the speaker's country (the sentence's speaker, else the document's last one);
        "it", "they", "he", "she" is the nearest named subject of a clause above that agrees with it in
        number and person ("MOFCOM announced that it would impose ..."), else an object of that clause
        before it ("called off a visit to Denmark after its prime minister ..."). Nothing outside the
        sentence is guessed for third persons."""
        word = pronoun.lower_
        if word in FIRST_PLURAL:
            speaker = self.speaker_of(pronoun)
            if speaker is None and not _quoted(pronoun):
                speaker = self.last_speaker
            if speaker is None or not speaker["entity"]:
                return None
            return {
                "entity": speaker["entity"],
                "text": pronoun.text,
                "start": pronoun.idx,
                "end": pronoun.idx + len(pronoun),
            }
        if word not in THIRD_PERSONS:
            return None
        # "accusing it of ...", "shot them": an object pronoun does not stand for its own clause's subject
        bound = _bound_subject(pronoun)
        node = pronoun.head
        for _ in range(8):
            subject = _subject(node) or _controller(node)  # "urged Russia to halt its strikes": Russia's
            if subject is not None and (
                subject.pos_ == "PRON" or subject.i >= pronoun.i or bound is not None and subject.i == bound.i
            ):
                subject = None
            objects = _antecedent_objects(node, pronoun)
            if (
                subject is not None
                and word in PLURAL_PRONOUNS
                and not _plural(subject)
                and any(_plural(o) for o in objects)
            ):
                subject = None  # "warned aid groups that they would be expelled": the plural antecedent
            mismatch = False
            for candidate in [subject] * (subject is not None) + objects:
                found = [a for a in self.of(candidate) if a["entity"]]
                if not _agrees(word, candidate, found):
                    mismatch = mismatch or candidate is subject and bool(found)
                    continue
                if candidate.lemma_.lower() in INSTRUMENTS:
                    return None  # "vetoed the resolution because it would have ...": a text, no actor
                if found:
                    actor = dict(found[0])
                    actor.update(text=pronoun.text, start=pronoun.idx, end=pronoun.idx + len(pronoun))
                    return actor
                if candidate is not subject and (
                    _party_noun(candidate) or _plural(candidate) or candidate.lemma_.lower() in PERSON_NOUNS
                ):
                    return None  # "singled out students and shot them": an antecedent that is no KB actor
                # "Saudi Arabia cut ties after protesters stormed its embassy": an unnamed subject is
                # passed over for the named one above
            if mismatch:
                return None  # a named subject that does not fit and no object that does: no guess further up
            if node.head == node:
                break
            node = node.head
        return None

    def institution(self, token) -> list[dict[str, Any]]:  # noqa: ANN001
        """ "The government", "police", "the army" with no country named: the dateline's country; with no
        dateline, the country named last before it ("South Korean forces returned fire and the military
        was placed on alert"). Modifiers that name no one ("paramilitary troops", "the border troops")
        leave it unnamed."""
        if token.lemma_.lower() not in INSTITUTIONS or any(
            c.dep_ in ("poss", "prep")
            or c.dep_ in ("amod", "compound")
            and (c.pos_ == "PROPN" or c.ent_type_ or not c.is_lower)  # institutional_unnamed
            for c in token.children
        ):
            return []
        entity = self.home
        if entity is None:
            before = self._antecedent_country(token, own=True)  # "India had not withdrawn the border troops"
            return [dict(before, kind="INSTITUTION")] if before is not None else []
        left, right = token.left_edge.idx, token.idx + len(token)
        text = doc_text(token.doc)[left:right]
        return [{"entity": entity, "text": text, "start": left, "end": right, "kind": "INSTITUTION"}]

    def speaker_of(self, token) -> dict[str, Any] | None:  # noqa: ANN001
        """The actor who says the clause `token` is in (the subject of a speech verb above it)."""
        node = token
        for _ in range(8):
            if node.lemma_.lower() in SPEECH_VERBS and node != token:
                subject = _subject(node)
                if subject is not None and subject.pos_ != "PRON":
                    found = [a for a in self.of(subject) if a["entity"]]
                    if found:
                        return found[0]
            if node.head == node:
                break
            node = node.head
        return None


# Head nouns that name parties, so an unlinked conjunct with one of them still acts ("and its allies")
PARTY_NOUNS = WORDS["party_nouns"]


def _party_noun(token) -> bool:  # noqa: ANN001
    if token.pos_ == "PROPN":
        return token.ent_type_ in ("ORG", "NORP", "PERSON")  # an unlinked GPE is a place
    return token.pos_ == "NOUN" and token.lemma_.lower() in PARTY_NOUNS


def _own_span(head) -> tuple[int, int]:  # noqa: ANN001
    """Character span of a conjunct's phrase without the conjuncts and the coordinator after it."""
    right = head
    for token in head.subtree:
        if token.i > head.i and (
            token.dep_ in ("cc", "conj") and token.head == head or token.dep_ == "punct"
        ):
            break
        right = token
    return head.left_edge.idx, right.idx + len(right)


FIRST_PLURAL = frozenset({"we", "us", "our", "ours"})
_LOCATIVES = frozenset({"in", "at", "across", "near", "around", "throughout", "inside"})


def _locative(doc, start: int) -> bool:  # noqa: ANN001
    """Is the word at character `start` inside a place phrase ("in London and Paris")?"""
    token = next((t for t in doc if t.idx == start), None)
    for node in token.ancestors if token is not None else ():
        if node.dep_ == "prep":
            return node.lower_ in _LOCATIVES
        if node.pos_ in ("VERB", "AUX"):
            break
    return False


# "the country", "the island": a definite description that stands for a country named before it
COUNTRY_NOUNS = WORDS["country_nouns"]
THIRD_PERSONS = frozenset({"it", "its", "they", "them", "their", "he", "his", "him", "she", "her"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
# Singular nouns for one person: "he"/"she" may stand for them, "it" may not
PERSON_NOUNS = WORDS["person_nouns"]


def _plural(token) -> bool:  # noqa: ANN001
    """A coordination or a plural common noun ("the United States" is one party, "troops" are many)."""
    return bool(token.conjuncts) or token.pos_ == "NOUN" and token.tag_ == "NNS"


def _agrees(word: str, token, found: list) -> bool:  # noqa: ANN001
    """Can a third-person pronoun stand for this phrase: "it" for one non-person, "he"/"she" for one
    person ("the Kenyan president", a linked person), "they" for anything."""
    if word in PLURAL_PRONOUNS:
        return True
    if _plural(token) or len(found) > 1:
        return False
    if found:  # the linker's kind over the tagger's ("Sri Lanka" may be tagged a person)
        person = found[0].get("kind") == "PERSON" or token.lemma_.lower() in PERSON_NOUNS
    else:
        person = token.ent_type_ == "PERSON" or token.lemma_.lower() in PERSON_NOUNS
    return person != (word in ("it", "its"))


def _bound_subject(pronoun):  # noqa: ANN001, ANN202
    """The subject of an object pronoun's own clause, inherited through coordination and participles
    ("severed ties with Qatar, accusing it of ..."): the pronoun cannot stand for it."""
    if pronoun.dep_ not in ("dobj", "dative"):
        return None
    verb = pronoun.head
    for _ in range(4):
        subject = _subject(verb)
        if subject is not None:
            return subject
        if verb.dep_ not in ("conj", "advcl", "xcomp") or verb.head == verb:
            return None
        verb = verb.head
    return None


def _prep_objects(token) -> list:  # noqa: ANN001
    return [g for c in token.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]


def _antecedent_objects(node, pronoun) -> list:  # noqa: ANN001
    """Objects of `node` before the pronoun, nearest first, then the nouns their prepositions take
    ("relations with Qatar")."""
    heads = [c for c in node.children if c.dep_ in ("dobj", "dative")] + _prep_objects(node)
    heads = sorted((h for h in heads if h.right_edge.i < pronoun.i), key=lambda h: -h.i)
    nested = sorted((g for h in heads for g in _prep_objects(h)), key=lambda h: -h.i)
    return [h for h in heads + nested if h.ent_type_ not in ("DATE", "TIME")]


def _quoted(token) -> bool:  # noqa: ANN001
    """Inside quotation marks within its sentence."""
    before = doc_text(token.doc)[token.sent.start_char : token.idx]
    return before.count('"') % 2 == 1 or before.rfind("\u201c") > before.rfind("\u201d")


def _public(actor: dict[str, Any] | None) -> dict[str, Any] | None:
    if actor is None:
        return None
    public = {"entity": actor["entity"], "text": actor["text"]}
    if actor.get("agent") and actor["agent"] != actor["entity"]:
        public["agent"] = actor["agent"]
    if "group" in actor:
        public["group"] = actor["group"]
    return public


OBJECT_CONTROL = WORDS["object_control"]


# PLOVER: cooperative actions reported in the future tense are commitments, coded AGREE as well
COMMITTABLE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})


def _with_commitments(events: list[dict[str, Any]], agree_quad: int | None) -> list[dict[str, Any]]:
    """Each planned cooperative act of a named actor ("China will provide vaccines to Africa", "Xi
    will visit France") is also that actor's AGREE towards the same target, as the PLOVER manual
    codes future-tense cooperation. A sentence that already has an AGREE ("pledged to", "offered
    to host talks between ...") states the commitment itself: its complements add none."""
    with_agree = {event["sentence"] for event in events if event["type"] == "AGREE"}
    coded = []
    for event in events:
        coded.append(event)
        if (
            event["type"] in COMMITTABLE
            and event["modality"] == "planned"
            and (event["source"] or {}).get("entity")
            and event["sentence"] not in with_agree
        ):
            coded.append(_speech_act(event, type="AGREE", mode=None, quad_class=agree_quad))
    return coded


def _speech_act(event: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """The commitment or demand an act stands for: the act's sentence, span, trigger, date and speaker,
    asserted, with `changes` (type, mode, actors) and without the act's context."""
    derived = {key: value for key, value in event.items() if key != "context"}
    derived.update(modality="asserted", **changes)
    return derived


def _mode_for(table: dict[str, str], event: dict[str, Any]) -> str | None:
    """A REQUEST/REJECT/THREATEN mode from the asked-for act: its TYPE/mode entry first, then its type's."""
    return table.get(f"{event['type']}/{event['mode']}") or table.get(event["type"])


def _collapse(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Triggers of one sentence that code the same event ("neither accepts nor recognises") are one event."""
    seen: set = set()
    kept = []
    for event in events:
        key = (
            event["sentence"],
            event["type"],
            event["mode"],
            (event["source"] or {}).get("entity"),
            (event["source"] or {}).get("text"),
            (event["target"] or {}).get("entity"),
            (event["target"] or {}).get("text"),
            event["modality"],
        )
        if key not in seen:
            seen.add(key)
            kept.append(event)
    return kept


# Complements that make a refusal or a request mere talk ("declined to comment")
MUTE_VERBS = WORDS["mute_verbs"]
# Attitude verbs that conjoin with a speaker's acts under one subject
ATTITUDES = WORDS["attitudes"]
# Adverbs read as a phrasal verb's particle when the parser does not attach them as one ("pull them back")
PARTICLE_ADVERBS = frozenset({"together", "jointly", "back", "out", "off", "down", "away"})
# Names a capitalised event noun may sit in without being an event ("... Against Japanese Aggression")
NAMED_WORKS = frozenset({"EVENT", "WORK_OF_ART", "LAW", "ORG", "FAC"})


# Documents and instruments: their names and forums are not parties ("the Beijing Declaration")
INSTRUMENTS = WORDS["instruments"]


# State bodies named without their country ("the government", "police")
INSTITUTIONS = WORDS["institutions"]
# Nouns that count or group what their of-phrase names ("hundreds of rockets", "a batch of aid")
QUANTITY_NOUNS = WORDS["quantity_nouns"]
# Things that stand for their owner when attacked, entered or expelled ("its embassy", "its diplomats")
OWNED_NOUNS = WORDS["owned_nouns"]
# Where test shots land
OPEN_WATERS = WORDS["open_waters"]
# People as targets: a place named with them does not make them that country's
PEOPLE_NOUNS = WORDS["people_nouns"]
# Civilian crowds: their violence is a riot (PROTEST), not an ASSAULT
HAZARDS = WORDS["hazards"]
IRRITANTS = WORDS["irritants"]
RECIPROCAL_VERBS = WORDS["reciprocal_verbs"]
REMOTE_MEANS = WORDS["remote_means"]
CROWDS = WORDS["crowds"]
# Verbs that report the harm an attack did ("killing 140 people", "were killed when troops opened fire"):
# the attack is the event, so next to one they are not coded again
CONSEQUENCES = WORDS["consequences"]


def _background(trigger, actors: _ActorIndex) -> bool:  # noqa: ANN001
    """A reduced relative describes its noun, it reports no event of its own: "47 people convicted of
    terrorism", "herders armed with machetes", "troops backed by armoured vehicles", "posts supporting
    the protests", "tourists visiting the Philippines". One with an acting agent still does ("the
    initiative proposed by President Xi", "lawyers detained during the crackdown")."""
    if trigger.dep_ != "acl":
        return False
    if trigger.tag_ == "VBG":
        return True
    if trigger.tag_ != "VBN":
        return False
    agent = _prep_object(trigger, ("by",), deps=("agent", "prep"))
    if agent is not None:
        return not any(a["entity"] for a in actors.of(agent)) and not _party_noun(agent)
    return any(c.dep_ == "prep" and c.lower_ in ("of", "with", "to") for c in trigger.children)


def _own_event(verb_type: str, object_type: str) -> bool:
    """Is a verb's object an event of its own? An attitude to an act ("condemned the attacks", "called
    for a boycott", "appealed for aid") and halting violence ("halt military action") leave the act
    to be coded; imposing, lifting or threatening a measure does not ("lifted the embargo")."""
    if verb_type == object_type:
        return False
    if verb_type in ("REQUEST", "ACCUSE", "SUPPORT", "REJECT"):
        return True
    return verb_type in ("RETREAT", "CONCEDE") and object_type in ("ASSAULT", "MOBILIZE", "COERCE")


def _unnamed_once(hits: list) -> list:
    """Coordinated objects that name no party ("tariffs of 25 percent on steel and 10 percent on aluminium")
    give one event, not one per conjunct: a trigger's events differ by the parties they name."""
    for _, _, events in hits:
        seen: set = set()
        kept = []
        for event in events:
            target = (event["target"] or {}).get("entity")
            key = (event["type"], event["mode"], (event["source"] or {}).get("entity"), event["modality"])
            if target is None and key in seen:
                continue
            if target is None:
                seen.add(key)
            kept.append(event)
        events[:] = kept
    return hits


def _without_unmet_purposes(hits: list) -> list:
    """The purpose of an act that did not happen is not coded ("has never sent troops abroad to occupy
    territory"), nor the taking an offensive is launched for ("launched an offensive to retake a region")."""
    coded = {token.i: (pattern.type, events) for token, pattern, events in hits if events}

    def unmet(token, pattern) -> bool:  # noqa: ANN001
        if token.dep_ not in ("advcl", "acl") or not any(
            c.dep_ == "aux" and c.lower_ == "to" for c in token.children
        ):
            return False
        head = token.head.head if token.head.dep_ == "dobj" and token.head.i not in coded else token.head
        head_type, head_events = coded.get(head.i, (None, []))  # "launched an offensive to retake .."
        return bool(head_events) and (
            all(e["modality"] == "negated" for e in head_events)
            or head_type == "ASSAULT"
            and pattern.type == "COERCE"
        )

    return [hit for hit in hits if not unmet(hit[0], hit[1])]


def _without_purposes(hits: list) -> list:
    """A stance given as an act's purpose is not an event of its own: "marched to protest against",
    "surrounded the legislature to oppose a bill", "built facilities to support missions". Purposes that
    are acts ("sent a warship to arrest fishermen") and complements of threats, pledges and requests stay."""
    types = {token.i: pattern.type for token, pattern, events in hits if events}
    by_token = {token.i: events for token, _, events in hits if events}
    kept_hits = []
    for hit in hits:
        token, pattern, events = hit
        head_events = by_token.get(token.head.i)
        if (
            pattern.type == "AID"
            and token.lemma_.lower() in HELPING
            and token.dep_ in ("advcl", "xcomp")
            and types.get(token.head.i) in ("AID", "MOBILIZE", "RETREAT")
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
        ):
            # "sent medical teams to help Mongolia fight SARS": helping is the sending's purpose; whom it
            # helps is the aid's recipient
            helped = [e["target"] for e in events if e["target"] and e["target"].get("entity")]
            if (
                helped
                and types.get(token.head.i) == "AID"
                and not any((e["target"] or {}).get("entity") for e in head_events)
            ):
                template = head_events[0]
                head_events[:] = [{**template, "target": target} for target in helped]
            continue
        kept_hits.append(hit)
    hits = kept_hits

    def act(head) -> str | None:  # noqa: ANN001
        """The event a purpose serves: its head's, or that of the head's object ("are on hunger strike
        to protest", "launch an operation to halt attacks")."""
        objects = [c for c in head.children if c.dep_ in ("dobj", "attr")]
        objects += [g for c in head.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        return types.get(head.i) or next((types[o.i] for o in objects if o.i in types), None)

    return [
        hit
        for hit in hits
        if not (
            hit[0].dep_ in ("advcl", "acl")
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in hit[0].children)
            and (
                hit[1].type in PURPOSE_STANCES
                and act(hit[0].head) not in (None, "THREATEN", "AGREE", "REQUEST")
                # "launched an operation to halt rocket attacks": stopping the other side is the aim
                or hit[1].type in ("RETREAT", "CONCEDE")
                and act(hit[0].head) in ("ASSAULT", "MOBILIZE", "COERCE")
            )
        )
    ]


LOOTING = WORDS["looting"]
NUCLEAR = WORDS["nuclear"]
# Proposals whose content is not coded when they are rejected (calls and demands are requests of their own)
PROPOSALS = WORDS["proposals"]
# Retaliation in general words: threatening it names no particular measure
VAGUE_MEASURES = WORDS["vague_measures"]
LIGHT_VERBS = WORDS["light_verbs"]
HELPING = WORDS["helping"]
PURPOSE_STANCES = frozenset({"SUPPORT", "REJECT", "ACCUSE", "PROTEST"})


def _commentary(verb) -> bool:  # noqa: ANN001
    """Whether a verb's subject is a commentator ("critics", "analysts"), whose words are no party's act."""
    subject = _subject(verb)
    return (
        subject is not None
        and subject.lemma_.lower() in COMMENTATORS
        and not any(
            c.dep_ in ("compound", "amod") and c.ent_type_ in ("NORP", "GPE", "ORG") for c in subject.children
        )
    )


COMMENTATORS = WORDS["commentators"]


def _one_predicate(hits: list) -> list:
    """A participle that goes on describing its clause's event is that event ("held their first meeting,
    talking for three hours"; "conducted a nuclear test, detonating a bomb"): one event, not two."""
    types = {token.i: pattern.type for token, pattern, coded in hits if coded}
    coded = {token.i: events for token, _, events in hits if events}
    return [
        hit
        for hit in hits
        if not (
            hit[0].dep_ == "advcl"
            and hit[0].tag_ == "VBG"
            and not any(c.dep_ in ("nsubj", "mark") for c in hit[0].children)
            and types.get(hit[0].head.i) == hit[1].type
            # ... unless it names a party the head's event does not ("filed a case, accusing Myanmar")
            and {_pair(e) for e in hit[2]} <= {_pair(e) for e in coded.get(hit[0].head.i, [])} | {None}
        )
    ]


def _pair(event: dict[str, Any]) -> tuple[str | None, str | None] | None:
    """An event's (source, target) entities, or None when it has no target entity."""
    target = (event["target"] or {}).get("entity")
    return ((event["source"] or {}).get("entity"), target) if target else None


def _at_gatherings(hits: list) -> list:
    """A meeting held at a summit ("met Li at the G20 summit", "talks on the sidelines of the G7 summit") is
    one multilateral consultation: the summit is its venue (mode multilateral), not a second event."""
    if not hits:
        return hits
    consulting = {token.i: coded for token, pattern, coded in hits if coded and pattern.type == "CONSULT"}
    venues = set()
    for place in hits[0][0].sent:
        if place.lemma_.lower() not in GATHERINGS or place.dep_ != "pobj":
            continue
        prep = place.head
        if prep.lower_ == "of" and prep.head.lemma_.lower() in VENUE_EDGES and prep.head.dep_ == "pobj":
            prep = prep.head.head  # "on the sidelines of the summit"
        if prep.lower_ not in VENUE_PREPS:
            continue
        verb = prep
        for _ in range(8):  # the clause the venue phrase belongs to
            if verb.pos_ in ("VERB", "AUX") or verb.head == verb:
                break
            verb = verb.head
        meetings = [consulting.get(verb.i)]
        if verb.dep_ == "advcl":  # "held a meeting, talking for hours on the sidelines of ..."
            meetings.append(consulting.get(verb.head.i))
        meetings = [m for m in meetings if m]
        if not meetings:
            continue
        venues.add(place.i)
        for event in (e for m in meetings for e in m):
            event["mode"] = event["mode"] or "multilateral"
    return [hit for hit in hits if hit[0].i not in venues]


VENUE_PREPS = frozenset({"at", "during", "on", "in"})
CALLS = frozenset({"call", "demand", "appeal", "request", "plea", "ultimatum"})
TIME_PREPS = frozenset({"after", "before", "upon", "on", "since", "following", "until", "while", "when"})
VENUE_EDGES = WORDS["venue_edges"]
BIDDINGS = WORDS["biddings"]


def _without_unasked(hits: list) -> list:
    """The complement of a negated request or threat is not coded: "has not asked NATO to send troops",
    "did not threaten to expel them"."""
    unasked = {
        t.i
        for token, pattern, coded in hits
        if coded and pattern.type in ("REQUEST", "THREATEN") and coded[0]["modality"] == "negated"
        for c in token.children
        if c.dep_ in ("xcomp", "ccomp")
        for t in c.subtree
    }
    return [hit for hit in hits if hit[0].i not in unasked]


def _without_charges(hits: list) -> list:
    """A verbal act named as the charge of a conviction or arrest is that charge, not an event of its own:
    "sentenced for breaching the rules", "arrested for insulting the king"."""
    charges = {
        t.i
        for token, pattern, coded in hits
        if coded and not pattern.is_noun and pattern.mode in ("convict", "arrest")
        for c in token.children
        if c.dep_ == "prep" and c.lower_ in ("for", "of", "with")
        for t in c.subtree
    } | {
        # "sentenced ... for incitement and breaching the rules": the parser splits the coordinated charge
        t.i
        for token, pattern, coded in hits
        if coded and not pattern.is_noun and pattern.mode in ("convict", "arrest")
        for prep in token.children
        if prep.dep_ == "prep" and prep.lower_ == "for"
        for c in token.children
        if c.dep_ in ("advcl", "conj")
        and c.tag_ == "VBG"
        and c.i > prep.i
        and c.nbor(-1).lower_ in ("and", "or")
        for t in c.subtree
    }
    return [hit for hit in hits if not (hit[0].i in charges and hit[2] and hit[2][0]["quad_class"] == 3)]


def _one_attack(hits: list) -> list:
    """One attack is one event: a consequence verb tied to another attack trigger ("struck ..., killing
    140", "killed in a clash") and an attack noun in a material conflict verb's phrase ("assassinated in
    an attack", "arrested him in a raid") are dropped."""
    assaults = [(token, pattern) for token, pattern, coded in hits if coded and pattern.type == "ASSAULT"]
    if len(hits) < 2 or not assaults:
        return hits

    def linked(a, b) -> bool:  # noqa: ANN001
        return a.head == b or b.head == a or b.head.head == a or a.head.head == b

    sourced = {t.i for t, _, coded in hits if any(e["source"] and e["source"]["entity"] for e in coded)}
    dropped = {
        # "attacked villages, killing 80 and burning homes", "stormed the embassy and set it on fire": the
        # burning is the attack's (or the riot's) own damage
        token.i
        for token, pattern, coded in hits
        if coded
        and not pattern.is_noun
        and coded[0]["mode"] == "riot"
        and any(other.i < token.i and linked(token, other) for other, _ in assaults)
    }
    for token, pattern in assaults:
        if not pattern.is_noun and token.lemma_.lower() in CONSEQUENCES:
            for other, other_pattern in assaults:
                if other == token or other.i in dropped or not linked(token, other):
                    continue
                if other_pattern.is_noun and token.i in sourced:
                    dropped.add(
                        other.i
                    )  # "the US killed Soleimani in a drone strike": the verb has the agent
                else:
                    dropped.add(token.i)  # "struck ..., killing 140", "were killed in a clash with ..."
                break
    for token, pattern, coded in hits:
        if token.i in dropped or not coded or pattern.is_noun or coded[0]["quad_class"] != 4:
            continue
        for other, other_pattern in assaults:
            if (
                other_pattern.is_noun
                and other.head.dep_ == "prep"
                and other.head.head == token
                # "took the town after heavy fighting with ...", "expelled diplomats over the attack": an
                # earlier event or a cause, not the same one
                and other.head.lower_
                not in ("after", "before", "following", "amid", "since", "over", "for", "despite")
            ):
                dropped.add(other.i)
    return [hit for hit in hits if hit[0].i not in dropped]


def _negated(trigger) -> bool:  # noqa: ANN001
    if any(c.dep_ == "neg" or c.lower_ in ("neither", "nor") for c in trigger.children):
        return True
    # "neither accepts nor recognises": the second verb inherits the first one's negation
    return trigger.dep_ == "conj" and any(c.lower_ in ("neither", "nor") for c in trigger.head.children)


def _joint(trigger, matched_object) -> bool:  # noqa: ANN001
    owners = [trigger] + ([matched_object] if matched_object is not None else [])
    return any(c.lower_ in ("joint", "jointly", "combined") for o in owners for c in o.children)


def _asker(noun):  # noqa: ANN001, ANN202
    """The verb asking for a nominal event ("appealed for aid", "sought loans") when no recipient is named."""
    verb = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "for" else noun.head
    if (
        noun.dep_ in ("pobj", "dobj")
        and verb.lemma_.lower() in ASKING_VERBS
        and verb.pos_ in ("VERB", "AUX")
        and _prep_object(noun, ("to", "for")) is None
    ):
        return verb
    return None


def _addressee(noun):  # noqa: ANN001, ANN202
    """Whom a proposal or a call is made to: "calls on X", else whoever answers it ("X rejected
    opposition calls to resign", "X accepted the offer")."""
    on = _prep_object(noun, ("on", "upon"))
    if on is not None:
        return on
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in RESPONSES:
        return _subject(noun.head)
    return None


def _demanded(trigger) -> list:  # noqa: ANN001
    """The party a participle of demanding addresses: its object, the subject of its clause, or its
    for/on phrase ("demanding that Mubarak step down", "calling for the resignation of the premier")."""
    for verb in (c for c in trigger.children if c.dep_ in ("advcl", "conj") and c.tag_ == "VBG"):
        if verb.lemma_.lower() not in DEMANDING:
            continue
        found = [c for c in verb.children if c.dep_ == "dobj"]
        found += [g for c in verb.children if c.dep_ == "ccomp" for g in c.children if g.dep_ == "nsubj"]
        found += [p for p in [_prep_object(verb, ("for", "on", "against"))] if p is not None]
        if found:
            return found[:1]
    return []


def _reciprocal(trigger) -> bool:  # noqa: ANN001
    """ "blamed each other", "accused one another of ...": the object is the subject's parties in turn."""
    objects = [c for c in trigger.children if c.dep_ in ("dobj", "dative")]
    objects += [g for c in trigger.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    for o in objects:
        words = {o.lower_, *(c.lower_ for c in o.children), *(t.lower_ for t in o.doc[max(o.i - 1, 0) : o.i])}
        if {"each", "other"} <= words or {"one", "another"} <= words:
            return True
    return False


def _dateline(sentence) -> tuple[int, int] | None:  # noqa: ANN001
    found = _DATELINE.match(doc_text(sentence.doc), sentence.start_char, sentence.end_char)
    if found is None or not any(ch.isdigit() for ch in found.group()):
        return None
    return sentence.start_char, found.end()


def _datelines(doc) -> list[tuple[int, int]]:  # noqa: ANN001
    """The Doc's dateline spans, found once: actor and subject lookups ask for every token."""
    spans = doc.user_data.get(_DATELINES_KEY)
    if spans is None:
        spans = doc.user_data[_DATELINES_KEY] = [
            span for span in (_dateline(sentence) for sentence in doc.sents) if span is not None
        ]
    return spans


def _dateline_of(token) -> tuple[int, int] | None:  # noqa: ANN001
    return next(((a, b) for a, b in _datelines(token.doc) if a <= token.idx < b), None)


def _in_dateline(token) -> bool:  # noqa: ANN001
    return _dateline_of(token) is not None


def _after_dateline(token):  # noqa: ANN001, ANN202
    """The top of the first phrase after the dateline that the parser attached inside `token`'s subtree."""
    span = _dateline_of(token)
    if span is None:
        return None
    for candidate in token.subtree:
        if (
            candidate.idx >= span[1]
            and candidate.head.idx < span[1]
            and candidate.pos_ in ("NOUN", "PROPN", "PRON")
        ):
            return candidate
    return None


def _subject(token):  # noqa: ANN001, ANN202
    children = []
    for child in (c for c in token.children if c.dep_ in SUBJECTS):
        dep = child.dep_
        if _in_dateline(child):
            # "BUSAN, Oct. 30 (Agency) -- Xi and Trump met": the parser makes the dateline's place the
            # subject and hangs the real one on it (appos); the real subject is the first phrase
            # after the dateline that attaches into it
            child = _after_dateline(child)
            if child is None:
                continue
        children.append((dep, child))
    # the subject nearest the verb ("Q: Will China join ...": not the "Q" label)
    active = sorted((c for dep, c in children if dep in ("nsubj", "csubj")), key=lambda c: abs(token.i - c.i))
    return active[0] if active else next((c for dep, c in children if dep == "nsubjpass"), None)


def _source_tokens(trigger, nominal: bool, passive: bool) -> list:  # noqa: ANN001
    between = _between(trigger) if trigger.lemma_.lower() not in MEDIATING else None
    if between is not None:
        return [between]  # "talks between China and Laos": both sides act (symmetric pairs)
    if nominal:
        owner = _owner(trigger)
        if owner is not None:
            return [owner]
        bidder = _bidder(trigger)
        if bidder is not None:
            return [bidder]  # "arrested her at the request of the United States": the US asked
        claimed = trigger.head.head if trigger.dep_ == "pobj" and trigger.head.lower_ == "for" else None
        if (
            claimed is not None
            and claimed.lemma_.lower() in ("responsibility", "credit")
            and claimed.head.lemma_.lower() in ("claim", "take", "accept", "admit", "assume")
            and _subject(claimed.head) is not None
        ):
            return [_subject(claimed.head)]  # "Hamas claimed responsibility for rocket attacks on ..."
        if _asker(trigger) is not None:
            # "sought emergency loans from the IMF": the giver is the one asked, not the asker
            giver = _prep_object(trigger, ("from",)) or _prep_object(_asker(trigger), ("from",))
            return [giver] if giver is not None else []
        if (
            trigger.lemma_.lower() in TWO_SIDED
            and _prep_object(trigger, ("with",)) is not None
            and trigger.dep_ == "pobj"
            and trigger.head.head.pos_ in ("VERB", "AUX")
        ):
            # "soldiers were killed in a clash with ...", "took the town after fighting with ...": the
            # clause's subject is the other side
            subject = _subject(trigger.head.head)
            if subject is not None:
                return [subject]
        for participle in (c for c in trigger.children if c.dep_ == "acl" and c.tag_ == "VBN"):
            agent = _prep_object(participle, ("by",), deps=("agent", "prep"))
            if agent is not None:
                return [agent]
        if trigger.dep_ == "pobj" and trigger.head.dep_ == "prep":
            accused = _accused(trigger.head)  # "accusing Myanmar of genocide"
            if accused is not None:
                return [accused]
        if (
            trigger.lemma_.lower() in GATHERINGS
            and trigger.dep_ == "pobj"
            and trigger.head.lower_ in ("at", "during")
            and trigger.head.head.pos_ in ("VERB", "AUX")
            and not any(c.dep_ == "nsubjpass" for c in trigger.head.head.children)
        ):
            # "praised the plan at a summit in Beijing", "spoke during the conference": who acts at a
            # summit attends it
            return _source_tokens(trigger.head.head, False, False)
        governor, through = _nominal_governor(trigger)
        if governor is not None and (
            governor.lemma_.lower() in PERFORMING_VERBS
            or through
            or governor.lemma_.lower() in STOPPING_VERBS
            and governor.dep_ not in ("advcl", "acl")
        ):
            return _source_tokens(governor, False, any(c.dep_ == "nsubjpass" for c in governor.children))
        return []
    if passive:
        agent = _prep_object(trigger, ("by",), deps=("agent", "prep"))
        return [agent] if agent is not None else []
    if trigger.pos_ == "NOUN":
        # a verb the tagger read as a plural noun ("the Chinese military reserves the right"): its subject
        # was parsed as its modifiers
        modifiers = [
            c for c in trigger.children if c.dep_ in ("amod", "compound", "nmod") and c.i < trigger.i
        ]
        named = [c for c in modifiers if c.ent_type_ in ("NORP", "GPE", "ORG")]
        return named[:1] or modifiers[-1:]
    node = trigger
    for _ in range(6):
        subject = _subject(node)
        if (
            subject is not None
            and subject.tag_ in ("WDT", "WP")
            and node.dep_ == "relcl"
            and (
                _party_noun(node.head)
                or node.head.pos_ == "PROPN"  # "Qatar, which has been mediating between ..."
                or node.head.lemma_.lower() in ARMED_UNITS
                # "a Philippine vessel that intruded into the waters"
                or any(
                    c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE")
                    for c in node.head.children
                )
            )
        ):
            return [node.head]  # "the troops that crossed into Chinese territory"
        if subject is not None:
            return [subject]
        controller = _controller(node)
        if controller is not None:
            return [controller]
        if (
            node.dep_ == "conj"
            and trigger.lemma_.lower() in SPEAKER_ACTS
            # "China appreciated and welcomed ...": conjoined attitudes share their clause's subject
            and node.head.lemma_.lower() not in SPEAKER_ACTS | ATTITUDES
            and node.head.dep_ == "ccomp"
            and node.head.head.lemma_.lower() in SPEECH_VERBS
            and _subject(node.head.head) is not None
        ):
            return [_subject(node.head.head)]
        if node.dep_ in ("xcomp", "conj", "advcl", "ccomp", "acomp") and node.head != node:
            node = node.head
            continue
        if node.dep_ in ("relcl", "acl") and node.head != node:
            addressee = _addressee(node.head) if node.head.lemma_.lower() in ADDRESSED_NOUNS else None
            if addressee is not None and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
                return [addressee]  # "rejected opposition calls to resign": the one called on resigns
            return [node.head]
        if (
            node.dep_ == "pcomp"
            and node.head.dep_ == "prep"
            and node.head.head.pos_ in ("NOUN", "PROPN")
            and node.head.head.dep_ in ("dobj", "pobj")
            and node.head.head.head.pos_ in ("VERB", "AUX")
        ):
            node = node.head.head.head  # "join Western countries in imposing sanctions": who joins imposes
            if _joiners(node):
                return _joiners(node)
            continue
        if node.dep_ == "pcomp" and node.head.dep_ == "prep" and node.head.head.pos_ in ("VERB", "AUX"):
            # "accused Nigerian soldiers of killing protesters": the accused did it; "after imposing
            # sanctions", "by blocking roads": the subject of the verb above
            accused = _accused(node.head)
            if accused is not None:
                return [accused]
            node = node.head.head
            if _joiners(node):
                return _joiners(node)
            continue
        break
    return []


def _controller(verb):  # noqa: ANN001, ANN202
    """The object that performs an object-control complement: "urged Russia to halt ...", "called on
    Iran to ..." -> Russia, Iran."""
    if verb.dep_ != "xcomp" or verb.head.lemma_.lower() not in OBJECT_CONTROL:
        return None
    controller = next((c for c in verb.head.children if c.dep_ in ("dobj", "pobj")), None)
    return controller if controller is not None else _prep_object(verb.head, ("on", "upon"))


def _owner(noun):  # noqa: ANN001, ANN202
    """Who a nominal event is named as belonging to: "Russia's strikes", "Russian missile strikes" (the
    owner may modify a compound of the noun), "its withdrawal", "the expulsion ... by Bulgaria"."""
    modifiers = [
        *noun.children,
        *(g for c in noun.children if c.dep_ == "compound" and c.pos_ == "NOUN" for g in c.children),
    ]
    owner = next(
        (
            c
            for c in modifiers
            if c.dep_ in ("poss", "compound", "amod")
            and (c.pos_ == "PROPN" or c.tag_ in ("NNP", "NNPS") or c.ent_type_ in ("GPE", "NORP", "ORG"))
            or c.dep_ == "poss"
            and c.lower_ in ("its", "his", "her")  # "its withdrawal from the WHO"
            or c.dep_ == "amod"
            and c.pos_ == "ADJ"
            and c.is_title
            and c.i > c.sent.start  # "Western sanctions"
        ),
        None,
    )
    return owner or _prep_object(noun, ("by", "from")) or _of_agent(noun)


def _joiners(verb) -> list:  # noqa: ANN001
    """ "Japan joined European countries in imposing sanctions": the joiner and the joined both act."""
    if verb.lemma_.lower() != "join":
        return []
    joined = next((c for c in verb.children if c.dep_ == "dobj"), None)
    subject = _subject(verb)
    return [subject, joined] if joined is not None and subject is not None else []


def _accused(prep):  # noqa: ANN001, ANN202
    """The direct object of "accuse/blame/charge/condemn X of/for ..." that the of/for phrase is about."""
    verb = prep.head
    if prep.lower_ not in ("of", "for") or verb.lemma_.lower() not in ACCUSING_VERBS:
        return None
    return next((c for c in verb.children if c.dep_ == "dobj"), None)


ACCUSING_VERBS = WORDS["accusing_verbs"]


# Nouns a nominal event sits in without being an act of their own: "return to the track of dialogue",
# "come back to the negotiating table"
FRAME_NOUNS = WORDS["frame_nouns"]
# Verbs whose subject also performs the event in their phrase: "returned to dialogue", "resumed talks"
ENGAGING_VERBS = WORDS["engaging_verbs"]
# "went ahead with additional tariffs", "pressed ahead with the sanctions"
AHEAD_VERBS = WORDS["ahead_verbs"]


def _engaging(verb) -> bool:  # noqa: ANN001
    lemma = verb.lemma_.lower()
    return lemma in ENGAGING_VERBS or lemma in AHEAD_VERBS and any(c.lower_ == "ahead" for c in verb.children)


# Prepositions through which a verb's subject takes part in a nominal event ("return to talks", "engage in
# dialogue", "join in the strikes"); "over", "about", "after", "against" introduce other parties' acts
ENGAGING_PREPS = frozenset({"to", "in", "into", "through", "via", "at", "with", "of", "for", "on", "during"})


def _nominal_governor(trigger):  # noqa: ANN001, ANN202
    """The verb whose subject performs a nominal event, climbing prepositions and frame nouns ("urged them
    to return to the track of dialogue"), with whether the way led through "through"/"via" ("manage
    differences through dialogue"). (None, False) when the noun is some other verb's subject or topic."""
    node, through = trigger, False
    for _ in range(8):
        head = node.head
        if head == node or node.dep_ in ("nsubj", "nsubjpass", "csubj"):
            break
        if node.dep_ == "pobj" and head.lower_ in ("through", "via"):
            through = True
        if head.pos_ in ("VERB", "AUX"):
            if head.dep_ == "pcomp" and head.tag_ == "VBG":  # "the track of settling disputes through ..."
                node = head
                continue
            if node.dep_ == "prep" and node.lower_ not in ENGAGING_PREPS:
                break  # "lodged a protest over the killing of civilians": a topic, not the act performed
            if node.dep_ in ("dobj", "attr", "prep", "dative", "advmod", "npadvmod") or node == trigger:
                verb = head
                if (
                    _engaging(verb)
                    or through
                    or node == trigger
                    and node.dep_
                    in (
                        "dobj",
                        "attr",
                    )
                ):
                    return verb, through or _engaging(verb)
            return head, through
        if through and node.dep_ == "prep" and head.dep_ == "dobj" and head.head.pos_ in ("VERB", "AUX"):
            node = head  # "resolving differences through talks": the means is the verb's, not the noun's
            continue
        if node.dep_ in ("pobj", "prep", "pcomp") or (
            node.dep_ in ("conj", "compound", "amod", "nmod") and head.pos_ in ("NOUN", "PROPN")
        ):
            if (
                head.pos_ in ("NOUN", "PROPN")
                and head != trigger
                and head.lemma_.lower() not in FRAME_NOUNS
                and node.dep_ != "conj"
            ):
                break
            node = head
            continue
        break
    return None, False


def _complement_target(
    trigger, actors: _ActorIndex, exclude: set, threat: bool = False
) -> list[dict[str, Any]]:  # noqa: ANN001
    """The party a promise's or a threat's complement acts on. A threat's may be a clause ("warned that
    Turkey would launch an incursion into northern Syria") and reach its target with in/into."""
    deps = ("xcomp", "ccomp") if threat else ("xcomp",)
    preps = (*TARGET_PREPS, "in", "into") if threat else TARGET_PREPS
    complements = [
        c
        for c in trigger.children
        if c.pos_ in ("VERB", "AUX")
        and (
            c.dep_ in deps
            or c.dep_ == "advcl"
            and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        )
    ]
    for complement in complements:
        if complement.dep_ == "xcomp" and any(c.dep_ in SUBJECTS for c in complement.children):
            continue
        direct = [c for c in complement.children if c.dep_ in ("dobj", "dative")]
        controlled = [c for c in complement.children if c.dep_ == "xcomp" and _controller(c) in direct]
        if threat and controlled:
            # "warned that it could lead Congress to restrict transfers to Europe": the threat is what the
            # controller would do, aimed at its target
            found = _complement_target(complement, actors, exclude, threat)
            if found:
                return found
        # a promise's target is named by its complement's own arguments, not by what they are of ("agreed
        # to release the crew members of the US plane", "committed to the denuclearisation of the peninsula")
        found = _target_actors(direct, actors, exclude, nested=threat)
        if not found:
            via = _prep_object(complement, preps)
            if via is None:
                return_to = direct[0] if direct else None
                via = _deep_target(complement, return_to, preps)
            else:
                via = [via]
            found = _target_actors(via, actors, exclude, nested=threat)
        if not found and direct:
            found = _complement_target(complement, actors, exclude, threat)
        if not found and not threat:
            # "pledged to help Pacific island countries build ...": the helped are the clause's subject
            subjects = [
                g
                for c in complement.children
                if c.dep_ in ("ccomp", "xcomp")
                for g in c.children
                if g.dep_ == "nsubj" and g.pos_ in ("NOUN", "PROPN")
            ]
            found = _target_actors(subjects, actors, exclude)
        if found:
            return found
    if not threat:
        # "proposed that China and Central Asian countries jointly build ...": the proposer's partners
        # in the clause it proposes (its own side excluded)
        subjects = [g for c in trigger.children if c.dep_ == "ccomp" for g in c.children if g.dep_ == "nsubj"]
        return [a for a in _target_actors(subjects, actors, exclude) if a["entity"]]
    return []


def _target_actors(
    targets: list, actors: _ActorIndex, exclude: set, nested: bool = True
) -> list[dict[str, Any]]:
    """Actors of the target phrases; a phrase that names none may name one in its complement
    ("tariffs on 200 billion dollars of Chinese imports", "strikes on cities across Ukraine") unless
    not `nested`."""
    found = []
    for token in targets:
        hits = actors.of(token, parties=True)
        if not nested:
            # only the phrase's own words: not its of-phrases ("the crew members of the US plane")
            inner = [
                (t.idx, t.idx + len(t))
                for head in (token, *token.conjuncts)
                for c in head.children
                if c.dep_ in ("prep", "acl", "relcl")
                for t in c.subtree
            ]
            hits = [a for a in hits if not any(a2 <= a["start"] < b2 for a2, b2 in inner)]
        frontier = [token]
        # "struck crowds of pilgrims in Baghdad": where people were is not who they are
        people = token.lemma_.lower() in PEOPLE_NOUNS
        for _ in range(2 if nested else 0):
            if hits or people:
                break
            # "against the government's reform", "dismissed his idea": the owner of what is targeted
            frontier = [c for node in frontier for c in node.children if c.dep_ == "poss"] + [
                g
                for node in frontier
                for c in node.children
                if c.dep_ == "prep" and c.lower_ in ("of", "across", "in", "from", "throughout")
                for g in c.children
                if g.dep_ == "pobj"
            ]
            hits = [
                a
                for node in frontier
                for a in actors.of(node) or (actors.institution(node) if node.dep_ == "poss" else [])
            ]
        if not hits and actors.places is not None and not people:
            hits = actors.places.of(token)
        if not hits and token.lemma_.lower() in (
            "government",
            "regime",
            "administration",
            "parliament",
            "legislature",
            "court",
            "ministry",
        ):
            hits = actors.institution(token)  # "a strike against the government's reform" (dateline country)
        # a country is not its own target, but its people and bodies can be ("Myanmar's military detained
        # Aung San Suu Kyi"), and so can a person the KB lacks, named by a pronoun ("police arrested him")
        found.extend(
            a
            for a in hits
            if (a.get("agent") or a["entity"]) not in exclude
            or a.get("kind") == "PERSON"
            and not a.get("agent")
            and a["text"].lower() in THIRD_PERSONS
            or a.get("kind") == "INSTITUTION"  # "French unions struck against the government's reform"
        )
    return found


def _deep_target(trigger, matched_object, preps: tuple[str, ...]) -> list:  # noqa: ANN001
    """ "imposed tariffs of 5 percent on US goods": the target preposition can hang deeper in the object."""
    for owner in (trigger, matched_object):
        if owner is None:
            continue
        found = _prep_object(owner, preps)
        if found is not None:
            return [found]
    if matched_object is not None:
        for token in matched_object.subtree:
            if token.dep_ == "prep" and token.lower_ in preps:
                pobj = next((g for g in token.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return [pobj]
    return []


DRAWING_VERBS = WORDS["drawing_verbs"]


# Verbs of motion that, with armed units as their subject, move forces into a place ("Russian tanks rolled
# into South Ossetia", "troops crossed into Chinese territory", "Ukrainian troops entered Kherson")
MARCHING_VERBS = WORDS["marching_verbs"]
ARMED_UNITS = WORDS["armed_units"]
MOVED_FORCES = ARMED_UNITS | WORDS["moved_forces"]
_MOVE_INTO = Pattern(
    "move", False, "MOBILIZE", "troops", frozenset(), ("into", "across"), None, "prep", "military"
)
_MOVE_ENTER = Pattern("enter", False, "MOBILIZE", "troops", frozenset(), (), None, "dobj", "military")


def _movement(verb):  # noqa: ANN001, ANN202
    subject = _subject(verb)
    if subject is not None and subject.tag_ == "WDT" and verb.dep_ == "relcl":
        subject = verb.head  # "the border troops that crossed into Chinese territory"
    if subject is None or subject.lemma_.lower() not in ARMED_UNITS:
        return None
    if subject.lemma_.lower() in AMBIGUOUS_UNITS and not any(
        c.dep_ in ("amod", "compound", "poss")
        and (c.ent_type_ in ("NORP", "GPE", "ORG") or c.pos_ == "PROPN")
        for c in subject.children
    ):
        return None  # "market forces moved into the region"
    if verb.lemma_.lower() == "enter":
        place = next((c for c in verb.children if c.dep_ == "dobj"), None)
        return (_MOVE_ENTER, None) if place is not None and place.lemma_.lower() not in NOT_PLACES else None
    if any(c.dep_ == "prep" and c.lower_ in ("into", "across") for c in verb.children):
        return _MOVE_INTO, None
    return None


REGIONS = WORDS["regions"]
PUBLIC_PLACES = WORDS["public_places"]
AMBIGUOUS_UNITS = WORDS["ambiguous_units"]
NOT_PLACES = WORDS["not_places"]
RETALIATORY = WORDS["retaliatory"]


def _retaliates(verb) -> bool:  # noqa: ANN001
    """ "respond/react/reply in kind", "take/adopt corresponding (reciprocal, retaliatory) measures"."""
    lemma = verb.lemma_.lower()
    if lemma in ("respond", "react", "reply", "answer", "retort", "hit", "strike"):
        return any(
            c.dep_ == "prep"
            and (
                c.lower_ == "in"
                and any(g.lower_ == "kind" for g in c.children)
                or c.lower_ == "with"
                and any(
                    a.dep_ == "amod" and a.lower_ in RETALIATORY
                    for g in c.children
                    if g.dep_ == "pobj"
                    for a in g.children
                )
            )
            for c in verb.children
        )
    if lemma in ("take", "adopt", "impose", "introduce", "implement"):
        return any(
            c.dep_ == "dobj"
            and c.lemma_.lower() in ("measure", "step", "action")
            and any(a.dep_ == "amod" and a.lower_ in RETALIATORY for a in c.children)
            for c in verb.children
        )
    return False


# Participles that say what a protest demands of whom
DEMANDING = WORDS["demanding"]
# Nouns that put something to another party, and verbs that answer them
ADDRESSED_NOUNS = WORDS["addressed_nouns"]
RESPONSES = WORDS["responses"]
# Verbs that ask for aid: their subject is the aid's recipient
ASKING_VERBS = WORDS["asking_verbs"]
# Nouns of violence between two sides ("a clash with", "fighting with")
TWO_SIDED = WORDS["two_sided"]
GATHERINGS = WORDS["gatherings"]


def _stand_in(token) -> bool:  # noqa: ANN001
    """ "in place of President Xi", "on behalf of the EU", "instead of Britain": no party to the event."""
    if token.lower_ in ("place", "behalf", "lieu") and token.dep_ == "pobj":
        return True
    prep = token.head if token.dep_ == "pobj" else None
    return (
        prep is not None
        and prep.lower_ == "of"
        and prep.head.lower_ in ("place", "behalf", "instead", "lieu", "absence")
    )


def _bidder(noun):  # noqa: ANN001, ANN202
    """Who asked, in "at the request of X" / "at X's behest": the act it modifies was done because X asked."""
    if (
        noun.dep_ != "pobj"
        or noun.head.lower_ not in ("at", "upon", "on")
        or noun.lemma_.lower() not in BIDDINGS
    ):
        return None
    return next((c for c in noun.children if c.dep_ == "poss"), None) or _prep_object(noun, ("of",))


def _of_agent(noun):  # noqa: ANN001, ANN202
    """The agent a parse hangs on the nominal's of-object: "the expulsion of a diplomat by Bulgaria"."""
    patient = _prep_object(noun, ("of",))
    return _prep_object(patient, ("by",)) if patient is not None else None


def _drawn_by(trigger):  # noqa: ANN001, ANN202
    """What drew a reaction: "X drew protests from Y", "X ..., drawing condemnation from Y" -> X (or,
    for an act named by a noun, its owner or agent: "Beijing's island-building", "the expulsion ... by
    Bulgaria")."""
    verb = trigger.head
    if (
        trigger.dep_ != "dobj"
        or verb.lemma_.lower() not in DRAWING_VERBS
        or _prep_object(trigger, ("from",)) is None
        and _prep_object(verb, ("from",)) is None
    ):
        return None
    subject = _subject(verb)
    if subject is None and verb.dep_ in ("advcl", "xcomp", "conj"):
        subject = _subject(verb.head)
    if subject is None:
        return None
    agent = _prep_object(subject, ("by",)) or _of_agent(subject)
    if agent is not None:
        return agent
    owner = next((c for c in subject.children if c.dep_ == "poss"), None)
    return owner if owner is not None else subject


HOSTED_TALKS = WORDS["hosted_talks"]
MEDIATING = WORDS["mediating"]


def _between(trigger):  # noqa: ANN001, ANN202
    owners = [trigger, *[c for c in trigger.children if c.dep_ in ("dobj", "prep")]]
    owners += [g for c in trigger.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    for owner in owners:
        found = _prep_object(owner, ("between", "among"))
        if found is not None and (
            found.conjuncts
            or any(a.conjuncts for a in found.children if a.dep_ == "appos")
            # "between the Russian and Ukrainian foreign ministers"
            or any(a.conjuncts for a in found.children if a.dep_ in ("amod", "compound"))
        ):  # "between China and Laos", "between Taiwan's leader Tsai Ing-wen and ..."
            return found
    return None


def _target_tokens(trigger, pattern: Pattern, matched_object, passive: bool) -> list:  # noqa: ANN001
    if pattern.target == "none":
        return []
    if trigger.lemma_.lower() in MEDIATING:
        between = _between(trigger)
        if between is not None:
            return [between]  # "Qatar, which has been mediating between Israel and Hamas"
    if (
        pattern.is_noun
        and pattern.type in ("ASSAULT", "COERCE", "SANCTION", "THREATEN")
        and trigger.dep_ == "pobj"
        and trigger.head.lower_ == "under"
        and trigger.head.head.pos_ in ("VERB", "AUX")
    ):
        # "if Iran came under attack", "the convoy was under fire": the one under it is the target
        subject = _subject(trigger.head.head)
        if subject is not None:
            return [subject]
    if pattern.is_noun and _bidder(trigger) is not None and _subject(trigger.head.head) is not None:
        return [
            _subject(trigger.head.head)
        ]  # "Canada arrested her at the request of the US": Canada was asked
    asker = _asker(trigger) if pattern.is_noun and pattern.type == "AID" else None
    if asker is not None and _subject(asker) is not None:
        return [_subject(asker)]  # "Nepal appealed for international aid": the asker is the recipient
    if passive and pattern.target == "dobj":
        patients = [c for c in trigger.children if c.dep_ == "nsubjpass"]
        if not patients and (
            trigger.dep_ == "advcl" or trigger.dep_ == "pcomp" and trigger.head.lower_ in TIME_PREPS
        ):
            # "began a hunger strike hours after being released": the patient is the clause's subject
            clause = trigger.head.head if trigger.dep_ == "pcomp" else trigger.head
            patients = [s for s in (_subject(clause),) if s is not None]
        return patients
    if pattern.target == "dobj":
        direct = [c for c in trigger.children if c.dep_ in ("dobj", "dative")]
        if matched_object is not None:
            others = [d for d in direct if d != matched_object]
            if not others and pattern.preps:
                found = _prep_object(trigger, pattern.preps) or _prep_object(matched_object, pattern.preps)
                if found is not None:
                    return [found]
            # "attended the APEC meeting", "entered the Chinese consulate": the actor inside the object
            return (others or direct)[:1]
        if not direct:
            # "appreciated and welcomed the decision": coordinated verbs share the last one's object
            direct = [
                g
                for c in trigger.children
                if c.dep_ == "conj" and c.pos_ == "VERB" and not any(s.dep_ in SUBJECTS for s in c.children)
                for g in c.children
                if g.dep_ == "dobj"
            ]
        if not direct and pattern.type != "THREATEN":
            # "help Pacific island countries build": the helped party is the complement's subject (but
            # "warned that Turkey would launch ...": the threatener's side)
            direct = [
                g
                for c in trigger.children
                if c.dep_ in ("ccomp", "xcomp")
                for g in c.children
                if g.dep_ == "nsubj" and g.pos_ in ("NOUN", "PROPN")
            ]
        return direct[:1]
    if pattern.target == "iobj":
        dative = [c for c in trigger.children if c.dep_ == "dative" and c.pos_ != "ADP"]
        if dative:
            return dative[:1]
    preps = pattern.preps or ("to", "with", "on", "against")
    if pattern.is_noun and trigger.lemma_.lower() in TWO_SIDED and "with" not in preps:
        preps = (*preps, "with")  # "a clash with Chinese troops": the other side
    for owner in (trigger, matched_object):
        if owner is None:
            continue
        found = _prep_object(owner, preps)
        if found is not None:
            return [found]
    if pattern.is_noun:
        for participle in (c for c in trigger.children if c.dep_ == "acl" and c.tag_ == "VBN"):
            found = _prep_object(participle, preps)
            if found is not None:
                return [found]
        addressee = _addressee(trigger) if pattern.type in ("AGREE", "REQUEST") else None
        if addressee is not None:
            return [addressee]  # "North Korea rejected a South Korean proposal": made to North Korea
        governor = _governor(trigger)
        if governor is not None and governor is not trigger:
            found = _prep_object(governor, preps)
            if found is not None:
                return [found]
        if pattern.type in ("ASSAULT", "COERCE"):
            # "Israel's bombardment of Beirut's airport", "the arrest of Niger's president": the patient
            found = _prep_object(trigger, ("of",))
            if found is not None:
                return [found]
    return []


def _remotely(verb) -> bool:  # noqa: ANN001
    """The verb's means phrase names a phone or video line ("by phone", "over the telephone")."""
    return any(
        child.dep_ == "prep"
        and child.lower_ in ("by", "over", "via", "through", "on")
        and any(g.dep_ == "pobj" and g.lemma_.lower() in REMOTE_MEANS for g in child.children)
        for child in verb.children
    )


def _state_voice(token) -> bool:  # noqa: ANN001
    """A country, capital or government body speaking as such, not the people of a place."""
    if word_key(token.lemma_) in CROWDS or token.ent_type_ == "NORP":
        return False
    return token.ent_type_ in ("GPE", "ORG") or token.lemma_.lower() in INSTITUTIONS


def _is_country(entity: str | None) -> bool:
    return bool(entity) and len(entity) == 3 and entity.isupper()


def _prep_object(token, preps, deps=("prep", "dative", "agent")):  # noqa: ANN001, ANN202
    if token is None:
        return None
    for child in token.children:
        if child.dep_ in deps and child.lower_ in preps:
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None and pobj.ent_type_ not in ("DATE", "TIME"):  # "announced on Thursday"
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
        if node.head == node:
            return None
        node = node.head
    return None


def _speaker(trigger, actors: _ActorIndex) -> dict[str, Any] | None:  # noqa: ANN001
    node = trigger
    for _ in range(8):
        if node.dep_ in ("ccomp", "parataxis", "conj") or node.dep_ == "ROOT":
            head = node.head if node.dep_ != "ROOT" else node
            for candidate in (head, *[c for c in head.children if c.dep_ in ("ccomp", "parataxis")]):
                if candidate.lemma_.lower() in SPEECH_VERBS and candidate != trigger:
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
        if node.head == node:
            break
        node = node.head
    return None


def _argument(noun) -> bool:  # noqa: ANN001
    """Is a nominal event what its clause is about (its object, subject or the complement of a verb's
    preposition: "will take countermeasures", "called for a boycott", "return to talks"), rather than
    something it mentions in passing?"""
    if noun.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "oprd", "conj", "appos", "ROOT"):
        return noun.dep_ != "conj" or _argument(noun.head)
    if noun.dep_ == "pobj" and noun.head.head.lemma_.lower() in FRAME_NOUNS:
        return _argument(noun.head.head)  # "return to the track of dialogue"
    return (
        noun.dep_ == "pobj"
        and noun.head.head.pos_ in ("VERB", "AUX")
        and noun.head.lower_
        not in (
            "after",
            "before",
            "during",
            "over",
            "amid",
            "despite",
            "since",
            "following",
        )
    )


def _modality(head, trigger) -> str:  # noqa: ANN001
    return modality_of(head if head is not None else trigger)


def _date_for(dates: list[dict] | None, start: int, end: int, sentence: int) -> str | None:
    if not dates:
        return None
    return resolve_event_date(dates, start, end, sentence)


def _location(trigger, actors: _ActorIndex) -> str | None:  # noqa: ANN001
    for owner in (trigger, trigger.head):
        for child in owner.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "at"):
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None and (pobj.ent_type_ in ("GPE", "LOC", "FAC") or pobj.pos_ == "PROPN"):
                    return doc_text(pobj.doc)[pobj.left_edge.idx : pobj.right_edge.idx + len(pobj.right_edge)]
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


def _complement(token):  # noqa: ANN001, ANN202
    """The to-infinitive an adjective governs ("ready to work"), if any."""
    return next((c for c in token.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)


def _pattern(raw: dict[str, Any]) -> Pattern | None:
    trigger = raw.get("verb") or raw.get("noun") or raw.get("adj")
    if not trigger or not raw.get("type"):
        return None
    is_noun = "noun" in raw and "verb" not in raw
    is_adj = "adj" in raw and not ("verb" in raw or "noun" in raw)
    particle = raw.get("particle")
    return Pattern(
        trigger=_word(trigger),
        is_noun=is_noun,
        type=str(raw["type"]),
        mode=raw.get("mode"),
        objects=frozenset(_words(raw.get("object"))),
        preps=_words(raw.get("prep")),
        particle=_word(particle) if particle is not None else None,
        target=raw.get("target") or ("prep" if is_noun else "none" if is_adj else "dobj"),
        context=raw.get("context"),
        reverse=bool(raw.get("reverse")),
        is_adj=is_adj,
        complement=bool(raw.get("complement")),
        needs_prep=bool(raw.get("needs_prep")),
    )


def _objects(token, nominal: bool) -> list:  # noqa: ANN001
    """Direct objects (with their conjuncts), or for a noun its of-complement and compounds."""
    found = []
    for child in token.children:
        if child.dep_ in ("dobj", "attr", "oprd") or (
            child.dep_ in ("compound", "amod", "nmod")
            if nominal
            else child.dep_ == "acomp" or child.dep_ == "ccomp" and child.pos_ == "ADJ"
        ):  # "found them guilty", "found two ministers guilty" (a small clause)
            found.append(child)
            found.extend(c for c in child.conjuncts)
            if not nominal and child.dep_ == "dobj":
                # "found three members of the band guilty": the small clause's adjective hangs on the object
                found.extend(a for a in child.children if a.dep_ == "amod" and a.i > child.i)
        elif child.dep_ == "prep" and (
            nominal
            or child.lower_ in ("of", "for", "on")
            # "supply Ukraine with air defence systems": the recipient is the object, the aid comes with
            or child.lower_ == "with"
            and token.lemma_.lower() in ("supply", "provide", "furnish", "equip", "arm", "resupply")
            # "charged with treason", "indicted with inciting": the charge
            or child.lower_ == "with"
            and token.lemma_.lower() in ("charge", "indict")
            # "withdrawing from the nuclear deal": what is left
            or child.lower_ == "from"
            and token.lemma_.lower()
            in ("withdraw", "exit", "quit", "retreat", "release", "free", "discharge")
        ):
            found.extend(grand for grand in child.children if grand.dep_ in ("pobj", "pcomp"))
        elif child.dep_ == "prep" and child.lower_ in PARTICLE_ADVERBS:
            # "walked out of the talks", "pulled out of the deal": a particle parsed as a preposition
            found.extend(
                g for p in child.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj"
            )
    # "fired hundreds of rockets", "a wave of strikes": the counted thing is the object
    found.extend(
        g
        for o in list(found)
        if o.lemma_.lower() in QUANTITY_NOUNS
        for c in o.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children
        if g.dep_ == "pobj"
    )
    # passive: "sanctions were imposed" - the patient is the passive subject
    for patient in (c for c in token.children if c.dep_ == "nsubjpass"):
        if _in_dateline(patient):
            # "CHENGDU, May 14 (Agency) -- 50,000 troops have been deployed": the parser's subject is
            # the dateline's place; the patient is the first phrase after it
            patient = _after_dateline(patient)
            if patient is None:
                continue
            found.extend([patient, *patient.conjuncts])
        else:
            found.append(patient)
    return found
