"""Cleaning: a reader's raw text -> paragraphs of prose, with bylines, credits and dates lifted out.

Each step in `STEPS` is a small function `(TrackedText, Found) -> TrackedText`. Steps work on
whole lines and hand their changes to `TrackedText.edit` in one pass, so every clean character
keeps its raw offset; steps that lift metadata out of the text record it on `Found`.

Clean text is paragraphs separated by exactly one blank line, no line breaks inside a paragraph,
single spaces, no leading or trailing whitespace. Quotes and dashes are left as written.

Choices worth knowing:
- The title comes from `meta["title"]` when stated; its line is removed from the body only when
  the first block of the text says the same. Otherwise the first block is taken as the title
  (and removed) only when it is clearly a headline: 1-3 short lines before any prose, no final
  full stop, not a numbered heading. A one-or-two-word section label or an all-caps masthead
  right above it is dropped too. Anything less sure stays in the body.
- Credits are normalised lines: "Editor: X", "Responsible editor: X", "Source: X",
  "Translated by X", "Contributed by X, <role>"; a byline's affiliation becomes
  "Author: <name>, <affiliation>"; a closing author bio ("The writer is ...", "Jane Roe is a ...",
  a boxed "ABOUT THE AUTHOR") is removed from the body and kept as "Author bio: ...".
  Disclaimers ("The views expressed ...") and outlet/section/reading-time parts of a
  "By X | Outlet | date" line are dropped, not credited.
- Dates: `meta["published"]`, else the text's own (labelled "Published/Posted/Date" beats a bare
  date line near the top, which beats "Updated"), else `meta["created"]` (a file's creation date,
  a weak hint), else a crawler's stamp. Never today, never a guess between day and month.
- Markdown sources (kind "md") lose their syntax (front matter, #, **, links, images); other
  kinds are taken as plain text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from communique.documents.metadata import (
    RANK_DATELINE,
    RANK_STAMP,
    collapse,
    is_bio,
    parse_byline,
    parse_credit,
    parse_date,
    parse_dateline,
    person_name,
)
from communique.documents.tracked import TrackedText
from communique.sources.base import RawDocument


@dataclass
class Cleaned:
    text: TrackedText  # clean text, offsets into the raw text
    authors: list[str]
    credits: list[str]
    published: str | None  # "YYYY-MM-DD", "YYYY-MM" or "YYYY"
    published_source: str | None  # "meta" | "text" | None
    title: str | None
    paragraphs: list[tuple[int, int]]  # spans in the clean text


@dataclass
class Found:
    """What the steps learn while cleaning; `kind`, `title` and `authors` start from the reader."""

    kind: str = "txt"
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    dates: list[tuple[int, int, str]] = field(default_factory=list)  # (rank, position, iso)


Step = Callable[[TrackedText, Found], TrackedText]

# --- shared line helpers --------------------------------------------------------------------

_CLOSERS = "\"”’')]」』"
_TERMINALS = frozenset('.!?:。！？…"”')
_LIST_ITEM = re.compile(
    r"^(?:[-•*·▪◦●]\s+|\(?\d{1,2}[.)]\s+|[IVX]{1,4}\.\s+|\([a-z]\)\s+|(?:Q|A|Question|Answer)\s*[:：]\s*"
    r"|[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3}[:：]\s)"
)
_NUMBERED = re.compile(r"^(?:\d{1,2}|[IVX]{1,4})[.)]\s")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_CJK_ONLY = re.compile(r"^[\u3000-\u303f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef\s]+$")
# fmt: off
_ORG_WORDS = frozenset([
    "UNIVERSITY", "INSTITUTE", "MINISTRY", "EMBASSY", "CENTER", "CENTRE", "COUNCIL", "ACADEMY",
    "FOUNDATION", "ASSOCIATION", "DEPARTMENT", "OFFICE", "COMMISSION", "REPUBLIC", "GOVERNMENT",
    "AGENCY", "SCHOOL", "COLLEGE", "FORUM", "SOCIETY", "COMMITTEE", "MISSION", "CONSULATE",
    "INSTITUTION",
])
# fmt: on
_BODY_MIN = 120  # a line this long is prose, not a heading, byline or label
_HEAD_MAX_LINES = 40


def _lines(text: str) -> tuple[list[str], list[int]]:
    """Lines of `text` and the offset where each starts."""
    lines = text.split("\n")
    return lines, list(accumulate(map((1).__add__, map(len, lines[:-1])), initial=0))


def _ends_sentence(line: str) -> bool:
    """Whether a line ends a sentence: . ! ? : or a closing quote, maybe before quotes/brackets."""
    core = line.rstrip(_CLOSERS)
    if core and core[-1] in _TERMINALS:
        return True
    tail = line[len(core) :]
    return '"' in tail or "”" in tail


def _blocks(lines: list[str]) -> list[tuple[int, int]]:
    """[start, end) line ranges of runs of non-blank lines."""
    blocks = []
    start = None
    for i, line in enumerate(lines):
        if line and start is None:
            start = i
        elif not line and start is not None:
            blocks.append((start, i))
            start = None
    if start is not None:
        blocks.append((start, len(lines)))
    return blocks


def _drop_lines(tt: TrackedText, lines: list[str], starts: list[int], drop: Iterable[int]) -> TrackedText:
    """Remove whole lines, each with its line break."""
    end = len(tt.text)
    edits = [(starts[i], min(starts[i] + len(lines[i]) + 1, end), "") for i in sorted(set(drop))]
    return tt.edit(edits) if edits else tt


def _is_body_line(line: str) -> bool:
    """Prose: long, or a full sentence of some length (headings, labels and bylines are neither)."""
    return len(line) >= _BODY_MIN or (
        len(line) >= 50 and line.count(" ") >= 7 and line.rstrip(_CLOSERS)[-1:] == "." and line[0] not in "(["
    )


def _head_end(lines: list[str]) -> int:
    """Index of the first prose line: metadata and headlines are looked for above it."""
    for i, line in enumerate(lines[:_HEAD_MAX_LINES]):
        if line and _is_body_line(line):
            return i
    return min(len(lines), _HEAD_MAX_LINES)


# fmt: off
_FUNCTION_WORDS = frozenset([
    "a", "an", "and", "as", "at", "between", "by", "for", "from", "in", "into", "its", "of", "on",
    "or", "that", "the", "their", "to", "with",
])
# fmt: on


def _is_heading(line: str) -> bool:
    """A heading: no final punctuation, and short, numbered or in Title Case; never one that
    ends on "the", "of", "in" ... (that is a sentence cut off by a line break)."""
    if len(line) > 100 or _ends_sentence(line):
        return False
    words = line.split()
    if words[-1].lower() in _FUNCTION_WORDS:
        return False
    if len(line) <= 60 or _NUMBERED.match(line):
        return True
    long_words = [w for w in words if len(w) > 3]
    return sum(w[0].isupper() for w in long_words) >= 0.7 * len(long_words)


# --- steps ----------------------------------------------------------------------------------

_RARE = re.compile(
    r"[\x00-\x08\t\x0b\x0d-\x1f\x7f-\xa0\xad\u1680\u2000-\u200d\u2028-\u202f\u205f-\u2060\u3000\ufeff]"
)
_ZAP = re.compile(r"\u00ad *\n *|[\u00ad\u200b-\u200d\u2060\ufeff\x00-\x08\x0e-\x1f\x7f]+")
_ODD_BREAK = re.compile(r"\r\n?|[\x0b\x85\u2028\u2029]")
_ODD_SPACE = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_SPACE_RUN = re.compile(r"  +")
_PAGE_BREAK_SPACES = re.compile(r" ?\f ?")
_WORD = re.compile(r"\S+")


def normalize_whitespace(tt: TrackedText, found: Found) -> TrackedText:
    """Zero-width characters out, odd spaces to " ", runs collapsed, lines stripped, NFC.

    Later steps compare whole lines, so they must not see invisible differences. The passes
    for rare characters run only when one is present: clean input costs a few C-speed scans.
    """
    if _RARE.search(tt.text):
        tt = tt.sub(_ODD_BREAK, "\n").sub(_ZAP, "").sub(_ODD_SPACE, " ")
    if "  " in tt.text:
        tt = tt.sub(_SPACE_RUN, " ")
    if "\f" in tt.text:
        tt = tt.sub(_PAGE_BREAK_SPACES, "\f")
    lines, starts = _lines(tt.text)
    edits = []
    for line, start in zip(lines, starts, strict=True):
        if line[:1] == " ":
            edits.append((start, start + 1, ""))
        if line[-1:] == " " and len(line) > 1:
            edits.append((start + len(line) - 1, start + len(line), ""))
    if edits:
        tt = tt.edit(edits)
    if not unicodedata.is_normalized("NFC", tt.text):
        tt = tt.edit(_nfc_edits(tt.text))
    return tt.strip()


def _nfc_edits(text: str) -> list[tuple[int, int, str]]:
    """NFC per base character and its combining marks, so only those characters share an offset."""
    edits = []
    for match in _WORD.finditer(text):
        if unicodedata.is_normalized("NFC", match.group()):
            continue
        start = match.start()
        for end in [
            *(i for i in range(start + 1, match.end()) if not unicodedata.combining(text[i])),
            match.end(),
        ]:
            cluster = text[start:end]
            if (composed := unicodedata.normalize("NFC", cluster)) != cluster:
                edits.append((start, end, composed))
            start = end
    return edits


# Markdown syntax, as (pattern, groups to delete): the text between the marks keeps its offsets.
_MARKDOWN: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (
        re.compile(r"\A(?P<all>(?:---|\+\+\+)\n.*?\n(?:---|\+\+\+|\.\.\.)(?:\n|\Z))", re.S),
        ("all",),
    ),  # front matter
    (re.compile(r"(?P<all><!--.*?-->)", re.S), ("all",)),
    (re.compile(r"^(?P<all>```.*|~~~.*|(?:[-*_] *){3,})$", re.M), ("all",)),  # fences, rules
    # an image, and an emphasised caption line right under it
    (re.compile(r"(?P<img>!\[[^\]\n]*\]\([^)\n]*\))(?P<cap>\n[*_][^\n]+[*_](?=\n|\Z))?"), ("img", "cap")),
    (re.compile(r"(?P<o>\[)[^\]\n]+(?P<c>\]\([^)\n]*\))"), ("o", "c")),  # [text](url)
    (re.compile(r"^(?P<m>#{1,6}[ \t]+)[^\n]*?(?P<c>[ \t]+#+)?$", re.M), ("m", "c")),
    (re.compile(r"^(?P<m>(?:> ?)+)", re.M), ("m",)),
    (re.compile(r"(?P<o>\*\*|__)(?=\S)[^\n]+?(?<=\S)(?P<c>\*\*|__)"), ("o", "c")),
    (re.compile(r"(?<![\w*])(?P<o>\*)(?=[^\s*])[^\n*]+?(?<=\S)(?P<c>\*)(?![\w*])"), ("o", "c")),
    (re.compile(r"(?<![\w_])(?P<o>_)(?=[^\s_])[^\n_]+?(?<=\S)(?P<c>_)(?![\w_])"), ("o", "c")),
    (re.compile(r"(?P<o>`)[^`\n]+(?P<c>`)"), ("o", "c")),
)


def strip_markdown(tt: TrackedText, found: Found) -> TrackedText:
    """Markdown sources only: drop front matter, comments, images (with their caption line),
    code fences and rules; unwrap links, headings, quotes, bold, italics and code to their text."""
    if found.kind != "md":
        return tt
    for pattern, groups in _MARKDOWN:
        edits = [(m.start(g), m.end(g), "") for m in pattern.finditer(tt.text) for g in groups if m.group(g)]
        if edits:
            tt = tt.edit(edits)
    return tt


_PAGE_NUMBER = re.compile(
    r"^(?:(?i:page|p\.)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$|^[ivxl]{1,5}$"
)
_DIGITS = re.compile(r"\d+")
_EDGE_LINES = 3  # running headers and footers sit within this many lines of a page's edge


def _drop_stray_page_numbers(tt: TrackedText) -> TrackedText:
    """A page number left alone between blank lines in the middle of a sentence (text copied out
    of a PDF without its page breaks)."""
    lines, starts = _lines(tt.text)
    drop = []
    for i in range(1, len(lines) - 1):
        line = lines[i]
        if line and len(line) <= 15 and not lines[i - 1] and not lines[i + 1] and _PAGE_NUMBER.match(line):
            before = next((x for x in reversed(lines[:i]) if x), "")
            after = next((x for x in lines[i + 1 :] if x), "")
            if before and after and (not _ends_sentence(before) or after[0].islower()):
                drop.append(i)
    return _drop_lines(tt, lines, starts, drop)


def drop_page_furniture(tt: TrackedText, found: Found) -> TrackedText:
    """PDF pages ("\\f"-separated): drop running headers/footers and page numbers, then turn page
    breaks into paragraph breaks, which `rejoin_paragraphs` closes when a sentence runs on. Without
    page breaks, only a stray page number in mid-sentence goes."""
    text = tt.text
    if "\f" not in text:
        return _drop_stray_page_numbers(tt)
    pages = []  # per page: the (start, end, key) of lines near its top and bottom
    start = 0
    for page in text.split("\f"):
        lines, starts = _lines(page)
        filled = [i for i, line in enumerate(lines) if line]
        edge = filled[:_EDGE_LINES] + [i for i in filled[-_EDGE_LINES:] if i not in filled[:_EDGE_LINES]]
        pages.append(
            [
                (start + starts[i], start + starts[i] + len(lines[i]), _DIGITS.sub("#", lines[i].lower()))
                for i in edge
            ]
        )
        start += len(page) + 1
    counts = Counter(key for page in pages for key in {key for _, _, key in page})
    needed = max(2, (len(pages) + 1) // 2)
    edits = [(m.start(), m.end(), "\n\n") for m in re.finditer("\f", text)]
    for page in pages:
        for line_start, line_end, key in page:
            if counts[key] >= needed or _PAGE_NUMBER.match(text[line_start:line_end]):
                end = line_end + 1 if text[line_end : line_end + 1] == "\n" else line_end
                edits.append((line_start, end, ""))
    return tt.edit(sorted(edits))


_SEPARATOR_MARKS = "|｜·•"
_SEPARATOR = re.compile(r"\s*[|｜]\s*|\s+[·•]\s+")


def split_meta_lines(tt: TrackedText, found: Found) -> TrackedText:
    """Split "By A B | China Daily | Updated: 2023-05-02 07:50" (or "By A B · Blog · 7 min read")
    into one line per statement, so the byline and date steps see them; the other short parts
    (outlet, section, reading time) are dropped with them."""
    if not any(mark in tt.text for mark in _SEPARATOR_MARKS):
        return tt
    lines, starts = _lines(tt.text)
    edits: list[tuple[int, int, str]] = []
    for line, start in zip(lines, starts, strict=True):
        if len(line) > 300 or not any(mark in line for mark in _SEPARATOR_MARKS):
            continue
        cuts = list(_SEPARATOR.finditer(line))
        bounds = [0, *(x for m in cuts for x in (m.start(), m.end())), len(line)]
        parts = list(zip(bounds[::2], bounds[1::2], strict=True))
        known = [_is_meta_statement(line[a:b].strip()) for a, b in parts]
        unknown_long = any(
            len(line[a:b].split()) > 5 for (a, b), k in zip(parts, known, strict=True) if not k
        )
        if not any(known) or unknown_long or len(parts) > 6:
            continue
        edits.extend((start + m.start(), start + m.end(), "\n") for m in cuts)
        edits.extend(
            (start + a, start + b, "") for (a, b), k in zip(parts, known, strict=True) if b > a and not k
        )
    return tt.edit(sorted(edits)) if edits else tt


def _is_meta_statement(part: str) -> bool:
    return bool(parse_dateline(part) or parse_credit(part) or parse_byline(part))


def extract_dates(tt: TrackedText, found: Found) -> TrackedText:
    """Record standalone date lines ("Published on 14th March 2023", a crawler's " date 2024-01-09 en
    English") with their rank, and remove them. A bare date counts only above the first prose."""
    lines, starts = _lines(tt.text)
    head = _head_end(lines)
    drop = []
    for i, line in enumerate(lines):
        if not line or len(line) > 80:
            continue
        hit = parse_dateline(line)
        if hit is None or (hit[1] == RANK_DATELINE and i > head):
            continue
        found.dates.append((hit[1], starts[i], hit[0]))
        drop.append(i)
    return _drop_lines(tt, lines, starts, drop)


def extract_credits(tt: TrackedText, found: Found) -> TrackedText:
    """Move "[ Editor: X ]", "Translated by X", "Source: X", "Contributed by X, ..." lines to credits
    (a contributor is also an author)."""
    lines, starts = _lines(tt.text)
    drop = []
    for i, line in enumerate(lines):
        if not line or len(line) > 200:
            continue
        hit = parse_credit(line)
        if hit is None:
            continue
        found.credits.append(hit[0])
        found.authors.extend(hit[1])
        drop.append(i)
    return _drop_lines(tt, lines, starts, drop)


_BYLINE_START = re.compile(
    r"^(?:by|written\s+by|reported\s+by|posted\s+by|authors?|reporters?|correspondents?|作者|记者)(?![\w])",
    re.I,
)
_UPPER_WORD = re.compile(r"(?<!\S)[A-Z(]\w*")


def _continues_byline(previous: str, line: str, continued: bool) -> bool:
    """Whether `line` carries on an affiliation ("..., Executive Director,\\nSome Research Center
    for ...") rather than starting the article: names and institutions, not running prose."""
    if (
        not line
        or len(line) > 100
        or not (previous.endswith(",") or (continued and not _ends_sentence(previous)))
    ):
        return False
    if _is_body_line(line) or _is_chrome(line) or _is_meta_statement(line):
        return False
    prose_words = sum(1 for w in line.split() if w[0].islower() and w not in _FUNCTION_WORDS)
    return prose_words <= len(_UPPER_WORD.findall(line)) + 2


def _stated_author_line(line: str, authors: list[str]) -> list[str] | None:
    """A headline-area line naming a known author without "By": "Jane Roe" -> [] (nothing new),
    "Jane Roe, Senior Fellow" -> ["Author: Jane Roe, Senior Fellow"]; None for anything else."""
    if len(line) > 150 or _ends_sentence(line):
        return None
    for author in authors:
        if line == author:
            return []
        if line.startswith(author + ","):
            return [f"Author: {line}"]
    return None


def extract_bylines(tt: TrackedText, found: Found) -> TrackedText:
    """Move bylines ("By Mr. X Y, Executive Director, ..." with its continuation lines, "By: X",
    "Author: X", "Reporter: X") to authors; a stated affiliation becomes a credit."""
    lines, starts = _lines(tt.text)
    head = _head_end(lines)
    drop: list[int] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line and i < head and (credit := _stated_author_line(line, found.authors)) is not None:
            found.credits.extend(credit)
            drop.append(i)
        if not line or len(line) > 200 or not _BYLINE_START.match(line) or i in drop:
            i += 1
            continue
        j = i + 1
        while j < len(lines) and j - i < 6 and _continues_byline(lines[j - 1], lines[j], j > i + 1):
            j += 1
        byline = parse_byline(" ".join(lines[i:j]))
        if byline is None:
            i += 1
            continue
        found.authors.extend(byline.authors)
        if byline.credit:
            found.credits.append(byline.credit)
        drop.extend(range(i, j))
        i = j
    return _drop_lines(tt, lines, starts, drop)


_SOCIAL = (
    r"(?:facebook|twitter|whatsapp|linkedin|telegram|weibo|wechat|reddit|pinterest|messenger|e-?mail"
    r"|print|share|copy\s+link|tweet)"
)
_CHROME = re.compile(
    rf"^(?:(?:{_SOCIAL}[\s,|/·•]*)+"
    r"|(?:share|print)\s+(?:this|on|via)\b.*|comments?(?:\s*\(\d+\))?|font\s*size\b.*|text\s*size\b.*|(?:a[\s+-]*){2,4}"
    r"|related(?:\s+(?:articles?|stories|news|posts|content|reading|links|topics|coverage))?"
    r"|read\s+(?:more|also|next)\b.*|see\s+also\b.*|more\s+(?:from|on|stories|news)\b.*"
    r"|you\s+may\s+also\s+like\b.*|recommended(?:\s+for\s+you)?|trending(?:\s+now)?"
    r"|most\s+(?:read|popular|viewed|shared)\b.*|editor'?s?\s+picks?|top\s+stories|latest\s+news"
    r"|advertisement|sponsored(?:\s+content)?|subscribe\b.*|sign\s+up\b.*|newsletter\b.*|follow\s+us\b.*"
    r"|download\s+(?:our|the)\s+app\b.*|back\s+to\s+top|go\s+to\s+top|top|menu|search|home|log\s*in"
    r"|sign\s+in|register|skip\s+to\s+(?:main\s+)?content|next\s+article|previous\s+article|prev|next"
    r"|tags?\s*[:：].*|keywords?\s*[:：].*|click\s+here\b.*|listen\s+to\s+(?:this\s+)?article\b.*"
    r"|\d+\s+min(?:ute)?s?\s+read|author|authors|by|source|date|published|updated|posted|editor|byline"
    r")[\s:：]*$",
    re.I,
)
_BREADCRUMB = re.compile(r"^(?:[^>›»]{1,40}[>›»]\s*)+[^>›»]{0,40}$|^home\s*[/|].{0,80}$", re.I)
_BREADCRUMB_MARK = re.compile(r"[>›»]|^home\b", re.I)
_RELATED = re.compile(
    r"^(?:related|read\s+(?:more|also|next)|more\s+(?:from|on|stories|news)|you\s+may)", re.I
)
_COOKIE = re.compile(
    r"\bcookies?\b.*\b(?:use|accept|consent|policy|settings|agree)|\b(?:use|accept)\w*\b.*\bcookies?\b", re.I
)
_COPYRIGHT = re.compile(r"^(?:copyright\b|©|\(c\)\s*(?:19|20)\d\d)|all rights reserved", re.I)
_DISCLAIMER = re.compile(
    r"^\(?\s*(?:disclaimer\s*[:：]|(?:the\s+)?(?:views|opinions)\s+(?:expressed|in\s+this|of\s+the\s+author))"
    r".*\b(?:author|writer|own|necessarily|reflect|represent|position)",
    re.I,
)


# fmt: off
_NAV_WORDS = frozenset([
    "home", "contact", "contact us", "sitemap", "site map", "about", "about us", "privacy", "privacy policy",
    "terms", "terms of use", "login", "log in", "search", "subscribe", "print", "close", "close window",
    "share", "email", "e-mail", "rss", "help", "faq", "back", "top", "back to top", "next", "previous",
    "suggest to a friend", "print this page", "feedback",
])
# fmt: on
_NAV_SPLIT = re.compile(r"\s*[|\[\]]\s*")


def _is_nav_row(line: str) -> bool:
    """A row of menu items: "[Print] [Close]", "Ministry of Foreign Affairs | Contact Us | Sitemap"."""
    items = [item for item in _NAV_SPLIT.split(line) if item]
    return (
        len(items) >= 2
        and all(len(item.split()) <= 5 and not _ends_sentence(item) for item in items)
        and any(item.lower() in _NAV_WORDS for item in items)
    )


def _is_chrome(line: str) -> bool:
    if len(line) <= 160 and ("|" in line or line[0] == "[") and _is_nav_row(line):
        return True
    if len(line) <= 120 and (
        _CHROME.match(line)
        or (_BREADCRUMB_MARK.search(line) and _BREADCRUMB.match(line) and not _ends_sentence(line))
    ):
        return True
    if len(line) > 400:
        return False
    lower = line.lower()  # cheap filters first: these regexes scan the whole line
    return bool(
        ("cookie" in lower and _COOKIE.search(line))
        or (("©" in line or "copyright" in lower or "rights reserved" in lower) and _COPYRIGHT.search(line))
        or (("views" in lower or "opinions" in lower or "disclaimer" in lower) and _DISCLAIMER.match(line))
    )


def drop_site_chrome(tt: TrackedText, found: Found) -> TrackedText:
    """Drop navigation, share and menu lines, lone labels ("author"), cookie and copyright notices,
    disclaimers, and the short link titles right under a "Related articles" line."""
    lines, starts = _lines(tt.text)
    drop = []
    related = 0  # how many following short lines are link titles of a "Related" box
    for i, line in enumerate(lines):
        if not line:
            related = 0
        elif _is_chrome(line):
            drop.append(i)
            related = 8 if _RELATED.match(line) else 0
        elif related and len(line) <= 150 and not line.endswith("."):
            drop.append(i)
            related -= 1
        else:
            related = 0
    return _drop_lines(tt, lines, starts, drop)


def _is_letterhead(block: list[str], cjk_document: bool) -> bool:
    """Institution names stacked above the article: short unpunctuated lines, one of them an
    all-caps organisation name or, in a non-CJK document, a CJK-only line."""
    if any(len(line) > 80 or _ends_sentence(line) for line in block):
        return False
    for line in block:
        if not cjk_document and _CJK_ONLY.match(line):
            return True
        words = line.split()
        if line.isupper() and len(words) >= 2 and _ORG_WORDS.intersection(words):
            return True
    return False


def drop_letterhead(tt: TrackedText, found: Found) -> TrackedText:
    """Drop letterhead blocks at the very top (before anything that is not letterhead)."""
    lines, starts = _lines(tt.text)
    head = tt.text[:2000]
    cjk_document = len(_CJK.findall(head)) > 0.2 * len(head)
    drop: list[int] = []
    for start, end in _blocks(lines[:_HEAD_MAX_LINES]):
        if not _is_letterhead(lines[start:end], cjk_document):
            break
        drop.extend(range(start, end))
    return _drop_lines(tt, lines, starts, drop)


_TAIL_BLOCKS = 4
_BOX_CHARS = "|+-=*#_ "  # an ASCII frame around a bio box
_ABOUT_LABEL = re.compile(r"^about the (?:author|writer)s?\s*[:.]?\s*", re.I)


def drop_bio_box(tt: TrackedText, found: Found) -> TrackedText:
    """Remove the author box at the end: a bio paragraph ("The author is ...", "Jane Roe is a ...";
    kept as credit "Author bio: ...") and a short block repeating the author's name."""
    lines, starts = _lines(tt.text)
    blocks = _blocks(lines)
    names = {a.casefold() for a in found.authors}
    drop: list[int] = []
    for start, end in reversed(blocks[-_TAIL_BLOCKS:]):
        block = [text for line in lines[start:end] if (text := line.strip(_BOX_CHARS))]
        paragraph = " ".join(block)
        if paragraph and is_bio(paragraph, found.authors):
            found.credits.append(f"Author bio: {_ABOUT_LABEL.sub('', paragraph)}")
        elif not (
            names
            and len(block) <= 4
            and all(len(x) <= 60 and not _ends_sentence(x) for x in block)
            and any(x.casefold() in names for x in block)
        ):
            break
        drop.extend(range(start, end))
    return _drop_lines(tt, lines, starts, drop)


_INNER_STOP = re.compile(r"[a-z][.!?] +[A-Z]")


def _is_headline(block: list[str]) -> bool:
    joined = " ".join(block)
    return (
        1 <= len(block) <= 3
        and not _INNER_STOP.search(joined)
        and len(joined) <= 200
        and len(joined.split()) >= 2
        and not joined[0].islower()
        and joined[-1] not in ".,;:"
        and not _NUMBERED.match(joined)
    )


def _same_title(block: str, title: str) -> bool:
    a, b = collapse(block).casefold().strip(" .:"), collapse(title).casefold().strip(" .:")
    return a == b or (len(a) >= 15 and b.startswith(a)) or (len(b) >= 15 and a.startswith(b))


def _headline_lines(lines: list[str], block: tuple[int, int], head: int, width: int | None) -> range | None:
    """The lines of `block` that form a headline; a block running on into prose yields at most
    its first line, and only when that line does not simply wrap into the next."""
    first, last = block
    end = min(last, head)
    if not _is_headline(lines[first:end]):
        return None
    if last > head and (end - first > 1 or _continues_line(lines[first], lines[first + 1], width)):
        return None
    after = next((line for line in lines[end:] if line), "")
    return None if after[:1].islower() else range(first, end)


_MASTHEAD = re.compile(r"^[A-Z][A-Z0-9&'’.-]+(?: [A-Z][A-Z0-9&'’.-]+)+(?: *[—–|:-] |$)")


def _is_label(line: str) -> bool:
    """A section label ("China", "World News") or a masthead ("PARIS-ASIE HEBDO — English edition")."""
    return (len(line.split()) <= 2 and line.replace(" ", "").isalnum()) or bool(_MASTHEAD.match(line))


def extract_title(tt: TrackedText, found: Found) -> TrackedText:
    """Take the headline (see the module docstring for when), dropping a section label or masthead
    right above it ("China", "World News", "PARIS-ASIE HEBDO — English edition")."""
    lines, starts = _lines(tt.text)
    head = _head_end(lines)
    blocks = [(a, b) for a, b in _blocks(lines[: head + 1]) if a < head][:2]
    width = _wrap_width(lines)
    headlines = [_headline_lines(lines, block, head, width) for block in blocks]
    drop: list[int] = []
    label = lines[blocks[0][0]] if len(blocks) == 2 and blocks[0][1] - blocks[0][0] == 1 else ""
    is_label = label and headlines[1] and _is_label(label)
    if is_label and (found.title is None or not _same_title(label, found.title)):
        drop.append(blocks[0][0])
        headlines = headlines[1:]
    title_lines = headlines[0] if headlines else None
    if title_lines is None:
        return tt
    title = " ".join(lines[i] for i in title_lines)
    if found.title is None:
        found.title = title
    elif not _same_title(title, found.title):
        return tt
    return _drop_lines(tt, lines, starts, [*drop, *title_lines])


_CAPTION = re.compile(
    r"\(?\s*(?:(?:file\s+)?photos?|images?|pictures?|pic|video|graphics?|illustrations?|infographics?"
    r"|photo\s+credit|credit)\s*(?:by\s+|[:：/])",
    re.I,
)
_AGENCY_CREDIT = re.compile(r"\([A-Z][^()]{0,39}/[^()]{1,40}\)$")  # "(Xinhua/Li Xin)" closing a caption


def drop_captions(tt: TrackedText, found: Found) -> TrackedText:
    """Drop photo captions and credits pasted between lines ("Photo: Xinhua", "(Photo/Xinhua)",
    "... (Xinhua/Li Xin)"), so the sentence around them can be rejoined."""
    lines, starts = _lines(tt.text)
    drop = [
        i
        for i, line in enumerate(lines)
        if line
        and len(line) <= 300
        and (_CAPTION.match(line) or (line[-1] == ")" and _AGENCY_CREDIT.search(line)))
    ]
    return _drop_lines(tt, lines, starts, drop)


_HYPHEN_BREAK = re.compile(r"(?<=\w)-\n+(?=\w)")  # starts with a literal, so the scan is fast
_LEFT_WORD = re.compile(r"-?(\w+)$")
_RIGHT_WORD = re.compile(r"(\w+)(-?)")
# fmt: off
_HYPHEN_PREFIXES = frozenset([
    "self", "co", "non", "anti", "well", "long", "multi", "post", "pre", "cross", "all", "win",
    "high", "ever", "far", "low", "semi", "quasi", "ex", "vice", "mid", "pro", "counter", "neo",
    "pan", "half", "full", "open", "so", "one", "two", "three", "great", "major", "state",
    "people", "decision", "policy", "first", "second", "third", "short", "top", "wide", "zero",
    "left", "right", "sino", "euro", "afro", "anglo", "franco", "indo", "russo",
])
_HYPHEN_SUFFIXES = frozenset([
    "making", "based", "oriented", "driven", "led", "related", "level", "scale", "term", "wide",
    "run", "friendly", "owned", "up", "win", "sum", "backed", "made", "funded", "sponsored", "style",
    "born", "brokered", "centred", "centered", "controlled", "linked", "specific", "wide", "year",
])
# fmt: on


def _keeps_hyphen(left: str, right: str, compound: bool) -> bool:
    """Whether a hyphen at a line break belongs to the word ("ever-increasing", "Asia-Pacific",
    "COVID-19", "China-led") or only to the wrapping ("inter-national", "Af-ghanistan")."""
    return (
        compound
        or left.lower() in _HYPHEN_PREFIXES
        or right.lower() in _HYPHEN_SUFFIXES
        or not (left.isalpha() and right.isalpha())
        or (len(left) > 1 and left.isupper())
        or not right.islower()
    )


def join_hyphenated_breaks(tt: TrackedText, found: Found) -> TrackedText:
    """Close words hyphenated across a line (or page) break, dropping the hyphen only when it was
    a wrapping artefact."""
    text = tt.text
    if "-\n" not in text:
        return tt
    edits = []
    for m in _HYPHEN_BREAK.finditer(text):
        left = _LEFT_WORD.search(text, max(0, m.start() - 60), m.start())
        right = _RIGHT_WORD.match(text, m.end())
        if left is None or right is None:
            continue
        compound = left.group().startswith("-") or bool(right[2])  # "state-of-", "-to-face"
        keep = _keeps_hyphen(left[1], right[1], compound)
        edits.append((m.start(), m.end(), "-" if keep else ""))
    return tt.edit(edits)


def _joiner(a: str, b: str) -> str:
    """What replaces a line break inside a paragraph: a space, or nothing between CJK characters."""
    return "" if _CJK.match(a[-1]) and _CJK.match(b[0]) else " "


def _wrap_width(lines: list[str]) -> int | None:
    """The width text was hard-wrapped at, or None when lines are whole paragraphs. Measured on
    lines that visibly continue: followed by a line, or by a blank and a lowercase start."""
    filled = [i for i, line in enumerate(lines) if line]
    inner = sorted(
        len(lines[i]) for i, j in zip(filled, filled[1:], strict=False) if j == i + 1 or lines[j][0].islower()
    )
    if len(inner) < 2:
        return None
    width = inner[(len(inner) - 1) * 9 // 10]
    return width if width <= 150 and inner[len(inner) // 2] >= 0.6 * width else None


def _continues_line(a: str, b: str, width: int | None) -> bool:
    """Whether line `b` carries on the paragraph of line `a` (single line break between them)."""
    if _LIST_ITEM.match(b):
        return False
    if width and len(a) > 1.15 * width:
        width = None  # a line this long was not wrapped at `width`
    if _ends_sentence(a):
        # In wrapped text a sentence may end at a line end; the break was deliberate only when
        # the next word would have fitted on the line.
        return width is not None and len(a) + 1 + len(b.split(" ", 1)[0]) > 0.85 * width
    if b[0].islower() or a[-1] in ",;([-–—":
        return True
    if width:  # in wrapped text a line well short of the width ended on purpose
        return len(a) >= 0.6 * width and not _NUMBERED.match(a)
    return not _is_heading(a)


def join_wrapped_lines(tt: TrackedText, found: Found) -> TrackedText:
    """Turn each single line break into a space (a wrapped line) or a paragraph break (after a
    heading, before a list item or a new paragraph). Words hyphenated across the break are left
    to `join_hyphenated_breaks`."""
    lines, starts = _lines(tt.text)
    width = _wrap_width(lines)
    edits = []
    for i in range(len(lines) - 1):
        a, b = lines[i], lines[i + 1]
        if a and b and not (a[-1] == "-" and a[-2:-1].isalnum() and b[0].isalnum()):
            pos = starts[i] + len(a)
            edits.append((pos, pos + 1, _joiner(a, b) if _continues_line(a, b, width) else "\n\n"))
    return tt.edit(edits) if edits else tt


def _continues_paragraph(a: str, b: str) -> bool:
    """Whether paragraph `b` is the rest of a sentence that a blank line (PDF page, copy-paste)
    cut off at the end of `a`; a short unpunctuated line is a heading and stays apart."""
    if _ends_sentence(a) or _LIST_ITEM.match(b):
        return False
    if b[0].islower():
        return True
    return not _is_heading(a) and not _is_heading(b)


def rejoin_paragraphs(tt: TrackedText, found: Found) -> TrackedText:
    """Join paragraphs split mid-sentence ("...to raise trade\\n\\nand investment ..."); leave
    exactly one blank line between the others and nothing around the text."""
    lines, starts = _lines(tt.text)
    filled = [i for i, line in enumerate(lines) if line]
    edits = []
    for i, j in zip(filled, filled[1:], strict=False):
        gap_start, gap_end = starts[i] + len(lines[i]), starts[j]
        if _continues_paragraph(lines[i], lines[j]):
            edits.append((gap_start, gap_end, _joiner(lines[i], lines[j])))
        elif gap_end - gap_start != 2:
            edits.append((gap_start, gap_end, "\n\n"))
    return (tt.edit(edits) if edits else tt).strip()


STEPS: tuple[Step, ...] = (
    normalize_whitespace,
    strip_markdown,
    drop_page_furniture,
    split_meta_lines,
    extract_dates,
    extract_credits,
    extract_bylines,
    drop_site_chrome,
    drop_letterhead,
    drop_bio_box,
    extract_title,
    drop_captions,
    join_wrapped_lines,
    join_hyphenated_breaks,
    rejoin_paragraphs,
)


# --- entry point ----------------------------------------------------------------------------


def _meta_strings(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else [value]
    return [collapse(str(item)) for item in items if item is not None and str(item).strip()]


def _meta_author(name: str) -> str:
    """A stated author, trusted, minus a "By" and honorifics: "By Dr. Jane Roe, PhD" -> "Jane Roe"."""
    name = re.sub(r"^by\s*[:：]?\s+", "", name, flags=re.I)
    return person_name(name.split(",")[0]) or name


def _unique(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.casefold()
        if item and key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _published(meta: dict[str, Any], dates: list[tuple[int, int, str]]) -> tuple[str | None, str | None]:
    """The stated date first; then the text's own dates; then a file's creation date (a weak hint
    readers put in meta["created"]); a crawler's stamp only as the last resort."""
    for stated in _meta_strings(meta.get("published")):
        if iso := parse_date(stated):
            return iso, "meta"
    best = min(dates) if dates else None
    if best and best[0] < RANK_STAMP:
        return best[2], "text"
    for stated in _meta_strings(meta.get("created")):
        if iso := parse_date(stated):
            return iso, "meta"
    return (best[2], "text") if best else (None, None)


def clean(raw: RawDocument) -> Cleaned:
    """Clean a reader's raw text and gather its bylines, credits, date and title."""
    meta = raw.meta or {}
    titles = _meta_strings(meta.get("title"))
    found = Found(
        kind=raw.kind,
        title=titles[0] if titles else None,
        authors=[_meta_author(a) for a in _meta_strings(meta.get("authors"))],
    )
    tt = TrackedText.from_raw(raw.text)
    for step in STEPS:
        tt = step(tt, found)

    published, source = _published(meta, found.dates)
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", tt.text)]
    return Cleaned(
        text=tt,
        authors=_unique(found.authors),
        credits=_unique(found.credits),
        published=published,
        published_source=source,
        title=found.title,
        paragraphs=paragraphs,
    )
