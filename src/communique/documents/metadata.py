"""Bylines, credits and publication dates: what a single line of a document says about it.

The cleaning steps decide *where* to look (standalone lines near the top or bottom); this
module decides what such a line means. Dates use our own regexes and a month table instead of
a general date parser: generic parsers guess (today's date, US or European order) where an
evidence store must say "unknown" rather than invent.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

# Ranks of publication-date evidence in text: lower wins, then the earlier line.
RANK_PUBLISHED = 0  # "Published: ...", "Posted on ...", "Date: ..."
RANK_DATELINE = 1  # a bare date on its own line near the top
RANK_UPDATED = 2  # "Updated: ..." is later than publication but close to it
RANK_STAMP = 3  # a crawler's stamp (" date 2024-01-09 en English"): when the page was fetched

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_MONTHS = {
    name: n
    for n, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}

# Full dates, tried together; the match starting first wins.
_FULL_DATES = (
    re.compile(r"(?<![\d.])(?P<y>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?!\d)"),
    re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]"),
    re.compile(rf"\b(?P<m>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b,?\s*(?P<y>\d{{4}})\b", re.I),
    re.compile(
        rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<m>{_MONTH})\.?,?\s+(?P<y>\d{{4}})\b", re.I
    ),
    re.compile(r"(?<![\d/.-])(?P<a>\d{1,2})(?P<s>[/.-])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4})(?!\d)"),
)
# Month precision only ("March 2023", "2023年3月").
_MONTH_DATES = (
    re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月"),
    re.compile(rf"\b(?P<m>{_MONTH})\.?,?\s+(?P<y>\d{{4}})\b", re.I),
)
_NUMERIC_YEAR_MONTH = re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})$")
_COMPACT = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$")
_YEAR = re.compile(r"^(?P<y>\d{4})$")

_PUBLISHED_LABEL = re.compile(
    r"^(?:(?:first\s+)?(?:published|posted|released|issued|dated?|publication\s+date|pub\.?\s*date"
    r"|created|time)(?:\s+(?:on|at))?|发布时间|发布日期|发表时间|日期|时间)\s*[:：]?\s*",
    re.I,
)
_UPDATED_LABEL = re.compile(
    r"^(?:(?:last\s+)?(?:updated|modified|revised)(?:\s+(?:on|at))?|更新时间)\s*[:：]?\s*", re.I
)
# A crawler's stamp: " date 2024-01-09 en English", "retrieved 2023-06-21 04:02 UTC".
_STAMP = re.compile(
    r"^(?:date|(?i:retrieved|crawled|fetched|accessed|captured|downloaded|archived)(?:\s+(?:on|at))?:?)"
    r"\s+(?P<date>\d{4}-\d{2}-\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?(?:\s*(?:UTC|GMT|Z))?"
    r"(?:\s+[a-z]{2,3}(?:-[A-Za-z]{2,4})?)?(?:\s+[A-Z]\w+)?$"
)
# What may stand beside the date on a dateline: times, weekdays, zones, "at"/"on", punctuation.
_DATE_NOISE = re.compile(
    r"T?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?\s?m\b\.?)?"
    r"|\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?"
    r"|\b(?:utc|gmt|[ecmp][sd]t|bst|cet|cest|ist|pkt|jst|kst|hkt|sgt|bjt|aest)\b(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?"
    r"|\b(?:at|on|beijing\s+time|local\s+time)\b"
    r"|星期[一二三四五六日天]|周[一二三四五六日天]"
    r"|[\s,.;:|()\[\]\-–—/]+",
    re.I,
)
_HAS_DIGIT = re.compile(r"\d")
# An unlabelled dateline starts with the date itself (or a weekday, or a bracket).
_DATELINE_START = re.compile(rf"[(\[]?\s*(?:\d|{_MONTH}\b|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b)", re.I)
_MAX_DATELINE_WORDS = 12


def _iso(year: int, month: int, day: int | None = None) -> str | None:
    """The ISO form of a date that exists and lies in 1900..2100, else None."""
    if not 1900 <= year <= 2100 or not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _month(token: str) -> int:
    return _MONTHS[token[:3].lower()] if token.isalpha() else int(token)


def _full_date(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    year = int(groups["y"])
    if groups.get("a") is None:
        return _iso(year, _month(groups["m"]), int(groups["d"]))
    first, second = int(groups["a"]), int(groups["b"])
    if first > 12 >= second or first == second:  # 14/03/2023 is day-first
        return _iso(year, second, first)
    if second > 12 >= first:  # 03/14/2023 is month-first
        return _iso(year, first, second)
    return None  # 03/04/2023 could be either: unknown, not a guess


def find_date(text: str) -> tuple[str, int, int] | None:
    """The first valid date in `text` as (iso, start, end); day precision beats month precision."""
    best: tuple[str, int, int] | None = None
    for pattern in _FULL_DATES:
        for match in pattern.finditer(text):
            if best is not None and match.start() >= best[1]:
                break
            iso = _full_date(match)
            if iso is not None:
                best = (iso, match.start(), match.end())
                break
    if best is not None:
        return best
    for pattern in _MONTH_DATES:
        for match in pattern.finditer(text):
            iso = _iso(int(match["y"]), _month(match["m"]))
            if iso is not None:
                return iso, match.start(), match.end()
    return None


def parse_date(value: str) -> str | None:
    """A stated date in any common format ("2024-01-08T21:11:00Z", "Mon, 08 Jan 2024 ...",
    "January 8, 2024", "2023年3月14日", "2024-01", "2024") as ISO at the precision given."""
    value = value.strip()
    if match := _COMPACT.match(value):
        return _iso(int(match["y"]), int(match["m"]), int(match["d"]))
    if match := _YEAR.match(value):
        year = int(match["y"])
        return match["y"] if 1900 <= year <= 2100 else None
    if match := _NUMERIC_YEAR_MONTH.match(value):
        return _iso(int(match["y"]), int(match["m"]))
    hit = find_date(value)
    return hit[0] if hit else None


def parse_dateline(line: str) -> tuple[str, int] | None:
    """(iso, rank) when the whole line is a date statement, e.g. "Published on 14th March 2023"
    or "Updated: 2023-05-02 10:31"; None for a line that merely mentions a date."""
    if not _HAS_DIGIT.search(line) or line.count(" ") > _MAX_DATELINE_WORDS:
        return None
    line = line.strip()
    if match := _STAMP.match(line):
        iso = parse_date(match["date"])
        return (iso, RANK_STAMP) if iso else None
    rank = RANK_DATELINE
    if match := _PUBLISHED_LABEL.match(line):
        rank = RANK_PUBLISHED
    elif match := _UPDATED_LABEL.match(line):
        rank = RANK_UPDATED
    rest = line[match.end() :] if match else line
    if rank == RANK_DATELINE and not _DATELINE_START.match(rest):
        return None
    if rank != RANK_DATELINE and (year := _YEAR.match(rest.strip())):
        iso = parse_date(year["y"])
        return (iso, rank) if iso else None
    hit = find_date(rest)
    if hit is None:
        return None
    iso, start, end = hit
    if _DATE_NOISE.sub("", rest[:start] + " " + rest[end:]):
        return None
    return iso, rank


# --- people and credits -------------------------------------------------------------------

_HONORIFICS = re.compile(
    r"^(?:(?:mr|mrs|ms|mx|miss|dr|prof|professor|ambassador|amb|h\.\s?e|sir|dame|rev|hon|gen|col"
    r"|capt|lt|maj|senator|sen|rep|his\s+excellency|her\s+excellency)\.?\s+)+",
    re.I,
)
_PLACE_SUFFIX = re.compile(r"\s+(?:in|from|reporting\s+from)\s+[A-Z][\w .'’-]*$")
# fmt: off
_PARTICLES = frozenset([
    "bin", "bint", "binti", "al", "el", "de", "da", "das", "dos", "di", "du", "la", "le", "van",
    "von", "der", "den", "ibn", "abu", "ul",
])
# fmt: on
# fmt: off
_NOT_NAME_WORDS = frozenset([
    "director", "executive", "president", "vice", "professor", "fellow", "editor", "editors",
    "reporter", "reporters", "correspondent", "correspondents", "minister", "ambassador",
    "chairman", "chair", "researcher", "analyst", "secretary", "chief", "head", "dean", "staff",
    "writer", "writers", "columnist", "contributor", "senior", "deputy", "associate", "assistant",
    "manager", "member", "coordinator", "officer", "lecturer", "scholar", "expert", "founder",
    "ceo", "spokesperson", "spokesman", "journalist", "student", "candidate", "team", "desk",
    "bureau", "agencies", "agency", "institute", "university", "center", "centre", "council",
    "academy", "foundation", "association", "department", "ministry", "office", "commission",
    "school", "college", "forum", "society", "committee", "times", "daily", "news", "post",
    "online", "network", "press", "media", "review", "journal", "group", "research",
    "international", "national", "global", "studies", "affairs", "the", "of", "for", "and",
])
# fmt: on
_CJK_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,6}$")
_NAME_SPLIT = re.compile(r"\s*(?:,?\s+and\s+|\s*&\s*|、|;)\s*", re.I)
_SPACES = re.compile(r"\s+")
_BYLINE = re.compile(
    r"^(?P<label>(?:written|reported|posted)\s+by|by|authors?|reporters?|correspondents?|作者|记者)"
    r"(?![\w])\s*(?P<colon>[:：])?\s*(?P<rest>\S.*)$",
    re.I,
)
_CREDIT = re.compile(
    r"^\[?\s*(?:"
    r"(?P<label>(?:responsible\s+|chief\s+|executive\s+|managing\s+|copy\s+|duty\s+|web\s+)?editors?"
    r"|translators?|translation|sources?|proofreader|compiler|责任编辑|编辑|翻译|译者|来源|校对)"
    r"\s*[:：]\s*(?P<value>[^\]]+?)"
    r"|(?P<by>(?:edited|translated|compiled|contributed|proofread|reviewed|produced)\s+by)\s*:?\s+"
    r"(?P<by_value>[^\]]+?)"
    r")\s*\]?$",
    re.I,
)
_BIO = re.compile(
    r"^\(?\s*(?:about\s+the\s+(?:author|writer)s?\b|(?:the\s+)?(?:author|writer|columnist|contributor)s?"
    r"\s+(?:is|are|was|were|serves|served|works|worked|has|have|holds|teaches|writes)\b)",
    re.I,
)
_BIO_VERB = (
    r"(?:is|was|serves|served|stands|works|worked|holds|has|writes|covers|joined|graduated|received"
    r"|specializes|specialises|teaches|leads)"
)


def collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def person_name(text: str) -> str | None:
    """The name in "Mr. Khalid Taimur Akram" or "Jane Roe in Beijing"; None if it is not a person
    (an office, an outlet, a role like "Staff Reporter")."""
    name = _PLACE_SUFFIX.sub("", _HONORIFICS.sub("", collapse(text)))
    if _CJK_NAME.match(name):
        return name
    tokens = name.split()
    if not 2 <= len(tokens) <= 6:
        return None
    capitalised = 0
    for token in tokens:
        lowered = token.lower()
        if lowered in _PARTICLES or lowered.split("-")[0] in _PARTICLES:
            continue
        if lowered.strip(".") in _NOT_NAME_WORDS or not token[0].isupper():
            return None
        if not all(c.isalpha() or c in ".'’-" for c in token):
            return None
        capitalised += 1
    return name if capitalised >= 2 else None


@dataclass
class Byline:
    authors: list[str] = field(default_factory=list)
    credit: str | None = None  # "Author: <name>, <affiliation>" when an affiliation was stated


def parse_byline(text: str) -> Byline | None:
    """Authors (and any affiliation, as a credit) from a byline such as "By: Jane Roe",
    "Author: ...", "Written by ..." or "By Mr. X Y, Executive Director, Some Institute".

    A bare "By ..." counts only when what follows reads as a name or a short all-capitalised
    credit ("By Staff Reporter"), so a sentence like "By 2030, China ..." is left alone.
    """
    match = _BYLINE.match(collapse(text))
    if match is None:
        return None
    rest = _HONORIFICS.sub("", match["rest"]).strip()
    explicit = bool(match["colon"]) or match["label"].lower() != "by"
    segments = [s.strip() for s in rest.split(",")]
    authors = [n for part in _NAME_SPLIT.split(segments[0]) if (n := person_name(part))]
    taken = 1
    # "By A B, C D and E F": further segments are names only in such an explicit list.
    if authors and len(segments) > 1 and _NAME_SPLIT.search(segments[-1]):
        more = [person_name(p) for s in segments[1:] for p in _NAME_SPLIT.split(s)]
        if all(more):
            authors += [n for n in more if n]
            taken = len(segments)
    if not authors:
        short_credit = len(rest) <= 60 and all(w[0].isupper() or w in ("and", "of") for w in rest.split())
        if not (explicit or short_credit):
            return None
        return Byline([], f"{match['label'].capitalize()}: {rest}" if match["colon"] else collapse(text))
    affiliation = ", ".join(segments[taken:])
    credit = f"Author: {', '.join(authors)}, {affiliation}" if affiliation else None
    return Byline(authors, credit)


def parse_credit(line: str) -> tuple[str, list[str]] | None:
    """A normalised credit ("Editor: Zhang San", "Translated by A B") and the people who wrote the
    text, if it names them ("Contributed by A B, vice president of X" -> ["A B"])."""
    match = _CREDIT.match(line.strip())
    if match is None:
        return None
    if match["label"]:
        label = collapse(match["label"])
        return f"{label[0].upper()}{label[1:].lower()}: {collapse(match['value'])}", []
    by = collapse(match["by"])
    value = collapse(match["by_value"])
    credit = f"{by[0].upper()}{by[1:].lower()} {value}"
    if by.lower().startswith("contributed"):
        name = person_name(value.split(",")[0])
        return credit, [name] if name else []
    return credit, []


# compiled once: a per-author pattern would be compiled for every document
_BIO_TAIL = re.compile(rf"\s+(?:\w+\s+){{0,2}}{_BIO_VERB}\b")


def is_bio(paragraph: str, authors: list[str]) -> bool:
    """Whether a closing paragraph describes the author ("The writer is a senior fellow at ...",
    or one that opens with the author's name and a bio verb: "Jane Roe is a ...")."""
    if _BIO.match(paragraph):
        return True
    for author in authors:
        tokens = author.split()
        # "Aqsa Younas stands ...": the first one or two name words, then a bio verb.
        for n in (len(tokens), 2, 1):
            prefix = " ".join(tokens[:n])
            if (
                n <= len(tokens)
                and len(prefix) >= 4
                and paragraph.startswith(prefix)
                and _BIO_TAIL.match(paragraph, len(prefix))
            ):
                return True
    return False
