"""Plain text and Markdown: decode bytes into text without losing or inventing characters.

A Markdown file's YAML front matter is the one metadata container plain text has; it is
read into meta and left in the text, which readers never edit.

Decoding order: byte-order marks, BOM-less UTF-16, strict UTF-8, UTF-8 with a few stray bad
bytes, then charset-normalizer. Where charset-normalizer scores several encodings equally
(short texts), GB18030 and cp1252 win, as the encodings this corpus actually meets.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from .base import Origin, RawDocument, ReadFailure, SourceError
from .meta import author_list, put

_BOMS = (  # UTF-32 first: its LE BOM starts with the UTF-16 LE BOM
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_PREFERRED_ON_TIE = ("gb18030", "cp1252")
_GB_FAMILY = {"gb2312", "gbk", "gb18030"}  # GB18030 decodes a superset of the others
_TIE_TOLERANCE = 0.01
_SNIFF_BYTES = 64 * 1024
_UTF16_SAMPLE_BYTES = 4096
_UTF16_MIN_PAIRS = 8  # fewer characters than this cannot show a NUL pattern
# control bytes that do not occur in text files (tab, newlines, form feed and ESC do)
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_TEXT_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_MAX_CONTROL_RATIO = 0.05  # random bytes score ~0.10
# UTF-8 with stray bytes still has at least two good non-ASCII characters per bad one;
# cp1252 and GB18030 text decoded as UTF-8 is nearly all bad
_MAX_BAD_UTF8_RATIO = 1 / 3

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_MATTER_KEYS = {
    "id": ("id",),
    "title": ("title",),
    "authors": ("authors", "author"),
    "published": ("published", "date"),
    "url": ("url",),
    "language": ("language", "lang"),
    "source": ("source",),
}

BINARY = "binary content, not text"
EMPTY = "empty file"


def read_text(data: bytes, origin: Origin, kind: str = "txt") -> Iterator[RawDocument | ReadFailure]:
    """Yield the whole file as one document with newlines normalised to '\\n'."""
    try:
        text = decode_bytes(data)
    except SourceError as exc:
        yield ReadFailure(origin, exc.reason)
        return
    text = normalise_newlines(text)
    yield RawDocument(origin, text, kind, front_matter_meta(text) if kind == "md" else {})


def decode_bytes(data: bytes) -> str:
    """Decode any text file's bytes; raises SourceError for empty or binary content."""
    if not data.strip():
        raise SourceError("", EMPTY)
    text = _decode(data)
    if not text.strip():
        raise SourceError("", EMPTY)
    return text


def front_matter_meta(text: str) -> dict[str, Any]:
    """Metadata stated in YAML front matter ('---' ... '---' at the very top), if any."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}
    import yaml

    try:
        stated = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}
    if not isinstance(stated, dict):
        return {}
    stated = {str(key).lower(): value for key, value in stated.items()}
    meta: dict[str, Any] = {}
    for name, keys in _FRONT_MATTER_KEYS.items():
        value = next((stated[key] for key in keys if stated.get(key) is not None), None)
        if name == "authors":
            put(meta, name, author_list(value))
        elif isinstance(value, date):  # YAML reads an unquoted 2023-07-04 as a date
            put(meta, name, value.isoformat()[:10])
        elif isinstance(value, str | int | float) and not isinstance(value, bool):
            put(meta, name, value)
    return meta


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def looks_like_text(data: bytes) -> bool:
    """For files of unknown type: would decode_bytes accept (the start of) these bytes?"""
    try:
        decode_bytes(data[:_SNIFF_BYTES])
    except SourceError:
        return False
    return True


def _decode(data: bytes) -> str:
    bom = _bom_encoding(data)
    if bom is not None:
        encoding, bom_length = bom
        return data[bom_length:].decode(encoding, errors="replace")
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        text = data.decode(utf16, errors="replace")
        if _has_many_controls(text[:_SNIFF_BYTES]):  # 16-bit binary data also has every other byte NUL
            raise SourceError("", BINARY)
        return text
    if _is_binary(data):
        raise SourceError("", BINARY)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    if _mostly_utf8(lenient):
        return lenient
    encoding = _guess_encoding(data)
    return data.decode(encoding, errors="replace") if encoding else lenient


def _bom_encoding(data: bytes) -> tuple[str, int] | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM, recognisable when the text is mostly ASCII: every other byte is NUL."""
    sample = data[: _UTF16_SAMPLE_BYTES & ~1]
    pairs = len(sample) // 2
    if pairs < _UTF16_MIN_PAIRS:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    if odd_nuls >= 0.4 * pairs and even_nuls <= 0.05 * pairs:
        return "utf-16-le"
    if even_nuls >= 0.4 * pairs and odd_nuls <= 0.05 * pairs:
        return "utf-16-be"
    return None


def _is_binary(data: bytes) -> bool:
    sample = data[:_SNIFF_BYTES]
    control = len(sample.translate(None, _TEXT_BYTES))
    return control > _MAX_CONTROL_RATIO * len(sample)


def _has_many_controls(text: str) -> bool:
    return len(_CONTROL_CHARS.findall(text)) > _MAX_CONTROL_RATIO * len(text)


def _mostly_utf8(lenient: str) -> bool:
    """UTF-8 with a few stray bad bytes (a pasted cp1252 quote) is still UTF-8."""
    bad = lenient.count("\ufffd")
    non_ascii = len(lenient) - len(lenient.encode("ascii", errors="ignore"))
    return bad <= _MAX_BAD_UTF8_RATIO * non_ascii


def _guess_encoding(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    tied = [
        m.encoding
        for m in matches
        if m.chaos <= best.chaos + _TIE_TOLERANCE and m.coherence >= best.coherence - _TIE_TOLERANCE
    ]
    tied = ["gb18030" if name in _GB_FAMILY else name for name in tied]
    for preferred in _PREFERRED_ON_TIE:
        if preferred in tied:
            return preferred
    return tied[0]
