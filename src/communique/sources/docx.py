"""Word documents: paragraphs and tables in document order.

Paragraphs (headings included) are separated by blank lines; a table contributes one line
per row with cells separated by tabs. The core "created" property says when the file was
made, not when the text was published, so it goes to meta["created"] as a weak hint.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from .base import Origin, RawDocument, ReadFailure
from .meta import put, split_authors

NO_TEXT = "no text in document"
# python-docx's blank template stamps every generated file with these; they describe no real text
_TEMPLATE_AUTHOR = "python-docx"
_TEMPLATE_CREATED = datetime(2013, 12, 23, 23, 15)


def read_docx(data: bytes, origin: Origin) -> Iterator[RawDocument | ReadFailure]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        document = docx.Document(io.BytesIO(data))
        blocks = [_block_text(block) for block in document.iter_inner_content()]
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError) as exc:
        yield ReadFailure(origin, f"not a readable .docx file: {exc}")
        return
    text = "\n\n".join(block for block in blocks if block.strip())
    if not text:
        yield ReadFailure(origin, NO_TEXT)
        return
    yield RawDocument(origin, text, "docx", _core_meta(document.core_properties))


def _block_text(block: Any) -> str:
    from docx.table import Table

    if isinstance(block, Table):
        return "\n".join(_row_text(row) for row in block.rows)
    return block.text


def _row_text(row: Any) -> str:
    """Cells of one row; a merged cell spans several grid columns but is read once."""
    cells = list(row.cells)
    unique = [cell for i, cell in enumerate(cells) if i == 0 or cell._tc is not cells[i - 1]._tc]
    return "\t".join(cell.text for cell in unique)


def _core_meta(properties: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    put(meta, "title", properties.title)
    if properties.author and properties.author != _TEMPLATE_AUTHOR:
        put(meta, "authors", split_authors(properties.author))
    created = properties.created
    if created is not None and created.replace(tzinfo=None) != _TEMPLATE_CREATED:
        put(meta, "created", created.date().isoformat())
    put(meta, "language", properties.language)
    return meta
