"""The Document: one cleaned text with its metadata, identity and offset map."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from communique.sources.base import Origin

# 1.0: reading and cleaning. 2.0: + sentences, entities, formulations.
# 3.0: + claims, dates, events, relations, stance (docs/schema.md).
SCHEMA_VERSION = "3.0"
ANNOTATION_FIELDS = (
    "sentences",
    "entities",
    "formulations",
    "claims",
    "dates",
    "events",
    "relations",
    "stance",
)


@dataclass
class Document:
    """A cleaned document ready for storage and annotation.

    `offset_runs` compresses the clean-to-raw offset map as [clean_start, raw_start, length]
    runs of characters copied verbatim; characters between runs were rewritten by cleaning and
    map to the raw offset of the preceding run's end (see `raw_span`).
    """

    id: str
    origin: Origin
    kind: str
    raw_text: str
    text: str
    offset_runs: list[tuple[int, int, int]]
    content_hash: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    published: str | None = None
    published_source: str | None = None
    language: str | None = None
    source_name: str | None = None
    url: str | None = None
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    minhash: bytes | None = None
    ingested_at: str | None = None
    near_duplicate_of: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw-text span for a clean-text span, through the run-length offset map."""
        return map_offset(self.offset_runs, start), map_offset(self.offset_runs, end, end=True)

    def paragraph_of(self, offset: int) -> int:
        """Index of the paragraph holding a clean-text offset (citations use it)."""
        starts = [start for start, _ in self.paragraphs]
        return max(bisect_right(starts, offset) - 1, 0)

    def to_contract(self, annotations: dict[str, Any] | None = None) -> dict[str, Any]:
        """The extraction contract (docs/schema.md): stable field names, versioned.

        `annotations` (sentences, entities, formulations) come from the annotators; a document
        not annotated yet has them as empty lists.
        """
        annotations = annotations or {}
        return {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "source": {
                "path": self.origin.path,
                "record": self.origin.record,
                "member": self.origin.member,
                "url": self.url or self.origin.url,
                "name": self.source_name,
                "kind": self.kind,
            },
            "title": self.title,
            "authors": list(self.authors),
            "credits": list(self.credits),
            "published": self.published,
            "language": self.language,
            "near_duplicate_of": self.near_duplicate_of,
            "paragraphs": [{"start": s, "end": e} for s, e in self.paragraphs],
            "text": self.text,
            **{name: annotations.get(name, []) for name in ANNOTATION_FIELDS},
        }


def map_offset(runs: list[tuple[int, int, int]], offset: int, end: bool = False) -> int:
    """Map one clean offset to raw; `end=True` maps an exclusive end (after the last char)."""
    if not runs:
        return offset
    lo, hi = 0, len(runs) - 1
    probe = offset - 1 if end and offset > 0 else offset
    while lo < hi:  # last run whose clean_start <= probe
        mid = (lo + hi + 1) // 2
        if runs[mid][0] <= probe:
            lo = mid
        else:
            hi = mid - 1
    clean_start, raw_start, length = runs[lo]
    delta = min(max(probe - clean_start, 0), max(length - 1, 0))
    return raw_start + delta + (1 if end and offset > 0 else 0)


def runs_from_offsets(offsets: np.ndarray) -> list[tuple[int, int, int]]:
    """Compress a per-character offset array (TrackedText.offsets minus the sentinel) into runs."""
    if len(offsets) == 0:
        return []
    breaks = np.flatnonzero(np.diff(offsets) != 1) + 1
    starts = np.concatenate(([0], breaks))
    ends = np.concatenate((breaks, [len(offsets)]))
    return [(int(s), int(offsets[s]), int(e - s)) for s, e in zip(starts, ends, strict=True)]
