"""From a reader's RawDocument to a Document: clean, identify, detect language."""

from __future__ import annotations

from typing import Any

from communique.documents.cleaning import clean
from communique.documents.identity import content_hash, minhash, minhash_bytes
from communique.documents.language import detect_language
from communique.documents.model import Document, runs_from_offsets
from communique.sources.base import Origin, RawDocument

MIN_CLEAN_CHARS = 20


class DocumentError(Exception):
    """A readable input that yields no usable document (e.g. nothing left after cleaning)."""


def build_document(raw: RawDocument) -> Document:
    cleaned = clean(raw)
    text = cleaned.text.text
    if len(text.strip()) < MIN_CLEAN_CHARS:
        raise DocumentError("no text left after cleaning (only navigation, captions or metadata?)")
    digest = content_hash(text)
    meta = raw.meta
    language = _language(meta.get("language")) or detect_language(text)
    extra = {
        key: value for key, value in meta.items() if key not in _PROMOTED and value not in (None, "", [])
    }
    return Document(
        id=digest[:16],
        origin=raw.origin,
        kind=raw.kind,
        raw_text=raw.text,
        text=text,
        offset_runs=runs_from_offsets(cleaned.text.offsets[:-1]),
        content_hash=digest,
        title=cleaned.title,
        authors=cleaned.authors,
        credits=cleaned.credits,
        published=cleaned.published,
        published_source=cleaned.published_source,
        language=language,
        source_name=_text(meta.get("source")),
        url=_text(meta.get("url")) or raw.origin.url,
        paragraphs=list(cleaned.paragraphs),
        minhash=minhash_bytes(minhash(text)),
        meta=extra,
    )


def document_from_clean_text(
    text: str,
    origin: Origin,
    *,
    kind: str = "txt",
    paragraphs: list[tuple[int, int]] | None = None,
    **fields: Any,
) -> Document:
    """A Document for a text that needs no cleaning (generated corpora, fixtures), with the id,
    hash and identity offset map ingest would give it; paragraphs default to blank-line blocks.
    `fields` are any other Document fields (title, published, language, source_name, ...)."""
    digest = content_hash(text)
    return Document(
        id=digest[:16],
        origin=origin,
        kind=kind,
        raw_text=text,
        text=text,
        offset_runs=[(0, 0, len(text))],
        content_hash=digest,
        paragraphs=_blank_line_blocks(text) if paragraphs is None else paragraphs,
        **fields,
    )


def _blank_line_blocks(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for block in text.split("\n\n"):
        spans.append((start, start + len(block)))
        start += len(block) + 2
    return spans


_PROMOTED = {"title", "authors", "published", "language", "source", "url"}


def _text(value: object) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _language(value: object) -> str | None:
    """Declared languages ("en-US", "English") reduced to ISO 639-1 when recognisable."""
    declared = _text(value)
    if not declared:
        return None
    code = declared.replace("_", "-").split("-")[0].lower()
    return code if len(code) == 2 and code.isalpha() else None
