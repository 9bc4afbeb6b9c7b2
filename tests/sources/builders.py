"""Builders for real input files: PDFs via fpdf2, Word files via python-docx, archives in memory."""

from __future__ import annotations

import datetime as dt
import io
import tarfile
import zipfile

import docx
from fpdf import FPDF
from pypdf import PdfWriter

STATEMENT = (
    "The foreign ministry spokesperson said on Tuesday that both governments would resume "
    "regular consultations on maritime security and trade."
)
STATEMENT_TWO = (
    "Asked about the proposed export controls, the spokesperson urged all parties to resolve "
    "their differences through dialogue rather than confrontation."
)
CHINESE = "中国外交部发言人表示，中方愿同各方加强沟通，妥善处理分歧。"


class _PressReleasePDF(FPDF):
    """Every page carries the same running header and a page-number footer, like real releases."""

    def header(self) -> None:
        self.set_font("helvetica", size=9)
        self.cell(0, 8, "Ministry of Foreign Affairs - Press Release")
        self.ln(10)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("helvetica", size=9)
        self.cell(0, 8, f"Page {self.page_no()}")


def two_page_pdf() -> bytes:
    pdf = _PressReleasePDF()
    pdf.set_title("Joint Statement on Maritime Cooperation")
    pdf.set_author("Press Office; Policy Planning Unit")
    pdf.set_creation_date(dt.datetime(2023, 3, 14, 9, 30, tzinfo=dt.UTC))
    pdf.set_font("helvetica", size=12)
    for paragraph in (STATEMENT, STATEMENT_TWO):
        pdf.add_page()
        pdf.multi_cell(0, 8, paragraph)
    return bytes(pdf.output())


def one_page_pdf(text: str = STATEMENT) -> bytes:
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def drawing_only_pdf() -> bytes:
    """A page with a filled rectangle and no text: what a scan without OCR looks like to pypdf."""
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 80, 40, style="F")
    return bytes(pdf.output())


def encrypted_pdf(user_password: str, owner_password: str = "owner-secret") -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(one_page_pdf()))
    writer.encrypt(user_password, owner_password=owner_password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def word_document(
    paragraphs: list[str], title: str = "", author: str = "", created: dt.datetime | None = None
) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.core_properties.title = title
    document.core_properties.author = author
    if created is not None:
        document.core_properties.created = created
    return save_docx(document)


def save_docx(document: object) -> bytes:
    out = io.BytesIO()
    document.save(out)  # type: ignore[attr-defined]
    return out.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            if name.endswith("/"):
                archive.writestr(zipfile.ZipInfo(name), b"")
            else:
                archive.writestr(name, data)
    return out.getvalue()


def tar_bytes(members: dict[str, bytes], mode: str = "w:gz") -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode=mode) as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


def article_html(
    body: str,
    title: str = "Spokesperson remarks on the regional summit",
    head_extra: str = "",
    lang: str = "en",
) -> bytes:
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>{head_extra}</head>
<body>
<nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/contact">Contact us</a></nav>
<article><h1>{title}</h1>
{body}
</article>
<footer>Subscribe to our newsletter for the latest press releases.</footer>
</body></html>""".encode()


def paragraphs_html(*paragraphs: str) -> str:
    return "\n".join(f"<p>{p}</p>" for p in paragraphs)
