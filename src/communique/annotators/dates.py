"""Temporal expressions in English text, normalised TIMEX3-style against the publication date.

Why not a date parser: parsers normalise a string already known to be a date. The hard part here
is finding the expressions among numbers that are not years ("200 billion masks", "Resolution
2231", "2,000 people") and words that are not months ("China may respond", "the Long March"),
then resolving relative ones ("on Monday", "in March", "the same period last year") the way a
news reader would. So: one compiled master regex, built from `kb/temporal.yaml`, finds candidates
in a single pass; each alternative has a small handler that validates the candidate and computes
its value; a cheap second step attaches signals and modifiers on the left ("since", "by",
"early", "the end of"), merges ranges ("from 2013 to 2023") and clock times into their day.
spaCy is optional: with a parsed Doc its tags and tree sharpen three decisions (modal "may",
counts that look like years, the tense that decides "on Monday"); without one, word cues do.

One dict per expression, offsets into the text (docs/schema.md, `dates[]`):
    text, value, type (DATE | TIME | DURATION | SET), granularity, anchor, sentence, start, end
    mod                only when stated: START, MID, END, APPROX, BEFORE, AFTER
    begin, end_value   only for intervals, where resolvable: ISO dates of the first and last
                       period (`end_value` because `end` is already the character offset)

Conventions (where TIMEX3 leaves a choice, this is the one made; where tests/gold/events.jsonl,
the project's dev gold, decides, it is followed):
- The span includes its signal word and article: "on Monday", "since 2013", "by 2060",
  "over the past decade", "the first half of 2020" (as the contract example's "on Monday").
- Signals: "since X" is mod AFTER with begin X and end_value the publication date; "by X",
  "before X", "until X" are deadlines, mod BEFORE (TIMEX3's ON_OR_BEFORE folded in); a signal's
  mod wins over a modifier's ("by the end of 2025" is BEFORE). "early/mid/late X" and "the
  end of 2021" are START/MID/END with the year as value, "around X" APPROX; but "the end of the
  year" is that year's December ("2015-12") and "the beginning of the year" its January.
- A stated range is one DURATION with begin and end_value: "from 2013 to 2023" is P10Y (years
  between), "May 19 to 27" P9D and "between March and May 2020" P3M (days and months inclusive),
  "the first ten months of 2015" P10M from 2015-01 to 2015-10. Weekdays stay separate points:
  "from Wednesday to Friday" is two DATEs.
- Durations anchored to now ("the past decade", "in the past five years", "the next ten years")
  are DURATION with begin/end_value at the unit's precision: "the past decade" published
  2021-03-01 is P10Y, begin "2011", end_value "2021". Plain durations ("for five years", "a
  99-year lease") have anchor "absolute"; "after months of protests" is PXM.
- Frequencies: "every year", "annual", "5 percent a year" are P1Y; "twice a year" P6M; "weekly
  flights" P1W (a capitalised frequency word mid-sentence is a name: "China Daily").
- "on Monday": the nearest Monday on or before publication, or on or after it when the clause is
  about the future (will, shall, would, could, to be held, scheduled, next, ...) or a deadline
  ("by Tuesday") or set "for Monday"; "said on Monday" is the saying's day, whatever the parse
  attached it to. "last Monday" is the nearest Monday strictly before, "next Monday" strictly
  after, "this Monday" the same ISO week; "over the weekend" the last weekend (2012-W37-WE).
- A month (or day, quarter, half, season, holiday) without a year takes the publication year;
  the previous year if it is still to come and the sentence is in the past tense (always after
  "since"), the next year if it is already over and the sentence is about the future.
- "last year" is a DATE; "the last year" / "the past year" a DURATION; "next year" a DATE,
  "over the next year" a DURATION; "the following year", "that year", "two days later" are
  anchored to the last date stated in the same or the previous sentence (anchor "text"), and keep
  its precision ("in the third quarter ... a year earlier" is 2019-Q3).
- "the same period last year" is the period last mentioned (same or previous sentence) one year
  earlier: after "the first half of 2020" it is "2019-H1".
- Seasons: northern hemisphere; winter YYYY-WI runs from December YYYY to February YYYY+1.
- "more than a year ago" is PAST_REF: an open interval before a point, no date to give.
- Decades "201X", centuries "19XX" (the 20th century). Vague expressions keep TIMEX3 values:
  PRESENT_REF ("at present", "the world today"), PAST_REF, FUTURE_REF ("at an early date"), PXY
  ("in recent years"), with granularity "vague".
- Publication date unknown: anything that needs it keeps value null and anchor null; nothing is
  resolved against today's date.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Doc

from communique.annotators.doc_text import doc_text

TEMPORAL_FILE = "temporal.yaml"
_KB_DIR = Path(__file__).resolve().parents[1] / "kb"
_COUNT_ENTS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"})
_PERIOD_MONTHS = {**{f"Q{q}": (3 * q - 2, 3 * q) for q in range(1, 5)}, "H1": (1, 6), "H2": (7, 12)}

for _extension in ("published", "dates"):
    if not Doc.has_extension(_extension):
        Doc.set_extension(_extension, default=None)


# --------------------------------------------------------------------------- small helpers


def _alt(words: Iterable[str]) -> str:
    """Regex alternation, longest first so that "the end of" wins over "the"; spaces flexible."""
    unique = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+").replace("'", "['’]") for w in unique)


def _words_re(words: Iterable[str]) -> re.Pattern[str]:
    """Whole-word matcher for cue lists (a cue may begin with an apostrophe: "'ll")."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        body = re.escape(word).replace(r"\ ", r"\s+")
        parts.append((r"(?<!\w)" if word[0].isalnum() else "") + body + r"(?!\w)")
    return re.compile("|".join(parts), re.IGNORECASE)


def _strip_groups(pattern: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


def _fmt(y: int, m: int | None = None, d: int | None = None) -> str:
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def _week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    index = y * 12 + (m - 1) + k
    return index // 12, index % 12 + 1


def _valid_day(y: int | None, m: int, d: int) -> bool:
    if not 1 <= m <= 12:
        return False
    return 1 <= d <= calendar.monthrange(y if y else 2024, m)[1]


def _span_length(begin: str, end: str) -> str | None:
    """TIMEX3 length of a stated range, as the dev gold counts it: years between ("2000 to 2020"
    is P20Y), months and days inclusive ("May 19 to 27" is P9D). None for mixed precisions."""
    if re.fullmatch(r"\d{4}", begin) and re.fullmatch(r"\d{4}", end):
        return f"P{int(end) - int(begin)}Y" if end > begin else None
    if re.fullmatch(r"\d{4}-\d{2}", begin) and re.fullmatch(r"\d{4}-\d{2}", end):
        months = (int(end[:4]) - int(begin[:4])) * 12 + int(end[5:]) - int(begin[5:]) + 1
        return f"P{months}M" if months > 0 else None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", begin) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", end):
        days = (date.fromisoformat(end) - date.fromisoformat(begin)).days + 1
        return f"P{days}D" if days > 0 else None
    return None


def _nth_weekday(y: int, month: int, weekday: int, n: int) -> int:
    """Day of the month of its n-th (ISO) weekday; n = -1 for the last one."""
    days = [
        d for d in range(1, calendar.monthrange(y, month)[1] + 1) if date(y, month, d).isoweekday() == weekday
    ]
    return days[n - 1] if n > 0 else days[n]


def _begin_of(value: str) -> str:
    """'199X' -> '1990', '19XX' -> '1900': the first instant of a decade or century value."""
    return value.replace("X", "0")


def _unit_name(word: str) -> str:
    word = re.sub(r"['’]s?$", "", word.lower())
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@dataclass
class _Ext:
    """What stands left of a core match: a signal ("since") and/or a modifier ("early")."""

    start: int
    signal: str | None = None
    signal_start: int | None = None
    modifier: str | None = None
    modifier_start: int | None = None


@dataclass
class _Cand:
    start: int
    end: int
    type: str
    granularity: str | None
    value: str | None
    anchor: str | None
    mod: str | None = None
    interval: dict[str, str] | None = None
    sentence: int = 0
    core_start: int = 0
    signal: str | None = None
    # structured parts, for ranges, clock times and text-anchored references
    y: int | None = None
    m: int | None = None
    d: int | None = None
    period: str | None = None  # sub-year TIMEX3 suffix: Q1, H2, SU, W20
    explicit_year: bool = False
    needs_year: bool = False
    time: str | None = None  # "T21:11" or "TMO"
    is_range: bool = False
    kind: str = ""  # the master regex alternative that found it


def _at(match: re.Match[str], /, *args: Any, **kwargs: Any) -> _Cand:
    """A candidate spanning the whole match (`m=` among kwargs is the month field)."""
    return _Cand(match.start(), match.end(), *args, **kwargs)


@dataclass
class _Ctx:
    text: str
    pub: date | None
    starts: list[int]
    doc: Doc | None
    cands: list[_Cand] = field(default_factory=list)
    ext: _Ext | None = None  # what stands left of the candidate being handled
    _tense_cache: dict[int, str | None] = field(default_factory=dict)

    def sentence_of(self, offset: int) -> int:
        return max(bisect_right(self.starts, offset) - 1, 0) if self.starts else 0

    def sentence_span(self, index: int) -> tuple[int, int]:
        if not self.starts:
            return 0, len(self.text)
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)
        return self.starts[index], end


# --------------------------------------------------------------------------- the extractor


class DateExtractor:
    """Finds and normalises temporal expressions; built once from temporal.yaml, then reused."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self._lexicon(data)
        self._patterns()

    @classmethod
    def load(cls, kb_dir: str | None = None) -> DateExtractor:
        """The extractor for a KB directory (its temporal.yaml, else the bundled one), cached."""
        path = Path(kb_dir) / TEMPORAL_FILE if kb_dir else _KB_DIR / TEMPORAL_FILE
        if not path.is_file():
            path = _KB_DIR / TEMPORAL_FILE
        return _load_cached(str(path))

    # ----------------------------------------------------------------------- vocabulary

    def _lexicon(self, data: dict[str, Any]) -> None:
        years = data.get("years") or {}
        self.year_min = int(years.get("min", 1900))
        self.year_max = int(years.get("max", 2100))
        self.year_min_signalled = int(years.get("min_signalled", 1500))
        self.month_of: dict[str, int] = {}
        self.month_full: set[str] = set()
        for number, names in (data.get("months") or {}).items():
            for i, name in enumerate(names):
                self.month_of[name.lower()] = int(number)
                if i == 0:
                    self.month_full.add(name.lower())
        self.ambiguous_months = {m.lower() for m in data.get("ambiguous_months") or []}
        self.weekday_of: dict[str, int] = {}
        self.weekday_full: set[str] = set()
        for number, names in (data.get("weekdays") or {}).items():
            for i, name in enumerate(names):
                self.weekday_of[name.lower()] = int(number)
                if i == 0:
                    self.weekday_full.add(name.lower())
        self.season_of = {
            w.lower(): code for code, words in (data.get("seasons") or {}).items() for w in words
        }
        self.season_months = {code: tuple(v) for code, v in (data.get("season_months") or {}).items()}
        self.parts_of_day = {k.lower(): v for k, v in (data.get("parts_of_day") or {}).items()}
        self.zones = list(data.get("time_zones") or [])
        self.numbers = {str(k).lower(): float(v) for k, v in (data.get("numbers") or {}).items()}
        self.vague_numbers = {str(w).lower() for w in data.get("vague_numbers") or []}
        self.ordinals = {str(k).lower(): int(v) for k, v in (data.get("ordinals") or {}).items()}
        self.units = {k.lower(): v for k, v in (data.get("units") or {}).items()}
        self.vague_units = {k.lower(): v for k, v in (data.get("vague_units") or {}).items()}
        self.holidays = {
            k.lower(): tuple(int(p) for p in str(v).split("-"))
            for k, v in (data.get("holidays") or {}).items()
        }
        self.weekday_holidays = {
            k.lower(): (int(v["month"]), int(v["weekday"]), int(v["n"]))
            for k, v in (data.get("weekday_holidays") or {}).items()
        }
        lunar = data.get("lunar_holidays") or {}
        self.lunar_names = {n.lower() for n in lunar.get("names") or []}
        self.lunar_dates = {
            int(y): tuple(int(p) for p in str(v).split("-")) for y, v in (lunar.get("dates") or {}).items()
        }
        self.signals = {str(k).lower(): v for k, v in (data.get("signals") or {}).items()}
        self.duration_signals = {s.lower() for s in data.get("duration_signals") or []}
        self.strong_signals = {s.lower() for s in data.get("strong_signals") or []}
        self.open_end = list(data.get("open_end") or [])
        self.modifier_of = {
            w.lower(): mod for mod, words in (data.get("modifiers") or {}).items() for w in words
        }
        self.vague_of: dict[str, tuple[str, str]] = {}
        for group in data.get("vague") or []:
            for phrase in group.get("phrases") or []:
                self.vague_of[_norm(phrase)] = (group["type"], group["value"])
        self.vague_not_before = list(data.get("vague_not_before") or [])
        self.vague_pause_only = {_norm(p) for p in data.get("vague_pause_only") or []}
        exclusions = data.get("vague_exclusions") or []
        self._vague_exclusion = re.compile(_alt(exclusions), re.IGNORECASE) if exclusions else None
        self.set_of = {_norm(k): v for k, v in (data.get("sets") or {}).items()}
        tense = data.get("tense") or {}
        self.future_re = _words_re(tense.get("future") or ["will"])
        self.future_heads = {w.lower() for w in tense.get("future_heads") or []}
        self.past_re = _words_re(tense.get("past") or ["was"])
        self.not_past = {w.lower() for w in tense.get("not_past") or []}
        neutral = tense.get("neutral_before") or []
        self._neutral_before = re.compile(rf"\b(?:{_alt(neutral)})\s*$", re.IGNORECASE) if neutral else None
        self.number_prefixes = set(data.get("number_prefixes") or [])
        self.present_today_after = {w.lower() for w in data.get("present_today_after") or []}
        self.year_name_suffixes = set(data.get("year_name_suffixes") or [])
        self.count_units = {u.lower() for u in data.get("count_units") or []}
        self.year_followers = {w.lower() for w in data.get("year_followers_ending_s") or []}
        self._harmless_before_month = _FUNCTION_WORDS | set(self.weekday_of) | set(self.signals)

    # ----------------------------------------------------------------------- patterns

    def _patterns(self) -> None:
        months_full = _alt(self.month_full)
        abbreviations = _alt(set(self.month_of) - self.month_full)
        months = rf"(?:{months_full})\b|(?:{abbreviations})\b\.?"
        weekdays = _alt(self.weekday_of)
        weekdays_full = _alt(self.weekday_full)
        seasons = _alt(self.season_of)
        zones = _alt(self.zones)
        numwords = _alt(list(self.numbers) + list(self.vague_numbers))
        ones = "one|two|three|four|five|six|seven|eight|nine"
        num = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|(?:{numwords})(?:-(?:{ones}))?)"
        units = sorted(self.units)
        unit = "(?:" + "|".join(_plural_alt(u) for u in units) + r")(?:['’]s?)?(?![\w-])"
        ordinals = _alt(self.ordinals)
        day = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
        year4 = r"(?:1[5-9]\d\d|20\d\d|2100)(?!\d)"
        ampm = r"(?:a\.m\.|p\.m\.|a\.m\b|p\.m\b|am\b|pm\b)"
        clock = (
            rf"(?:[01]?\d|2[0-3])(?:[:.][0-5]\d)?\s*{ampm}(?:\s+(?:{zones})\b)?"
            rf"|(?:[01]?\d|2[0-3]):[0-5]\d(?:\s+(?:{zones})\b)?"
        )
        time_tail = rf"(?P<tm>,?\s+(?:at\s+)?(?:{clock}))"
        rel = r"last|next|this\s+past|this|coming|past|every|each"
        vague_nb = _alt(
            self.vague_not_before
            + [w for w in self.numbers if w not in ("a", "an", "half a")]
            + ["few", "several", "couple"]
            + [_plural(u) for u in units]
            + units
        )
        lb = r"(?<![\w.,/#$€£¥@-])"  # a number starts here, not inside "G20", "1.5", "$2020"
        self._alt_defs: list[tuple[str, str, Callable[..., _Cand | None]]] = [
            (
                "iso",
                r"(?<![\d/.-])(?P<y>\d{4})(?P<s>[-/.])(?P<m>1[0-2]|0?[1-9])[-/.](?P<d>3[01]|[12]\d|0?[1-9])"
                r"(?:T(?P<hh>[01]\d|2[0-3]):(?P<mi>[0-5]\d)(?::[0-5]\d)?)?(?![\d/-]|\.\d)",
                self._h_iso,
            ),
            (
                "cjk",
                r"(?<!\d)(?P<y>\d{4})\s*年(?:\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?)?",
                self._h_cjk,
            ),
            (
                "numeric",
                r"(?<![\d/.-])(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4})(?![\d/-]|\.\d)",
                self._h_numeric,
            ),
            (
                "dmy",
                rf"(?:(?P<wd>\b(?:{weekdays}))\.?,?\s+)?(?:the\s+)?{lb}(?P<d>{day})"
                rf"(?:\s*(?:-|–|—|to|and)\s*(?P<d2>{day}))?\s+(?:of\s+)?(?P<mon>\b(?:{months}))"
                rf"(?:,?\s+(?P<y>{year4}))?{time_tail}?",
                self._h_dmy,
            ),
            (
                "mdy",
                rf"(?:(?P<wd>\b(?:{weekdays}))\.?,?\s+)?(?P<mon>\b(?:{months}))\s*(?P<d>{day})"
                rf"(?:\s*(?:-|–|—|to|and)\s*(?P<d2>{day}))?"
                r"(?!\s*(?:%|percent|per\s+cent|billion|million|thousand|hundred|\.\d|,\d{3}))"
                rf"(?:,?\s+(?P<y>{year4}))?{time_tail}?",
                self._h_dmy,
            ),
            ("my", rf"(?P<mon>\b(?:{months})),?\s*(?:of\s+)?(?P<y>{year4})", self._h_my),
            (
                "yrange",
                rf"{lb}(?P<a>{year4})\s*(?:-|–|—|/|to|through)\s*(?P<b>\d{{4}}|\d{{2}})(?![\w%]|[.,:/]\d)",
                self._h_yrange,
            ),
            (
                "decade",
                r"(?:the\s+)?(?:(?<![\w.,])(?P<dec>\d{3}0)(?:['’]?s)|['’](?P<dec2>\d0)s)(?!\w)",
                self._h_decade,
            ),
            (
                "century",
                rf"(?:the\s+)?(?:(?<![\w.])(?P<n>\d{{1,2}})(?:st|nd|rd|th)|\b(?P<w>{ordinals}))[\s-]+century(?!\w)",
                self._h_century,
            ),
            (
                "quarter",
                r"(?P<the>the\s+)?\b(?P<ord>first|second|third|fourth|final|last|latter|1st|2nd|3rd|4th)\s+"
                rf"(?P<u>quarter|half)(?:\s+(?:of\s+)?(?P<ref>{year4}|(?:this|last|next|the\s+current|the\s+previous"
                r"|the\s+same|that|the|the\s+following)\s+year)(?!\w)|(?!\s+of\b))",
                self._h_quarter,
            ),
            (
                "months_of",
                rf"(?:the\s+)?\b(?P<which>first|last|final)\s+(?P<n>{num})\s+months\s+of\s+(?P<ref>{year4}|(?:this|last"
                r"|next|the\s+current|the\s+previous|the\s+same|that|the|the\s+following)\s+year)(?!\w)",
                self._h_months_of,
            ),
            (
                "qshort",
                rf"(?<![\w-])(?:(?P<p>[QH][1-4])(?:\s+|-|/)?(?P<y>{year4})?|(?P<y2>{year4})\s*-?\s*(?P<p2>[QH][1-4]))(?![\w-])",
                self._h_qshort,
            ),
            (
                "holiday",
                rf"(?:the\s+)?\b(?P<n>{_alt([*self.holidays, *self.lunar_names, *self.weekday_holidays])})\b"
                rf"(?:\s+(?:of\s+|in\s+)?(?P<y>{year4}))?",
                self._h_holiday,
            ),
            (
                "season",
                rf"(?:the\s+)?\b(?P<s>{seasons})\s+(?:of\s+)?(?P<y>{year4})|(?P<y2>{year4})\s+(?P<s2>{seasons})\b"
                rf"|\b(?P<rel>{rel})\s+(?P<s3>{seasons})\b|\b(?P<in>in|during|over|throughout)\s+the\s+"
                rf"(?P<s4>{seasons})\b(?!\s+of\b)",
                self._h_season,
            ),
            (
                "samep",
                r"\bthe\s+same\s+(?:period|time|quarter|month|season|week|day)\s+(?:of\s+|in\s+)?(?:last\s+year|the\s+previous"
                rf"\s+year|the\s+preceding\s+year|a\s+year\s+(?:earlier|ago|before)|(?P<y>{year4}))",
                self._h_samep,
            ),
            (
                "earlier",
                r"\b(?P<w>earlier|later)\s+(?P<how>this|in\s+the|that)\s+(?P<u>year|month|week)\b"
                r"|\b(?P<w2>earlier|later)\s+today\b",
                self._h_earlier,
            ),
            (
                "ofthe",
                r"(?:the\s+)?\b(?P<pos>end|beginning|start|middle|close|rest|remainder)\s+of\s+the\s+(?P<u>year|month|week)\b"
                r"|\b(?P<ye>year[-\s]end|end[-\s]of[-\s]year)\b",
                self._h_ofthe,
            ),
            ("vague", rf"\b(?P<v>{_alt(self.vague_of)})(?![\w-])(?!\s+(?:{vague_nb})\b)", self._h_vague),
            (
                "set",
                rf"\b(?:every|each)\s+(?P<other>other\s+)?(?:(?P<n>{num})\s+)?(?P<u>{unit})"
                rf"|\b(?P<f>once|twice|thrice|{num}\s+times)\s+(?:a|an|per|every|each)\s+(?P<u2>{unit})"
                rf"|\b(?P<w>{_alt(self.set_of)})\b",
                self._h_set,
            ),
            (
                "ago",
                rf"{lb}(?P<n>{num})\s+(?P<u>{unit})\s+(?P<dir>ago|earlier|later|afterwards?|from\s+now|hence|before|after"
                r"|prior|time)(?!\w)",
                self._h_ago,
            ),
            (
                "rel",
                rf"(?P<the>the\s+)?\b(?P<rel>last|next|past|previous|coming|following|preceding|current|this|that|same"
                rf"|first)(?:\s+(?P<n>{num}))?\s+(?P<u>{unit}|weekend)",
                self._h_rel,
            ),
            (
                "reldays",
                r"\b(?P<w>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today|tomorrow|tonight"
                r"|overnight)\b"
                r"(?:\s+(?P<part>morning|afternoon|evening|night)\b)?|\b(?P<tp>this|last)\s+(?P<part2>morning|afternoon"
                r"|evening|night)\b",
                self._h_reldays,
            ),
            ("relmonth", rf"\b(?P<rel>{rel})\s+(?P<mon>{months_full})\b", self._h_relmonth),
            ("weekend", r"\bthe\s+weekend\b", self._h_weekend),
            (
                "weekday",
                rf"(?:\b(?P<rel>{rel})\s+)?\b(?P<wd>{weekdays_full})(?P<pl>s)?\b"
                r"(?:\s+(?P<part>morning|afternoon|evening|night)\b)?",
                self._h_weekday,
            ),
            ("month", rf"\b(?P<mon>{months_full})\b(?!\.?\s*\d)", self._h_month),
            (
                "time",
                rf"(?<![\w.:])(?P<h>[01]?\d|2[0-3])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>{ampm})(?:\s+(?P<z>{zones})\b)?"
                rf"|(?<![\w.:])(?P<h2>[01]?\d|2[0-3]):(?P<mi2>[0-5]\d)(?:\s*(?:hrs|h)\b|\s+(?P<z2>{zones})\b)"
                r"|\b(?P<noon>noon|midnight)\b",
                self._h_time,
            ),
            (
                "duration",
                rf"{lb}(?P<n>{num})\s+(?:(?:consecutive|straight|successive|full|whole)\s+)?(?P<u>{unit})",
                self._h_duration,
            ),
            (
                "compound",
                rf"{lb}(?P<n>\d+|(?:{numwords})(?:-(?:{ones}))?)-(?P<u>{_alt(self.units)})(?=-long\b|-old\b|\s|[,.;:)])"
                r"(?:-long|-old)?",
                self._h_compound,
            ),
            ("bare", rf"\b(?P<u>{_alt(_plural(u) for u in units)})\b", self._h_bare),
            (
                "year",
                r"(?<![\w$€£¥#@/.,:%+])(?P<y>\d{4})(?![\w%]|[.,:/]\d|-\d|\s*(?:percent|per\s+cent)\b)",
                self._h_year,
            ),
        ]
        flags = re.IGNORECASE
        self._alts = [(name, re.compile(p, flags), handler) for name, p, handler in self._alt_defs]
        self._index = {name: i for i, (name, _, _) in enumerate(self._alts)}
        # every alternative starts a word: the leading assertion rejects most positions at once
        body = "|".join(f"(?P<{name}>{_strip_groups(p)})" for name, p, _ in self._alt_defs)
        self.master = re.compile(rf"{_WORD_START}(?:{body})", flags)
        signal_words = list(self.signals) + list(self.duration_signals)
        self._left = re.compile(
            rf"(?:(?<![\w-])(?P<sig>{_alt(signal_words)})\s+)?"
            rf"(?:(?<![\w-])(?P<mod>{_alt(self.modifier_of)})(?:\s*-\s*|\s+))?$",
            flags,
        )
        self._trailing_signal = re.compile(rf"(?:\s*\b(?:{_alt(self.signals)})\s*)$", flags)
        self._open_end = re.compile(rf"\s+(?:{_alt(self.open_end)})\b", flags)
        self._clock = re.compile(rf"(?P<h>[01]?\d|2[0-3])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>{ampm})?", flags)
        self.scan_all = False
        self._triggers = self._opening_words()

    def _opening_words(self) -> frozenset[str]:
        """Every word an alternative of the master regex can start with (lower-case)."""
        phrases = [
            *self.month_of,
            *self.weekday_of,
            *self.season_of,
            *self.holidays,
            *self.lunar_names,
            *self.weekday_holidays,
            *self.vague_of,
            *self.set_of,
            *self.numbers,
            *self.vague_numbers,
            *self.ordinals,
            *self.parts_of_day,
        ]
        words = {re.split(r"[\s'’-]", p.lower())[0] for p in phrases}
        words |= {"q", "h"}  # "Q1", "H1 2020": the tokenizer splits letters from digits
        words |= _GRAMMAR_OPENERS | set(self.units) | {_plural(u) for u in self.units}
        return frozenset(words)

    # ----------------------------------------------------------------------- driver

    def extract(
        self, text: str, published: date | None, sentence_starts: list[int], doc: Doc | None = None
    ) -> list[dict[str, Any]]:
        """Every temporal expression in `text`, in order, as contract dicts (see module doc)."""
        ctx = _Ctx(text, published, sorted(sentence_starts), doc)
        next_pos = 0
        prev_end = 0
        for start in self._word_starts(text):
            if start < next_pos:
                continue
            match = self.master.match(text, start)
            if match is None:
                continue
            cand = self._try(ctx, self._index[match.lastgroup], start, prev_end, match.end())
            if cand is None:
                continue
            ctx.cands.append(cand)
            prev_end = next_pos = cand.end
        merged = self._merge(ctx)
        self._place_times(ctx, merged)
        return [self._as_dict(c, text) for c in merged]

    def _word_starts(self, text: str) -> Iterable[int]:
        """Where an expression can begin: words that can open one, digits, "'90s".

        The master regex would find the same matches scanning every position; visiting only
        these (a C-speed tokenizer and a set lookup) makes the pass several times cheaper.
        `scan_all=True` in tests checks that the two agree.
        """
        if self.scan_all:
            yield from (m.start() for m in re.finditer(rf"{_WORD_START}(?=\w|['’]\d)", text))
            return
        triggers = self._triggers
        for m in _TOKEN.finditer(text):
            word = m.group()
            lower = word.lower()
            if word[0].isdigit() or word[0] in "'’" or lower in triggers or lower[:-1] in triggers:
                yield m.start()

    def _try(self, ctx: _Ctx, first: int, start: int, prev_end: int, end: int) -> _Cand | None:
        """The first alternative (from the master's choice on) whose handler accepts `start`."""
        ext = self._extend_left(ctx.text, start, prev_end)
        for i in range(first, len(self._alts)):
            name, pattern, handler = self._alts[i]
            match = pattern.match(ctx.text, start)  # at `first`, the master's own branch: the same match
            if match is None:
                continue
            ctx.ext = ext
            cand = handler(match, ctx, ext)
            if cand is not None:
                cand.kind = name
                return self._finish(ctx, cand, match, ext)
        return None

    def _extend_left(self, text: str, start: int, prev_end: int) -> _Ext:
        lo = max(prev_end, start - 40)
        m = self._left.search(text, lo, start)
        ext = _Ext(start)
        if m is None:
            return ext
        if m.group("mod"):
            ext.modifier = _norm(m.group("mod"))
            ext.modifier_start = m.start("mod")
            ext.start = m.start("mod")
        if m.group("sig"):
            ext.signal = _norm(m.group("sig"))
            ext.signal_start = m.start("sig")
            ext.start = m.start("sig")
        return ext

    def _finish(self, ctx: _Ctx, cand: _Cand, match: re.Match[str], ext: _Ext) -> _Cand:
        cand.core_start = match.start()
        cand.start = min(cand.start, match.start())
        cand.end = max(cand.end, match.end())
        signal = ext.signal
        if signal in self.duration_signals and cand.type != "DURATION":
            signal = None
        if (
            cand.type == "DURATION"
            and not cand.is_range
            and signal not in self.duration_signals | _DURATION_SIGNALS
        ):
            signal = None  # "after eight years of negotiations": the signal points at the event
        if signal is not None and ext.signal_start is not None:
            cand.start = min(cand.start, ext.signal_start)
            cand.signal = signal
        if ext.modifier is not None and ext.modifier_start is not None:
            cand.start = min(cand.start, ext.modifier_start)
        modifier = self.modifier_of.get(ext.modifier or "")
        signal_mod = self.signals.get(signal or "")
        cand.mod = signal_mod or cand.mod or modifier
        if signal == "from" and cand.type == "DATE":
            opened = self._open_end.match(ctx.text, cand.end)
            if opened:
                cand.end = opened.end()
                cand.mod = "AFTER"
        value = cand.value or ""
        since = signal_mod == "AFTER" and signal != "after" and cand.type == "DATE" and not cand.interval
        if since and ctx.pub and value and "/" not in value and not value.endswith("_REF"):
            cand.interval = {"begin": _begin_of(cand.value), "end": ctx.pub.isoformat()}
        cand.sentence = ctx.sentence_of(cand.core_start)
        return cand

    # ----------------------------------------------------------------------- shared decisions

    def _tense(self, ctx: _Ctx, start: int, end: int) -> str | None:
        """'future', 'past' or None for the clause a date at [start, end) belongs to."""
        signal = ctx.ext.signal if ctx.ext is not None else None
        if signal in ("since", "ever since"):
            return "past"  # "since January" has begun
        sentence = ctx.sentence_of(start)
        lo, hi = ctx.sentence_span(sentence)
        before = ctx.text[lo:start]
        if self._neutral_before is not None and self._neutral_before.search(
            self._trailing_signal.sub("", before)
        ):
            # "announced export controls, effective from 1 August": the date a measure takes
            # effect has no tense of its own; the announcing verb's would put it a year back
            return None
        if ctx.doc is not None:
            span = ctx.doc.char_span(start, end, alignment_mode="expand")
            if span is not None and len(span):
                token = span.root
                through_noun = False
                for _ in range(6):
                    if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
                        if through_noun and token.lower_ in self.future_heads:
                            # the date of the thing planned or prepared ("agreed to prepare for a
                            # state visit in November", "were preparing for a summit in May")
                            return "future"
                        # a reporting verb often gets the date by mistake ("will impose controls
                        # from Aug. 1, the ministry said"): word cues decide then
                        verdict = None if token.lower_ in _REPORTING else self._verb_tense(token)
                        if verdict is not None:
                            return verdict
                        break
                    if token.head is token:
                        break
                    if token.pos_ in ("NOUN", "PROPN") and token.i not in range(span.start, span.end):
                        through_noun = True
                    token = token.head
        # the clause first ("..., Xi said on Tuesday."), then the whole sentence
        cut = max(before.rfind(p) for p in (",", ";", ":", "—", " -- ")) + 1
        # the verb just before the date ("he said on 7 March that talks would resume")
        near = self._trailing_signal.sub("", before[cut:])
        near_verdict = self._text_tense(" ".join(near.split()[-4:]))
        if near_verdict is not None:
            return near_verdict
        after = re.search(r"[,;:—]", ctx.text[end:hi])
        clause = ctx.text[lo + cut : end + (after.start() if after else hi - end)]
        verdict = self._text_tense(clause)
        if verdict is not None:
            return verdict
        if sentence not in ctx._tense_cache:
            ctx._tense_cache[sentence] = self._text_tense(ctx.text[lo:hi], modals=False)
        return ctx._tense_cache[sentence]

    def _verb_tense(self, verb: Any, depth: int = 0) -> str | None:
        """Tense of the clause headed by `verb`; an infinitive takes its governor's ("sent a warship
        to arrest fishermen in April" is past) unless that plans ahead ("plans to visit in May")."""
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        lowered = {a.lower_ for a in auxes}
        if lowered & {"have", "has", "had"} and lowered & _MODALS:
            return "past"
        if lowered & ({"will", "shall", "'ll", "wo", "would", "’ll"} | _MODALS):
            return "future"
        if any(a.tag_ == "TO" for a in auxes):
            head = verb.head
            if head is verb or depth > 3:
                return None
            if head.lower_ in self.future_heads or verb.lower_ in self.future_heads:
                # "plans to visit in May"; "agreed to prepare a state visit in the spring"
                return "future"
            return self._verb_tense(head, depth + 1) if head.pos_ in ("VERB", "AUX") else None
        if lowered & {"was", "were", "had", "did", "has", "have"} or verb.tag_ == "VBD":
            return "past"
        if verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod"):  # "the summit held in May"
            return "past"
        return None

    def _text_tense(self, sentence: str, modals: bool = True) -> str | None:
        """Word cues; modals ("could be concluded": not yet happened) only near the date."""
        if _MODAL_PERFECT.search(sentence):
            return "past"  # "could have been held"
        if self.future_re.search(sentence) or (modals and _MODAL.search(sentence)):
            return "future"
        if self.past_re.search(sentence):
            return "past"
        for word in re.findall(r"\b[a-z]+ed\b", sentence):
            if word not in self.not_past:
                return "past"
        return None

    def _year_for(
        self, ctx: _Ctx, cand_start: int, cand_end: int, first: tuple[int, int], last: tuple[int, int]
    ) -> int | None:
        """The year of a month/day/period stated without one; `first`/`last` are (month, day)."""
        pub = ctx.pub
        if pub is None:
            return None
        tense = self._tense(ctx, cand_start, cand_end)
        now = (pub.month, pub.day)
        if tense == "past" and first > now:
            return pub.year - 1
        if tense == "future" and last < now:
            return pub.year + 1
        return pub.year

    def _ref(self, ctx: _Ctx, offset: int, need: str, same_sentence: bool = False) -> _Cand | None:
        """The last date stated before `offset` in the same (or previous) sentence, precise enough."""
        sentence = ctx.sentence_of(offset)
        lowest = sentence if same_sentence else sentence - 1
        for cand in reversed(ctx.cands):
            if cand.sentence < lowest:
                break
            if cand.type not in ("DATE", "TIME") or cand.y is None or cand.value is None or cand.is_range:
                continue
            if (
                need == "year"
                or (need == "month" and cand.m is not None)
                or (need == "day" and cand.d is not None)
            ):
                return cand
            if need == "period" and (cand.period or cand.m is not None) and cand.granularity != "year":
                return cand
        return None

    def _prev_word(self, text: str, start: int) -> str:
        m = re.search(r"(\S+)\s*$", text[max(0, start - 30) : start])
        return m.group(1) if m else ""

    def _date_cand(
        self,
        ctx: _Ctx,
        m: re.Match[str],
        y: int | None,
        mo: int | None,
        d: int | None,
        granularity: str,
        anchor: str | None,
        explicit: bool,
    ) -> _Cand:
        value = _fmt(y, mo, d) if y is not None else None
        return _at(
            m,
            "DATE",
            granularity,
            value,
            anchor if value else None,
            y=y,
            m=mo,
            d=d,
            explicit_year=explicit,
            needs_year=not explicit,
        )

    def _month_ok(self, ctx: _Ctx, word: str, start: int, ext: _Ext, has_number: bool) -> bool:
        """Is this capitalised month word a month? ("China may", "the Long March", "Theresa May")."""
        if not word[:1].isupper():
            return False
        key = word.lower().rstrip(".")
        if key not in self.month_full and not has_number:
            return False
        if ctx.doc is not None:
            span = ctx.doc.char_span(start, start + len(word), alignment_mode="expand")
            if span is not None and len(span) and (span[0].tag_ == "MD" or span[0].ent_type_ == "PERSON"):
                return False
        if key in self.ambiguous_months and ext.signal is None and ext.modifier is None:
            if not has_number:
                return self._attributive_month(ctx, start, len(word))
            prev = self._prev_word(ctx.text, start)
            if prev[:1].isupper() and prev[-1].isalnum() and prev.lower() not in self._harmless_before_month:
                return False  # "Long March 5", "Theresa May 2019"; "in Beijing, March 7" is fine
        return True

    def _attributive_month(self, ctx: _Ctx, start: int, length: int) -> bool:
        """ "the March elections", "the May vote": "the" + month + a common noun is the month; "the
        Long March" and "Theresa May" are not (a parse is needed to tell the noun)."""
        if ctx.doc is None or self._prev_word(ctx.text, start).lower() != "the":
            return False
        span = ctx.doc.char_span(start, start + length, alignment_mode="expand")
        if span is None or span.end >= len(ctx.doc):
            return False
        following = ctx.doc[span.end]
        return following.tag_ in ("NN", "NNS", "JJ") and following.text[:1].islower()

    # ----------------------------------------------------------------------- handlers: absolute

    def _h_iso(self, m: re.Match[str], ctx: _Ctx, ext: _Ext) -> _Cand | None:
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
        if not self.year_min_signalled <= y <= self.year_max or not _valid_day(y, mo, d):
            return None
        cand = self._date_cand(ctx, m, y, mo, d, "day", "absolute", True)
        if m["hh"]:
            cand.type, cand.granularity, cand.time = "TIME", "time", f"T{m['hh']}:{m['mi']}"
            cand.value = f"{cand.value}{cand.time}"
        return cand

    def _h_cjk(self, m: re.Match[str], ctx: _Ctx, ext: _Ext) -> _Cand | None:
        y = int(m["y"])
        mo = int(m["m"]) if m["m"] else None
        d = int(m["d"]) if m["d"] else None
        if not self.year_min_signalled <= y <= self.year_max or (mo and not 1 <= mo <= 12):
            return None
        if d and not _valid_day(y, mo or 1, d):
            return None
        return self._date_cand(ctx, m, y, mo, d, "day" if d else "month" if mo else "year", "absolute", True)

    def _h_numeric(self, m: re.Match[str], ctx: _Ctx, ext: _Ext) -> _Cand | None:
        a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
        order = str(self.data.get("numeric_date_order", "MDY")).upper()
        mo, d = (b, a) if a > 12 or (order == "DMY" and b <= 12) else (a, b)
        if not self.year_min_signalled <= y <= self.year_max or not _valid_day(y, mo, d):
            return None
        return self._date_cand(ctx, m, y, mo, d, "day", "absolute", True)

    def _h_dmy(self, m: re.Match[str], ctx: _Ctx, ext: _Ext) -> _Cand | None:
        word = m["mon"]
        if not self._month_ok(ctx, word, m.start("mon"), ext, True):
            return None
        mo = self.month_of[word.lower().rstrip(".")]
        d = int(re.match(r"\d+", m["d"]).group())
        d2 = int(re.match(r"\d+", m["d2"]).group()) if m["d2"] else None
        y = int(m["y"]) if m["y"] else None
        if y is not None and not self.year_min_signalled <= y <= self.year_max:
            return None
        if not _valid_day(y, mo, d) or (d2 is not None and (d2 <= d or not _valid_day(y, mo, d2))):
            return None
        explicit = y is not None
        if y is None:
            y = self._year_for(ctx, m.start(), m.end(), (mo, d), (mo, d2 or d))
        cand = self._date_cand(ctx, m, y, mo, d, "day", "absolute" if explicit else "published", explicit)
        if d2 is not None:
            cand.is_range = True
            cand.type = "DURATION"
            if y is not None:
                cand.value = f"P{d2 - d + 1}D"
                cand.interval = {"begin": _fmt(y, mo, d), "end": _fmt(y, mo, d2)}
        if m["tm"]:
            clock = self._parse_clock(m["tm"])
            if clock:
                cand.type, cand.granularity, cand.time = "TIME", "time", clock
                if cand.value and d2 is None:
                    cand.value = f"{cand.value}{clock}"
                elif d2 is not None:
                    cand.type, cand.granularity = "DURATION", "day"
        return cand

    def _h_my(self, m: re.Match[str], ctx: _Ctx, ext: _Ext) -> _Cand | None:
        if not self._month_ok(ctx, m["mon"], m.start("mon"), ext, True):
            return None
        y = int(m["y"])
        if not self.year_min_signalled <= y <= self.year_max:
            return None
        return self._date_cand(
            ctx, m, y, self.month_of[m["mon"].lower().rstrip(".")], None, "month", "absolute", True
        )

    def _h_yrange(self, m: re.Match[str], ctx: _Ctx, ext: _Ext) -> _Cand | None:
        a, b_text = int(m["a"]), m["b"]
        b = int(b_text)
        if len(b_text) == 2:
            if 1 <= b <= 12 and b <= a % 100 and "-" in m.group():  # "2024-05": a year-month
                return self._date_cand(ctx, m, a, b, None, "month", "absolute", True)
            b = a // 100 * 100 + b
        strong = self._strong(ext)
        if not (self.year_min_signalled if strong else self.year_min) <= a < b <= min(a + 200, self.year_max):
            return None
        if not strong and not self._year_context_ok(ctx, m.start(), m.end(), ext):
            return None
        cand = _at(m, "DURATION", "year", f"P{b - a}Y", "absolute", y=a, explicit_year=True)
        cand.interval = {"begin": str(a), "end": str(b)}
        cand.is_range = True
        return cand

    def _h_decade(self, m: re.Match[str], ctx: _Ctx, ext: _Ext) -> _Cand | None:
        if m["dec"]:
            decade = int(m["dec"])
        else:
            two = int(m["dec2"])
            decade = (1900 if two >= 30 else 2000) + two
        if not self.year_min_signalled <= decade <= self.year_max:
            return None
        return _at(m, "DATE", "decade", f"{decade // 10}X", "absolute", y=decade, explicit_year=True)

    def _h_century(self, m: re.Match[str], ctx: _Ctx, ext: _Ext) -> _Cand | None:
        n = int(m["n"]) if m["n"] else self.ordinals.get(m["w"].lower().replace(" ", "-"))
        if not n or not 1 <= n <= 22:
            return None
        return _at(m, "DATE", "century", f"{n - 1:02d}XX", "absolute", y=(n - 1) * 100)

    def _h_quarter(self, m: re.Match[str], ctx: _Ctx, ext: _Ext) -> _Cand | None:
        ordinal, unit = m["ord"].lower(), m["u"].lower()
        if ordinal == "last" and not m["the"]:
            return None  # "last quarter" is the previous quarter: the `rel` alternative
        size = 4 if unit == "quarter" else 2
        n = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}.get(
            ordinal, size
        )
        if ordinal == "latter":
            n = 2
        if n > size:
            return None
        period = f"Q{n}" if size == 4 else f"H{n}"
        granularity = "quarter" if size == 4 else "half"
        first_m, last_m = _PERIOD_MONTHS[period]
        return self._period_cand(ctx, m, m["ref"], period, granularity, first_m, last_m)

    def _ref_year(
        self, ctx: _Ctx, m: re.Match[str], ref: str | None, first_m: int, last_m: int
    ) -> tuple[int | None, str | None, bool]:
        """(year, anchor, stated) of a part of a year: "of 2020", "of this year", "of the year", none."""
        y, anchor, explicit = None, None, False
        ref_l = re.sub(r"\s+", " ", ref.lower()) if ref else None
        pub = ctx.pub
        if ref_l and ref_l.isdigit():
            y, anchor, explicit = int(ref_l), "absolute", True
        elif ref_l in ("this year", "the current year"):
            y, anchor = (pub.year, "published") if pub else (None, None)
        elif ref_l == "last year" or ref_l == "the previous year":
            y, anchor = (pub.year - 1, "published") if pub else (None, None)
        elif ref_l == "next year" or ref_l == "the following year":
            y, anchor = (pub.year + 1, "published") if pub else (None, None)
        elif ref_l in ("the same year", "that year", "the year"):
            found = self._ref(ctx, m.start(), "year", same_sentence=ref_l == "the year")
            if found is not None:
                y, anchor = found.y, "text"
        if y is None and not explicit and (ref_l in (None, "the year")):
            last_day = calendar.monthrange(2024, last_m if last_m <= 12 else last_m - 12)[1]
            y = self._year_for(ctx, m.start(), m.end(), (first_m, 1), (min(last_m, 12), last_day))
            anchor = "published" if y is not None else None
        return y, anchor, explicit

    def _period_cand(
        self,
        ctx: _Ctx,
        m: re.Match[str],
        ref: str | None,
        period: str,
        granularity: str,
        first_m: int,
        last_m: int,
    ) -> _Cand:
        """A sub-year period (Q1, H2, SU) whose year is stated, relative, or to be resolved."""
        y, anchor, explicit = self._ref_year(ctx, m, ref, first_m, last_m)
        return _at(
            m,
            "DATE",
            granularity,
            f"{y:04d}-{period}" if y is not None else None,
            anchor,
            y=y,
            period=period,
            explicit_year=explicit,
            needs_year=not explicit,
        )

    def _h_months_of(self, m: re.Match[str], ctx: _Ctx, ext: _Ext) -> _Cand | None:
        """ "the first ten months of 2015": P10M from 2015-01 to 2015-10 (a span, as the dev gold has it)."""
        n = self._parse_number(m["n"])
        if n is None or not n.is_integer() or not 1 <= n <= 12:
            return None
        first_m, last_m = (1, int(n)) if m["which"].lower() == "first" else (13 - int(n), 12)
        y, anchor, explicit = self._ref_year(ctx, m, m["ref"], first_m, last_m)
        cand = _at(m, "DURATION", "month", f"P{int(n)}M", anchor, y=y, explicit_year=explicit, is_range=True)
        if y is not None:
            cand.interval = {"begin": _fmt(y, first_m), "end": _fmt(y, last_m)}
        else:
            cand.anchor = None
        return cand

    def _h_qshort(self, m: re.Match[str], ctx: _Ctx, ext: _Ext) -> _Cand | None:
        period = (m["p"] or m["p2"]).upper()
        if not (m["p"] or m["p2"])[0].isupper() or (period[0] == "H" and period[1] not in "12"):
            return None
        ystr = m["y"] or m["y2"]
        if period[0] == "H" and not ystr:
            return None  # "H1" alone is more often a heading or a virus strain
        granularity = "quarter" if period[0] == "Q" else "half"
        first_m, last_m = _PERIOD_MONTHS[period]
        return self._period_cand(ctx, m, ystr, period, granularity, first_m, last_m)

    def _h_holiday(self, m: re.Match[str], ctx: _Ctx, ext: _Ext) -> _Cand | None:
        name = _norm(m["n"])
        if not m["n"][:1].isupper():
            return None
        y = int(m["y"]) if m["y"] else None
        explicit = y is not None
        if name in self.holidays:
            mo, d = self.holidays[name]
            if y is None:
                y = self._year_for(ctx, m.start(), m.end(), (mo, d), (mo, d))
        elif name in self.weekday_holidays:  # "Thanksgiving": the fourth Thursday of November
            mo, weekday, nth = self.weekday_holidays[name]
            if y is None and ctx.pub is not None:
                day = _nth_weekday(ctx.pub.year, mo, weekday, nth)
                y = self._year_for(ctx, m.start(), m.end(), (mo, day), (mo, day))
            if y is None:
                return _at(m, "DATE", "day", None, None, needs_year=not explicit)
            d = _nth_weekday(y, mo, weekday, nth)
        else:
            if y is None and ctx.pub is not None:
                md = self.lunar_dates.get(ctx.pub.year)
                y = self._year_for(ctx, m.start(), m.end(), md, md) if md else None
            md = self.lunar_dates.get(y) if y is not None else None
            if md is None:
                return _at(m, "DATE", "day", None, None, needs_year=not explicit)
            mo, d = md
        return self._date_cand(ctx, m, y, mo, d, "day", "absolute" if explicit else "published", explicit)

    def _h_season(self, m: re.Match[str], ctx: _Ctx, ext: _Ext) -> _Cand | None:
        word = m["s"] or m["s2"] or m["s3"] or m["s4"]
        code = self.season_of[word.lower()]
        first_m, last_m = self.season_months[code]
        if word[:1].isupper() and m["s"] and m.start("s") == m.start():
            prev = self._prev_word(ctx.text, m.start())
            if prev[:1].isupper() and prev.lower() not in _FUNCTION_WORDS:
                return None  # "the Arab Spring of 2011"
        if word[:1].isupper() and re.match(r"\s+[A-Z]", ctx.text[m.end() : m.end() + 2]):
            return None  # "the Spring Festival", "Summer Davos"
        ystr = m["y"] or m["y2"]
        if ystr:
            return _at(
                m,
                "DATE",
                "season",
                f"{ystr}-{code}",
                "absolute",
                y=int(ystr),
                period=code,
                explicit_year=True,
            )
        if word.lower() == "fall" and not m["rel"]:
            return None
        pub = ctx.pub
        rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
        if rel in ("every", "each"):
            return _at(m, "SET", "season", f"XXXX-{code}", "absolute")
        if pub is None:
            return _at(m, "DATE", "season", None, None, period=code, needs_year=True)
        now = pub.year * 12 + pub.month
        if rel in ("last", "past", "this past"):
            y = pub.year
            while y * 12 + last_m >= now:
                y -= 1
        elif rel in ("next", "coming"):
            y = pub.year - 1
            while y * 12 + first_m <= now:
                y += 1
        elif rel == "this":
            y = pub.year - 1 if code == "WI" and pub.month <= 2 else pub.year
        else:
            end_day = 28 if last_m > 12 else calendar.monthrange(2024, last_m)[1]
            y = self._year_for(ctx, m.start(), m.end(), (first_m, 1), (min(last_m, 12), end_day))
        return _at(m, "DATE", "season", f"{y}-{code}", "published", y=y, period=code, needs_year=True)

    # ----------------------------------------------------------------------- handlers: relative

    def _h_samep(self, m: re.Match[str], ctx: _Ctx, ext: _Ext) -> _Cand | None:
        found = self._ref(ctx, m.start(), "period")
        stated = int(m["y"]) if m["y"] else None
        if found is not None:
            y = stated if stated is not None else found.y - 1
            if found.period:
                value, granularity = f"{y}-{found.period}", found.granularity
            elif found.d is not None and _valid_day(y, found.m, found.d):
                value, granularity = _fmt(y, found.m, found.d), "day"
            else:
                value, granularity = _fmt(y, found.m), "month"
            return _at(m, "DATE", granularity, value, "text", y=y, m=found.m, period=found.period)
        if stated is not None:
            return _at(m, "DATE", "year", str(stated), "absolute", y=stated, explicit_year=True)
        if ctx.pub is None:
            return _at(m, "DATE", "year", None, None)
        y = ctx.pub.year - 1
        return _at(m, "DATE", "year", str(y), "published", y=y)

    def _h_earlier(self, m: re.Match[str], ctx: _Ctx, ext: _Ext) -> _Cand | None:
        word = (m["w"] or m["w2"]).lower()
        unit = (m["u"] or "day").lower()
        how = re.sub(r"\s+", " ", (m["how"] or "this").lower())
        base = ctx.pub
        anchor = "published"
        if how == "that":
            found = self._ref(ctx, m.start(), "day" if unit != "year" else "year")
            if found is None:
                return _at(m, "DATE", unit, None, None)
            base, anchor = date(found.y, found.m or 1, found.d or 1), "text"
            if unit == "year":
                return _at(m, "DATE", "year", str(found.y), "text", y=found.y)
        if base is None:
            return _at(m, "DATE", "week" if unit == "week" else unit, None, None)
        if unit == "year":
            value, first, last = str(base.year), date(base.year, 1, 1), date(base.year, 12, 31)
            cand = _at(m, "DATE", "year", value, anchor, y=base.year)
        elif unit == "month":
            value = _fmt(base.year, base.month)
            first = base.replace(day=1)
            last = base.replace(day=calendar.monthrange(base.year, base.month)[1])
            cand = _at(m, "DATE", "month", value, anchor, y=base.year, m=base.month)
        elif unit == "week":
            first = base - timedelta(days=base.weekday())
            last = first + timedelta(days=6)
            cand = _at(m, "DATE", "week", _week(base), anchor, y=base.year, period=_week(base)[5:])
        else:
            first = last = base
            cand = _at(m, "DATE", "day", base.isoformat(), anchor, y=base.year, m=base.month, d=base.day)
        if anchor == "published":
            cand.interval = (
                {"begin": first.isoformat(), "end": base.isoformat()}
                if word == "earlier"
                else {"begin": base.isoformat(), "end": last.isoformat()}
            )
        return cand

    def _h_ofthe(self, m: re.Match[str], ctx: _Ctx, ext: _Ext) -> _Cand | None:
        """ "the end of the year" is its December (as the dev gold has it), "the beginning" its January;
        "the middle of the month" keeps the month with mod MID."""
        pos = "end" if m["ye"] else (m["pos"] or "end").lower()
        unit = (m["u"] or "year").lower()
        mod = {"end": "END", "close": "END", "beginning": "START", "start": "START", "middle": "MID"}.get(pos)
        found = self._ref(ctx, m.start(), "year", same_sentence=True) if unit == "year" else None
        if found is not None and found.m is not None and not found.explicit_year:
            # "introduced in December, until the end of the year": a month stated without its year
            # names no year for "the year" to refer back to; the year is the publication's
            found = None
        pub = ctx.pub
        if unit == "year":
            if found is not None:
                y, anchor = found.y, "text"
            elif pub is not None:
                y, anchor = pub.year, "published"
            else:
                return _at(m, "DATE", "month" if pos in _YEAR_EDGE else "year", None, None, mod=mod)
            if pos in _YEAR_EDGE:
                month = _YEAR_EDGE[pos]
                return _at(m, "DATE", "month", _fmt(y, month), anchor, y=y, m=month)
            return _at(m, "DATE", "year", str(y), anchor, mod=mod, y=y)
        if pub is None:
            return _at(m, "DATE", unit, None, None, mod=mod)
        if unit == "month":
            return _at(
                m, "DATE", "month", _fmt(pub.year, pub.month), "published", mod=mod, y=pub.year, m=pub.month
            )
        return _at(m, "DATE", "week", _week(pub), "published", mod=mod, y=pub.year)

    def _h_vague(self, m: re.Match[str], ctx: _Ctx, ext: _Ext) -> _Cand | None:
        phrase = _norm(m["v"])
        kind, value = self.vague_of[phrase]
        if phrase in self.vague_pause_only and not re.match(r"\s*(?:[,.;:)!?]|$)", ctx.text[m.end() :]):
            return None  # "in future communications": an adjective, not "from now on"
        if self._vague_exclusion is not None:
            lo = max(0, m.start() - 20)
            for hit in self._vague_exclusion.finditer(ctx.text, lo, m.end() + 20):
                if hit.start() <= m.start() and m.end() <= hit.end():
                    return None  # "as soon as possible"
        anchor = "published" if ctx.pub else None
        return _at(m, kind, "vague", value, anchor)

    def _h_set(self, m: re.Match[str], ctx: _Ctx, ext: _Ext) -> _Cand | None:
        if m["w"]:
            lo, _ = ctx.sentence_span(ctx.sentence_of(m.start()))
            if m["w"][:1].isupper() and ctx.text[lo : m.start()].strip(" \"“'‘("):
                return None  # "China Daily", "the Annual Meeting": a name
            value = self.set_of[_norm(m["w"])]
            letter = value.rstrip("0123456789")[-1:]
            granularity = {"Y": "year", "M": "month", "W": "week", "D": "day"}.get(letter, "vague")
            return _at(m, "SET", granularity if "X" not in value else "vague", value, "absolute")
        unit = _unit_name(m["u"] or m["u2"])
        info = self.units.get(unit)
        if info is None:
            return None
        n = 1.0
        if m["n"]:
            parsed = self._parse_number(m["n"])
            if parsed is None:
                return None
            n = parsed
        if m["other"]:
            n *= 2
        if m["f"]:
            return _at(m, "SET", info["granularity"], self._per(m["f"], info), "absolute")
        return _at(m, "SET", info["granularity"], self._duration_value(n, info), "absolute")

    def _per(self, frequency: str, info: dict[str, Any]) -> str:
        """ "twice a year" -> P6M, "three times a week" -> P1W (not a whole number of days: kept)."""
        word = frequency.lower().split()[0]
        times = {"once": 1, "twice": 2, "thrice": 3}.get(word) or self._parse_number(word) or 1
        letter, count = info["letter"], info["count"]
        smaller = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("TH", 24)}.get(letter)
        if times > 1 and smaller and (count * smaller[1] / times).is_integer():
            return self._duration_value(count * smaller[1] / times, {"letter": smaller[0], "count": 1})
        return self._duration_value(count, {"letter": letter, "count": 1})

    def _h_ago(self, m: re.Match[str], ctx: _Ctx, ext: _Ext) -> _Cand | None:
        direction = re.sub(r"\s+", " ", m["dir"].lower())
        if direction == "time":  # "in ten years' time"
            if not m["u"].endswith(("'", "’")):
                return None
            direction = "from now"
        if direction in ("before", "after", "prior") and not re.match(
            r"\s*(?:[,.;:)!?]|$)", ctx.text[m.end() :]
        ):
            return None  # "ten years after the initiative was proposed": a duration, the event is the anchor
        unit = _unit_name(m["u"])
        info = self.units.get(unit)
        if info is None or info["letter"].startswith("T"):
            return None
        n = self._parse_number(m["n"])
        sign = -1 if direction in ("ago", "earlier", "before", "prior") else 1
        found: _Cand | None = None
        if direction in ("ago", "from now", "hence"):
            base_day, anchor = ctx.pub, "published"
            base_y, base_m = (ctx.pub.year, ctx.pub.month) if ctx.pub else (None, None)
        else:
            need = "year" if info["letter"] == "Y" else "month" if info["letter"] == "M" else "day"
            found = self._ref(ctx, m.start(), need)
            if found is None:
                return _at(m, "DATE", info["granularity"], None, None)
            anchor = "text"
            base_y, base_m = found.y, found.m
            base_day = date(found.y, found.m, found.d) if found.d is not None else None
        open_ended = None
        if direction == "ago":
            open_ended = _OPEN_AGO.search(ctx.text, max(0, m.start() - 20), m.start())
        if n is None or open_ended:
            # "more than a year ago" is any time before a year ago: no date can be given
            value = "PAST_REF" if sign < 0 else "FUTURE_REF"
            cand = _at(m, "DATE", "vague", value, anchor if base_y is not None else None)
            cand.start = open_ended.start() if open_ended else cand.start
            return cand
        if base_y is None:
            return _at(m, "DATE", info["granularity"], None, None)
        k = int(round(n * info["count"])) * sign
        letter = info["letter"]
        today = re.match(r"\s+today\b", ctx.text[m.end() :]) if direction == "ago" and ctx.pub else None
        if today and ctx.pub is not None and letter in ("Y", "M"):  # "a year ago today"
            y, mo = _add_months(ctx.pub.year, ctx.pub.month, k * (12 if letter == "Y" else 1))
            day = min(ctx.pub.day, calendar.monthrange(y, mo)[1])
            cand = _Cand(
                m.start(), m.end() + today.end(), "DATE", "day", _fmt(y, mo, day), anchor, y=y, m=mo, d=day
            )
            return cand
        if letter == "Y":
            y = base_y + k
            if anchor == "text" and found is not None and found.granularity != "year":
                shifted = self._with_year(found, y)
                if shifted.value and shifted is not found:
                    return _at(
                        m,
                        "DATE",
                        found.granularity,
                        shifted.value,
                        "text",
                        y=y,
                        m=found.m,
                        d=found.d,
                        period=found.period,
                    )
            return _at(m, "DATE", "year", str(y), anchor, y=y)
        if letter == "M":
            y, mo = _add_months(base_y, base_m, k)
            return _at(m, "DATE", "month", _fmt(y, mo), anchor, y=y, m=mo)
        if base_day is None:
            return _at(m, "DATE", info["granularity"], None, None)
        day = base_day + timedelta(days=k * (7 if letter == "W" else 1))
        if letter == "W":
            return _at(m, "DATE", "week", _week(day), anchor, y=day.year, period=_week(day)[5:])
        return _at(m, "DATE", "day", day.isoformat(), anchor, y=day.year, m=day.month, d=day.day)

    def _h_rel(self, m: re.Match[str], ctx: _Ctx, ext: _Ext) -> _Cand | None:
        rel = m["rel"].lower()
        the = bool(m["the"])
        unit_word = m["u"].lower()
        unit = "weekend" if unit_word.startswith("weekend") else _unit_name(unit_word)
        plural = re.sub(r"['’]s?$", "", unit_word).endswith("s") and unit != "weekend"  # not "year's"
        n = self._parse_number(m["n"]) if m["n"] else None
        vague_n = m["n"] is not None and n is None
        info = self.units.get(unit)
        if unit != "weekend" and info is None:
            return None
        pub = ctx.pub
        if (
            m["n"] is None
            and plural
            and rel not in ("last", "past", "next", "coming", "first", "previous", "following")
        ):
            return None
        if rel == "first":
            if m["n"] is None:
                return None
            return self._duration_cand(m, n, info, None, 0, "absolute")
        if rel in ("this", "current"):
            if m["n"] or plural:
                return None
            return self._shifted(ctx, m, unit, 0, pub, "published")
        if rel in ("that", "same"):
            if m["n"] or plural or (rel == "same" and not the):
                return None
            return self._text_shifted(ctx, m, unit, 0)
        if rel in ("following", "previous", "preceding"):
            if m["n"] or plural:
                return self._duration_cand(m, n, info, ctx, 1 if rel == "following" else -1, "published")
            shift = 1 if rel == "following" else -1
            cand = self._text_shifted(ctx, m, unit, shift)
            if cand.value is None and rel != "following":
                return self._shifted(ctx, m, unit, shift, pub, "published")
            return cand
        direction = -1 if rel in ("last", "past") else 1
        if m["n"] is not None or plural or vague_n:
            return self._duration_cand(m, n, info, ctx, direction, "published")
        # no number: a DATE ("last year", "next week") or a one-unit DURATION ("the past decade")
        duration_signal = ext.signal in self.duration_signals | _DURATION_SIGNALS  # "over the next year"
        if unit == "weekend":
            return self._shifted(ctx, m, unit, direction, pub, "published")
        if direction < 0 and (the or rel == "past"):
            return self._duration_cand(m, 1, info, ctx, -1, "published")
        if direction > 0 and the and (duration_signal or unit in ("decade", "century")):
            return self._duration_cand(m, 1, info, ctx, 1, "published")
        if direction > 0 and the and unit == "day":
            cand = self._text_shifted(ctx, m, unit, 1)
            if cand.value is not None:
                return cand
        return self._shifted(ctx, m, unit, direction, pub, "published")

    def _h_reldays(self, m: re.Match[str], ctx: _Ctx, ext: _Ext) -> _Cand | None:
        word = re.sub(r"\s+", " ", (m["w"] or "").lower())
        part = (m["part"] or m["part2"] or "").lower()
        if m["tp"]:
            offset = -1 if m["tp"].lower() == "last" and part == "night" else 0
            if m["tp"].lower() == "last" and part != "night":
                return None
        else:
            offset = {
                "the day before yesterday": -2,
                "the day after tomorrow": 2,
                "yesterday": -1,
                "today": 0,
                "tomorrow": 1,
                "tonight": 0,
                "overnight": -1,
            }[word]
            if word in ("tonight", "overnight"):
                part = "night"
            if word == "today" and self._prev_word(ctx.text, m.start()).lower() in self.present_today_after:
                return _at(m, "DATE", "vague", "PRESENT_REF", "published" if ctx.pub else None)
        if ctx.pub is None:
            return _at(m, "TIME" if part else "DATE", "time" if part else "day", None, None)
        day = ctx.pub + timedelta(days=offset)
        cand = _at(m, "DATE", "day", day.isoformat(), "published", y=day.year, m=day.month, d=day.day)
        if part:
            cand.type, cand.granularity, cand.time = "TIME", "time", f"T{self.parts_of_day[part]}"
            cand.value += cand.time
        return cand

    def _h_weekend(self, m: re.Match[str], ctx: _Ctx, ext: _Ext) -> _Cand | None:
        """ "over the weekend": the last one in a past clause, else the coming one (2012-W37-WE)."""
        if ctx.pub is None:
            return _at(m, "DATE", "week", None, None)
        on_weekend = ctx.pub.isoweekday() >= 6
        past = self._tense(ctx, m.start(), m.end()) != "future"
        day = ctx.pub - timedelta(days=7) if past and not on_weekend else ctx.pub
        return _at(
            m, "DATE", "week", f"{_week(day)}-WE", "published", y=day.year, period=_week(day)[5:] + "-WE"
        )

    def _h_relmonth(self, m: re.Match[str], ctx: _Ctx, ext: _Ext) -> _Cand | None:
        if not m["mon"][:1].isupper():
            return None
        rel = re.sub(r"\s+", " ", m["rel"].lower())
        mo = self.month_of[m["mon"].lower()]
        if rel in ("every", "each"):
            return _at(m, "SET", "month", f"XXXX-{mo:02d}", "absolute")
        pub = ctx.pub
        if pub is None:
            return _at(m, "DATE", "month", None, None, m=mo, needs_year=True)
        if rel in ("last", "past", "this past"):
            y = pub.year if mo < pub.month else pub.year - 1
        elif rel in ("next", "coming"):
            y = pub.year if mo > pub.month else pub.year + 1
        else:
            y = pub.year
        return _at(m, "DATE", "month", _fmt(y, mo), "published", y=y, m=mo, needs_year=True)

    def _h_weekday(self, m: re.Match[str], ctx: _Ctx, ext: _Ext) -> _Cand | None:
        if not m["wd"][:1].isupper():
            return None
        wd = self.weekday_of[m["wd"].lower()]
        rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
        part = (m["part"] or "").lower()
        if m["pl"] or rel in ("every", "each"):
            return _at(m, "SET", "day", f"XXXX-WXX-{wd}", "absolute")
        pub = ctx.pub
        is_time = bool(part)
        if pub is None:
            return _at(m, "TIME" if is_time else "DATE", "time" if is_time else "day", None, None)
        today = pub.isoweekday()
        if rel in ("last", "past", "this past"):
            delta = -((today - wd) % 7 or 7)
        elif rel in ("next", "coming"):
            delta = (wd - today) % 7 or 7
        elif rel == "this":
            delta = wd - today
        elif ext.signal in _DEADLINE_SIGNALS or self._weekday_tense(ctx, m, ext) == "future":
            delta = (wd - today) % 7  # a weekday deadline is ahead: "unless Beijing withdrew them by Tuesday"
        else:
            delta = -((today - wd) % 7)
        day = pub + timedelta(days=delta)
        cand = _at(m, "DATE", "day", day.isoformat(), "published", y=day.year, m=day.month, d=day.day)
        if is_time:
            cand.type, cand.granularity, cand.time = "TIME", "time", f"T{self.parts_of_day[part]}"
            cand.value += cand.time
        return cand

    def _weekday_tense(self, ctx: _Ctx, m: re.Match[str], ext: _Ext) -> str | None:
        """What is set "for Monday" lies ahead ("called a strike for Monday"); "said on Saturday it
        would ..." dates the saying, whatever the parse attached it to; else the clause's tense."""
        previous = self._prev_word(ctx.text, ext.start).lower()
        set_for = ext.signal == "for" or self._prev_word(ctx.text, m.start()).lower() == "for"
        if set_for and not re.match(r"['’]s\b", ctx.text[m.end() :]):
            return "future"
        if ext.signal == "on" and previous in _REPORTING_PAST:
            return "past"
        return self._tense(ctx, m.start(), m.end())

    def _h_month(self, m: re.Match[str], ctx: _Ctx, ext: _Ext) -> _Cand | None:
        if not self._month_ok(ctx, m["mon"], m.start("mon"), ext, False):
            return None
        mo = self.month_of[m["mon"].lower()]
        last = calendar.monthrange(2024, mo)[1]
        y = self._year_for(ctx, m.start(), m.end(), (mo, 1), (mo, last))
        return _at(
            m,
            "DATE",
            "month",
            _fmt(y, mo) if y else None,
            "published" if y else None,
            y=y,
            m=mo,
            needs_year=True,
        )

    def _h_time(self, m: re.Match[str], ctx: _Ctx, ext: _Ext) -> _Cand | None:
        if m["noon"]:
            clock = "T12:00" if m["noon"].lower() == "noon" else "T00:00"
        else:
            clock = self._parse_clock(m.group())
            if clock is None:
                return None
        return _at(m, "TIME", "time", None, None, time=clock)

    def _h_duration(self, m: re.Match[str], ctx: _Ctx, ext: _Ext) -> _Cand | None:
        unit = _unit_name(m["u"])
        info = self.units.get(unit)
        if info is None:
            return None
        n = self._parse_number(m["n"])
        if m["n"].lower() in ("a", "an") and self._is_rate(ctx.text, m.start()):
            return _at(m, "SET", info["granularity"], self._duration_value(1, info), "absolute")
        return self._duration_cand(m, n, info, None, 0, "absolute")

    def _h_compound(self, m: re.Match[str], ctx: _Ctx, ext: _Ext) -> _Cand | None:
        """ "a 99-year lease", "a two-day visit": a duration; "the Five-Year Plan" is a name."""
        if m["u"][:1].isupper() or m["n"].lower() in ("a", "an", "half a"):
            return None
        info = self.units.get(m["u"].lower())
        n = self._parse_number(m["n"])
        if info is None or n is None:
            return None
        return self._duration_cand(m, n, info, None, 0, "absolute")

    def _h_bare(self, m: re.Match[str], ctx: _Ctx, ext: _Ext) -> _Cand | None:
        """ "after months of protests", "for weeks": an unstated number of units (PXM, PXW)."""
        if not m["u"].islower() or ext.signal not in _BARE_SIGNALS or ext.modifier is not None:
            return None
        if not re.match(r"\s*(?:of\b|[,.;:)!?]|$)", ctx.text[m.end() :]):
            return None
        info = self.units.get(_unit_name(m["u"]))
        return self._duration_cand(m, None, info, None, 0, "absolute") if info else None

    def _is_rate(self, text: str, start: int) -> bool:
        """ "5 percent a year", "38 billion cubic metres a year": a frequency, not a duration."""
        prev = self._prev_word(text, start).lower()
        if prev in ("percent", "%", "times", "once", "twice", "cent") or prev[-1:].isdigit():
            return True
        return prev.endswith("s") and len(prev) > 3 and prev.isalpha() and prev not in self.year_followers

    def _h_year(self, m: re.Match[str], ctx: _Ctx, ext: _Ext) -> _Cand | None:
        y = int(m["y"])
        strong = self._strong(ext)
        if not (self.year_min_signalled if strong else self.year_min) <= y <= self.year_max:
            return None
        if m.start() > 0 and ctx.text[m.start() - 1] == "-" and ext.modifier is None:
            return None  # "COVID-2019", "S-2000"
        if not self._year_context_ok(ctx, m.start(), m.end(), ext):
            return None
        return _at(m, "DATE", "year", str(y), "absolute", y=y, explicit_year=True)

    def _strong(self, ext: _Ext) -> bool:
        """A date signal or a non-approximate modifier: "in 2020", "mid-2020", but not "about 2000"."""
        if (ext.signal or "") in self.strong_signals:
            return True
        return ext.modifier is not None and self.modifier_of.get(ext.modifier) != "APPROX"

    def _year_context_ok(self, ctx: _Ctx, start: int, end: int, ext: _Ext) -> bool:
        """Is this four-digit number a year, not a count or a name ("2000 troops", "Resolution 2231")?"""
        text = ctx.text
        strong = self._strong(ext)
        prev = self._prev_word(text, ext.start if ext.signal or ext.modifier else start)
        if prev in self.number_prefixes and not (ext.signal or ext.modifier):
            return False
        following = re.match(r"\s*([A-Za-z%]+(?:\s+cent)?)", text[end : end + 30])
        if following and following.group(1).lower() in self.year_followers:
            return True  # "2005 levels", "2020 elections"
        if following:
            word = following.group(1)
            lower = word.lower()
            if word in self.year_name_suffixes:
                return False  # "the 2030 Agenda": a name
            if lower in self.count_units and not (strong and lower not in ("%", "percent", "per cent")):
                return False
            if (
                not strong
                and word.islower()
                and lower.endswith("s")
                and not lower.endswith(("ss", "us", "is"))
                and len(lower) > 3
                and lower not in self.year_followers
            ):
                return False
        if ctx.doc is not None and not strong:
            span = ctx.doc.char_span(start, end)
            if span is not None and len(span) == 1:
                token = span[0]
                sentence_start = ctx.starts and start == ctx.sentence_span(ctx.sentence_of(start))[0]
                if token.ent_type_ in _COUNT_ENTS and not sentence_start:
                    return False
                if token.dep_ == "nummod" and token.head.tag_ == "NNS":
                    return False
        return True

    # ----------------------------------------------------------------------- relative arithmetic

    def _shifted(
        self, ctx: _Ctx, m: re.Match[str], unit: str, k: int, base: date | None, anchor: str
    ) -> _Cand:
        """A DATE `k` units from `base` at the unit's granularity ("last year", "next week")."""
        granularity = {"weekend": "week"}.get(unit, (self.units.get(unit) or {}).get("granularity", unit))
        if base is None or unit in ("hour", "minute"):
            return _at(m, "DATE", granularity, None, None)
        if unit == "year":
            y = base.year + k
            return _at(m, "DATE", "year", str(y), anchor, y=y)
        if unit == "month":
            y, mo = _add_months(base.year, base.month, k)
            return _at(m, "DATE", "month", _fmt(y, mo), anchor, y=y, m=mo)
        if unit == "quarter":
            y, mo = _add_months(base.year, (base.month - 1) // 3 * 3 + 1, 3 * k)
            period = f"Q{(mo - 1) // 3 + 1}"
            return _at(m, "DATE", "quarter", f"{y}-{period}", anchor, y=y, period=period)
        if unit in ("week", "fortnight", "weekend"):
            day = base + timedelta(days=7 * k)
            value = _week(day) + ("-WE" if unit == "weekend" else "")
            return _at(m, "DATE", "week", value, anchor, y=day.year, period=_week(day)[5:])
        if unit == "day":
            day = base + timedelta(days=k)
            return _at(m, "DATE", "day", day.isoformat(), anchor, y=day.year, m=day.month, d=day.day)
        if unit == "decade":
            decade = base.year // 10 + k
            return _at(m, "DATE", "decade", f"{decade}X", anchor, y=decade * 10)
        if unit == "century":
            century = base.year // 100 + k
            return _at(m, "DATE", "century", f"{century:02d}XX", anchor, y=century * 100)
        return _at(m, "DATE", granularity, None, None)

    def _text_shifted(self, ctx: _Ctx, m: re.Match[str], unit: str, k: int) -> _Cand:
        """ "the following year", "that day", "the same month": relative to a date stated nearby."""
        need = {
            "year": "year",
            "decade": "year",
            "century": "year",
            "month": "month",
            "quarter": "month",
        }.get(unit, "day")
        found = self._ref(ctx, m.start(), need)
        if found is None:
            granularity = (self.units.get(unit) or {}).get("granularity", "week")
            return _at(m, "DATE", granularity, None, None)
        base = date(found.y, found.m or 1, found.d or 1)
        cand = self._shifted(ctx, m, unit, k, base, "text")
        return cand

    def _duration_value(self, n: float | None, info: dict[str, Any], unit: str | None = None) -> str:
        letter = info["letter"]
        if n is None:
            vague = self.vague_units.get(unit or "", letter)
            return f"PTX{vague[1:]}" if vague.startswith("T") else f"PX{vague}"
        total = n * info["count"]
        if total != int(total) and letter == "Y" and (total * 12).is_integer():
            total, letter = total * 12, "M"
        amount = str(int(total)) if float(total).is_integer() else f"{total:g}"
        return f"PT{amount}{letter[1:]}" if letter.startswith("T") else f"P{amount}{letter}"

    def _duration_cand(
        self,
        m: re.Match[str],
        n: float | None,
        info: dict[str, Any] | None,
        ctx: _Ctx | None,
        direction: int,
        anchor: str | None,
    ) -> _Cand | None:
        """A DURATION; anchored to the publication date ("the past five years") when `direction`."""
        if info is None:
            return None
        unit = _unit_name(m["u"])
        value = self._duration_value(n, info, unit)
        granularity = "vague" if n is None else info["granularity"]
        cand = _at(m, "DURATION", granularity, value, anchor)
        if ctx is None or direction == 0:
            cand.anchor = "absolute" if anchor == "absolute" else None
            return cand
        pub = ctx.pub
        if pub is None:
            cand.anchor = None
            return cand
        if n is None:
            return cand
        k = int(round(n * info["count"]))
        letter = info["letter"]
        if letter == "Y":
            begin, end = (
                str(pub.year - k if direction < 0 else pub.year),
                str(pub.year if direction < 0 else pub.year + k),
            )
        elif letter == "M":
            y, mo = _add_months(pub.year, pub.month, k * direction)
            other, now = _fmt(y, mo), _fmt(pub.year, pub.month)
            begin, end = (other, now) if direction < 0 else (now, other)
        elif letter in ("W", "D"):
            days = k * (7 if letter == "W" else 1)
            other = (pub + timedelta(days=days * direction)).isoformat()
            begin, end = (other, pub.isoformat()) if direction < 0 else (pub.isoformat(), other)
        else:
            return cand
        cand.interval = {"begin": begin, "end": end}
        return cand

    def _parse_number(self, text: str) -> float | None:
        """Number in digits or words; None for vague ones ("several", "a few")."""
        t = re.sub(r"\s+", " ", text.lower().strip())
        if t in self.vague_numbers:
            return None
        digits = t.replace(",", "")
        if re.fullmatch(r"\d+(?:\.\d+)?", digits):
            return float(digits)
        if t in self.numbers:
            return self.numbers[t]
        if "-" in t:
            parts = t.split("-")
            if all(p in self.numbers for p in parts):
                return sum(self.numbers[p] for p in parts)
        return None

    def _parse_clock(self, text: str) -> str | None:
        m = self._clock.search(text)
        if m is None:
            return None
        h = int(m["h"])
        mi = int(m["mi"]) if m["mi"] else 0
        ap = (m["ap"] or "").lower().replace(".", "")
        if ap == "pm" and h < 12:
            h += 12
        elif ap == "am" and h == 12:
            h = 0
        if ap == "" and m["mi"] is None:
            return None
        return f"T{h:02d}:{mi:02d}"

    # ----------------------------------------------------------------------- second pass

    def _merge(self, ctx: _Ctx) -> list[_Cand]:
        """Ranges ("from 2013 to 2023", "between March and May 2020") and day + clock time."""
        text = ctx.text
        out: list[_Cand] = []
        for cand in ctx.cands:
            if out:
                prev = out[-1]
                gap = text[prev.end : cand.core_start]
                merged = (
                    self._merge_range(ctx, prev, cand, gap)
                    or self._merge_time(prev, cand, gap, text)
                    or self._merge_yearly(prev, cand, gap)
                )
                if merged is not None:
                    out[-1] = merged
                    continue
            out.append(cand)
        return out

    def _merge_range(self, ctx: _Ctx, a: _Cand, b: _Cand, gap: str) -> _Cand | None:
        if a.type != "DATE" or b.type != "DATE" or a.is_range or b.is_range or a.sentence != b.sentence:
            return None
        if a.kind in _POINT_KINDS or b.kind in _POINT_KINDS:
            return None  # "from Wednesday to Friday": two days, as the dev gold has them
        if (
            a.granularity == "vague"
            or b.granularity == "vague"
            or a.mod
            or a.signal not in (None, "from", "between")
        ):
            return None
        joiner = gap.strip().lower()
        dash = joiner in ("-", "–", "—")
        if not (
            (a.signal == "between" and joiner == "and")
            or (a.signal == "from" and joiner in ("to", "until", "till", "through", "-", "–", "—"))
            or (
                a.signal is None
                and (dash or joiner in ("to", "through"))
                and b.signal in (None, "until", "till")
            )
        ):
            return None
        if joiner == "" or (a.signal is None and not dash and a.granularity != b.granularity):
            return None
        if a.needs_year and b.explicit_year and b.y is not None:
            a = self._with_year(a, b.y)
        range_type = "DURATION"
        if a.value is None or b.value is None:
            value, interval = None, None
        else:
            value, interval = _span_length(a.value, b.value), {"begin": a.value, "end": b.value}
            if value is None:  # mixed precisions ("2019 to March 2021"): an ISO interval
                range_type, value = "DATE", f"{a.value}/{b.value}"
        anchor = "absolute" if a.anchor == b.anchor == "absolute" else (b.anchor if value else None)
        merged = _Cand(
            a.start,
            b.end,
            range_type,
            a.granularity,
            value,
            anchor,
            interval=interval,
            sentence=a.sentence,
            core_start=a.core_start,
            signal=a.signal,
            y=a.y,
            explicit_year=a.explicit_year,
            is_range=True,
        )
        if b.mod == "AFTER" and b.signal is None:
            merged.mod = "AFTER"
        return merged

    def _merge_yearly(self, a: _Cand, b: _Cand, gap: str) -> _Cand | None:
        """ "on October 1 each year": a yearly SET on that day."""
        if gap.strip() or b.type != "SET" or b.value != "P1Y" or b.signal is not None:
            return None
        if a.type != "DATE" or a.explicit_year or not a.needs_year or a.m is None or a.is_range or a.period:
            return None
        value = f"XXXX-{a.m:02d}" + (f"-{a.d:02d}" if a.d is not None else "")
        return _Cand(
            a.start,
            b.end,
            "SET",
            a.granularity,
            value,
            "absolute",
            sentence=a.sentence,
            core_start=a.core_start,
            signal=a.signal,
        )

    def _with_year(self, cand: _Cand, y: int) -> _Cand:
        """A month/day/period stated without a year, given the year of the range's other end."""
        if cand.period:
            value = f"{y}-{cand.period}"
        elif cand.m is not None:
            if cand.d is not None and not _valid_day(y, cand.m, cand.d):
                return cand
            value = _fmt(y, cand.m, cand.d)
        else:
            return cand
        return _Cand(
            cand.start,
            cand.end,
            cand.type,
            cand.granularity,
            value,
            "absolute",
            mod=cand.mod,
            sentence=cand.sentence,
            core_start=cand.core_start,
            signal=cand.signal,
            y=y,
            m=cand.m,
            d=cand.d,
            period=cand.period,
            explicit_year=True,
        )

    def _merge_time(self, a: _Cand, b: _Cand, gap: str, text: str) -> _Cand | None:
        """ "on Monday at 3 p.m." / "at 3 p.m. on Monday": one TIME."""
        if a.sentence != b.sentence or gap.strip(" ,") not in ("", "at", "on"):
            return None
        if (
            a.type == "DATE"
            and a.granularity == "day"
            and b.type == "TIME"
            and b.d is None
            and not a.is_range
        ):
            day, clock = a, b
        elif (
            a.type == "TIME"
            and a.d is None
            and b.type == "DATE"
            and b.granularity == "day"
            and not b.is_range
        ):
            day, clock = b, a
        else:
            return None
        value = f"{day.value}{clock.time}" if day.value else None
        return _Cand(
            a.start,
            b.end,
            "TIME",
            "time",
            value,
            day.anchor if value else None,
            mod=a.mod or b.mod,
            sentence=a.sentence,
            core_start=a.core_start,
            signal=a.signal,
            y=day.y,
            m=day.m,
            d=day.d,
            explicit_year=day.explicit_year,
            time=clock.time,
        )

    def _place_times(self, ctx: _Ctx, cands: list[_Cand]) -> None:
        """A clock time alone takes the day stated in its sentence, else the publication date."""
        for i, cand in enumerate(cands):
            if cand.type != "TIME" or cand.value is not None or cand.d is not None or cand.time is None:
                continue
            day = next(
                (
                    c
                    for c in reversed(cands[:i])
                    if c.sentence == cand.sentence
                    and c.type == "DATE"
                    and c.granularity == "day"
                    and c.value
                    and not c.is_range
                ),
                None,
            )
            if day is not None:
                cand.value, cand.anchor = f"{day.value}{cand.time}", "text"
            elif ctx.pub is not None:
                cand.value, cand.anchor = f"{ctx.pub.isoformat()}{cand.time}", "published"

    def _as_dict(self, cand: _Cand, text: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "text": text[cand.start : cand.end],
            "value": cand.value,
            "type": cand.type,
            "granularity": cand.granularity,
            "anchor": cand.anchor if cand.value is not None else None,
        }
        if cand.mod:
            out["mod"] = cand.mod
        if cand.interval:
            out["begin"] = cand.interval["begin"]
            out["end_value"] = cand.interval["end"]
        out.update({"sentence": cand.sentence, "start": cand.start, "end": cand.end})
        return out


# Not inside a word; Chinese characters count as a boundary ("于2023年3月7日").
_WORD_START = r"(?<![^\W\u3000-\u9fff])"
# Letter runs and digit runs separately, so "于2023年" yields the digits.
_TOKEN = re.compile(r"[^\W\d_]+|\d+|['’](?=\d)")
# Grammar words that open an alternative (the vocabulary's own words are added from temporal.yaml).
_GRAMMAR_OPENERS = frozenset(
    re.findall(
        r"[a-z]+",
        """
        the every each last next this that past previous coming following preceding current same first
        second third fourth final latter in during over throughout earlier later end beginning start
        middle close rest remainder year once twice thrice yesterday today tomorrow tonight overnight
        noon midnight
        """,
    )
)
# Modal verbs: what they qualify has not happened yet (lower-case only: "in May" is a month).
_MODALS = frozenset({"could", "might", "may", "should", "must", "can"})
_MODAL = re.compile(r"\b(?:could|might|may|should|must|can)\b")
_MODAL_PERFECT = re.compile(r"\b(?:could|might|may|should|must|would)\s+(?:not\s+)?have\b", re.IGNORECASE)
# Relative days stay separate points in a range ("from Wednesday to Friday").
# "the end of the year" is its December, "the beginning of 2020" its January (dev gold).
_YEAR_EDGE = {"end": 12, "close": 12, "beginning": 1, "start": 1}
_REPORTING = frozenset(
    {"said", "says", "told", "announced", "added", "noted", "stated", "reported", "confirmed"}
)
_OPEN_AGO = re.compile(r"\b(?:more\s+than|over|longer\s+than|upwards\s+of)\s+$", re.IGNORECASE)
_REPORTING_PAST = frozenset(
    {"said", "told", "announced", "added", "noted", "stated", "reported", "confirmed"}
)
_BARE_SIGNALS = frozenset({"after", "for", "over", "within", "in", "during", "throughout"})
_DEADLINE_SIGNALS = frozenset({"by", "until", "till", "no later than", "not later than"})
_POINT_KINDS = frozenset({"weekday", "reldays"})
_DURATION_SIGNALS = frozenset({"in", "within", "during", "throughout"})
_FUNCTION_WORDS = frozenset(
    {
        "the",
        "a",
        "an",
        "this",
        "that",
        "last",
        "next",
        "every",
        "each",
        "in",
        "on",
        "since",
        "by",
        "until",
        "from",
        "of",
        "for",
        "early",
        "late",
        "mid",
        "during",
        "before",
        "after",
        "and",
        "or",
        "between",
        "published:",
        "published",
        "updated",
        "updated:",
        "date:",
        "dated",
    }
)


def _norm(phrase: str) -> str:
    return re.sub(r"\s+", " ", phrase.lower().replace("’", "'")).strip()


def _plural(word: str) -> str:
    return word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s"


def _plural_alt(word: str) -> str:
    plural = _plural(word)
    return re.escape(plural) + "|" + re.escape(word)


@lru_cache(maxsize=8)
def _load_cached(path: str) -> DateExtractor:
    with open(path, encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    return DateExtractor(data)


# --------------------------------------------------------------------------- spaCy + consumers


class DatesComponent:
    """Sets `doc._.dates` (contract dicts); reads `doc._.published` (a date, or None: no guessing)."""

    def __init__(self, extractor: DateExtractor) -> None:
        self.extractor = extractor

    def __call__(self, doc: Doc) -> Doc:
        published = doc._.published if isinstance(doc._.published, date) else None
        starts = [sent.start_char for sent in doc.sents] if doc.has_annotation("SENT_START") else [0]
        doc._.dates = self.extractor.extract(doc_text(doc), published, starts, doc=doc)
        return doc


def resolve_event_date(
    dates: list[dict[str, Any]], start: int, end: int, sentence: int, doc: Doc | None = None
) -> str | None:
    """The date an event or claim at [start, end) in `sentence` refers to, or None.

    So that events get the date they refer to, not the publication date. Candidates are the
    DATE/TIME expressions of the same sentence with a concrete value (not PRESENT_REF & co); when
    there is none, a period with known bounds ("on May 18-19, 2023", "over the past decade") gives
    its ISO interval "2023-05-18/2023-05-19". With a parsed Doc, a date attached to the span's own
    verb wins ("In 2020, China pledged" for the pledge; "by 2060" for "reach carbon neutrality by
    2060"); then dates inside the span, the earliest first; then the nearest by characters (ties
    go to the date after the span).
    """
    same = [d for d in dates if d.get("sentence") == sentence and d.get("value")]
    candidates = [
        d for d in same if d.get("type") in ("DATE", "TIME") and not str(d["value"]).endswith("_REF")
    ]
    if not candidates:
        candidates = [
            {**d, "value": f"{d['begin']}/{d['end_value']}"}
            for d in same
            if d.get("begin") and d.get("end_value")
        ]
    if not candidates:
        return None
    if doc is not None and len(candidates) > 1:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            verb = _governing_verb(span.root)
            attached = [d for d in candidates if _attached_verb(doc, d) is verb and verb is not None]
            if attached:
                candidates = attached

    def distance(d: dict[str, Any]) -> tuple[int, int]:
        if d["start"] >= start and d["end"] <= end:
            return 0, d["start"]
        if d["start"] >= end:
            return 1, 2 * (d["start"] - end)
        return 1, 2 * (start - d["end"]) + 1

    return min(candidates, key=distance)["value"]


def _governing_verb(token: Any) -> Any:
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
            return token
        if token.head is token:
            return None
        token = token.head
    return None


def _attached_verb(doc: Doc, expression: dict[str, Any]) -> Any:
    span = doc.char_span(expression["start"], expression["end"], alignment_mode="expand")
    return _governing_verb(span.root) if span is not None and len(span) else None
