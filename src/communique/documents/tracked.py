"""Text that remembers where each character came from.

Every cleaning step rewrites text; `TrackedText` carries, for each character of the current
text, its offset in the raw text, so any span found later (an entity, a claim) can be shown in
the raw document too. Offsets live in a numpy array so rewrites cost C-speed slices, not
per-character Python loops.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

Replacement = str | Callable[[re.Match[str]], str]


@dataclass(frozen=True)
class TrackedText:
    text: str
    # offsets[i] is the raw offset of text[i]; offsets[len(text)] is the raw end.
    offsets: np.ndarray

    @classmethod
    def from_raw(cls, raw: str) -> TrackedText:
        return cls(raw, np.arange(len(raw) + 1, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.text)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw-text span covering clean-text span [start, end)."""
        if end <= start:
            pos = int(self.offsets[start])
            return pos, pos
        return int(self.offsets[start]), int(self.offsets[end - 1]) + 1

    def edit(self, edits: Iterable[tuple[int, int, str]]) -> TrackedText:
        """Apply non-overlapping (start, end, replacement) edits, sorted by start.

        Inserted characters map to the raw offset where the replaced span began, so a
        highlight of them lands on the right place in the raw text.
        """
        pieces: list[str] = []
        maps: list[np.ndarray] = []
        cursor = 0
        for start, end, repl in edits:
            if start < cursor:
                raise ValueError("edits overlap or are unsorted")
            pieces.append(self.text[cursor:start])
            maps.append(self.offsets[cursor:start])
            if repl:
                if self.text.startswith(repl, start) and start + len(repl) <= end:
                    # a shortened match ("-\n" -> "-") keeps its characters' own offsets
                    maps.append(self.offsets[start : start + len(repl)])
                else:
                    maps.append(np.full(len(repl), self.offsets[start], dtype=np.int64))
                pieces.append(repl)
            cursor = end
        if not pieces:
            return self
        pieces.append(self.text[cursor:])
        maps.append(self.offsets[cursor:])  # includes the end sentinel
        return TrackedText("".join(pieces), np.concatenate(maps))

    def sub(self, pattern: re.Pattern[str] | str, repl: Replacement, count: int = 0) -> TrackedText:
        """Like `re.sub`, keeping the offset map."""
        regex = re.compile(pattern) if isinstance(pattern, str) else pattern
        edits = []
        for n, match in enumerate(regex.finditer(self.text)):
            if count and n >= count:
                break
            new = repl(match) if callable(repl) else match.expand(repl)
            if new != match.group(0):
                edits.append((match.start(), match.end(), new))
        return self.edit(edits) if edits else self

    def slice(self, start: int, end: int) -> TrackedText:
        return TrackedText(self.text[start:end], np.append(self.offsets[start:end], self.offsets[end]))

    def strip(self) -> TrackedText:
        left = len(self.text) - len(self.text.lstrip())
        right = len(self.text.rstrip())
        if left == 0 and right == len(self.text):
            return self
        return self.slice(left, max(left, right))
