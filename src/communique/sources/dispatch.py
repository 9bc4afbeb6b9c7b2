"""Pick the reader for some bytes: by file extension, corrected by what the bytes are.

Extensions lie (a PDF saved as .txt, an error page saved as .pdf), so PDF and ZIP magic
bytes and an HTML opening override the extension.
"""

from __future__ import annotations

import io
import logging
import os
import re
import zipfile
from collections.abc import Iterator

from . import docx, html, pdf, records, text
from .base import Origin, RawDocument, ReadFailure, SourceError
from .options import ReadOptions

Item = RawDocument | ReadFailure

FORMAT_BY_SUFFIX = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".zip": "zip",
    ".tar": "tar",
    ".tar.gz": "tar",
    ".tgz": "tar",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}
ARCHIVE_FORMATS = frozenset({"zip", "tar"})
# formats whose bytes may really be HTML when a page was saved under the wrong name
_HTML_SUSPECT_FORMATS = frozenset({None, "txt", "md", "pdf", "docx"})
_SNIFF_BYTES = 1024
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_HTML_OPENING = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]",
    re.IGNORECASE | re.DOTALL,
)
_LOG = logging.getLogger(__name__)


def suffix_of(name: str) -> str:
    lowered = name.lower()
    if lowered.endswith(".tar.gz"):
        return ".tar.gz"
    return os.path.splitext(lowered)[1]


def format_for_name(name: str) -> str | None:
    return FORMAT_BY_SUFFIX.get(suffix_of(name))


def unsupported_reason(name: str) -> str:
    suffix = suffix_of(name) or "(no extension)"
    return f"unsupported file type {suffix} (supported: {', '.join(FORMAT_BY_SUFFIX)})"


def detect_format(name: str, data: bytes, explicit: bool) -> str | None:
    """Format to read `data` as; None means skip it quietly (an unknown file met while walking).

    An explicitly named file of unknown type is read as text if it decodes as text;
    otherwise SourceError explains which types are supported.
    """
    declared = format_for_name(name)
    head = data[:_SNIFF_BYTES]
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if head[:4] in _ZIP_MAGIC:
        if declared == "docx" or _is_docx(data):
            return "docx"
        if declared is None:  # a zip-based format we do not read (.xlsx, .epub, .odt)
            return _unknown(name, explicit)
        return "zip"
    if declared in _HTML_SUSPECT_FORMATS and _HTML_OPENING.match(head):
        return "html"
    if declared is not None:
        return declared
    if explicit and text.looks_like_text(data):
        return "txt"
    return _unknown(name, explicit)


def read_bytes(
    data: bytes, origin: Origin, options: ReadOptions, name: str, explicit: bool = True
) -> Iterator[Item]:
    """Read bytes named `name` (a path, member name or URL path) with the reader they call for."""
    try:
        fmt = detect_format(name, data, explicit)
    except SourceError as exc:
        yield ReadFailure(origin, exc.reason)
        return
    if fmt is not None:
        yield from read_as(fmt, data, origin, options)


def read_as(
    fmt: str, data: bytes, origin: Origin, options: ReadOptions, url: str | None = None, depth: int = 0
) -> Iterator[Item]:
    """Run the reader for `fmt`; `url` is where the bytes were fetched from, `depth` the archive nesting."""
    try:
        yield from _reader(fmt, data, origin, options, url, depth)
    except Exception as exc:  # a reader bug or library crash must cost one input, not the batch
        _LOG.exception("%s: %s reader failed", origin.label(), fmt)
        yield ReadFailure(origin, f"unexpected error in the {fmt} reader: {type(exc).__name__}: {exc}")


def _reader(
    fmt: str, data: bytes, origin: Origin, options: ReadOptions, url: str | None, depth: int
) -> Iterator[Item]:
    if fmt in ("txt", "md"):
        return text.read_text(data, origin, fmt)
    if fmt == "html":
        return html.read_html(data, origin, url)
    if fmt == "pdf":
        return pdf.read_pdf(data, origin)
    if fmt == "docx":
        return docx.read_docx(data, origin)
    if fmt == "jsonl":
        return records.read_jsonl(data, origin, options.field_map)
    if fmt == "json":
        return records.read_json(data, origin, options.field_map)
    if fmt in ("csv", "tsv"):
        return records.read_csv(data, origin, options.field_map, "\t" if fmt == "tsv" else None)
    if fmt in ARCHIVE_FORMATS:
        from .archives import read_archive

        return read_archive(fmt, data, origin, options, depth)
    if fmt == "feed":
        from .web import read_feed

        return read_feed(data, origin, options)
    raise ValueError(f"no reader for format {fmt!r}")


def _unknown(name: str, explicit: bool) -> None:
    if explicit:
        raise SourceError("", unsupported_reason(name))
    return None


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False
