"""Actor linking: which countries, organisations, initiatives, people, regions, groupings and
places a document mentions, each mention linked to the knowledge base where it can be.

Context decides, in this order: acronyms the document defines, the longest KB form, case rules
(acronyms exact, names capitalised), titles resolved by the publication date, surnames after a
full mention, and a locative preposition making a country a place rather than an actor.
Named entities the KB does not know are kept unlinked, unless they are debris.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from itertools import accumulate
from typing import Any

from communique.annotators.gazetteer import (
    ACRONYM,
    DEMONYM,
    GENERIC,
    METONYM,
    PREFIX,
    Form,
    Gazetteer,
    fold_text,
)
from communique.kb import Entry, KnowledgeBase

NER_TYPES = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "EVENT": "INITIATIVE",
    "LAW": "INITIATIVE",
}
_ACRONYM_DEFINITION = re.compile(
    r"((?:[A-Z][\w'’&.-]*\s+(?:(?:of|for|and|the|on|in|de|du|a|with|to)\s+){0,3}){1,12})\(([A-Z][A-Za-z&]{1,9})\)"
)
_NAME_FOLLOWS = re.compile(r",?\s+[A-Z]")
_CAPITALISED = re.compile(r"[A-Z][\w'’.-]*")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w'’-]*)\s+(?:the\s+)?$", re.IGNORECASE)
# "BEIJING, March 2 (Agency) --", "PYEONGCHANG, South Korea, Feb. 9": the dateline place, then its country
_DATELINE = re.compile(
    r"\s*([A-Z][A-Z.'’ -]{1,40}?)(?:,\s*([A-Z][\w.'’ -]{1,40}?))?,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}\b"
)
_SPEAKER_REACH = 200  # characters from a person's name to a generic body it speaks for
_AFTER_IN = re.compile(r"\s+(?:in|of)\s+(?:the\s+)?$")


@dataclass
class Mention:
    start: int
    end: int
    text: str
    entity_id: str | None
    type: str
    role: str = "actor"
    name: str | None = None  # for unlinked mentions: the entity's name
    country: str | None = None
    how: str = "kb"

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class LinkerRules:
    """The linker's language data (kb/linking.yaml)."""

    titles: list[dict[str, Any]] = field(default_factory=list)
    locatives: frozenset[str] = frozenset()
    organisation_heads: frozenset[str] = frozenset()
    never_entities: frozenset[str] = frozenset()
    lowercase_name_words: frozenset[str] = frozenset()
    generic_determiners: frozenset[str] = frozenset()

    @classmethod
    def from_kb(cls, kb: KnowledgeBase) -> LinkerRules:
        data = kb.files.get("linking", {})
        return cls(
            titles=data.get("titles", []),
            locatives=frozenset(data.get("locative_prepositions", [])),
            organisation_heads=frozenset(data.get("organisation_heads", [])),
            never_entities=frozenset(data.get("never_entities", [])),
            lowercase_name_words=frozenset(w.casefold() for w in data.get("lowercase_name_words", [])),
            generic_determiners=frozenset(w.casefold() for w in data.get("generic_determiners", [])),
        )


class ActorLinker:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.gazetteer = Gazetteer(kb)
        self.rules = LinkerRules.from_kb(kb)
        self._people_by_family: dict[str, list[Entry]] = {}
        for person in kb.of_type("PERSON"):
            for surname in _surnames(person):
                self._people_by_family.setdefault(surname, []).append(person)
        surfaces = sorted({s for title in self.rules.titles for s in title["surface"]}, key=len, reverse=True)
        self._title_of = {s.casefold(): t for t in self.rules.titles for s in t["surface"]}
        self._title_pattern = re.compile(
            r"\b((?i:"
            + "|".join(re.escape(s) for s in surfaces)
            + r"))\b(?:,?\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?))?"
        )

    # ------------------------------------------------------------------ public

    def link(
        self, text: str, ents: list[tuple[int, int, str, bool]], published: date | None
    ) -> list[Mention]:
        """Mentions in `text`, sorted by start.

        `ents` are NER spans (start, end, label, proper) where `proper` says the span holds a
        proper noun (tagger NNP/NNPS): "Overall" at a sentence start is not a place.
        """
        folded = fold_text(text)
        self._unit_countries: dict[tuple[int, int], str | None] = {}
        defined = self._defined_acronyms(text)
        mentions = self._kb_mentions(text, folded, defined)
        mentions = self._add_defined(text, mentions, defined)
        mentions = self._resolve_generic(text, mentions)
        mentions.extend(self._title_mentions(text, published, mentions))
        mentions = _non_overlapping(mentions)
        mentions.extend(self._surname_mentions(text, mentions, ents))
        mentions = _non_overlapping(mentions)
        mentions = self._drop_inside_unknown_organisations(text, mentions, ents)
        mentions = self._drop_inside_person_names(text, mentions, ents)
        mentions.extend(self._unlinked(text, ents, mentions, published))
        mentions = _non_overlapping(mentions)
        for mention in mentions:
            self._assign_role(text, mention)
        self._assign_unlinked_countries(mentions)
        return mentions

    # ------------------------------------------------------------------ KB forms

    def _kb_mentions(self, text: str, folded: str, defined: dict[str, Any]) -> list[Mention]:
        mentions = []
        for start, end, forms in self.gazetteer.find(text, folded):
            surface = text[start:end]
            if surface in defined:
                continue  # the document's own definition wins (added later)
            form = self._choose(surface, forms, text, start)
            if form is None:
                continue
            entry = self.kb.entries[form.entry_id]
            if form.how == PREFIX and (end >= len(text) or text[end] not in "-‐‑–"):
                continue  # "Sino" only as in "Sino-Pakistani"
            if form.how == DEMONYM and entry.type != "COUNTRY" and not _common_word_follows(text, end):
                continue  # "Western sanctions" is the West; "Western Union", "Arab Spring" are other names
            mentions.append(
                Mention(start, end, surface, entry.id, entry.type, country=entry.country, how=form.how)
            )
        return _non_overlapping(mentions)

    def _choose(self, surface: str, forms: tuple[Form, ...], text: str, start: int) -> Form | None:
        """Apply case rules, then prefer names over generic forms, countries over the rest."""
        lower_ok = self.rules.lowercase_name_words
        accepted = [
            form
            for form in forms
            if _case_ok(surface, form, lower_ok)
            or (form.how == GENERIC and self._wire_generic(surface, text, start))
        ]
        if not accepted:
            return None
        precedence = {
            "COUNTRY": 0,
            "ORG": 1,
            "GROUPING": 2,
            "REGION": 3,
            "INITIATIVE": 4,
            "PERSON": 5,
            "PLACE": 6,
        }
        return min(
            accepted,
            key=lambda f: (f.how == GENERIC, precedence.get(self.kb.entries[f.entry_id].type, 9), f.entry_id),
        )

    def _defined_acronyms(self, text: str) -> dict[str, Any]:
        """ "the Pakistan Research Center (PRC)": PRC means that centre in this document."""
        defined: dict[str, Any] = {}
        for match in _ACRONYM_DEFINITION.finditer(text):
            long_form, acronym = match.group(1).strip(), match.group(2)
            words = [w for w in re.findall(r"[\w'’&.-]+", long_form)]
            long_form, start = _trim_to_initials(words, long_form, acronym)
            if not long_form:
                continue
            begin = match.start(1) + match.group(1).find(long_form)
            defined[acronym] = (long_form, begin, begin + len(long_form))
        return defined

    def _add_defined(self, text: str, mentions: list[Mention], defined: dict[str, Any]) -> list[Mention]:
        if not defined:
            return mentions
        for acronym, (long_form, begin, end) in defined.items():
            linked = next((m for m in mentions if m.entity_id and m.start <= begin and end <= m.end), None)
            if linked is None:
                # The long form is unknown to the KB: it and its acronym are one unlinked entity.
                mentions = [m for m in mentions if not (begin <= m.start and m.end <= end)]
                mentions.append(Mention(begin, end, long_form, None, "ORG", name=long_form, how="defined"))
            for match in re.finditer(rf"(?<![\w]){re.escape(acronym)}(?![\w])", text):
                if linked is not None:
                    mentions.append(
                        Mention(
                            match.start(),
                            match.end(),
                            acronym,
                            linked.entity_id,
                            linked.type,
                            country=linked.country,
                            how="defined",
                        )
                    )
                else:
                    mentions.append(
                        Mention(
                            match.start(), match.end(), acronym, None, "ORG", name=long_form, how="defined"
                        )
                    )
        return _non_overlapping(mentions)

    def _wire_generic(self, surface: str, text: str, start: int) -> bool:
        """ "the interior ministry said", "a foreign ministry spokesman", "Sri Lanka's defence ministry":
        news-wire style writes generic names in lower case. Accepted when every word is a common word
        of such names (`lowercase_name_words`) and a determiner or a possessive comes right before."""
        words = surface.split()
        if not words or not all(w.casefold() in self.rules.lowercase_name_words for w in words):
            return False
        before = text[max(0, start - 30) : start]
        if re.search(r"['’]s\s+$", before):
            return True
        previous = _WORD.findall(before)
        return bool(previous) and previous[-1].casefold() in self.rules.generic_determiners

    def _generic_country(self, text: str, mention: Mention, mentions: list[Mention]) -> list[str]:
        """Countries a generic name may belong to, best first: the country named right before it
        ("Japan's defence ministry", "the Chinese foreign ministry"), the one right after it ("the
        Defence Ministry in Moscow"), the dateline's, the country of the KB person named shortly
        before it, then the document's most-mentioned country. With none of these (no country in
        the document) the name stays unlinked: a bare "Ministry of Commerce" could be anyone's."""
        found = []
        countries = [m for m in mentions if m.type == "COUNTRY" and m.country]
        before = [m for m in countries if m.end <= mention.start and mention.start - m.end <= 3]
        if before:
            found.append(max(before, key=lambda m: m.end).country)
        after = next((m for m in countries if m.start >= mention.end and m.start - mention.end <= 9), None)
        if after is not None and _AFTER_IN.search(text[mention.end : after.start] + " "):
            found.append(after.country)
        dateline = self._dateline_country(text, mentions)
        if dateline:
            found.append(dateline)
        # "Mao Ning told reporters the Foreign Ministry ...": the country of the nearest person before
        speaker = max(
            (
                m
                for m in mentions
                if m.type == "PERSON" and m.country and 0 <= mention.start - m.end <= _SPEAKER_REACH
            ),
            key=lambda m: m.end,
            default=None,
        )
        if speaker is not None:
            found.append(speaker.country)
        main = _main_country(mentions)
        if main:
            found.append(main)
        return found

    def _dateline_country(self, text: str, mentions: list[Mention]) -> str | None:
        """The country of a news-wire dateline ("KABUL, March 12 (Agency) --"), from the KB place or
        capital it names, or the country written after it ("IMPHAL, India, May 4")."""
        match = _DATELINE.match(text)
        if match is None:
            return None
        for group in (2, 1):
            if match.group(group) is None:
                continue
            start, end = match.span(group)
            for m in mentions:
                if start <= m.start and m.end <= end and m.country and m.type in ("COUNTRY", "PLACE"):
                    return m.country
        return None

    def _resolve_generic(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """ "the Foreign Ministry" is the ministry of the country named with it, else of the dateline's
        country, else of the document's main country, when the KB lists one."""
        generic = [m for m in mentions if m.how == GENERIC]
        if not generic:
            return mentions
        kept = [m for m in mentions if m.how != GENERIC]
        for mention in generic:
            forms = self.gazetteer.automaton.get(fold_text(mention.text), (0, ()))[1]
            bodies = [self.kb.entries[f.entry_id] for f in forms if f.how == GENERIC]
            match = next(
                (
                    body
                    for country in self._generic_country(text, mention, kept)
                    for body in bodies
                    if body.country == country
                ),
                None,
            )
            if match is not None:
                mention.entity_id, mention.type, mention.country = match.id, match.type, match.country
                kept.append(mention)
        return kept

    # ------------------------------------------------------------------ people

    def _title_mentions(self, text: str, published: date | None, mentions: list[Mention]) -> list[Mention]:
        """ "Foreign Minister Qin", "President Xi", "the Secretary-General", by the publication date."""
        found = []
        main_country = _main_country(mentions)
        for match in self._title_pattern.finditer(text):
            title_text, name = match.group(1), match.group(2)
            if not title_text[0].isupper() and title_text.casefold() not in (
                "spokesperson",
                "spokesman",
                "spokeswoman",
                "envoy",
            ):
                continue
            title = self._title_of[title_text.casefold()]
            of = self._title_owner(text, match.start(), mentions) or title.get("default_of")
            if name:
                surname = name.split()[0]
                person = self._person_by_title(title, surname, of, published)
                if person is not None:
                    start = match.start(2)
                    found.append(
                        Mention(
                            start,
                            start + len(surname),
                            surname,
                            person.id,
                            "PERSON",
                            country=person.country,
                            how="title",
                        )
                    )
                continue
            if _NAME_FOLLOWS.match(text, match.end(1)):
                continue  # "Prime Minister K.P. Sharma Oli": the name, not the title, is the mention
            of = of or main_country  # "The Chancellor" in a document about Germany
            if published is None or of is None:
                continue
            holders = self._holders(title, of, published)
            if len(holders) == 1:
                person = holders[0]
                found.append(
                    Mention(
                        match.start(1),
                        match.end(1),
                        title_text,
                        person.id,
                        "PERSON",
                        country=person.country,
                        how="title",
                    )
                )
        return found

    def _title_owner(self, text: str, start: int, mentions: list[Mention]) -> str | None:
        """The country or body just before a title: "Chinese Foreign Minister", "UN Secretary-General"."""
        before = [m for m in mentions if m.entity_id and 0 <= start - m.end <= 3]
        if not before:
            return None
        owner = max(before, key=lambda m: m.end)
        if owner.type == "COUNTRY":
            return owner.country if owner.country else owner.entity_id
        return owner.entity_id if owner.type == "ORG" else None

    def _holders(self, title: dict[str, Any], of: str | None, day: date) -> list[Entry]:
        if "roles_prefix" in title:
            prefix = title["roles_prefix"].casefold()
            return [
                person
                for person in self.kb.of_type("PERSON")
                if any(
                    r.title.casefold().startswith(prefix) and (of is None or r.of == of) and r.held_on(day)
                    for r in person.roles
                )
            ]
        holders: list[Entry] = []
        for role_title in title["roles"]:
            for person in self.kb.holders(role_title, day, of=of):
                if person not in holders:
                    holders.append(person)
        return holders

    def _person_by_title(
        self, title: dict[str, Any], surname: str, of: str | None, published: date | None
    ) -> Entry | None:
        candidates = self._people_by_family.get(surname.casefold(), [])
        if not candidates:
            return None
        role_titles = {t.casefold() for t in title.get("roles", [])}
        prefix = title.get("roles_prefix", "").casefold()

        def matches(role) -> bool:  # noqa: ANN001
            name = role.title.casefold()
            return (name in role_titles or (prefix and name.startswith(prefix))) and (
                of is None or role.of == of
            )

        dated = [
            p for p in candidates if any(matches(r) and published and r.held_on(published) for r in p.roles)
        ]
        if len(dated) == 1:
            return dated[0]
        ever = [p for p in candidates if any(matches(r) for r in p.roles)]
        if len(ever) == 1:
            return ever[0]
        if published and ever:  # several held it: the one closest in time
            return min(ever, key=lambda p: min(_distance(r, published) for r in p.roles if matches(r)))
        return None

    def _surname_mentions(
        self, text: str, mentions: list[Mention], ents: list[tuple[int, int, str]]
    ) -> list[Mention]:
        """After "Wang Yi", a bare "Wang" is Wang Yi (unless NER sees a longer, other name)."""
        people = {}
        first_seen = {}
        for mention in mentions:
            if mention.type == "PERSON" and mention.entity_id and mention.entity_id not in first_seen:
                first_seen[mention.entity_id] = mention.end
                for surname in _surnames(self.kb.entries[mention.entity_id]):
                    people.setdefault(surname, []).append(mention.entity_id)
        if not people:
            return []
        person_ents = [(s, e) for s, e, label, _ in ents if label == "PERSON"]
        found = []
        for match in _CAPITALISED.finditer(text):
            word = match.group(0).rstrip(".").removesuffix("'s").removesuffix("’s")
            ids = people.get(word.casefold())
            if not ids or len(set(ids)) != 1:
                continue
            person_id = ids[0]
            start, end = match.start(), match.start() + len(word)
            if start < first_seen[person_id]:
                continue
            inside = next(((s, e) for s, e in person_ents if s <= start and end <= e), None)
            if (
                inside
                and (inside[1] - inside[0]) > len(word)
                and text[inside[0] : inside[1]].split()[0] != word
            ):
                continue  # part of another person's full name
            if inside and inside != (start, end) and len(text[inside[0] : inside[1]].split()) > 1:
                other = text[inside[0] : inside[1]]
                if fold_text(other) not in {fold_text(n) for n in self._names(person_id)}:
                    continue
            found.append(
                Mention(
                    start,
                    end,
                    word,
                    person_id,
                    "PERSON",
                    country=self.kb.entries[person_id].country,
                    how="surname",
                )
            )
        return found

    def _names(self, person_id: str) -> list[str]:
        entry = self.kb.entries[person_id]
        return [entry.name, *entry.aliases]

    # ------------------------------------------------------------------ unlinked

    def _drop_inside_unknown_organisations(
        self, text: str, mentions: list[Mention], ents: list[tuple[int, int, str]]
    ) -> list[Mention]:
        """A country or place inside "Pakistan Research Center" is part of an organisation's name,
        not a mention."""
        heads = self.rules.organisation_heads
        units = []
        for start, end, label, _proper in ents:
            if label not in ("ORG", "FAC"):
                continue
            words = text[start:end].split()
            if (
                len(words) >= 2
                and any(w.strip(".,") in heads for w in words[1:])
                and not any(m.start == start and m.end == end and m.entity_id for m in mentions)
            ):
                units.append((start, end))
        if not units:
            return mentions
        kept = []
        for mention in mentions:
            unit = next(
                (
                    (s, e)
                    for s, e in units
                    if s <= mention.start and mention.end <= e and (e - s) > mention.length
                ),
                None,
            )
            if unit is not None and (
                (mention.how in ("name", DEMONYM, ACRONYM) and mention.type == "COUNTRY")
                or (mention.how == "name" and mention.type == "PLACE")
            ):
                # the organisation acts for that country ("U.S. Navy", "China Marine Surveillance");
                # a province or city in the name does too ("Sindh Police", "University of California")
                self._unit_countries.setdefault(unit, mention.country)
                continue
            kept.append(mention)
        return kept

    def _drop_inside_person_names(
        self, text: str, mentions: list[Mention], ents: list[tuple[int, int, str, bool]]
    ) -> list[Mention]:
        """ "Jordan Peterson", "Chad Smith", "Denzel Washington": a country or place name that opens
        or closes a longer person name the recogniser found is part of that name, not a mention.
        The KB still wins where the NER label is wrong for the whole span ("Sri Lanka" tagged PERSON
        is Sri Lanka): only names longer than the place, written as names (every word capitalised,
        no title such as "King" or "President" in them, no other KB mention) lose the place."""
        names = []
        for start, end, label, proper in ents:
            if label != "PERSON" or not proper:
                continue
            start, end = _trim_entity(text, start, end)
            words = text[start:end].split()
            if len(words) < 2 or not all(w[:1].isupper() for w in words):
                continue
            if self._title_pattern.search(text, start, end):
                continue
            names.append((start, end))
        if not names:
            return mentions
        dropped = set()
        for start, end in names:
            inside = [m for m in mentions if start <= m.start and m.end <= end]
            if len(inside) != 1:
                continue  # "Pakistan Imran Khan": several KB mentions are not one person's name
            mention = inside[0]
            if mention.length == end - start or mention.how not in ("name", METONYM):
                continue
            if mention.type not in ("COUNTRY", "PLACE", "REGION"):
                continue
            at_edge = (mention.start == start and text[mention.end : mention.end + 1] == " ") or (
                mention.end == end and text[mention.start - 1 : mention.start] == " "
            )
            if at_edge:
                dropped.add(id(mention))
        return [m for m in mentions if id(m) not in dropped]

    def _unlinked(
        self,
        text: str,
        ents: list[tuple[int, int, str, bool]],
        mentions: list[Mention],
        published: date | None,
    ) -> list[Mention]:
        found = []
        spans = sorted((m.start, m.end) for m in mentions)
        starts = [s for s, _ in spans]
        reach = list(accumulate((e for _, e in spans), max))  # furthest end among spans[: i + 1]
        other_names = [text[s:e] for s, e, label, _ in ents if label == "PERSON" and " " in text[s:e].strip()]
        for start, end, label, proper in ents:
            entity_type = NER_TYPES.get(label)
            if entity_type is None or not proper:
                continue
            start, end = _trim_entity(text, start, end)
            if end <= start:
                continue
            surface = text[start:end]
            if _is_debris(surface, self.rules.never_entities):
                continue
            before = bisect_left(starts, end)  # spans starting before this entity ends
            if before and reach[before - 1] > start:
                continue  # the KB (or a title) already speaks for this stretch
            person = (
                self._lone_surname(surface, published, other_names)
                if entity_type in ("PERSON", "ORG")
                else None
            )
            if person is not None:
                found.append(
                    Mention(start, end, surface, person.id, "PERSON", country=person.country, how="surname")
                )
                continue
            country = next((c for (s, e), c in self._unit_countries.items() if s <= start and end <= e), None)
            found.append(
                Mention(start, end, surface, None, entity_type, name=surface, country=country, how="ner")
            )
        return found

    def _lone_surname(self, surface: str, published: date | None, other_names: list[str]) -> Entry | None:
        """ "Guterres said" with no full name before: link when one KB person has that surname and,
        if the document is dated, held an office on that date, and the document names nobody else
        with that surname ("Xie Zhenhua ... Xie said" is not Xie Feng)."""
        if " " in surface:
            return None
        candidates = self._people_by_family.get(surface.casefold(), [])
        if any(surface in name.split() for name in other_names):
            return None
        if published is not None:
            candidates = [p for p in candidates if any(r.held_on(published) for r in p.roles)]
        return candidates[0] if len(candidates) == 1 else None

    # ------------------------------------------------------------------ roles

    def _assign_role(self, text: str, mention: Mention) -> None:
        if mention.type == "PLACE":
            mention.role = "place"
            return
        if mention.type not in ("COUNTRY", "REGION", "GROUPING") and mention.how != "ner":
            return
        if mention.how == DEMONYM:
            return
        # "in China", "across the region": the locative right before the name, nothing between
        # but spaces and "the" ("In 2020, China pledged" is China acting, not a place). A possessive
        # makes the name the owner of what follows, the locative's object: "in Beijing's view".
        if text[mention.end : mention.end + 2] in ("'s", "’s"):
            return
        before = _WORD_BEFORE.search(text, max(0, mention.start - 24), mention.start)
        if before and before.group(1).casefold() in self.rules.locatives:
            mention.role = "place"

    def _assign_unlinked_countries(self, mentions: list[Mention]) -> None:
        """ "Kenyan Foreign Minister Musalia Mudavadi": an unlinked person gets the country named before."""
        for index, mention in enumerate(mentions):
            if mention.entity_id is None and mention.type in ("PERSON", "ORG") and mention.country is None:
                for previous in reversed(mentions[max(0, index - 2) : index]):
                    if previous.type == "COUNTRY" and mention.start - previous.end <= 40:
                        mention.country = previous.country
                        break


# ---------------------------------------------------------------------- helpers


def _case_ok(surface: str, form: Form, lower_ok: frozenset[str] = frozenset()) -> bool:
    if form.how == ACRONYM:
        return surface == form.surface
    if surface.isupper() and len(surface) > 3:
        return True  # headlines in capitals
    pairs = [(w, f) for w, f in zip(surface.split(), form.surface.split(), strict=False) if f[:1].isupper()]
    if pairs and not pairs[0][0][:1].isupper():
        return False
    # sloppy case inside a long name ("Asian Development bank") is fine; a lower-case phrase is not.
    # Words that news-wire style writes in lower case after a proper name ("Japan's defence ministry",
    # "the Chinese foreign ministry") do not count against the name.
    lower = [w for w, _ in pairs if not w[:1].isupper() and w.casefold() not in lower_ok]
    if len(lower) * 2 > len(pairs):
        return False
    return not (form.how in (METONYM, DEMONYM, PREFIX) and not surface[:1].isupper())


_NEXT_WORD = re.compile(r"[\s-]+([^\W\d_])")


def _common_word_follows(text: str, end: int) -> bool:
    """A lower-case word comes next ("Western sanctions", "African railways", "Arab community")."""
    match = _NEXT_WORD.match(text, end)
    return bool(match) and match.group(1).islower()


def _surnames(person: Entry) -> list[str]:
    family = person.get("family_name")
    names = [family] if family else []
    if not names and person.get("name_order") != "family_first":
        parts = person.name.split()
        if len(parts) > 1:
            names.append(parts[-1])
    return [name.casefold() for name in names if name and len(name) > 1]


def _distance(role, day: date) -> int:  # noqa: ANN001
    if role.held_on(day):
        return 0
    if role.start and day < role.start:
        return (role.start - day).days
    return (day - role.end).days if role.end else 0


def _trim_to_initials(words: list[str], long_form: str, acronym: str) -> tuple[str | None, int]:
    """Keep the shortest tail of `words` whose capitalised initials spell the acronym."""
    letters = acronym.upper()
    for first in range(len(words)):
        tail = words[first:]
        if not tail[0][:1].isupper():
            continue
        initials = "".join(w[0] for w in tail if w[:1].isupper())
        if initials.upper() == letters or initials.upper().replace("&", "") == letters:
            joined = long_form[long_form.find(tail[0]) :]
            return joined, first
    return None, 0


def _main_country(mentions: list[Mention]) -> str | None:
    counts = Counter(m.country for m in mentions if m.type == "COUNTRY" and m.country)
    return counts.most_common(1)[0][0] if counts else None


def _non_overlapping(mentions: list[Mention]) -> list[Mention]:
    """Longest wins, then earliest; a linked mention beats an unlinked one of the same span."""
    ordered = sorted(mentions, key=lambda m: (-m.length, m.entity_id is None, m.start))
    taken: list[tuple[int, int]] = []
    kept = []
    for mention in ordered:
        position = bisect_right(taken, (mention.start, float("inf")))
        if position > 0 and taken[position - 1][1] > mention.start:
            continue
        if position < len(taken) and taken[position][0] < mention.end:
            continue
        taken.insert(position, (mention.start, mention.end))
        kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


_LEADING = re.compile(r"^(?:the|a|an|The|A|An)\s+")


def _trim_entity(text: str, start: int, end: int) -> tuple[int, int]:
    surface = text[start:end]
    leading = _LEADING.match(surface)
    if leading:
        start += leading.end()
    while end > start and text[end - 1] in " .,;:'’\"”)-`":
        end -= 1
    if text[start:end].endswith(("'s", "’s")):
        end -= 2
    return start, end


def _is_debris(surface: str, never: frozenset[str]) -> bool:
    if len(surface) < 2 or "\n" in surface:
        return True
    if surface.casefold() in never:
        return True
    if not surface[0].isupper():
        return True
    letters = sum(c.isalpha() for c in surface)
    if letters < 2 or sum(c.isdigit() for c in surface) > letters:
        return True
    words = surface.split()
    # "Emphasizing Mutual Respect and" ends in a lower-case word: a heading fragment, not a name
    return len(words) > 8 or (not words[-1][:1].isupper() and not words[-1][:1].isdigit())
