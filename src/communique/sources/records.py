"""Record files (JSON Lines, JSON, CSV): one document per record.

Fields are found by their usual names (case-insensitive) unless `field_map` names the
column to use, e.g. {"text": "body_html"} from `--field text=body_html`. Record text is
kept as stated, even when it holds HTML: cleaning is a later layer's job.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .base import Origin, RawDocument, ReadFailure, SourceError
from .meta import at_record, author_list, put
from .text import decode_bytes

Item = RawDocument | ReadFailure

FIELD_KEYS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "text": ("text", "body", "content"),
    "title": ("title",),
    "published": ("published", "date"),
    "url": ("url",),
    "authors": ("authors", "author"),
    "language": ("language",),
    "source": ("source",),
}
_FIELD_ALIASES = {"author": "authors", "date": "published", "body": "text", "content": "text"}
_LIST_KEYS = ("documents", "items", "records", "data")
_DELIMITERS = (",", ";", "\t")
_MAX_CACHED_KEY_SETS = 1024
_CSV_FIELD_LIMIT = 2**31 - 1  # article bodies overflow the csv module's 128 KB default


class FieldResolver:
    """Maps canonical fields to the keys a record actually has, cached per key set."""

    def __init__(self, field_map: Mapping[str, str]) -> None:
        self.overrides: dict[str, str] = {}
        for name, key in field_map.items():
            canonical = _FIELD_ALIASES.get(name.lower(), name.lower())
            if canonical not in FIELD_KEYS:
                raise SourceError("", f"unknown field {name!r} in --field (fields: {', '.join(FIELD_KEYS)})")
            self.overrides[canonical] = key
        self._cache: dict[tuple[str, ...], dict[str, str]] = {}

    def resolve(self, keys: Iterable[str]) -> dict[str, str]:
        key_tuple = tuple(keys)
        columns = self._cache.get(key_tuple)
        if columns is None:
            if len(self._cache) >= _MAX_CACHED_KEY_SETS:
                self._cache.clear()
            columns = self._cache[key_tuple] = self._resolve(key_tuple)
        return columns

    def _resolve(self, keys: tuple[str, ...]) -> dict[str, str]:
        by_lower: dict[str, str] = {}
        for key in keys:
            by_lower.setdefault(key.strip().lower(), key)
        columns: dict[str, str] = {}
        for name, candidates in FIELD_KEYS.items():
            if name in self.overrides:
                candidates = (self.overrides[name],)
            for candidate in candidates:
                key = candidate if candidate in keys else by_lower.get(candidate.lower())
                if key is not None:
                    columns[name] = key
                    break
        return columns

    def text_hint(self) -> str:
        if "text" in self.overrides:
            return f"field {self.overrides['text']!r} (from --field text=...)"
        return "a text/body/content field (or name one with --field text=KEY)"


def read_jsonl(data: bytes, origin: Origin, field_map: Mapping[str, str]) -> Iterator[Item]:
    """One record per line; origin.record is the line number, and a bad line fails alone."""
    try:
        resolver = FieldResolver(field_map)
        text = decode_bytes(data)
    except SourceError as exc:
        yield ReadFailure(origin, exc.reason)
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        record_origin = at_record(origin, number)
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadFailure(record_origin, f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        yield record_document(record, resolver, record_origin)


def read_json(data: bytes, origin: Origin, field_map: Mapping[str, str]) -> Iterator[Item]:
    """An array of records, or an object holding one under documents/items/records/data."""
    try:
        resolver = FieldResolver(field_map)
        parsed = json.loads(decode_bytes(data))
        records = _record_list(parsed, resolver)
    except SourceError as exc:
        yield ReadFailure(origin, exc.reason)
        return
    except json.JSONDecodeError as exc:
        yield ReadFailure(origin, f"invalid JSON: {exc.msg} (line {exc.lineno} column {exc.colno})")
        return
    for number, record in enumerate(records, start=1):
        yield record_document(record, resolver, at_record(origin, number))


def read_csv(
    data: bytes, origin: Origin, field_map: Mapping[str, str], delimiter: str | None = None
) -> Iterator[Item]:
    """A header row naming the fields, then one record per row (comma, semicolon or tab separated)."""
    try:
        resolver = FieldResolver(field_map)
        text = decode_bytes(data)
    except SourceError as exc:
        yield ReadFailure(origin, exc.reason)
        return
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter or _header_delimiter(text))
    header = [name.strip() for name in next(rows, [])]
    columns = resolver.resolve(header)
    if "text" not in columns:
        found = ", ".join(name for name in header if name) or "none"
        if "text" in resolver.overrides:
            reason = f"no column {resolver.overrides['text']!r} (columns found: {found})"
        else:
            reason = f"no text column (columns found: {found}); name one with --field text=COLUMN"
        yield ReadFailure(origin, reason)
        return
    number = 0
    try:
        for row in rows:
            if not any(cell.strip() for cell in row):
                continue
            number += 1
            yield record_document(dict(zip(header, row, strict=False)), resolver, at_record(origin, number))
    except csv.Error as exc:
        yield ReadFailure(at_record(origin, number + 1), f"CSV parse error, rest of file skipped: {exc}")


def record_document(record: Any, resolver: FieldResolver, origin: Origin) -> Item:
    if not isinstance(record, dict):
        return ReadFailure(origin, f"expected a JSON object, got {type(record).__name__}")
    columns = resolver.resolve(record)
    text_key = columns.get("text")
    text = record.get(text_key) if text_key is not None else None
    if text is not None and not isinstance(text, str):
        return ReadFailure(origin, f"field {text_key!r} holds {type(text).__name__}, not text")
    if not text or not text.strip():
        return ReadFailure(origin, f"record has no text: expected {resolver.text_hint()}")
    meta: dict[str, Any] = {}
    for name, key in columns.items():
        if name == "authors":
            put(meta, name, author_list(record.get(key)))
        elif name != "text":
            put(meta, name, _scalar(record.get(key)))
    return RawDocument(origin, text, "record", meta)


def _record_list(parsed: Any, resolver: FieldResolver) -> list[Any]:
    if isinstance(parsed, list):
        return parsed
    if isinstance(parsed, dict):
        for key in _LIST_KEYS:
            if isinstance(parsed.get(key), list):
                return parsed[key]
        if "text" in resolver.resolve(parsed):
            return [parsed]
    raise SourceError(
        "", f"no records found: expected an array, or an object with a list under {'/'.join(_LIST_KEYS)}"
    )


def _header_delimiter(text: str) -> str:
    """The separator used most in the header line; headers rarely contain prose punctuation."""
    header = text.split("\n", 1)[0]
    return max(_DELIMITERS, key=header.count)


def _scalar(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return value["name"]
    return None
