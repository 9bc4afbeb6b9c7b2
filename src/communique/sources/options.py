"""Options shared by every reader; a plain dataclass so it pickles into worker processes."""

from __future__ import annotations

from dataclasses import dataclass, field

from .base import DEFAULT_MAX_BYTES

ARCHIVE_EXPANSION_FACTOR = 10


@dataclass
class ReadOptions:
    """How much to read and how to map record fields; the CLI builds one from its flags."""

    max_bytes: int = DEFAULT_MAX_BYTES
    # cap on the bytes one archive may expand to; None means ARCHIVE_EXPANSION_FACTOR x max_bytes
    archive_max_bytes: int | None = None
    # canonical field -> record column/key, e.g. {"text": "body_html"} from `--field text=body_html`
    field_map: dict[str, str] = field(default_factory=dict)
    timeout: float = 30.0  # seconds to wait for data from a server
    connect_timeout: float = 10.0
    follow_feeds: bool = True  # fetch the page each RSS/Atom item links to

    @property
    def archive_cap(self) -> int:
        if self.archive_max_bytes is not None:
            return self.archive_max_bytes
        return ARCHIVE_EXPANSION_FACTOR * self.max_bytes
