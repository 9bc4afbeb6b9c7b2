"""Official formulations (tifa), found tolerant of inflection, articles, hyphens and line breaks.

Both the KB forms and the text become sequences of word keys (lower-case, articles dropped,
plural endings removed, hyphens and line breaks as word breaks); a formulation matches where
its key sequence appears. Chinese forms are matched as exact strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from communique.kb import Formulation, KnowledgeBase

# Hyphenated compounds are one word ("co-existence" = "coexistence"); KB forms are registered both
# joined and split, so "win-win" also finds "win win".
_WORD = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W_]+(?:[-‐‑][^\W_]+)*", re.UNICODE)
_SPLIT_WORD = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W_]+", re.UNICODE)
_HYPHENS = re.compile(r"[-‐‑]")
_ARTICLES = frozenset({"a", "an", "the"})
_KEEP_S = frozenset(
    {
        "its",
        "us",
        "this",
        "has",
        "was",
        "is",
        "as",
        "always",
        "across",
        "process",
        "politics",
        "economics",
        "affairs",
        "arms",
        "means",
        "series",
        "species",
        "news",
        "status",
        "consensus",
        "crisis",
        "basis",
        "analysis",
        "emphasis",
        "thesis",
        "various",
        "nexus",
    }
)


def word_key(word: str) -> str:
    """Crude but meaning-preserving stem: plural and third-person -s, nothing more."""
    word = word.lower()
    if len(word) <= 3 or word in _KEEP_S or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


@lru_cache(maxsize=8)
def keys_of(text: str, split_hyphens: bool = False) -> tuple[tuple[str, int, int], ...]:
    """Word keys with their spans. Hyphenated compounds are one key ("co-existence" =
    "coexistence"), or separate keys with `split_hyphens` ("one-China" = "one China");
    dotted abbreviations are one key ("U.S." = "US"). Cached: the formulation and partnership
    matchers read the same document text."""
    pattern = _SPLIT_WORD if split_hyphens else _WORD
    keys = ((_key_of(m.group(0)), m.start(), m.end()) for m in pattern.finditer(text))
    return tuple(key for key in keys if key[0])


@lru_cache(maxsize=1 << 16)
def _key_of(word: str) -> str:
    """A text word's key; "" for an article, which phrases skip."""
    if word.lower() in _ARTICLES:
        return ""
    return word_key(_HYPHENS.sub("", word).replace(".", ""))


@dataclass
class FormulationMention:
    formulation: Formulation
    start: int
    end: int
    text: str


class KeyPhraseIndex:
    """English phrases found by key sequence: tolerant of articles, plurals, hyphens and line breaks.

    Text is read twice, with hyphenated compounds joined and split, so "co-existence" finds
    "coexistence" and "one-China policy" finds "one China policy"; the longest match wins.
    """

    def __init__(self, phrases: dict[str, list[str]]) -> None:
        self._patterns: dict[tuple[str, ...], str] = {}
        self._lengths: dict[str, list[int]] = {}
        for phrase_id, forms in phrases.items():
            for form in forms:
                for split in (False, True):
                    key = tuple(k for k, _, _ in keys_of(form, split_hyphens=split))
                    if key and key not in self._patterns:
                        self._patterns[key] = phrase_id
        for key in self._patterns:
            self._lengths.setdefault(key[0], []).append(len(key))
        for lengths in self._lengths.values():
            lengths.sort(reverse=True)

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """(phrase id, start, end), longest match first at each position, non-overlapping."""
        found = self._find(keys_of(text))
        if any(hyphen in text for hyphen in "-‐‑"):
            found += self._find(keys_of(text, split_hyphens=True))
            found.sort(key=lambda match: (-(match[2] - match[1]), match[1]))
            kept: list[tuple[str, int, int]] = []
            for match in found:
                if all(match[2] <= other[1] or match[1] >= other[2] for other in kept):
                    kept.append(match)
            found = sorted(kept, key=lambda match: match[1])
        return found

    def _find(self, keys: tuple[tuple[str, int, int], ...]) -> list[tuple[str, int, int]]:
        words = [k for k, _, _ in keys]
        found = []
        i = 0
        while i < len(words):
            matched = 0
            for length in self._lengths.get(words[i], ()):
                if i + length > len(words):
                    continue
                phrase_id = self._patterns.get(tuple(words[i : i + length]))
                if phrase_id is not None:
                    found.append((phrase_id, keys[i][1], keys[i + length - 1][2]))
                    matched = length
                    break
            i += matched or 1
        return found


class FormulationMatcher:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.by_id = {f.id: f for f in kb.formulations}
        self._english = KeyPhraseIndex({f.id: f.en for f in kb.formulations})
        self._chinese = ahocorasick.Automaton()
        for formulation in kb.formulations:
            for form in formulation.zh:
                if form and form not in self._chinese:
                    self._chinese.add_word(form, (len(form), formulation.id))
        self._has_chinese = len(self._chinese) > 0
        if self._has_chinese:
            self._chinese.make_automaton()

    def find(self, text: str) -> list[FormulationMention]:
        found = [
            FormulationMention(self.by_id[phrase_id], start, end, text[start:end])
            for phrase_id, start, end in self._english.find(text)
        ]
        if self._has_chinese and any("\u4e00" <= c <= "\u9fff" for c in text):
            found.extend(self._find_chinese(text))
        return sorted(found, key=lambda m: m.start)

    def _find_chinese(self, text: str) -> list[FormulationMention]:
        spans = []
        for last, (size, formulation_id) in self._chinese.iter(text):
            spans.append((last - size + 1, last + 1, formulation_id))
        found: list[FormulationMention] = []
        for start, end, formulation_id in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
            if any(not (end <= m.start or start >= m.end) for m in found):
                continue
            found.append(FormulationMention(self.by_id[formulation_id], start, end, text[start:end]))
        return found
