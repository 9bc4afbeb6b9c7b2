from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

import pytest

from communique.sources import (
    Origin,
    RawDocument,
    ReadFailure,
    ReadOptions,
    expand_inputs,
    read_inputs,
    read_one,
)

from .builders import STATEMENT, STATEMENT_TWO, article_html, one_page_pdf, paragraphs_html

HTML = article_html(paragraphs_html(STATEMENT, STATEMENT_TWO))


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    write(tmp_path / "b.txt", STATEMENT)
    write(tmp_path / "a.md", "# Briefing\n\n" + STATEMENT_TWO)
    write(tmp_path / "sub" / "c.html", HTML)
    write(tmp_path / "sub" / "deeper" / "d.jsonl", '{"text": "first"}\n{"text": "second"}\n')
    write(tmp_path / "sub" / "photo.png", b"\x89PNG\r\n\x1a\n")
    write(tmp_path / ".git" / "config.txt", "hidden dir")
    write(tmp_path / ".notes.txt", "hidden file")
    return tmp_path


def relative(paths: list[str], root: Path) -> list[str]:
    return [os.path.relpath(path, root) for path in paths]


def test_directory_is_walked_sorted_recursively_skipping_hidden_and_unknown(corpus: Path) -> None:
    assert relative(expand_inputs([str(corpus)]), corpus) == [
        "a.md",
        "b.txt",
        "sub/c.html",
        "sub/deeper/d.jsonl",
    ]


def test_globs_urls_and_missing_paths_keep_input_order_without_repeats(corpus: Path) -> None:
    inputs = [
        "https://mfa.example.org/feed.xml",
        str(corpus / "sub" / "**" / "*.jsonl"),
        str(corpus / "?.txt"),
        str(corpus / "b.txt"),
        str(corpus / "missing.txt"),
        str(corpus / "*.docx"),
    ]
    expanded = expand_inputs(inputs)
    assert expanded == [
        "https://mfa.example.org/feed.xml",
        str(corpus / "sub" / "deeper" / "d.jsonl"),
        str(corpus / "b.txt"),
        str(corpus / "missing.txt"),
        str(corpus / "*.docx"),
    ]


def test_glob_keeps_files_of_the_suffix_it_names(corpus: Path) -> None:
    assert expand_inputs([str(corpus / "sub" / "*.png")]) == [str(corpus / "sub" / "photo.png")]
    assert expand_inputs([str(corpus / "sub" / "*")]) == [str(corpus / "sub" / "c.html")] + [
        str(corpus / "sub" / "deeper" / "d.jsonl")
    ]


def test_read_inputs_reads_everything_and_reports_failures_in_stream(corpus: Path) -> None:
    items = list(read_inputs([str(corpus / "missing.txt"), str(corpus), str(corpus / "*.docx")]))
    summary = [
        (
            os.path.relpath(item.origin.label(), corpus),
            item.kind if isinstance(item, RawDocument) else item.reason,
        )
        for item in items
    ]
    assert summary == [
        ("missing.txt", "no such file or directory"),
        ("a.md", "md"),
        ("b.txt", "txt"),
        ("sub/c.html", "html"),
        ("sub/deeper/d.jsonl#1", "record"),
        ("sub/deeper/d.jsonl#2", "record"),
        ("*.docx", "no files match this pattern"),
    ]


def test_explicit_unknown_extension_is_read_as_text_or_refused(tmp_path: Path) -> None:
    transcript = write(tmp_path / "briefing.transcript", STATEMENT)
    logo = write(tmp_path / "logo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    [doc] = read_one(str(transcript))
    assert isinstance(doc, RawDocument) and (doc.kind, doc.text) == ("txt", STATEMENT)
    [failure] = read_one(str(logo))
    assert isinstance(failure, ReadFailure)
    assert failure.reason.startswith("unsupported file type .png (supported: .txt,")


@pytest.mark.parametrize(("data", "kind"), [(one_page_pdf(), "pdf"), (HTML, "html")])
def test_wrong_extension_is_corrected_by_sniffing(tmp_path: Path, data: bytes, kind: str) -> None:
    [doc] = read_one(str(write(tmp_path / "saved.txt", data)))
    assert isinstance(doc, RawDocument) and doc.kind == kind


def test_file_over_the_cap_is_refused_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = tmp_path / "dump.txt"
    with huge.open("wb") as handle:  # sparse: no disk used
        handle.truncate(int(63.2 * 1024 * 1024))
    monkeypatch.setattr("builtins.open", lambda *args, **kwargs: pytest.fail("the file was opened"))
    [failure] = read_one(str(huge))
    assert failure == ReadFailure(
        Origin(path=str(huge)), "file is 63.2 MB, over the 50 MB cap (raise it with --max-bytes)"
    )


def test_unsupported_url_scheme_fails() -> None:
    [failure] = read_one("ftp://mfa.example.org/archive.zip")
    assert isinstance(failure, ReadFailure)
    assert failure.reason == "unsupported URL scheme (only http:// and https:// are read)"


def test_read_one_of_a_directory_reads_its_files(corpus: Path) -> None:
    labels = [os.path.relpath(item.origin.label(), corpus) for item in read_one(str(corpus / "sub"))]
    assert labels == ["sub/c.html", "sub/deeper/d.jsonl#1", "sub/deeper/d.jsonl#2"]


def test_results_pickle_for_worker_processes(corpus: Path) -> None:
    items = list(
        read_inputs([str(corpus), str(corpus / "nothing.txt")], ReadOptions(field_map={"text": "text"}))
    )
    assert pickle.loads(pickle.dumps(items)) == items


def test_text_files_read_well_over_1000_per_second(tmp_path: Path) -> None:
    for n in range(2000):
        write(tmp_path / f"{n:04d}.txt", f"{STATEMENT} Briefing number {n}.")
    start = time.perf_counter()
    count = sum(isinstance(item, RawDocument) for item in read_inputs([str(tmp_path)]))
    rate = count / (time.perf_counter() - start)
    assert count == 2000
    assert rate >= 1000, f"{rate:.0f} files/s"
