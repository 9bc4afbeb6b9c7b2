from __future__ import annotations

import pytest
from pypdf import PdfReader
from pypdf.errors import DependencyError

from communique.sources.base import Origin, RawDocument, ReadFailure
from communique.sources.pdf import AES_NEEDS_CRYPTOGRAPHY, pdf_date, read_pdf

from .builders import STATEMENT, STATEMENT_TWO, drawing_only_pdf, encrypted_pdf, one_page_pdf, two_page_pdf

ORIGIN = Origin(path="statement.pdf")


def read_all(data: bytes) -> list[RawDocument | ReadFailure]:
    return list(read_pdf(data, ORIGIN))


def only_failure(data: bytes) -> str:
    items = read_all(data)
    assert len(items) == 1
    assert isinstance(items[0], ReadFailure), items[0]
    return items[0].reason


def test_pages_are_joined_with_form_feeds_keeping_headers_and_footers() -> None:
    [doc] = read_all(two_page_pdf())
    assert isinstance(doc, RawDocument)
    assert doc.kind == "pdf"
    first, second = doc.text.split("\f")
    for page, body, number in ((first, STATEMENT, 1), (second, STATEMENT_TWO, 2)):
        assert page.startswith("Ministry of Foreign Affairs - Press Release")
        assert page.endswith(f"Page {number}")
        assert " ".join(body.split()) in " ".join(page.split())


def test_info_dictionary_gives_title_authors_and_a_creation_hint() -> None:
    [doc] = read_all(two_page_pdf())
    assert isinstance(doc, RawDocument)
    assert doc.meta == {
        "title": "Joint Statement on Maritime Cooperation",
        "authors": ["Press Office", "Policy Planning Unit"],
        "created": "2023-03-14",
    }


def test_page_without_text_layer_fails_as_scanned() -> None:
    assert only_failure(drawing_only_pdf()) == "no text layer (scanned?)"


def test_password_protected_pdf_fails() -> None:
    assert only_failure(encrypted_pdf("secret")) == "encrypted PDF (password required)"


def test_pdf_encrypted_with_empty_user_password_is_read() -> None:
    [doc] = read_all(encrypted_pdf(""))
    assert isinstance(doc, RawDocument)
    assert "maritime security" in doc.text


def test_aes_pdf_without_crypto_backend_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    def needs_backend(self: PdfReader, password: str) -> None:
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(PdfReader, "decrypt", needs_backend)
    assert only_failure(encrypted_pdf("")) == AES_NEEDS_CRYPTOGRAPHY


@pytest.mark.parametrize("keep", [0.5, 0.95])
def test_truncated_pdf_fails(keep: float) -> None:
    data = one_page_pdf()
    assert only_failure(data[: int(len(data) * keep)]).startswith("corrupt or truncated PDF: ")


def test_garbage_between_header_and_eof_fails_as_corrupt() -> None:
    reason = only_failure(b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n")
    assert reason.startswith("corrupt or truncated PDF: ")
    assert "\n" not in reason


@pytest.mark.parametrize(
    ("stated", "expected"),
    [
        ("D:20230314093000+08'00'", "2023-03-14"),
        ("D:20230314", "2023-03-14"),
        ("D:202303", "2023-03"),
        ("2023", "2023"),
        ("D:20231399", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_pdf_date(stated: str, expected: str | None) -> None:
    assert pdf_date(stated) == expected
