"""PDF files: the text layer of every page, pages separated by form feeds.

Page breaks survive as '\\f' so the cleaner can spot running headers, footers and page
numbers. The info dictionary's creation date says when the file was made, not when the
text was published, so it goes to meta["created"] as a weak hint.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from .base import Origin, RawDocument, ReadFailure
from .meta import put, split_authors

ENCRYPTED = "encrypted PDF (password required)"
NO_TEXT_LAYER = "no text layer (scanned?)"
AES_NEEDS_CRYPTOGRAPHY = "AES-encrypted PDF: reading it needs the 'cryptography' package (pip install it)"
_EOF_TAIL_BYTES = 4096
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")
_LOG = logging.getLogger(__name__)


def read_pdf(data: bytes, origin: Origin) -> Iterator[RawDocument | ReadFailure]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    if b"%%EOF" not in data[-_EOF_TAIL_BYTES:]:
        yield ReadFailure(origin, _corrupt("no %%EOF marker at the end (file cut short?)"))
        return
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            yield ReadFailure(origin, ENCRYPTED)
            return
        pages = _page_texts(reader, origin)
        info = reader.metadata
    except FileNotDecryptedError:
        yield ReadFailure(origin, ENCRYPTED)
        return
    except DependencyError:  # AES needs pypdf's optional crypto backend, even for an empty password
        yield ReadFailure(origin, AES_NEEDS_CRYPTOGRAPHY)
        return
    except Exception as exc:  # pypdf raises many unrelated types on malformed files
        yield ReadFailure(origin, _corrupt(str(exc) or type(exc).__name__))
        return
    if not any(page.strip() for page in pages):
        yield ReadFailure(origin, NO_TEXT_LAYER)
        return
    yield RawDocument(origin, "\f".join(pages), "pdf", _info_meta(info))


def _page_texts(reader: Any, origin: Origin) -> list[str]:
    """Text per page; a page whose content stream is broken reads as empty, with a warning."""
    texts: list[str] = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            texts.append(page.extract_text() or "")
        except Exception as exc:  # one broken content stream should not cost the other pages
            _LOG.warning("%s: page %d unreadable, left empty: %s", origin.label(), number, exc)
            texts.append("")
    return texts


def _info_meta(info: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    if not info:
        return meta
    title = info.get("/Title")
    author = info.get("/Author")
    put(meta, "title", str(title) if title else None)
    put(meta, "authors", split_authors(str(author)) if author else None)
    put(meta, "created", pdf_date(str(info.get("/CreationDate") or "")))
    return meta


def pdf_date(value: str) -> str | None:
    """'D:20230314093000Z' -> '2023-03-14'; a date missing month or day keeps what it has."""
    match = _PDF_DATE.match(value.strip())
    if not match:
        return None
    year, month, day = match.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    return "-".join(part for part in (year, month, day) if part)


def _corrupt(reason: str) -> str:
    return f"corrupt or truncated PDF: {reason.splitlines()[0][:120]}"
