"""documents.build: a Document for text that needs no cleaning."""

from __future__ import annotations

from communique.documents.build import document_from_clean_text
from communique.documents.identity import content_hash
from communique.sources.base import Origin


def test_document_from_clean_text_has_ingest_identity_and_blank_line_paragraphs() -> None:
    text = "First paragraph here.\n\nSecond one, a little longer."
    document = document_from_clean_text(text, Origin(path="generated/1.txt"), title="T", language="en")
    assert document.id == content_hash(text)[:16]
    assert document.paragraphs == [(0, 21), (23, len(text))]
    assert [text[start:end] for start, end in document.paragraphs] == text.split("\n\n")
    assert document.raw_span(23, 29) == (23, 29)
    assert (document.title, document.language, document.kind) == ("T", "en", "txt")
