"""Sources: turn files, directories, globs and URLs into raw documents.

The first layer of the pipeline; it imports nothing else from communique. Every input
yields RawDocument or ReadFailure items and never raises, so one bad input never stops a
batch. `expand_inputs` + `read_one` let a caller count inputs for a progress bar and read
each in a worker process (options and results are plain, picklable dataclasses).
"""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterable, Iterator

from .base import DEFAULT_MAX_BYTES, Origin, RawDocument, ReadFailure, SourceError
from .dispatch import FORMAT_BY_SUFFIX, format_for_name, read_bytes, suffix_of
from .meta import human_size
from .options import ReadOptions
from .web import is_url, read_url

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "Origin",
    "RawDocument",
    "ReadFailure",
    "ReadOptions",
    "SourceError",
    "expand_inputs",
    "is_url",
    "read_inputs",
    "read_one",
]

SUPPORTED_SUFFIXES = tuple(FORMAT_BY_SUFFIX)
_GLOB_CHARS = frozenset("*?[")


def read_inputs(
    inputs: Iterable[str], options: ReadOptions | None = None
) -> Iterator[RawDocument | ReadFailure]:
    """Every document of every input, in input order; failures are yielded, never raised."""
    options = options or ReadOptions()
    for source in expand_inputs(inputs):
        yield from read_one(source, options)


def expand_inputs(inputs: Iterable[str]) -> list[str]:
    """Files and URLs to read, in order and without repeats.

    Directories are walked recursively in sorted order, keeping supported files and skipping
    hidden ones. Glob matches keep supported files, plus any whose suffix the pattern itself
    names ("*.log"). Inputs that name nothing stay in the list so read_one can report them.
    """
    expanded: dict[str, None] = {}
    for source in inputs:
        for item in _expand(source):
            expanded.setdefault(item)
    return list(expanded)


def read_one(source: str, options: ReadOptions | None = None) -> Iterator[RawDocument | ReadFailure]:
    """Documents from one file, directory, URL or pattern."""
    options = options or ReadOptions()
    if is_url(source):
        yield from read_url(source, options)
        return
    origin = Origin(path=source)
    if "://" in source:
        yield ReadFailure(origin, "unsupported URL scheme (only http:// and https:// are read)")
        return
    try:
        status = os.stat(source)
    except FileNotFoundError:
        missing = "no files match this pattern" if _is_pattern(source) else "no such file or directory"
        yield ReadFailure(origin, missing)
        return
    except OSError as exc:
        yield ReadFailure(origin, f"cannot open: {exc.strerror}")
        return
    if stat.S_ISDIR(status.st_mode):
        for path in _walk(source):
            yield from read_one(path, options)
    elif not stat.S_ISREG(status.st_mode):
        yield ReadFailure(origin, "not a regular file")
    elif status.st_size > options.max_bytes:
        size, cap = human_size(status.st_size), human_size(options.max_bytes)
        yield ReadFailure(origin, f"file is {size}, over the {cap} cap (raise it with --max-bytes)")
    else:
        yield from _read_file(source, origin, options)


def _read_file(path: str, origin: Origin, options: ReadOptions) -> Iterator[RawDocument | ReadFailure]:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except PermissionError:
        yield ReadFailure(origin, "permission denied")
        return
    except OSError as exc:
        yield ReadFailure(origin, f"cannot read: {exc.strerror or exc}")
        return
    yield from read_bytes(data, origin, options, name=path, explicit=True)


def _expand(source: str) -> list[str]:
    if is_url(source):
        return [source]
    if os.path.isdir(source):
        return _walk(source)
    if os.path.lexists(source) or not _is_pattern(source):
        return [source]
    pattern_suffix = suffix_of(source)
    matches: list[str] = []
    for match in sorted(glob.glob(source, recursive=True)):
        if os.path.isdir(match):
            matches.extend(_walk(match))
        elif format_for_name(match) or (pattern_suffix and suffix_of(match) == pattern_suffix):
            matches.append(match)
    return matches or [source]


def _walk(directory: str) -> list[str]:
    """Supported, non-hidden files under `directory`, sorted by path."""
    found: list[str] = []
    for root, dirs, names in os.walk(directory):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        found.extend(
            os.path.join(root, name) for name in names if not name.startswith(".") and format_for_name(name)
        )
    return sorted(found)


def _is_pattern(source: str) -> bool:
    return not _GLOB_CHARS.isdisjoint(source)
