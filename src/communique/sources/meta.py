"""Small helpers readers share to report sizes and normalise container metadata."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from .base import Origin

_KB = 1024
_MB = 1024 * 1024

_AUTHOR_SEPARATORS = re.compile(r"\s*[;,]\s*")
_AUTHOR_AND = re.compile(r"\s+(?:and|&)\s+")
_MAX_WORDS_PER_NAME = 3


def human_size(n_bytes: int) -> str:
    """Sizes for failure messages: '63.2 MB', '50 MB', '12 KB', '300 bytes'."""
    if n_bytes >= _MB:
        return f"{n_bytes / _MB:.1f}".removesuffix(".0") + " MB"
    if n_bytes >= _KB:
        return f"{n_bytes / _KB:.1f}".removesuffix(".0") + " KB"
    return f"{n_bytes} bytes"


def split_authors(value: str) -> list[str]:
    """Split a stated author string into names.

    ';' and ',' always separate. 'and'/'&' separate only when every part is a short,
    name-like phrase, so "Wang Yi and Li Qiang" splits but "Ministry of Foreign Affairs
    and Trade" stays one author.
    """
    names: list[str] = []
    for part in _AUTHOR_SEPARATORS.split(value.strip()):
        pieces = _AUTHOR_AND.split(part)
        if len(pieces) > 1 and all(len(p.split()) <= _MAX_WORDS_PER_NAME for p in pieces):
            names.extend(pieces)
        else:
            names.append(part)
    return [name.strip() for name in names if name.strip()]


def author_list(value: Any) -> list[str]:
    """Authors from a string, a list of strings, or a list of {"name": ...} objects."""
    if value is None:
        return []
    if isinstance(value, str):
        return split_authors(value)
    if isinstance(value, dict):
        value = [value]
    names: list[str] = []
    if isinstance(value, Iterable):
        for item in value:
            name = item.get("name") if isinstance(item, dict) else item
            if name is not None and str(name).strip():
                names.append(str(name).strip())
    return names


def put(meta: dict[str, Any], key: str, value: Any) -> None:
    """Set meta[key] only to a non-blank value, so absent metadata stays absent."""
    if value is None:
        return
    if isinstance(value, list):
        if value:
            meta[key] = value
        return
    text = str(value).strip()
    if text:
        meta[key] = text


def fill_missing(meta: dict[str, Any], fallback: dict[str, Any]) -> None:
    """Add fallback metadata where the document itself stated nothing (lists copied, not shared)."""
    for key, value in fallback.items():
        meta.setdefault(key, list(value) if isinstance(value, list) else value)


def at_record(origin: Origin, record: int) -> Origin:
    return replace(origin, record=record)


def in_member(origin: Origin, member: str) -> Origin:
    """Origin of an archive member; a nested member reads 'outer.zip!inner.zip!doc.txt'."""
    name = member if origin.member is None else f"{origin.member}!{member}"
    return replace(origin, member=name)
