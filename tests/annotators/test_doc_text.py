"""The Doc text every component slices is joined once and equals `Doc.text`."""

from __future__ import annotations

import spacy

from communique.annotators.doc_text import doc_text


def test_doc_text_equals_the_docs_own_text_and_is_joined_once() -> None:
    doc = spacy.blank("en")("The envoy met  his counterpart\nin Hanoi on Tuesday.")
    first = doc_text(doc)
    assert first == doc.text
    assert doc_text(doc) is first  # kept with the Doc, not re-joined


def test_each_doc_keeps_its_own_text() -> None:
    nlp = spacy.blank("en")
    one, two = nlp("Seoul protested."), nlp("Tokyo replied.")
    assert (doc_text(one), doc_text(two)) == ("Seoul protested.", "Tokyo replied.")
