"""Every surface form the knowledge base knows, in one Aho-Corasick automaton.

One pass over a document finds all candidate mentions whatever the KB size; the rules that
decide between candidates live in `actors.py`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import ahocorasick

from communique.kb import KnowledgeBase

# How a form names its entry; decides role and case rules.
NAME, ACRONYM, DEMONYM, METONYM, PREFIX, GENERIC = (
    "name",
    "acronym",
    "demonym",
    "metonym",
    "prefix",
    "generic",
)
_FOLD = str.maketrans({"’": "'", "‘": "'", "‐": "-", "‑": "-", "–": "-", "—": "-", "\u00a0": " "})
_SPACES = re.compile(r"\s+")


def fold_text(text: str) -> str:
    """Lower-case with the same length as `text`, so automaton offsets are text offsets."""
    folded = text.translate(_FOLD).lower()
    if len(folded) == len(text):
        return folded
    return "".join(low if len(low := char.lower()) == 1 else char for char in text.translate(_FOLD))


@dataclass(frozen=True)
class Form:
    entry_id: str
    surface: str  # as written in the KB
    how: str


class Gazetteer:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        forms: dict[str, list[Form]] = defaultdict(list)

        def add(surface: str, entry_id: str, how: str) -> None:
            surface = _SPACES.sub(" ", surface.strip())
            if "(" in surface:
                return  # "Belt and Road Initiative (BRI)": the acronym definition rule handles these
            if surface.lower().startswith("the "):
                surface = surface[4:]
            if len(surface) < 2:
                return
            form = Form(entry_id, surface, how)
            key = fold_text(surface)
            if form not in forms[key]:
                forms[key].append(form)

        for entry in kb.entries.values():
            if entry.type == "PERSON":
                for surface in (entry.name, *entry.aliases):
                    add(surface, entry.id, NAME)
            else:
                for surface in (entry.name, *entry.aliases, entry.get("official_name") or ""):
                    if surface:
                        add(surface, entry.id, NAME)
            for surface in entry.acronyms:
                add(surface, entry.id, ACRONYM)
            for surface in entry.get("demonyms") or []:
                add(surface, entry.id, DEMONYM)
            for surface in entry.get("metonyms") or []:
                add(surface, entry.id, METONYM)
            for surface in entry.get("prefixes") or []:
                add(surface, entry.id, PREFIX)
            for surface in entry.get("generic_aliases") or []:
                add(surface, entry.id, GENERIC)
        self.automaton = ahocorasick.Automaton()
        for key, candidates in forms.items():
            self.automaton.add_word(key, (len(key), tuple(candidates)))
        self.automaton.make_automaton()
        self.size = len(forms)

    def find(self, text: str, folded: str | None = None) -> list[tuple[int, int, tuple[Form, ...]]]:
        """All (start, end, candidate forms) whose boundaries are word boundaries."""
        folded = folded if folded is not None else fold_text(text)
        found = []
        length = len(text)
        for last, (size, candidates) in self.automaton.iter(folded):
            start, end = last - size + 1, last + 1
            if start > 0 and (folded[start - 1].isalnum() or folded[start - 1] == "_"):
                continue
            if end < length and (folded[end].isalnum() or folded[end] == "_"):
                continue
            found.append((start, end, candidates))
        return found
