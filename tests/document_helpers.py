"""A stored-ready Document from a plain text: the shape every store, export and analysis test needs.

The text is its own clean text (one paragraph, no offsets to map), its id the content hash's
first 16 hex digits, as ingest would give it.
"""

from __future__ import annotations

from typing import Any

from communique.documents.build import document_from_clean_text
from communique.documents.model import Document
from communique.sources.base import Origin


def text_document(text: str, *, path: str | None, origin_url: str | None = None, **fields: Any) -> Document:
    """`path` and `origin_url` say where it was read from; `fields` are any other Document fields
    (title, published, language, source_name, url, ...)."""
    return document_from_clean_text(
        text, Origin(path=path, url=origin_url), paragraphs=[(0, len(text))], **fields
    )
