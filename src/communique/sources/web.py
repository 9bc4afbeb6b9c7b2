"""Web inputs: pages, PDFs and text fetched over HTTP(S), and RSS/Atom feeds.

A feed yields one document per item: the page the item links to, read like any fetched URL,
with the item's title/date/authors filling metadata the page does not state. When the link
cannot be read, the item's own content (content:encoded, else summary) stands in if it has
more than MIN_EMBEDDED_CHARS characters of text; a shorter teaser is not an article, so the
item then yields a failure naming the link. With links not followed, or no link, any
embedded content is used. This makes an offline feed file still produce its embedded items.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from . import dispatch
from .base import Origin, RawDocument, ReadFailure, SourceError
from .html import fragment_text
from .meta import at_record, author_list, fill_missing, human_size, put, split_authors
from .options import ReadOptions

if TYPE_CHECKING:
    import httpx

Item = RawDocument | ReadFailure

NETWORK_UNREACHABLE = "network unreachable (check your connection or proxy)"
MIN_EMBEDDED_CHARS = 200
_FEED_OPENING = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:(?:<!--.*?-->|<\?xml-stylesheet[^>]*>)\s*)*<(?:rss|feed|rdf:RDF)[\s>]",
    re.IGNORECASE | re.DOTALL,
)
_FEED_SNIFF_BYTES = 2048
_EMAIL_AND_NAME = re.compile(r"^\S+@\S+\s*\((?P<name>[^()]+)\)$")
_BARE_EMAIL = re.compile(r"^\S+@\S+$")
_FEED_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
}
# content types read as a file with this suffix; others are judged by the URL path and the bytes
_SUFFIX_BY_CONTENT_TYPE = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "application/json": ".json",
    "application/x-ndjson": ".jsonl",
    "application/jsonl": ".jsonl",
    "text/csv": ".csv",
    "text/tab-separated-values": ".tsv",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/zip": ".zip",
    "application/gzip": ".tar.gz",
    "application/x-gzip": ".tar.gz",
    "application/x-tar": ".tar",
}


class _Unreachable(SourceError):
    """The host could not be reached at all, so other URLs on it will fail the same way."""


@dataclass
class _Response:
    url: str  # after redirects
    content_type: str  # media type only, lower case
    body: bytes


def is_url(source: str) -> bool:
    return source[:8].lower().startswith(("http://", "https://"))


@functools.cache
def user_agent() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"communique/{version('communique')}"
    except PackageNotFoundError:
        return "communique/0"


def read_url(url: str, options: ReadOptions) -> Iterator[Item]:
    origin = Origin(url=url)
    with _Fetcher(options) as fetcher:
        try:
            response = fetcher.fetch(url)
            fmt = _response_format(response)
        except SourceError as exc:
            yield ReadFailure(origin, exc.reason)
            return
        if fmt == "feed":
            yield from _read_feed(response.body, origin, options, fetcher)
        else:
            yield from _read_response(response, fmt, origin, options)


def read_feed(data: bytes, origin: Origin, options: ReadOptions) -> Iterator[Item]:
    """A feed file on disk (or in an archive): each item's link fetched, embedded content as fallback."""
    with _Fetcher(options) as fetcher:
        yield from _read_feed(data, origin, options, fetcher)


class _Fetcher:
    """One HTTP client per input, remembering hosts that could not be reached.

    The memory matters offline: a feed of 50 items on one host fails once, not 50 times
    after 50 connect timeouts.
    """

    def __init__(self, options: ReadOptions) -> None:
        self.options = options
        self._client: httpx.Client | None = None
        self._unreachable: dict[str, str] = {}

    def __enter__(self) -> _Fetcher:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._client is not None:
            self._client.close()

    def fetch(self, url: str) -> _Response:
        host = urlsplit(url).netloc
        if host in self._unreachable:
            raise _Unreachable(url, self._unreachable[host])
        try:
            return _fetch(self._http(), url, self.options)
        except _Unreachable as exc:
            self._unreachable[host] = exc.reason
            raise

    def _http(self) -> httpx.Client:
        import httpx

        if self._client is None:
            self._client = httpx.Client(
                headers={"User-Agent": user_agent()},
                timeout=httpx.Timeout(self.options.timeout, connect=self.options.connect_timeout),
                follow_redirects=True,
            )
        return self._client


def _fetch(client: httpx.Client, url: str, options: ReadOptions) -> _Response:
    """GET `url`, streaming so a response past max_bytes is abandoned without being held."""
    import httpx

    too_big = SourceError(
        url, f"response is over the {human_size(options.max_bytes)} cap (raise it with --max-bytes)"
    )
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise SourceError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip())
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > options.max_bytes:
                raise too_big
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > options.max_bytes:
                    raise too_big
                chunks.append(chunk)
            media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            return _Response(str(response.url), media_type, b"".join(chunks))
    except (httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
        waited = options.connect_timeout
        raise _Unreachable(url, f"timed out after {waited:g} s (check your connection or proxy)") from exc
    except httpx.TimeoutException as exc:  # the server answered, slowly: its other pages may be fine
        waited = options.timeout
        raise SourceError(url, f"timed out after {waited:g} s (check your connection or proxy)") from exc
    except (httpx.ConnectError, httpx.ProxyError) as exc:
        raise _Unreachable(url, NETWORK_UNREACHABLE) from exc
    except httpx.TooManyRedirects as exc:
        raise SourceError(url, "too many redirects") from exc
    except httpx.UnsupportedProtocol as exc:
        raise SourceError(url, f"unsupported URL: {exc}") from exc
    except httpx.HTTPError as exc:
        raise SourceError(url, f"network error: {type(exc).__name__}: {exc}") from exc
    except httpx.InvalidURL as exc:
        raise SourceError(url, f"invalid URL: {exc}") from exc


def _response_format(response: _Response) -> str:
    """Reader format for a response: feeds by type or by their opening tag, else by type, URL and bytes."""
    media_type = response.content_type
    if media_type in _FEED_TYPES or (
        media_type in ("", "text/html", "text/plain", "application/octet-stream")
        and _FEED_OPENING.match(response.body[:_FEED_SNIFF_BYTES])
    ):
        return "feed"
    suffix = _SUFFIX_BY_CONTENT_TYPE.get(media_type)
    name = f"response{suffix}" if suffix else urlsplit(response.url).path
    try:
        fmt = dispatch.detect_format(name, response.body, explicit=True)
    except SourceError as exc:
        raise SourceError(response.url, f"unsupported content type {media_type or '(none)'}") from exc
    assert fmt is not None  # explicit detection never skips
    return fmt


def _read_response(response: _Response, fmt: str, origin: Origin, options: ReadOptions) -> Iterator[Item]:
    for item in dispatch.read_as(fmt, response.body, origin, options, url=response.url):
        if isinstance(item, RawDocument):
            item.meta["url"] = response.url
        yield item


def _read_feed(data: bytes, origin: Origin, options: ReadOptions, fetcher: _Fetcher) -> Iterator[Item]:
    import feedparser

    parsed = feedparser.parse(data)  # bytes, so feedparser never fetches anything itself
    if not parsed.get("version") and not parsed.entries:
        yield ReadFailure(origin, "not an RSS or Atom feed")
        return
    if not parsed.entries:
        yield ReadFailure(origin, "feed has no items")
        return
    for number, entry in enumerate(parsed.entries, start=1):
        item_origin = at_record(origin, number)
        item_meta = _entry_meta(entry, parsed.feed, is_atom=parsed.version.startswith("atom"))
        yield from _read_entry(entry, item_meta, item_origin, options, fetcher)


def _read_entry(
    entry: Any, item_meta: dict[str, Any], origin: Origin, options: ReadOptions, fetcher: _Fetcher
) -> Iterator[Item]:
    link = entry.get("link")
    embedded = _embedded_text(entry)
    if options.follow_feeds and link and is_url(link):
        read = list(_read_link(link, origin, options, fetcher))
        if any(isinstance(item, RawDocument) for item in read):
            for item in read:
                if isinstance(item, RawDocument):
                    fill_missing(item.meta, item_meta)
                yield item
            return
        if len(embedded.strip()) > MIN_EMBEDDED_CHARS:
            yield RawDocument(origin, embedded, "feed-item", item_meta)
            return
        problem = read[0].reason if read else "no documents"
        yield ReadFailure(origin, f"could not read item link {link}: {problem}")
        return
    if embedded.strip():
        yield RawDocument(origin, embedded, "feed-item", item_meta)
    elif link and options.follow_feeds:
        yield ReadFailure(origin, f"feed item has no content and its link is not a web URL: {link}")
    else:
        why = "links are not followed" if link else "it has no link"
        yield ReadFailure(origin, f"feed item has no content of its own and {why}")


def _read_link(link: str, origin: Origin, options: ReadOptions, fetcher: _Fetcher) -> Iterator[Item]:
    try:
        response = fetcher.fetch(link)
        fmt = _response_format(response)
    except SourceError as exc:
        yield ReadFailure(origin, exc.reason)
        return
    if fmt == "feed":
        yield ReadFailure(origin, "the item links to another feed (not followed)")
        return
    yield from _read_response(response, fmt, origin, options)


def _entry_meta(entry: Any, feed: Any, is_atom: bool) -> dict[str, Any]:
    """Metadata the feed states for one item; Atom's <updated> stands in for a missing <published>."""
    meta: dict[str, Any] = {}
    put(meta, "title", entry.get("title"))
    put(meta, "published", entry.get("published") or entry.get("updated"))
    put(meta, "authors", _author_names(entry.get("authors") if is_atom else entry.get("author")))
    put(meta, "url", entry.get("link"))
    put(meta, "id", entry.get("id"))
    put(meta, "language", feed.get("language"))
    put(meta, "source", feed.get("title"))
    return meta


def _author_names(stated: Any) -> list[str]:
    """Author names from Atom's <author> list, or RSS's one author string.

    RSS's 'email (Name)' form is reduced to the name here: feedparser's own split of it
    garbles names when the mail domain has a long TLD.
    """
    names: list[str] = []
    for name in [stated] if isinstance(stated, str) else author_list(stated):
        email_form = _EMAIL_AND_NAME.match(name)
        if email_form:
            names.extend(split_authors(email_form["name"]))
        elif not _BARE_EMAIL.match(name):
            names.extend(split_authors(name))
    return list(dict.fromkeys(names))


def _embedded_text(entry: Any) -> str:
    """The item's own text: full content (content:encoded, Atom content) before the summary."""
    candidates = [*entry.get("content", []), entry.get("summary_detail")]
    for candidate in candidates:
        if candidate and candidate.get("value", "").strip():
            value = candidate["value"]
            return fragment_text(value) if "html" in candidate.get("type", "") else value
    return ""
