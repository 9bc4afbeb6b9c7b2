"""HTML pages: main text via trafilatura, metadata the page itself declares.

trafilatura keeps one line per block; blocks are joined here with blank lines so the
cleaner sees paragraph breaks. Dates come from markup and the URL only (htmldate without
its free-text search), and a date whose year appears neither in the page nor in the URL
is dropped: a page without a date must never be stamped with the crawl date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .base import Origin, RawDocument, ReadFailure
from .meta import put, split_authors

if TYPE_CHECKING:
    from lxml.html import HtmlElement

NO_TEXT = "no text found in HTML"

_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_SKIPPED_TAGS = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object"}
_PARAGRAPH_TAGS = {
    "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "main", "nav", "ol", "p", "pre", "section", "table", "ul",
}  # fmt: skip
_LINE_TAGS = {"br", "caption", "dt", "li", "tr"}
_CELL_TAGS = {"td", "th"}
_WHITESPACE = re.compile(r"\s+")
_HOST_PREFIX = re.compile(r"^(?:www\.|w[0-9]+\.)")
_LANGUAGE_QUERIES = (
    "//meta[translate(@http-equiv,'CONTENT-LANGUAGE','content-language')='content-language']/@content",
    "//meta[@property='og:locale']/@content",
)


def read_html(data: bytes, origin: Origin, url: str | None = None) -> Iterator[RawDocument | ReadFailure]:
    """Yield one document for the page; `url` is where it was fetched from, if anywhere."""
    from trafilatura.metadata import extract_metadata
    from trafilatura.utils import load_html

    tree = load_html(data)
    if tree is None:
        yield ReadFailure(origin, NO_TEXT)
        return
    extracted = _extract(tree, url)  # works on a copy, so `tree` stays whole for the fallback
    text = _blocks_text(extracted.body) if extracted is not None and extracted.body is not None else ""
    if not text.strip():
        text = element_text(tree)
    if not text.strip():
        yield ReadFailure(origin, NO_TEXT)
        return
    stated = extracted if extracted is not None else extract_metadata(tree, url, dict(_DATE_PARAMS))
    meta: dict[str, Any] = {}
    put(meta, "title", stated.title)
    put(meta, "authors", split_authors(stated.author) if stated.author else None)
    put(meta, "published", _page_stated_date(stated.date, data, url or stated.url))
    put(meta, "source", _stated_sitename(stated.sitename, (url, stated.url)))
    put(meta, "url", url or stated.url)
    put(meta, "language", _declared_language(tree))
    yield RawDocument(origin, text, "html", meta)


def fragment_text(markup: str) -> str:
    """Text of an HTML fragment such as a feed item's content, with block breaks kept."""
    from lxml import html as lxml_html
    from lxml.etree import ParserError

    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (ParserError, ValueError):
        return markup
    return element_text(root)


class _TextBuilder:
    """Accumulates rendered text; a pending break is written only when more text follows."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.pending_break = ""

    def add(self, text: str | None, preformatted: bool = False) -> None:
        if not text:
            return
        if not preformatted:
            text = _WHITESPACE.sub(" ", text)
            if self.pending_break or not self.pieces or self.pieces[-1][-1] in " \t\n":
                text = text.lstrip()
            if not text:
                return
        if self.pending_break:
            self.pieces[-1] = self.pieces[-1].rstrip(" ")
            self.pieces.append(self.pending_break)
            self.pending_break = ""
        self.pieces.append(text)

    def request_break(self, tag: str) -> None:
        kind = "\n\n" if tag in _PARAGRAPH_TAGS else "\n" if tag in _LINE_TAGS else ""
        if self.pieces and len(kind) > len(self.pending_break):
            self.pending_break = kind

    def text(self) -> str:
        return "".join(self.pieces).rstrip()


def element_text(root: HtmlElement) -> str:
    """Rendered text of an element: blank lines between blocks, newlines between lines and rows.

    Walks iteratively because real-world pages nest deeper than Python's recursion limit.
    """
    from lxml import etree

    out = _TextBuilder()
    skip_depth = pre_depth = 0
    for event, element in etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        if event in ("comment", "pi"):
            if not skip_depth:
                out.add(element.tail, preformatted=pre_depth > 0)
            continue
        tag = element.tag
        if event == "start":
            if skip_depth or tag in _SKIPPED_TAGS:
                skip_depth += 1
                continue
            out.request_break(tag)
            if tag in _CELL_TAGS and element.getprevious() is not None:
                out.add("\t", preformatted=True)
            pre_depth += tag == "pre"
            out.add(element.text, preformatted=pre_depth > 0)
            continue
        if skip_depth:
            skip_depth -= 1
            if skip_depth:
                continue
        else:
            pre_depth -= tag == "pre"
            out.request_break(tag)
        if element is not root:
            out.add(element.tail, preformatted=pre_depth > 0)
    return out.text()


def _extract(tree: HtmlElement, url: str | None) -> Any:
    from trafilatura import bare_extraction

    return bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params=dict(_DATE_PARAMS),
    )


def _blocks_text(body: Any) -> str:
    from trafilatura.xml import xmltotxt

    blocks = (xmltotxt(block, False).strip("\n") for block in body)
    return "\n\n".join(block for block in blocks if block.strip())


def _page_stated_date(found: str | None, data: bytes, url: str | None) -> str | None:
    """Keep an extracted ISO date only if its year is literally in the page or URL and not in the future."""
    if not found:
        return None
    year = found[:4]
    if year.encode() not in data and (url is None or year not in url):
        return None
    return found if found <= date.today().isoformat() else None


def _stated_sitename(sitename: str | None, urls: tuple[str | None, ...]) -> str | None:
    """trafilatura falls back to the URL's host for a site name; that is a guess, not a statement."""
    if not sitename:
        return None
    hosts = {_HOST_PREFIX.sub("", urlsplit(url).netloc.lower()) for url in urls if url}
    return None if sitename.lower() in hosts else sitename


def _declared_language(tree: HtmlElement) -> str | None:
    root = tree.getroottree().getroot()
    for attribute in ("lang", "{http://www.w3.org/XML/1998/namespace}lang"):
        value = root.get(attribute)
        if value and value.strip():
            return value.strip()
    for query in _LANGUAGE_QUERIES:
        values = root.xpath(query)
        if values and str(values[0]).strip():
            return str(values[0]).strip()
    return None
