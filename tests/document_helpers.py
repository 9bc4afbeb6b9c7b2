"""A stored-ready Document from a plain text: the shape every store, export and analysis test needs.

The text is its own clean text (one paragraph, no offsets to map), its id the content hash's
first 16 hex digits, as ingest would give it.
"""

from __future__ import annotations

from typing import Any

from communique.documents.identity import content_hash
from communique.documents.model import Document
from communique.sources.base import Origin


def text_document(text: str, *, path: str | None, origin_url: str | None = None, **fields: Any) -> Document:
    """`path` and `origin_url` say where it was read from; `fields` are any other Document fields
    (title, published, language, source_name, url, ...)."""
    digest = content_hash(text)
    return Document(
        id=digest[:16],
        origin=Origin(path=path, url=origin_url),
        kind="txt",
        raw_text=text,
        text=text,
        offset_runs=[(0, 0, len(text))],
        content_hash=digest,
        paragraphs=[(0, len(text))],
        **fields,
    )
