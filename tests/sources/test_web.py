from __future__ import annotations

import pytest

from communique.sources import web
from communique.sources.base import Origin, RawDocument, ReadFailure
from communique.sources.options import ReadOptions
from communique.sources.web import read_feed, read_url

from .builders import CHINESE, STATEMENT, STATEMENT_TWO, article_html, one_page_pdf, paragraphs_html
from .conftest import LocalServer, Route

LONG_SUMMARY = (
    "The two foreign ministers met in Geneva for four hours and agreed to reopen consular offices, "
    "resume direct flights before the summer and set up a working group on fisheries that will report "
    "to both governments within six months, officials on both sides said after the meeting."
)
FAST = ReadOptions(timeout=2.0, connect_timeout=2.0)


def only(items: list[RawDocument | ReadFailure]) -> RawDocument | ReadFailure:
    assert len(items) == 1, items
    return items[0]


def page(*paragraphs: str, head: str = "") -> bytes:
    return article_html(
        paragraphs_html(*paragraphs), title="Foreign ministers meet in Geneva", head_extra=head
    )


def rss(*items: str, title: str = "MFA press releases") -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>{title}</title><link>https://mfa.example.org/</link><language>en</language>
<description>Press releases</description>
{"".join(items)}
</channel></rss>""".encode()


def rss_item(
    link: str, title: str, pub: str = "", summary: str = "", content: str = "", author: str = ""
) -> str:
    parts = [f"<title>{title}</title>", f"<link>{link}</link>", f"<guid>{link}</guid>"]
    if pub:
        parts.append(f"<pubDate>{pub}</pubDate>")
    if author:
        parts.append(f"<author>{author}</author>")
    if summary:
        parts.append(f"<description>{summary}</description>")
    if content:
        parts.append(f"<content:encoded><![CDATA[{content}]]></content:encoded>")
    return f"<item>{''.join(parts)}</item>"


def test_html_page_after_redirect_has_final_url_and_user_agent(server: LocalServer) -> None:
    server.routes["/old"] = Route(status=302, redirect_to="/news/meeting")
    server.routes["/news/meeting"] = Route(page(STATEMENT, STATEMENT_TWO))
    doc = only(list(read_url(server.url("/old"), FAST)))
    assert isinstance(doc, RawDocument), doc
    assert doc.kind == "html"
    assert doc.origin == Origin(url=server.url("/old"))
    assert doc.meta["url"] == server.url("/news/meeting")
    assert STATEMENT in doc.text
    assert server.requests[0][1]["User-Agent"].startswith("communique/")


@pytest.mark.parametrize(
    ("content_type", "body", "kind"),
    [
        ("application/pdf", one_page_pdf(), "pdf"),
        ("text/plain; charset=utf-8", f"{STATEMENT}\r\n{CHINESE}".encode(), "txt"),
        ("application/octet-stream", one_page_pdf(), "pdf"),
    ],
)
def test_content_type_picks_the_reader(
    server: LocalServer, content_type: str, body: bytes, kind: str
) -> None:
    server.routes["/doc"] = Route(body, content_type=content_type)
    doc = only(list(read_url(server.url("/doc"), FAST)))
    assert isinstance(doc, RawDocument), doc
    assert doc.kind == kind
    assert doc.meta["url"] == server.url("/doc")
    assert "maritime security" in doc.text


@pytest.mark.parametrize("status", [404, 500])
def test_http_error_status_fails(server: LocalServer, status: int) -> None:
    server.routes["/gone"] = Route(b"error page", status=status)
    failure = only(list(read_url(server.url("/gone"), FAST)))
    assert isinstance(failure, ReadFailure)
    assert failure.reason.startswith(f"HTTP {status}")


def test_unreachable_host_fails_with_advice(closed_port_url: str) -> None:
    failure = only(list(read_url(closed_port_url, FAST)))
    assert isinstance(failure, ReadFailure)
    assert failure.message() == f"{closed_port_url}: network unreachable (check your connection or proxy)"


@pytest.mark.parametrize("send_length", [True, False])
def test_response_past_the_size_cap_fails(server: LocalServer, send_length: bool) -> None:
    server.routes["/big"] = Route(b"x" * 50_000, content_type="text/plain", send_length=send_length)
    failure = only(list(read_url(server.url("/big"), ReadOptions(max_bytes=10_000, timeout=2.0))))
    assert isinstance(failure, ReadFailure)
    assert failure.reason == "response is over the 9.8 KB cap (raise it with --max-bytes)"


def test_slow_server_times_out(server: LocalServer) -> None:
    server.routes["/slow"] = Route(page(STATEMENT), delay=1.0)
    failure = only(list(read_url(server.url("/slow"), ReadOptions(timeout=0.2, connect_timeout=2.0))))
    assert isinstance(failure, ReadFailure)
    assert failure.reason == "timed out after 0.2 s (check your connection or proxy)"


def test_unsupported_content_type_fails(server: LocalServer) -> None:
    server.routes["/logo"] = Route(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, content_type="image/png")
    failure = only(list(read_url(server.url("/logo"), FAST)))
    assert isinstance(failure, ReadFailure)
    assert failure.reason == "unsupported content type image/png"


def test_feed_url_yields_each_linked_article_with_item_metadata_as_fallback(server: LocalServer) -> None:
    server.routes["/a1"] = Route(page(STATEMENT, STATEMENT_TWO))
    server.routes["/a2"] = Route(one_page_pdf(), content_type="application/pdf")
    server.routes["/feed"] = Route(
        rss(
            rss_item(
                server.url("/a1"), "Ministers meet", pub="Tue, 14 Mar 2023 09:00:00 GMT", author="Li Wei"
            ),
            rss_item(server.url("/a2"), "Statement (PDF)", pub="Wed, 15 Mar 2023 10:00:00 GMT"),
        ),
        content_type="application/rss+xml",
    )
    first, second = read_url(server.url("/feed"), FAST)
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert (first.kind, first.origin.label()) == ("html", server.url("/feed") + "#1")
    assert first.meta["title"] == "Foreign ministers meet in Geneva"  # the page's own title wins
    assert first.meta["published"] == "Tue, 14 Mar 2023 09:00:00 GMT"  # the page states none
    assert first.meta["authors"] == ["Li Wei"]
    assert first.meta["url"] == server.url("/a1")
    assert first.meta["source"] == "MFA press releases"
    assert (second.kind, second.meta["title"], second.origin.record) == ("pdf", "Statement (PDF)", 2)


def test_feed_item_with_dead_link_falls_back_to_long_content_only(server: LocalServer) -> None:
    server.routes["/feed"] = Route(
        rss(
            rss_item(server.url("/missing-1"), "Full text in feed", content=f"<p>{LONG_SUMMARY}</p>"),
            rss_item(server.url("/missing-2"), "Teaser only", summary="Ministers met in Geneva."),
        ),
        content_type="application/rss+xml",
    )
    embedded, failure = read_url(server.url("/feed"), FAST)
    assert isinstance(embedded, RawDocument)
    assert (embedded.kind, embedded.text, embedded.meta["title"]) == (
        "feed-item",
        LONG_SUMMARY,
        "Full text in feed",
    )
    assert isinstance(failure, ReadFailure)
    assert failure.reason == f"could not read item link {server.url('/missing-2')}: HTTP 404 Not Found"


def test_atom_served_as_html_is_sniffed_as_a_feed(server: LocalServer) -> None:
    server.routes["/a1"] = Route(page(STATEMENT, STATEMENT_TWO))
    server.routes["/atom"] = Route(
        f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Embassy news</title><id>urn:x</id>
<updated>2024-05-02T10:00:00Z</updated>
<entry><title>Visit</title><id>urn:x:1</id><link href="{server.url("/a1")}"/>
<updated>2024-05-02T10:00:00Z</updated><author><name>Press Section</name></author></entry>
</feed>""".encode(),
        content_type="text/html",
    )
    doc = only(list(read_url(server.url("/atom"), FAST)))
    assert isinstance(doc, RawDocument)
    assert doc.kind == "html"
    assert doc.meta["authors"] == ["Press Section"]
    assert doc.meta["published"] == "2024-05-02T10:00:00Z"


def test_links_are_not_fetched_when_feeds_are_not_followed(server: LocalServer) -> None:
    server.routes["/a1"] = Route(page(STATEMENT))
    server.routes["/feed"] = Route(
        rss(
            rss_item(server.url("/a1"), "Short", summary="Ministers met."),
            rss_item(server.url("/a2"), "Empty"),
        ),
        content_type="application/rss+xml",
    )
    options = ReadOptions(follow_feeds=False, timeout=2.0)
    embedded, failure = read_url(server.url("/feed"), options)
    assert isinstance(embedded, RawDocument) and embedded.text == "Ministers met."
    assert isinstance(failure, ReadFailure)
    assert failure.reason == "feed item has no content of its own and links are not followed"
    assert server.paths_requested() == ["/feed"]


def test_offline_feed_file_yields_embedded_content(closed_port_url: str) -> None:
    feed = rss(
        rss_item(
            closed_port_url + "a1",
            "Embassy reopens",
            pub="2024-01-05",
            author="press@mfa.example (Li Wei)",
            content=f"<p>{LONG_SUMMARY}</p>",
        ),
        rss_item(closed_port_url + "a2", "Flights resume", summary=f"{LONG_SUMMARY} {STATEMENT}"),
        rss_item(closed_port_url + "a3", "Teaser", summary="Talks continue."),
    )
    origin = Origin(path="feeds/mfa.rss")
    first, second, third = read_feed(feed, origin, FAST)
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert first.origin == Origin(path="feeds/mfa.rss", record=1)
    assert first.kind == second.kind == "feed-item"
    assert first.text == LONG_SUMMARY
    assert first.meta == {
        "title": "Embassy reopens",
        "published": "2024-01-05",
        "authors": ["Li Wei"],
        "url": closed_port_url + "a1",
        "id": closed_port_url + "a1",
        "language": "en",
        "source": "MFA press releases",
    }
    assert second.text == f"{LONG_SUMMARY} {STATEMENT}"
    assert isinstance(third, ReadFailure)
    assert third.reason.endswith("network unreachable (check your connection or proxy)")


def test_xml_that_is_not_a_feed_fails() -> None:
    items = list(
        read_feed(
            b"<?xml version='1.0'?><urlset><url><loc>x</loc></url></urlset>", Origin(path="s.xml"), FAST
        )
    )
    assert items == [ReadFailure(Origin(path="s.xml"), "not an RSS or Atom feed")]


def test_an_unreachable_host_is_tried_once_per_feed(
    closed_port_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[str] = []
    real_fetch = web._fetch

    def counting_fetch(client: object, url: str, options: ReadOptions) -> object:
        attempts.append(url)
        return real_fetch(client, url, options)  # type: ignore[arg-type]

    monkeypatch.setattr(web, "_fetch", counting_fetch)
    feed = rss(*(rss_item(f"{closed_port_url}a{n}", f"Item {n}", summary=LONG_SUMMARY) for n in range(5)))
    items = list(read_feed(feed, Origin(path="mfa.rss"), FAST))
    assert [item.kind for item in items if isinstance(item, RawDocument)] == ["feed-item"] * 5
    assert attempts == [f"{closed_port_url}a0"]


@pytest.mark.parametrize(
    ("author", "names"),
    [
        ("press@mfa.example (Li Wei)", ["Li Wei"]),
        ("press@mfa.gov.example (Li Wei; Anna Berg)", ["Li Wei", "Anna Berg"]),
        ("Li Wei and Anna Berg", ["Li Wei", "Anna Berg"]),
        ("press@mfa.example", []),
    ],
)
def test_rss_author_forms(author: str, names: list[str]) -> None:
    feed = rss(rss_item("", "Item", summary=LONG_SUMMARY, author=author))
    [doc] = read_feed(feed, Origin(path="mfa.rss"), FAST)
    assert isinstance(doc, RawDocument)
    assert doc.meta.get("authors", []) == names
