"""Archives (.zip, .tar, .tar.gz): members are read in memory, never extracted to disk.

Member names are only labels (origin.member), so a hostile '../../etc/passwd' name is
harmless. Two caps keep a small archive from exhausting memory: each member may hold at
most max_bytes, and all members together at most options.archive_cap; past that cap the
archive is abandoned (members already yielded stay yielded).
"""

from __future__ import annotations

import io
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO

from . import dispatch
from .base import Origin, RawDocument, ReadFailure
from .meta import human_size, in_member
from .options import ReadOptions

Item = RawDocument | ReadFailure
Member = tuple[str, int, Callable[[], IO[bytes]]]  # name, declared size, opener

MAX_NESTING = 1  # an archive inside an archive is read; one level deeper is not
_SKIPPED_DIRS = ("__MACOSX",)
_MEMBER_ERRORS = (zipfile.BadZipFile, tarfile.TarError, zlib.error, EOFError, OSError)


class _CorruptArchive(Exception):
    pass


@dataclass
class _Budget:
    """Bytes an archive, including archives nested in it, may still expand to."""

    cap: int
    used: int = 0
    exhausted: bool = False


def read_archive(
    fmt: str, data: bytes, origin: Origin, options: ReadOptions, depth: int = 0, budget: _Budget | None = None
) -> Iterator[Item]:
    """Documents from every member, each read by its own reader; nested archives share `budget`."""
    if depth > MAX_NESTING:
        yield ReadFailure(origin, "archive nested more than one level deep (not read)")
        return
    budget = budget or _Budget(options.archive_cap)
    members = _zip_members(data) if fmt == "zip" else _tar_members(data)
    try:
        for name, declared_size, open_member in members:
            if _is_skipped(name) or dispatch.format_for_name(name) is None:
                continue
            yield from _read_member(name, declared_size, open_member, origin, options, depth, budget)
            if budget.exhausted:
                return
    except _CorruptArchive as exc:
        yield ReadFailure(origin, f"corrupt or truncated {fmt} archive: {exc}")


def _read_member(
    name: str,
    declared_size: int,
    open_member: Callable[[], IO[bytes]],
    archive_origin: Origin,
    options: ReadOptions,
    depth: int,
    budget: _Budget,
) -> Iterator[Item]:
    origin = in_member(archive_origin, name)
    too_big = f"member is over the {human_size(options.max_bytes)} cap (raise it with --max-bytes)"
    if declared_size > options.max_bytes:
        yield ReadFailure(origin, too_big)
        return
    if budget.used + declared_size > budget.cap:
        yield _exhaust(budget, archive_origin)
        return
    try:
        with open_member() as stream:
            data = stream.read(options.max_bytes + 1)  # headers can lie: cap what is actually read
    except RuntimeError as exc:  # zipfile's way to say "encrypted, password required"
        yield ReadFailure(origin, f"cannot read member: {exc}")
        return
    except (NotImplementedError, *_MEMBER_ERRORS) as exc:
        yield ReadFailure(origin, f"corrupt archive member: {exc}")
        return
    budget.used += len(data)
    if len(data) > options.max_bytes:
        yield ReadFailure(origin, too_big)
        return
    if budget.used > budget.cap:
        yield _exhaust(budget, archive_origin)
        return
    fmt = dispatch.detect_format(name, data, explicit=False)
    if fmt in dispatch.ARCHIVE_FORMATS:
        yield from read_archive(fmt, data, origin, options, depth + 1, budget)
    elif fmt is not None:
        yield from dispatch.read_as(fmt, data, origin, options)


def _exhaust(budget: _Budget, origin: Origin) -> ReadFailure:
    budget.exhausted = True
    return ReadFailure(
        origin, f"archive expands past {human_size(budget.cap)} cap; the rest of it was not read"
    )


def _is_skipped(name: str) -> bool:
    """Directories, macOS resource forks and hidden files carry no documents."""
    if name.endswith(("/", "\\")):
        return True
    parts = name.replace("\\", "/").split("/")
    return any(_is_hidden(part) or part in _SKIPPED_DIRS for part in parts)


def _is_hidden(part: str) -> bool:
    return part.startswith(".") and part not in (".", "..")


def _zip_members(data: bytes) -> Iterator[Member]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise _CorruptArchive(str(exc)) from exc
    with archive:
        for info in archive.infolist():
            if not info.is_dir():
                yield info.filename, info.file_size, lambda info=info: archive.open(info)


def _tar_members(data: bytes) -> Iterator[Member]:
    """Stream mode: each member is read before the next header is parsed."""
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r|*") as archive:
            for info in archive:
                if info.isfile():
                    yield info.name, info.size, lambda info=info: _extracted(archive, info)
    except _MEMBER_ERRORS as exc:
        raise _CorruptArchive(str(exc) or type(exc).__name__) from exc


def _extracted(archive: tarfile.TarFile, info: tarfile.TarInfo) -> IO[bytes]:
    stream = archive.extractfile(info)
    if stream is None:
        raise tarfile.TarError(f"{info.name} has no data")
    return stream
