from __future__ import annotations

from datetime import date

from lxml import html as lxml_html

from communique.sources.base import Origin, RawDocument, ReadFailure
from communique.sources.html import _page_stated_date, element_text, fragment_text, read_html

from .builders import CHINESE, STATEMENT, STATEMENT_TWO, article_html, paragraphs_html

ORIGIN = Origin(path="remarks.html")
STATED_HEAD = """
<meta name="author" content="Li Wei; Anna Berg">
<meta property="og:site_name" content="Ministry of Foreign Affairs">
<meta property="article:published_time" content="2023-03-14T09:00:00+08:00">
<link rel="canonical" href="https://mfa.example.org/news/remarks-0314.html">
"""
THIRD = "The ministry said a joint statement would follow the meeting of the two foreign ministers in Geneva."


def only_document(data: bytes, url: str | None = None) -> RawDocument:
    items = list(read_html(data, ORIGIN, url))
    assert len(items) == 1
    assert isinstance(items[0], RawDocument), items[0]
    return items[0]


def test_main_text_keeps_paragraphs_apart_and_drops_navigation() -> None:
    body = paragraphs_html(STATEMENT, STATEMENT_TWO) + (
        "<table><tr><td>14 March</td><td>Bilateral talks</td></tr></table>" + paragraphs_html(THIRD)
    )
    doc = only_document(article_html(body, head_extra=STATED_HEAD))
    assert doc.kind == "html"
    assert f"{STATEMENT}\n\n{STATEMENT_TWO}\n\n" in doc.text
    assert "Bilateral talks" in doc.text
    assert doc.text.rstrip().endswith(THIRD)
    assert "Contact us" not in doc.text
    assert "newsletter" not in doc.text


def test_metadata_stated_by_the_page() -> None:
    doc = only_document(article_html(paragraphs_html(STATEMENT, STATEMENT_TWO), head_extra=STATED_HEAD))
    assert doc.meta["title"] == "Spokesperson remarks on the regional summit"
    assert doc.meta["authors"] == ["Li Wei", "Anna Berg"]
    assert doc.meta["published"] == "2023-03-14"
    assert doc.meta["url"] == "https://mfa.example.org/news/remarks-0314.html"
    assert doc.meta["source"] == "Ministry of Foreign Affairs"
    assert doc.meta["language"] == "en"


def test_fetch_url_wins_over_canonical_url() -> None:
    data = article_html(paragraphs_html(STATEMENT, STATEMENT_TWO), head_extra=STATED_HEAD)
    doc = only_document(data, url="https://mirror.example.net/a/1")
    assert doc.meta["url"] == "https://mirror.example.net/a/1"


def test_site_name_is_not_guessed_from_the_url() -> None:
    head = '<link rel="canonical" href="https://www.mfa.example.org/news/1.html">'
    doc = only_document(article_html(paragraphs_html(STATEMENT, STATEMENT_TWO), head_extra=head))
    assert doc.meta["url"] == "https://www.mfa.example.org/news/1.html"
    assert "source" not in doc.meta


def test_page_without_a_date_gets_no_date_least_of_all_today() -> None:
    body = paragraphs_html(
        STATEMENT, "The talks were first proposed on 14 March 2021 in Jakarta.", STATEMENT_TWO
    )
    doc = only_document(article_html(body))
    assert "published" not in doc.meta
    assert date.today().isoformat() not in doc.meta.values()


def test_extracted_date_must_be_stated_in_the_page_or_url_and_not_in_the_future() -> None:
    page = b"<html><head><meta name='date' content='2023-03-14'></head></html>"
    assert _page_stated_date("2023-03-14", page, None) == "2023-03-14"
    assert _page_stated_date("2019-05-03", page, "https://mfa.example.org/2019/05/03/talks") == "2019-05-03"
    assert _page_stated_date("2025-06-01", page, None) is None
    assert _page_stated_date("2999-01-01", b"<p>2999-01-01</p>", None) is None
    assert _page_stated_date(None, page, None) is None


def test_author_string_split_on_and() -> None:
    head = '<meta name="author" content="Wang Tao and Maria Silva">'
    doc = only_document(article_html(paragraphs_html(STATEMENT, STATEMENT_TWO), head_extra=head))
    assert doc.meta["authors"] == ["Wang Tao", "Maria Silva"]


def test_declared_charset_is_honoured() -> None:
    page = f"""<html><head><meta charset="gb18030"><title>发言人答记者问</title></head>
<body><article><p>{CHINESE * 4}</p><p>{CHINESE * 3}</p></article></body></html>"""
    doc = only_document(page.encode("gb18030"))
    assert CHINESE in doc.text
    assert doc.meta["title"] == "发言人答记者问"


def test_falls_back_to_body_text_when_no_main_text_is_found() -> None:
    page = (
        b"<html><head><title>Notice</title></head>"
        b"<body><nav>Consular notice: the embassy is closed on Friday.</nav></body></html>"
    )
    doc = only_document(page)
    assert doc.text == "Consular notice: the embassy is closed on Friday."
    assert doc.meta["title"] == "Notice"


def test_page_without_text_fails() -> None:
    for page in (b"<html><head><title>x</title></head><body>  </body></html>", b"", b"   "):
        items = list(read_html(page, ORIGIN))
        assert items == [ReadFailure(ORIGIN, "no text found in HTML")]


def test_element_text_renders_blocks_lines_and_cells() -> None:
    tree = lxml_html.document_fromstring(
        "<html><head><title>T</title><style>p {}</style></head><body>"
        "<div>Press briefing<br>14 March</div>"
        "<table><tr><th>Country</th><th>Position</th></tr><tr><td>A</td><td>For</td></tr></table>"
        "<script>track()</script>Talks <!-- editor note --> resume <b>today</b>."
        "<ul><li>Trade</li><li>Security</li></ul><pre>  kept\n    as is</pre></body></html>"
    )
    assert element_text(tree) == (
        "Press briefing\n14 March\n\nCountry\tPosition\nA\tFor\n\nTalks resume today.\n\nTrade\nSecurity"
        "\n\n  kept\n    as is"
    )


def test_fragment_text_of_feed_content() -> None:
    assert fragment_text(f"<p>{STATEMENT}</p><p>{STATEMENT_TWO}</p>") == f"{STATEMENT}\n\n{STATEMENT_TWO}"
    assert fragment_text("plain words") == "plain words"
