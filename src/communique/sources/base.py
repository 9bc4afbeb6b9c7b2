"""What every reader yields: raw text plus whatever metadata the container itself carries.

Readers never clean text: cleaning belongs to the documents layer, so that every cleaned
character can be traced back to the raw text a reader produced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


class SourceError(Exception):
    """An input that cannot be read. The message is one line a user can act on."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


@dataclass
class Origin:
    """Where a document came from: a path or URL, and the record number inside a container."""

    path: str | None = None
    url: str | None = None
    record: int | None = None
    member: str | None = None  # name inside an archive

    def label(self) -> str:
        base = self.url or self.path or "<unknown>"
        if self.member:
            base = f"{base}!{self.member}"
        if self.record is not None:
            base = f"{base}#{self.record}"
        return base

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "url": self.url, "record": self.record, "member": self.member}


@dataclass
class RawDocument:
    """Text as read from one source record, before any cleaning.

    `meta` holds metadata the container states (title, authors, published, url, language,
    source, id); values are strings or lists of strings and are trusted over text heuristics.
    `kind` names the reader ("txt", "html", "pdf", ...) because cleaning differs per kind.
    """

    origin: Origin
    text: str
    kind: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class ReadFailure:
    """A failed input, yielded in-stream so that one bad file never stops a batch."""

    origin: Origin
    reason: str

    def message(self) -> str:
        return f"{self.origin.label()}: {self.reason}"
