from __future__ import annotations

import pytest

from communique.sources.archives import read_archive
from communique.sources.base import Origin, RawDocument, ReadFailure
from communique.sources.options import ReadOptions

from .builders import (
    STATEMENT,
    STATEMENT_TWO,
    article_html,
    one_page_pdf,
    paragraphs_html,
    tar_bytes,
    zip_bytes,
)

MIXED_MEMBERS = {
    "press/": b"",
    "press/briefing.txt": STATEMENT.encode(),
    "press/remarks.html": article_html(paragraphs_html(STATEMENT, STATEMENT_TWO)),
    "press/statement.pdf": one_page_pdf(),
    "press/records.jsonl": b'{"text": "first"}\n{"text": "second"}\n',
    "press/photo.png": b"\x89PNG\r\n\x1a\n" + bytes(200),
    "__MACOSX/press/._briefing.txt": b"\x00\x05\x16\x07resource fork",
    "__MACOSX/press/briefing.txt": b"a resource fork copy",
    "press/.DS_Store": b"\x00\x00\x00\x01Bud1",
    ".hidden/notes.txt": b"not for reading",
}


def read(fmt: str, data: bytes, options: ReadOptions | None = None) -> list[RawDocument | ReadFailure]:
    return list(read_archive(fmt, data, Origin(path=f"bundle.{fmt}"), options or ReadOptions()))


def summary(items: list[RawDocument | ReadFailure]) -> list[tuple[str, str]]:
    return [
        (item.origin.label(), item.kind if isinstance(item, RawDocument) else item.reason) for item in items
    ]


EXPECTED_MIXED = [
    ("!press/briefing.txt", "txt"),
    ("!press/remarks.html", "html"),
    ("!press/statement.pdf", "pdf"),
    ("!press/records.jsonl#1", "record"),
    ("!press/records.jsonl#2", "record"),
]


@pytest.mark.parametrize(("fmt", "build"), [("zip", zip_bytes), ("tar", tar_bytes)])
def test_members_are_dispatched_by_extension_and_junk_is_skipped(fmt: str, build: object) -> None:
    items = read(fmt, build(MIXED_MEMBERS))  # type: ignore[operator]
    assert summary(items) == [(f"bundle.{fmt}{member}", kind) for member, kind in EXPECTED_MIXED]
    assert items[0].origin.member == "press/briefing.txt"
    assert isinstance(items[0], RawDocument) and items[0].text == STATEMENT


def test_plain_tar_is_read() -> None:
    items = read("tar", tar_bytes({"a.txt": STATEMENT.encode()}, mode="w"))
    assert summary(items) == [("bundle.tar!a.txt", "txt")]


def test_member_with_wrong_extension_is_sniffed() -> None:
    items = read("zip", zip_bytes({"statement.txt": one_page_pdf()}))
    assert summary(items) == [("bundle.zip!statement.txt", "pdf")]


def test_member_over_the_size_cap_fails_alone() -> None:
    members = {"big.txt": b"word " * 400, "small.txt": b"short note"}
    items = read("zip", zip_bytes(members), ReadOptions(max_bytes=1000))
    assert summary(items) == [
        ("bundle.zip!big.txt", "member is over the 1000 bytes cap (raise it with --max-bytes)"),
        ("bundle.zip!small.txt", "txt"),
    ]


@pytest.mark.parametrize(("fmt", "build"), [("zip", zip_bytes), ("tar", tar_bytes)])
def test_expansion_past_the_archive_cap_stops_the_archive(fmt: str, build: object) -> None:
    members = {f"doc{n}.txt": (f"Statement {n}. " * 40).encode() for n in range(5)}  # ~600 bytes each
    options = ReadOptions(max_bytes=1000, archive_max_bytes=1500)
    items = read(fmt, build(members), options)  # type: ignore[operator]
    assert summary(items) == [
        (f"bundle.{fmt}!doc0.txt", "txt"),
        (f"bundle.{fmt}!doc1.txt", "txt"),
        (f"bundle.{fmt}", "archive expands past 1.5 KB cap; the rest of it was not read"),
    ]


def test_one_level_of_nesting_is_read_and_deeper_is_refused() -> None:
    innermost = zip_bytes({"deep.txt": b"too deep"})
    inner = tar_bytes({"inner.txt": STATEMENT.encode(), "deeper.zip": innermost})
    items = read("zip", zip_bytes({"outer.txt": STATEMENT_TWO.encode(), "nested/inner.tar.gz": inner}))
    assert summary(items) == [
        ("bundle.zip!outer.txt", "txt"),
        ("bundle.zip!nested/inner.tar.gz!inner.txt", "txt"),
        ("bundle.zip!nested/inner.tar.gz!deeper.zip", "archive nested more than one level deep (not read)"),
    ]


def test_traversal_names_are_only_labels() -> None:
    items = read("tar", tar_bytes({"../../escape.txt": STATEMENT.encode(), "/etc/motd.txt": b"hello"}))
    assert summary(items) == [("bundle.tar!../../escape.txt", "txt"), ("bundle.tar!/etc/motd.txt", "txt")]


@pytest.mark.parametrize(("fmt", "build"), [("zip", zip_bytes), ("tar", tar_bytes)])
def test_truncated_archive_fails(fmt: str, build: object) -> None:
    whole = build({"a.txt": STATEMENT.encode() * 50, "b.txt": STATEMENT_TWO.encode()})  # type: ignore[operator]
    items = read(fmt, whole[: len(whole) // 2])
    assert not any(isinstance(item, RawDocument) for item in items)
    assert items[-1].origin.label() == f"bundle.{fmt}"
    assert items[-1].reason.startswith(f"corrupt or truncated {fmt} archive: ")
