from __future__ import annotations

import datetime as dt

import docx

from communique.sources.base import Origin, RawDocument, ReadFailure
from communique.sources.docx import read_docx

from .builders import STATEMENT, STATEMENT_TWO, save_docx, word_document, zip_bytes

ORIGIN = Origin(path="brief.docx")


def test_paragraphs_headings_and_tables_in_document_order() -> None:
    document = docx.Document()
    document.add_heading("Policy Brief: Arctic Cooperation", level=1)
    document.add_paragraph(STATEMENT)
    document.add_paragraph("")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Country", "Position", "Date"], strict=True):
        cell.text = text
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "Observer states"
    table.cell(1, 2).text = "2024"
    document.add_paragraph(STATEMENT_TWO)
    [doc] = read_docx(save_docx(document), ORIGIN)
    assert isinstance(doc, RawDocument)
    assert doc.kind == "docx"
    assert doc.text == (
        f"Policy Brief: Arctic Cooperation\n\n{STATEMENT}\n\n"
        f"Country\tPosition\tDate\nObserver states\t2024\n\n{STATEMENT_TWO}"
    )


def test_core_properties_give_title_authors_and_created_not_published() -> None:
    data = word_document(
        [STATEMENT],
        title="Arctic Council Briefing",
        author="Elena Petrova; Jonas Berg",
        created=dt.datetime(2022, 11, 2, 8, 0),
    )
    [doc] = read_docx(data, ORIGIN)
    assert isinstance(doc, RawDocument)
    assert doc.meta == {
        "title": "Arctic Council Briefing",
        "authors": ["Elena Petrova", "Jonas Berg"],
        "created": "2022-11-02",
    }


def test_python_docx_template_defaults_are_not_metadata() -> None:
    [doc] = read_docx(save_docx(_with_paragraph(docx.Document())), ORIGIN)
    assert isinstance(doc, RawDocument)
    assert "authors" not in doc.meta
    assert "created" not in doc.meta


def test_document_without_text_fails() -> None:
    assert list(read_docx(word_document(["", "   "]), ORIGIN)) == [ReadFailure(ORIGIN, "no text in document")]


def test_zip_that_is_not_a_word_file_fails() -> None:
    [failure] = read_docx(zip_bytes({"notes.txt": b"hello"}), ORIGIN)
    assert isinstance(failure, ReadFailure)
    assert failure.reason.startswith("not a readable .docx file")


def _with_paragraph(document: object) -> object:
    document.add_paragraph(STATEMENT)  # type: ignore[attr-defined]
    return document
