"""A spaCy Doc's text, joined once.

`Doc.text` re-joins every token on each access; components and the event coder slice the text
many times per document, so they share one joined copy kept in `doc.user_data`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported by whoever made the Doc; importing this module must stay light
    from spacy.tokens import Doc

_KEY = "communique.text"


def doc_text(doc: Doc) -> str:
    """The Doc's text, joined on first use and kept with the Doc (its text never changes)."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text
