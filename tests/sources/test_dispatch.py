from __future__ import annotations

import pytest

from communique.sources.base import Origin, RawDocument, ReadFailure, SourceError
from communique.sources.dispatch import detect_format, format_for_name, read_as, read_bytes, suffix_of
from communique.sources.options import ReadOptions

from .builders import (
    STATEMENT,
    STATEMENT_TWO,
    article_html,
    one_page_pdf,
    paragraphs_html,
    word_document,
    zip_bytes,
)

HTML = article_html(paragraphs_html(STATEMENT, STATEMENT_TWO))


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a/b/Statement.TXT", "txt"),
        ("notes.md", "md"),
        ("page.htm", "html"),
        ("bundle.tar.gz", "tar"),
        ("bundle.tgz", "tar"),
        ("feed.atom", "feed"),
        ("data.ndjson", "jsonl"),
        ("table.tsv", "tsv"),
        ("photo.png", None),
        ("README", None),
    ],
)
def test_format_for_name(name: str, fmt: str | None) -> None:
    assert format_for_name(name) == fmt


def test_suffix_of_keeps_compound_tar_suffix() -> None:
    assert suffix_of("x.TAR.GZ") == ".tar.gz"
    assert suffix_of("x.gz") == ".gz"


@pytest.mark.parametrize(
    ("name", "data", "fmt"),
    [
        ("report.txt", one_page_pdf(), "pdf"),
        ("page.txt", HTML, "html"),
        ("page.md", b"<!-- saved -->\n<!doctype html><html><body>x</body></html>", "html"),
        ("download.pdf", HTML, "html"),
        ("brief.zip", word_document([STATEMENT]), "docx"),
        ("archive.txt", zip_bytes({"a.txt": b"x"}), "zip"),
        ("notes.txt", b"<p>Markdown may hold a tag</p>", "txt"),
        ("records.jsonl", b'{"text": "<html> inside"}', "jsonl"),
        ("transcript.log", STATEMENT.encode(), "txt"),
        ("brief", word_document([STATEMENT]), "docx"),
    ],
)
def test_bytes_correct_the_extension(name: str, data: bytes, fmt: str) -> None:
    assert detect_format(name, data, explicit=True) == fmt


def test_unknown_binary_is_unsupported_when_named_and_skipped_when_walked() -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    with pytest.raises(SourceError) as raised:
        detect_format("logo.png", png, explicit=True)
    assert raised.value.reason.startswith("unsupported file type .png (supported: .txt, ")
    assert detect_format("logo.png", png, explicit=False) is None
    assert detect_format("slides.pptx", zip_bytes({"ppt/slide1.xml": b"<x/>"}), explicit=False) is None


def test_read_bytes_reports_unsupported_as_a_failure() -> None:
    origin = Origin(path="logo.png")
    [failure] = read_bytes(bytes(range(256)) * 4, origin, ReadOptions(), "logo.png")
    assert isinstance(failure, ReadFailure)
    assert failure.reason.startswith("unsupported file type .png")


def test_a_crashing_reader_costs_one_failure_not_the_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(data: bytes, origin: Origin) -> list[RawDocument]:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("communique.sources.pdf.read_pdf", broken)
    [failure] = read_as("pdf", one_page_pdf(), Origin(path="x.pdf"), ReadOptions())
    assert failure == ReadFailure(
        Origin(path="x.pdf"),
        "unexpected error in the pdf reader: RecursionError: maximum recursion depth exceeded",
    )
