from __future__ import annotations

import codecs
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from communique.sources.base import Origin, RawDocument, ReadFailure, SourceError
from communique.sources.text import decode_bytes, looks_like_text, read_text

from .builders import CHINESE, STATEMENT

ORIGIN = Origin(path="statement.txt")


def read_one_text(data: bytes, kind: str = "txt") -> RawDocument:
    items = list(read_text(data, ORIGIN, kind))
    assert len(items) == 1
    assert isinstance(items[0], RawDocument), items[0]
    return items[0]


def failure_reason(data: bytes) -> str:
    items = list(read_text(data, ORIGIN))
    assert len(items) == 1
    assert isinstance(items[0], ReadFailure), items[0]
    return items[0].reason


def test_utf8_text_is_read_whole_with_kind_and_origin() -> None:
    doc = read_one_text(f"{STATEMENT}\n\n{CHINESE}\n".encode())
    assert doc.text == f"{STATEMENT}\n\n{CHINESE}\n"
    assert doc.kind == "txt"
    assert doc.origin == ORIGIN
    assert doc.meta == {}


def test_markdown_keeps_its_kind_and_markup() -> None:
    doc = read_one_text(b"# Briefing\n\n* **Talks** resume\n", kind="md")
    assert doc.kind == "md"
    assert doc.text == "# Briefing\n\n* **Talks** resume\n"


def test_markdown_front_matter_becomes_meta_and_stays_in_the_text() -> None:
    text = (
        '---\ntitle: "Arctic shipping: who writes the rules?"\nauthor: Elena Petrova and Jonas Berg\n'
        "date: 2023-07-04\ntags: [Arctic, shipping]\nlang: en\n---\n\n# Arctic shipping\n\nBody.\n"
    )
    doc = read_one_text(text.encode(), kind="md")
    assert doc.text == text
    assert doc.meta == {
        "title": "Arctic shipping: who writes the rules?",
        "authors": ["Elena Petrova", "Jonas Berg"],
        "published": "2023-07-04",
        "language": "en",
    }


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: [unclosed\n---\nBody",
        "---\n- a list\n---\nBody",
        "Intro\n---\ntitle: x\n---\n",
        "---\nno end",
    ],
)
def test_markdown_without_usable_front_matter_has_no_meta(text: str) -> None:
    assert read_one_text(text.encode(), kind="md").meta == {}


def test_front_matter_is_only_read_from_markdown() -> None:
    assert read_one_text(b"---\ntitle: Note\n---\nBody").meta == {}


def test_windows_and_old_mac_newlines_become_lf() -> None:
    doc = read_one_text(b"Line one.\r\nLine two.\rLine three.\n")
    assert doc.text == "Line one.\nLine two.\nLine three.\n"


def test_utf8_bom_is_stripped() -> None:
    doc = read_one_text(codecs.BOM_UTF8 + "Déclaration conjointe".encode())
    assert doc.text == "Déclaration conjointe"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_decoded(encoding: str) -> None:
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
    data = bom + f"{CHINESE}\n{STATEMENT}".encode(encoding)
    doc = read_one_text(data)
    assert doc.text == f"{CHINESE}\n{STATEMENT}"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16_is_recognised_when_mostly_ascii(encoding: str) -> None:
    text = f"{STATEMENT} 中国"
    assert read_one_text(text.encode(encoding)).text == text


def test_cp1252_quotes_and_accents_are_decoded() -> None:
    text = "The minister’s “firm” response — delivered in Genève — surprised the délégation."
    assert read_one_text(text.encode("cp1252")).text == text


@pytest.mark.parametrize(
    "text",
    [
        CHINESE,
        "Foreign Ministry spokesperson: 中国 supports dialogue.\n",
        CHINESE * 20,
    ],
)
def test_gb18030_chinese_is_decoded(text: str) -> None:
    assert read_one_text(text.encode("gb18030")).text == text


def test_utf8_with_one_stray_byte_stays_utf8() -> None:
    data = "The délégation met in Genève today.".encode() + b"\x92s"
    assert read_one_text(data).text == "The délégation met in Genève today.\ufffds"


def test_random_binary_is_refused() -> None:
    junk = bytes((i * 7919 + 13) % 256 for i in range(4096))
    assert failure_reason(junk) == "binary content, not text"


def test_nul_heavy_content_is_refused() -> None:
    assert failure_reason(b"\x00\x00\x00\x01" * 500 + b"text") == "binary content, not text"


def test_16_bit_binary_data_is_not_mistaken_for_utf16() -> None:
    samples = struct.pack("<1024H", *(n % 64 for n in range(1024)))
    assert failure_reason(samples) == "binary content, not text"


@pytest.mark.parametrize(
    "data", [b"", b"   \n\t\r\n", codecs.BOM_UTF8, codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")]
)
def test_empty_or_blank_file_fails(data: bytes) -> None:
    assert failure_reason(data) == "empty file"


def test_looks_like_text() -> None:
    assert looks_like_text(STATEMENT.encode())
    assert looks_like_text(CHINESE.encode("utf-16"))
    assert not looks_like_text(bytes(range(256)) * 4)
    assert not looks_like_text(b"")


@settings(max_examples=200, deadline=None, database=None)
@given(st.binary(max_size=2048))
def test_any_bytes_yield_exactly_one_item_and_never_raise(data: bytes) -> None:
    items = list(read_text(data, ORIGIN))
    assert len(items) == 1
    if isinstance(items[0], RawDocument):
        assert items[0].text.strip()
        assert "\r" not in items[0].text


@settings(max_examples=100, deadline=None, database=None)
@given(st.text(min_size=1).filter(lambda s: s.strip() and "\x00" not in s and not s.startswith("\ufeff")))
def test_utf8_text_round_trips_unless_judged_binary(text: str) -> None:
    """NUL-free, since ASCII with a NUL after every character is indistinguishable from UTF-16."""
    try:
        decoded = decode_bytes(text.encode())
    except SourceError as exc:  # control-heavy strings are binary; nothing else may fail
        assert exc.reason == "binary content, not text"
        return
    assert decoded == text
