"""Temporal expressions: finding them, telling them from numbers and words that are not dates, and
normalising them TIMEX3-style against the publication date (communique.annotators.dates)."""

from __future__ import annotations

import re
import time
from datetime import date

import pytest

from communique.annotators.dates import DateExtractor, DatesComponent, resolve_event_date


@pytest.fixture(scope="module")
def extractor() -> DateExtractor:
    return DateExtractor.load()


def starts_of(text: str) -> list[int]:
    """Sentence starts for the tests: after . ! ? and a space, before a capital or digit."""
    return [0] + [m.end() for m in re.finditer(r"[.!?]\s+(?=[A-Z0-9\"“])", text)]


def extract(extractor: DateExtractor, text: str, published: str | None, doc=None) -> list[dict]:  # noqa: ANN001
    pub = date.fromisoformat(published) if published else None
    starts = [s.start_char for s in doc.sents] if doc is not None else starts_of(text)
    return extractor.extract(text, pub, starts, doc=doc)


# (published, text, expected); an expected item is (text, type, value) or (text, type, value, {field: value})
CASES = [
    # --- absolute dates, all the ways they are written
    (
        "2024-01-08",
        "Published: January 8, 2024",
        [("January 8, 2024", "DATE", "2024-01-08", {"anchor": "absolute"})],
    ),
    (
        "2024-01-08",
        "Published: January 8, 2024 at 9:11 pm EST",
        [("January 8, 2024 at 9:11 pm EST", "TIME", "2024-01-08T21:11", {"granularity": "time"})],
    ),
    ("2023-03-14", "Published on 14th March 2023", [("on 14th March 2023", "DATE", "2023-03-14")]),
    ("2023-03-14", "The talks ended on 7 March 2023.", [("on 7 March 2023", "DATE", "2023-03-07")]),
    ("2023-03-14", "Statement dated 2023-03-07 by the ministry.", [("2023-03-07", "DATE", "2023-03-07")]),
    (
        "2023-03-14",
        "会议于2023年3月7日举行",
        [("2023年3月7日", "DATE", "2023-03-07", {"granularity": "day"})],
    ),
    (
        "2024-05-15",
        "Wed, 15 May 2024 10:00 GMT",
        [("Wed, 15 May 2024 10:00 GMT", "TIME", "2024-05-15T10:00")],
    ),
    (
        "2019-10-01",
        "It was founded on the 1st of October, 1949.",
        [("on the 1st of October, 1949", "DATE", "1949-10-01")],
    ),
    (
        "2024-09-23",
        "NEW YORK, Sept. 22, 2024 (Wire) -- Leaders met.",
        [("Sept. 22, 2024", "DATE", "2024-09-22")],
    ),
    (
        "2023-03-20",
        "The Council adopted it in July 2015.",
        [("in July 2015", "DATE", "2015-07", {"granularity": "month"})],
    ),
    ("2023-03-20", "Filed on 13/03/2023 in Geneva.", [("on 13/03/2023", "DATE", "2023-03-13")]),
    (
        "2023-03-20",
        "Retrieved 2024-05-13T10:30 from the site.",
        [("2024-05-13T10:30", "TIME", "2024-05-13T10:30")],
    ),
    ("2023-03-20", "The May 2020 agreement still holds.", [("May 2020", "DATE", "2020-05")]),
    # --- years, and numbers that are not years
    (
        "2023-03-14",
        "In 2020, China pledged to reach carbon neutrality by 2060 and to peak its carbon emissions before "
        "2030.",
        [
            ("In 2020", "DATE", "2020", {"granularity": "year", "anchor": "absolute"}),
            ("by 2060", "DATE", "2060", {"mod": "BEFORE"}),
            ("before 2030", "DATE", "2030", {"mod": "BEFORE"}),
        ],
    ),
    ("2021-01-20", "2020 is a very unusual year.", [("2020", "DATE", "2020")]),
    ("2021-01-20", "China provided more than 200 billion masks to over 150 countries.", []),
    ("2021-01-20", "The G20 discussed COVID-19 and the 1.5 degrees target.", []),
    ("2021-01-20", "Some 2,000 people and 2000 troops took part.", []),
    ("2021-01-20", "About 2000 people attended; nearly 1500 volunteers helped.", []),
    ("2021-01-20", "Resolution 2231 and Agenda 2030 were cited, as was the 2030 Agenda.", []),
    ("2021-01-20", "The pipeline is 2030 km long and cost $2020 million.", []),
    (
        "2021-01-20",
        "Emissions should peak around 2030.",
        [("around 2030", "DATE", "2030", {"mod": "APPROX"})],
    ),
    (
        "2021-01-20",
        "The Peace of Westphalia was signed in 1648; 1840 was bad.",
        [("in 1648", "DATE", "1648")],
    ),
    ("2021-01-20", "It covers the 14th Five-Year Plan.", []),
    (
        "2019-05-02",
        "The port went on a 99-year lease; a two-day visit.",
        [("99-year", "DURATION", "P99Y"), ("two-day", "DURATION", "P2D")],
    ),
    # --- month names that are not months, and months without a year
    ("2023-06-30", "China may respond with countermeasures.", []),
    ("2023-06-30", "The long march continues.", []),
    ("2023-06-30", "Former Prime Minister Theresa May visited Beijing.", []),
    ("2023-06-30", "The Long March 5 rocket lifted off.", []),
    (
        "2024-05-15",
        "In March, the leaders met in Paris.",
        [("In March", "DATE", "2024-03", {"anchor": "published"})],
    ),
    ("2024-05-15", "In September, China held a forum.", [("In September", "DATE", "2023-09")]),
    ("2024-05-15", "China will host a forum in March.", [("in March", "DATE", "2025-03")]),
    ("2024-05-15", "The forum is in September.", [("in September", "DATE", "2024-09")]),
    (
        "2024-05-15",
        "Prices have risen since January.",
        [("since January", "DATE", "2024-01", {"mod": "AFTER"})],
    ),
    (
        "2024-05-15",
        "They met last May and will meet next March.",
        [("last May", "DATE", "2023-05"), ("next March", "DATE", "2025-03")],
    ),
    (
        "2023-03-14",
        "It was held in Beijing, March 7, 2023, as planned.",
        [("March 7, 2023", "DATE", "2023-03-07")],
    ),
    # --- weekdays: past by default, future when the clause is
    (
        "2024-05-15",
        "Wang Yi met his Kenyan counterpart in Beijing on Monday.",
        [("on Monday", "DATE", "2024-05-13")],
    ),
    (
        "2024-05-15",
        "Wang Yi will meet his Kenyan counterpart on Monday.",
        [("on Monday", "DATE", "2024-05-20")],
    ),
    ("2024-05-15", "The summit is to be held on Friday.", [("on Friday", "DATE", "2024-05-17")]),
    ("2024-05-13", "The ministers met on Monday.", [("on Monday", "DATE", "2024-05-13")]),
    (
        "2024-05-15",
        "Talks began last Tuesday; the next round is next Tuesday, and a vote this Friday.",
        [
            ("last Tuesday", "DATE", "2024-05-14"),
            ("next Tuesday", "DATE", "2024-05-21"),
            ("this Friday", "DATE", "2024-05-17"),
        ],
    ),
    ("2024-05-15", "They spoke on Monday morning.", [("on Monday morning", "TIME", "2024-05-13TMO")]),
    (
        "2024-05-15",
        "They meet every Monday and on Fridays.",
        [("every Monday", "SET", "XXXX-WXX-1"), ("on Fridays", "SET", "XXXX-WXX-5")],
    ),
    # --- relative to the publication date
    (
        "2022-01-10",
        "Yesterday the ministers signed, today they met, and tomorrow they leave.",
        [
            ("Yesterday", "DATE", "2022-01-09"),
            ("today", "DATE", "2022-01-10"),
            ("tomorrow", "DATE", "2022-01-11"),
        ],
    ),
    (
        "2024-05-14",
        "Trade fell last year and rose this month. Talks resume next week.",
        [("last year", "DATE", "2023"), ("this month", "DATE", "2024-05"), ("next week", "DATE", "2024-W21")],
    ),
    (
        "2024-01-08",
        "This year marks the 45th anniversary of relations.",
        [("This year", "DATE", "2024", {"anchor": "published"})],
    ),
    (
        "2022-11-20",
        "Xi attended the G20 summit in Bali last week.",
        [("last week", "DATE", "2022-W45", {"granularity": "week"})],
    ),
    ("2023-12-20", "The ministers will meet again next month.", [("next month", "DATE", "2024-01")]),
    (
        "2024-05-15",
        "Growth slowed last quarter.",
        [("last quarter", "DATE", "2024-Q1", {"granularity": "quarter"})],
    ),
    (
        "2024-05-15",
        "Earlier this year the two sides met.",
        [("Earlier this year", "DATE", "2024", {"begin": "2024-01-01", "end_value": "2024-05-15"})],
    ),
    ("2024-05-15", "A decision is due later this month.", [("later this month", "DATE", "2024-05")]),
    (
        "2021-07-01",
        "The party was founded 100 years ago; the law passed two weeks ago and a decade ago it was "
        "unthinkable.",
        [
            ("100 years ago", "DATE", "1921"),
            ("two weeks ago", "DATE", "2021-W24"),
            ("a decade ago", "DATE", "2011"),
        ],
    ),
    ("2020-06-01", "In 10 years' time China will be different.", [("In 10 years' time", "DATE", "2030")]),
    ("2023-02-24", "A year ago today, Russia invaded Ukraine.", [("A year ago today", "DATE", "2022-02-24")]),
    ("2023-09-08", "Leaders gather in New Delhi this weekend.", [("this weekend", "DATE", "2023-W36-WE")]),
    (
        "2021-04-22",
        "Exports surged last summer, dipped this winter and may recover next spring.",
        [
            ("last summer", "DATE", "2020-SU"),
            ("this winter", "DATE", "2021-WI"),
            ("next spring", "DATE", "2022-SP"),
        ],
    ),
    # --- durations
    (
        "2021-03-01",
        "Over the past decade, trade has doubled.",
        [
            (
                "Over the past decade",
                "DURATION",
                "P10Y",
                {"begin": "2011", "end_value": "2021", "anchor": "published"},
            )
        ],
    ),
    (
        "2024-01-08",
        "In the past five years, China built 50 ports.",
        [
            (
                "In the past five years",
                "DURATION",
                "P5Y",
                {"begin": "2019", "end_value": "2024", "granularity": "year"},
            )
        ],
    ),
    (
        "2021-06-30",
        "Over the next five years, China will train 10,000 people.",
        [("Over the next five years", "DURATION", "P5Y", {"begin": "2021", "end_value": "2026"})],
    ),
    (
        "2021-06-30",
        "He served for five years.",
        [("for five years", "DURATION", "P5Y", {"anchor": "absolute"})],
    ),
    (
        "2020-06-01",
        "Imports fell over the past three months and the past two weeks.",
        [
            (
                "over the past three months",
                "DURATION",
                "P3M",
                {"begin": "2020-03", "end_value": "2020-06"},
            ),
            (
                "the past two weeks",
                "DURATION",
                "P2W",
                {"begin": "2020-05-18", "end_value": "2020-06-01"},
            ),
        ],
    ),
    (
        "2020-06-01",
        "The office is open 24 hours.",
        [("24 hours", "DURATION", "PT24H", {"granularity": "time"})],
    ),
    (
        "2020-06-01",
        "Half a century and 5,000 years of history.",
        [("Half a century", "DURATION", "P50Y"), ("5,000 years", "DURATION", "P5000Y")],
    ),
    ("2020-11-16", "The RCEP was signed after eight years of talks.", [("eight years", "DURATION", "P8Y")]),
    (
        "2023-03-14",
        "The world faces changes unseen in a century.",
        [("in a century", "DURATION", "P100Y", {"granularity": "century"})],
    ),
    (
        "2020-06-01",
        "Several years of work remain.",
        [("Several years", "DURATION", "PXY", {"granularity": "vague"})],
    ),
    # --- vague expressions
    (
        "2023-03-14",
        "Recently, the minister spoke.",
        [("Recently", "DATE", "PAST_REF", {"granularity": "vague"})],
    ),
    ("2022-12-30", "At present, the situation remains complex.", [("At present", "DATE", "PRESENT_REF")]),
    ("2022-12-30", "Cooperation will grow in the future.", [("in the future", "DATE", "FUTURE_REF")]),
    (
        "2021-05-10",
        "China will promote development in the new era.",
        [("in the new era", "DATE", "PRESENT_REF")],
    ),
    (
        "2021-02-15",
        "China has been a partner for a long time.",
        [("for a long time", "DURATION", "PXY", {"granularity": "vague"})],
    ),
    ("2024-02-20", "In recent years, ties have deepened.", [("In recent years", "DURATION", "PXY")]),
    ("2024-01-08", "Details remain to be set out in future communications.", []),
    ("2024-01-08", "Now that talks have ended, we meet every now and then.", []),
    (
        "2022-10-11",
        "Dialogue should resume at the earliest possible date.",
        [("at the earliest possible date", "DATE", "FUTURE_REF")],
    ),
    (
        "2024-01-08",
        "In the past, China was poor; now it is not.",
        [("In the past", "DATE", "PAST_REF"), ("now", "DATE", "PRESENT_REF")],
    ),
    # --- frequencies
    ("2023-09-12", "The summit is held every year.", [("every year", "SET", "P1Y", {"granularity": "year"})]),
    ("2023-09-12", "The report is published annually.", [("annually", "SET", "P1Y")]),
    ("2023-09-12", "The forum takes place every two years.", [("every two years", "SET", "P2Y")]),
    ("2023-09-12", "Ministers meet twice a year.", [("twice a year", "SET", "P6M")]),
    ("2023-09-12", "Growth averaged 6 percent a year.", [("a year", "SET", "P1Y")]),
    (
        "2022-10-01",
        "China celebrates National Day on October 1 each year.",
        [("on October 1 each year", "SET", "XXXX-10-01")],
    ),
    ("2022-10-01", "The festival is held every spring.", [("every spring", "SET", "XXXX-SP")]),
    # --- quarters, halves, seasons
    (
        "2021-02-10",
        "In the first half of 2020, investment reached 57.1 billion yuan, an increase of 23.8% over the "
        "same period last year.",
        [
            ("In the first half of 2020", "DATE", "2020-H1", {"granularity": "half"}),
            ("the same period last year", "DATE", "2019-H1", {"anchor": "text"}),
        ],
    ),
    (
        "2024-04-02",
        "Exports rose 7 percent compared with the same period last year.",
        [("the same period last year", "DATE", "2023", {"anchor": "published"})],
    ),
    (
        "2024-05-15",
        "Revenue grew in Q1 2024 and the fourth quarter of 2023.",
        [("in Q1 2024", "DATE", "2024-Q1"), ("the fourth quarter of 2023", "DATE", "2023-Q4")],
    ),
    (
        "2022-08-01",
        "The drills will take place in the second half of the year.",
        [("in the second half of the year", "DATE", "2022-H2")],
    ),
    (
        "2024-01-20",
        "GDP grew 5.2 percent in the fourth quarter.",
        [("in the fourth quarter", "DATE", "2023-Q4")],
    ),
    (
        "2021-04-22",
        "Exports surged in the summer of 2019.",
        [("in the summer of 2019", "DATE", "2019-SU", {"granularity": "season"})],
    ),
    (
        "2024-04-18",
        "GDP grew in the first three months of the year; in the first ten months of 2015 trade fell.",
        [
            (
                "in the first three months of the year",
                "DURATION",
                "P3M",
                {"begin": "2024-01", "end_value": "2024-03"},
            ),
            (
                "in the first ten months of 2015",
                "DURATION",
                "P10M",
                {"begin": "2015-01", "end_value": "2015-10"},
            ),
        ],
    ),
    (
        "2022-09-16",
        "Leaders met in Samarkand on September 15 and 16.",
        [("on September 15 and 16", "DURATION", "P2D")],
    ),
    (
        "2019-11-29",
        "The talks could be concluded before Christmas, officials said.",
        [("before Christmas", "DATE", "2019-12-25")],
    ),
    # --- decades and centuries
    ("2020-06-01", "The 2010s were turbulent.", [("The 2010s", "DATE", "201X", {"granularity": "decade"})]),
    (
        "2020-06-01",
        "The 20th century saw two world wars.",
        [("The 20th century", "DATE", "19XX", {"granularity": "century"})],
    ),
    (
        "2020-06-01",
        "Diplomacy in the twenty-first century is different.",
        [("in the twenty-first century", "DATE", "20XX")],
    ),
    (
        "2020-06-01",
        "Trade grew in the early 1990s.",
        [("in the early 1990s", "DATE", "199X", {"mod": "START"})],
    ),
    (
        "2020-06-01",
        "By the middle of the 21st century China aims to be modern.",
        [("By the middle of the 21st century", "DATE", "20XX", {"mod": "BEFORE"})],
    ),
    (
        "2020-06-01",
        "This was common in the mid-20th century.",
        [("in the mid-20th century", "DATE", "19XX", {"mod": "MID"})],
    ),
    # --- modifiers and signals
    (
        "2021-06-01",
        "Talks stalled in mid-2020, resumed in early 2021 after a pause in late 2019.",
        [
            ("in mid-2020", "DATE", "2020", {"mod": "MID"}),
            ("in early 2021", "DATE", "2021", {"mod": "START"}),
            ("in late 2019", "DATE", "2019", {"mod": "END"}),
        ],
    ),
    (
        "2021-06-01",
        "Loans due by the end of 2025 were cancelled.",
        [("by the end of 2025", "DATE", "2025", {"mod": "BEFORE"})],
    ),
    (
        "2021-06-01",
        "Prices rose at the end of last year.",
        [("at the end of last year", "DATE", "2020", {"mod": "END"})],
    ),
    (
        "2024-01-08",
        "Since 2013, the initiative has grown.",
        [
            (
                "Since 2013",
                "DATE",
                "2013",
                {"mod": "AFTER", "begin": "2013", "end_value": "2024-01-08"},
            )
        ],
    ),
    (
        "2024-01-08",
        "The rules apply from 2021 onwards.",
        [("from 2021 onwards", "DATE", "2021", {"mod": "AFTER"})],
    ),
    (
        "2024-01-08",
        "Trade grew rapidly since the 1990s.",
        [("since the 1990s", "DATE", "199X", {"begin": "1990", "end_value": "2024-01-08"})],
    ),
    # --- ranges
    (
        "2024-01-08",
        "From 2013 to 2023 trade grew.",
        [
            (
                "From 2013 to 2023",
                "DURATION",
                "P10Y",
                {"begin": "2013", "end_value": "2023", "granularity": "year"},
            )
        ],
    ),
    (
        "2024-01-08",
        "Between March and May 2020 exports fell.",
        [
            (
                "Between March and May 2020",
                "DURATION",
                "P3M",
                {"anchor": "absolute", "begin": "2020-03", "end_value": "2020-05"},
            )
        ],
    ),
    (
        "2024-01-08",
        "Between 2013 and 2022, investment grew.",
        [("Between 2013 and 2022", "DURATION", "P9Y")],
    ),
    (
        "2024-01-08",
        "The 2021-2025 plan and the 2021-25 period.",
        [
            ("2021-2025", "DURATION", "P4Y"),
            ("2021-25", "DURATION", "P4Y", {"begin": "2021", "end_value": "2025"}),
        ],
    ),
    (
        "2023-05-19",
        "The summit was held on May 18-19, 2023.",
        [("on May 18-19, 2023", "DURATION", "P2D")],
    ),
    (
        "2023-08-24",
        "The summit ran from 22 to 24 August 2023.",
        [("from 22 to 24 August 2023", "DURATION", "P3D")],
    ),
    ("2024-01-08", "Data for 2024-05 are due.", [("2024-05", "DATE", "2024-05")]),
    # --- relative to a date stated nearby
    (
        "2020-06-01",
        "On March 3, 2019 they met. Two days later they signed. The following year they met again.",
        [
            ("On March 3, 2019", "DATE", "2019-03-03"),
            ("Two days later", "DATE", "2019-03-05", {"anchor": "text"}),
            ("The following year", "DATE", "2020", {"anchor": "text"}),
        ],
    ),
    (
        "2020-06-01",
        "The plan was adopted in 2015 and revised later that year.",
        [("in 2015", "DATE", "2015"), ("later that year", "DATE", "2015", {"anchor": "text"})],
    ),
    ("2020-06-01", "Two days later they signed.", [("Two days later", "DATE", None, {"anchor": None})]),
    # --- publication date unknown: nothing relative is resolved, nothing is invented
    (
        None,
        "Last year trade fell; on Monday talks resumed in March; recently prices rose.",
        [
            ("Last year", "DATE", None, {"anchor": None}),
            ("on Monday", "DATE", None, {"anchor": None}),
            ("in March", "DATE", None, {"anchor": None}),
            ("recently", "DATE", "PAST_REF", {"anchor": None}),
        ],
    ),
    (
        None,
        "In the past five years, trade doubled.",
        [("In the past five years", "DURATION", "P5Y", {"anchor": None})],
    ),
    (None, "In 2020 the plan began.", [("In 2020", "DATE", "2020", {"anchor": "absolute"})]),
    # --- clock times
    (
        "2020-06-03",
        "The talks were held at 3 p.m. on Monday.",
        [("at 3 p.m. on Monday", "TIME", "2020-06-01T15:00")],
    ),
    (
        "2020-06-03",
        "The ceremony starts at noon.",
        [("at noon", "TIME", "2020-06-03T12:00", {"anchor": "published"})],
    ),
    ("2020-06-03", "They met this morning.", [("this morning", "TIME", "2020-06-03TMO")]),
    # --- holidays
    (
        "2022-02-04",
        "The Games opened during the Spring Festival holiday.",
        [("during the Spring Festival", "DATE", "2022-02-01")],
    ),
    ("2020-06-01", "Markets close on New Year's Day.", [("on New Year's Day", "DATE", "2020-01-01")]),
    # frequency adjectives are sets; capitalised mid-sentence they are names
    (
        "2020-06-01",
        "The ferry adds weekly sailings and quarterly reviews, China Daily reported.",
        [("weekly", "SET", "P1W", {"granularity": "week"}), ("quarterly", "SET", "P3M")],
    ),
    # "so far" is now; vague decades are counted in years (as "the past decade" is P10Y); hours vague too
    (
        "2020-06-01",
        "The board has so far said nothing about its worst loss in decades, after talks that ran for hours.",
        [
            ("so far", "DATE", "PRESENT_REF"),
            ("in decades", "DURATION", "PXY"),
            ("for hours", "DURATION", "PTXH"),
        ],
    ),
    # an open-ended "ago" is some time before that point: no date can be given
    (
        "2020-06-01",
        "The mine closed more than two years ago and the port over a month ago, not three years ago.",
        [
            ("more than two years ago", "DATE", "PAST_REF", {"granularity": "vague"}),
            ("over a month ago", "DATE", "PAST_REF"),
            ("three years ago", "DATE", "2017"),
        ],
    ),
]


def _check(found: list[dict], expected: list[tuple]) -> None:
    got = [(d["text"], d["type"], d["value"]) for d in found]
    assert got == [e[:3] for e in expected]
    for d, e in zip(found, expected, strict=True):
        for key, value in (e[3] if len(e) > 3 else {}).items():
            assert d.get(key) == value, (d["text"], key, d.get(key), value)


@pytest.mark.parametrize(("published", "text", "expected"), CASES, ids=[c[1][:50] for c in CASES])
def test_cases(extractor: DateExtractor, published: str | None, text: str, expected: list[tuple]) -> None:
    _check(extract(extractor, text, published), expected)


def test_contract_fields_offsets_and_sentences(extractor: DateExtractor) -> None:
    text = (
        "Wang Yi met Kenyan Foreign Minister Musalia Mudavadi in Beijing on Monday. "
        "Trade rose 5 percent last year."
    )
    found = extract(extractor, text, "2024-05-14")
    assert found[0] == {
        "text": "on Monday",
        "value": "2024-05-13",
        "type": "DATE",
        "granularity": "day",
        "anchor": "published",
        "sentence": 0,
        "start": 64,
        "end": 73,
    }
    assert list(found[0]) == ["text", "value", "type", "granularity", "anchor", "sentence", "start", "end"]
    assert found[1]["sentence"] == 1 and found[1]["value"] == "2023"
    for d in found:
        assert text[d["start"] : d["end"]] == d["text"]
    since = extract(extractor, "Since 2013 it grew.", "2024-01-08")[0]
    # optional fields come between anchor and the offsets; `end_value` because `end` is the offset
    assert list(since) == [
        "text",
        "value",
        "type",
        "granularity",
        "anchor",
        "mod",
        "begin",
        "end_value",
        "sentence",
        "start",
        "end",
    ]
    assert since["begin"] == "2013" and since["end_value"] == "2024-01-08" and since["end"] == 10


def test_output_matches_the_contract_schema(extractor: DateExtractor) -> None:
    import json
    from pathlib import Path

    import jsonschema

    schema_path = Path(__file__).resolve().parents[2] / "src/communique/schema/extraction.schema.json"
    item = json.loads(schema_path.read_text())["properties"]["dates"]["items"]
    documented = set(item["properties"])
    for published, text, _ in CASES + HELD_OUT:
        for d in extract(extractor, text, published):
            jsonschema.validate(d, item)
            assert set(d) <= documented, set(d) - documented


def test_every_type_and_granularity_is_produced(extractor: DateExtractor) -> None:
    types, granularities = set(), set()
    for published, text, _ in CASES:
        for d in extract(extractor, text, published):
            types.add(d["type"])
            granularities.add(d["granularity"])
    assert types == {"DATE", "TIME", "DURATION", "SET"}
    assert {
        "day",
        "week",
        "month",
        "quarter",
        "half",
        "season",
        "year",
        "decade",
        "century",
        "time",
        "vague",
    } <= granularities


def test_unknown_publication_date_never_uses_today(extractor: DateExtractor) -> None:
    text = (
        "Yesterday, this week, last month, next year, on Friday, in May, the past decade, earlier this year."
    )
    for d in extractor.extract(text, None, [0]):
        assert d["anchor"] is None
        assert d["value"] is None or d["value"].startswith("P"), d
        assert "begin" not in d and "end_value" not in d


def test_offsets_across_sentences_and_lines(extractor: DateExtractor) -> None:
    text = "Over\nthe past five years the projects grew.\n\nIn\nApril, the minister travelled."
    found = extractor.extract(text, date(2019, 6, 3), [0, 45])
    assert [(d["text"], d["sentence"]) for d in found] == [("Over\nthe past five years", 0), ("In\nApril", 1)]
    assert found[1]["value"] == "2019-04"


def test_knowledge_is_data() -> None:
    """A phrase added to temporal.yaml is found without touching code."""
    data = DateExtractor.load().data
    sentence = "Trade recovered in the post-pandemic era."
    assert DateExtractor(data).extract(sentence, date(2023, 1, 1), [0]) == []
    vague = [dict(group) for group in data["vague"]]
    vague[0] = {**vague[0], "phrases": [*vague[0]["phrases"], "in the post-pandemic era"]}
    custom = DateExtractor({**data, "vague": vague})
    (found,) = custom.extract(sentence, date(2023, 1, 1), [0])
    assert (found["text"], found["value"]) == ("in the post-pandemic era", "PRESENT_REF")


def test_load_falls_back_to_bundled_file(tmp_path) -> None:  # noqa: ANN001
    assert DateExtractor.load(str(tmp_path)).extract("In 2020.", None, [0])[0]["value"] == "2020"


def test_kb_loader_ignores_the_temporal_file() -> None:
    from communique.kb import load_kb

    kb = load_kb()
    assert "temporal" in kb.files
    assert not [entry for entry in kb.entries.values() if entry.kind == "temporal"]


def test_word_start_scan_matches_full_scan(extractor: DateExtractor) -> None:
    """The speed-up (only trying positions where a date can start) must not lose matches."""
    text = " ".join(t for _, t, _ in CASES + HELD_OUT) + " the '90s, 2019 Q4, Q3, q2 2020."
    fast = extractor.extract(text, date(2024, 5, 15), starts_of(text))
    slow = DateExtractor(extractor.data)
    slow.scan_all = True
    assert slow.extract(text, date(2024, 5, 15), starts_of(text)) == fast


def test_cheap_per_document(extractor: DateExtractor) -> None:
    text = " ".join(t for _, t, _ in CASES + HELD_OUT)
    big = (text + " ") * max(1, 200_000 // len(text))
    started = time.perf_counter()
    extractor.extract(big, date(2024, 5, 15), starts_of(big))
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0, f"{len(big)} characters took {elapsed:.2f}s"  # about 0.15s on a laptop


# --------------------------------------------------------------------------- with the spaCy parse


def test_component_sets_doc_dates(nlp) -> None:  # noqa: ANN001
    doc = nlp(
        "Wang Yi met Kenyan Foreign Minister Musalia Mudavadi in Beijing on Monday. "
        "He will visit Kenya in June."
    )
    doc._.published = date(2024, 5, 15)
    DatesComponent(DateExtractor.load())(doc)
    assert [(d["text"], d["value"], d["sentence"]) for d in doc._.dates] == [
        ("on Monday", "2024-05-13", 0),
        ("in June", "2024-06", 1),
    ]
    doc = nlp("He met her on Monday.")
    doc._.published = "2024-05-15"  # not a date: treated as unknown, never parsed or guessed
    DatesComponent(DateExtractor.load())(doc)
    assert doc._.dates[0]["value"] is None


def test_tense_from_the_parse(extractor: DateExtractor, nlp) -> None:  # noqa: ANN001
    text = "Wang met Blinken on Monday and will visit Kenya on Friday."
    found = extract(extractor, text, "2024-05-15", doc=nlp(text))
    assert [(d["text"], d["value"]) for d in found] == [
        ("on Monday", "2024-05-13"),
        ("on Friday", "2024-05-17"),
    ]
    text = "China will not build coal plants abroad, Xi said on Tuesday."
    assert extract(extractor, text, "2021-09-22", doc=nlp(text))[0]["value"] == "2021-09-21"
    text = "The summit held in September agreed on a plan."
    assert extract(extractor, text, "2024-05-15", doc=nlp(text))[0]["value"] == "2023-09"
    # "said on Saturday" dates the saying even when the parse hangs it on the reported "would send"
    text = "ROME, June 2 (Agency) -- Italy said on Saturday it would send two frigates to the strait."
    assert extract(extractor, text, "2024-06-02", doc=nlp(text))[-1]["value"] == "2024-06-01"
    text = "Farmers said on Friday they would block the roads."
    assert extract(extractor, text, "2024-06-02", doc=nlp(text))[0]["value"] == "2024-05-31"
    # "the" + an ambiguous month + a common noun is the month; "the Long March", "Theresa May" are not
    text = "Voters rejected the plan in the May referendum; the Long March and Theresa May were cited."
    assert [(d["text"], d["value"]) for d in extract(extractor, text, "2018-02-08", doc=nlp(text))] == [
        ("May", "2017-05")
    ]
    # what is set "for Monday" lies ahead even in a past clause; "for Monday's attack" does not
    text = "The unions called a national strike for Thursday."
    assert extract(extractor, text, "2024-06-02", doc=nlp(text))[0]["value"] == "2024-06-06"
    text = "Police arrested two men for Thursday's attack."
    assert extract(extractor, text, "2024-06-02", doc=nlp(text))[0]["value"] == "2024-05-30"


# (published, text, [(text, value)]): dates whose year the tense of the announcing clause must not decide
PLANNED_AND_EFFECTIVE = [
    # what is prepared or planned lies ahead, even when agreed in the past
    (
        "2024-09-23",
        "The two ministers agreed to prepare for a state visit by the president to Brasilia in November.",
        [("in November", "2024-11")],
    ),
    (
        "2024-02-20",
        "The ministers agreed to prepare a state visit to France later in the spring.",
        [("in the spring", "2024-SP")],
    ),
    ("2024-09-23", "The leaders were preparing for a summit in November.", [("in November", "2024-11")]),
    ("2024-09-23", "The leaders prepared a joint statement in May.", [("in May", "2024-05")]),
    # the date a measure takes effect has no tense of its own
    (
        "2023-07-04",
        "On Monday, the ministry announced export controls on two metals, effective from 1 August.",
        [("On Monday", "2023-07-03"), ("from 1 August", "2023-08-01")],
    ),
    ("2023-07-04", "The ministry announced new rules, effective 1 August.", [("1 August", "2023-08-01")]),
    # "the end of the year" after a month without its year is the publication year's
    (
        "2024-02-20",
        "China extended its visa-free entry for French citizens, introduced in December, "
        "until the end of the year.",
        [("in December", "2023-12"), ("until the end of the year", "2024-12")],
    ),
    (
        "2024-02-20",
        "In 2015, China extended the programme until the end of the year.",
        [("In 2015", "2015"), ("until the end of the year", "2015-12")],
    ),
]


@pytest.mark.parametrize(
    ("published", "text", "expected"), PLANNED_AND_EFFECTIVE, ids=[c[1][:40] for c in PLANNED_AND_EFFECTIVE]
)
def test_planned_and_effective_dates(extractor: DateExtractor, nlp, published, text, expected) -> None:  # noqa: ANN001
    found = extract(extractor, text, published, doc=nlp(text))
    assert [(d["text"], d["value"]) for d in found] == expected


def test_modal_may_with_the_parse(extractor: DateExtractor, nlp) -> None:  # noqa: ANN001
    for text in ("May peace prevail.", "China may respond in kind.", "Beijing said it may act by May."):
        found = extract(extractor, text, "2024-01-10", doc=nlp(text))
        assert [d["text"] for d in found] == (["by May"] if "by May" in text else [])


def test_resolve_event_date(extractor: DateExtractor, nlp) -> None:  # noqa: ANN001
    text = (
        "In 2020, China pledged to reach carbon neutrality by 2060 "
        "and to peak its carbon emissions before 2030."
    )
    dates = extract(extractor, text, "2023-03-14")
    pledge = (text.index("China"), text.index("pledged") + len("pledged"))
    assert resolve_event_date(dates, *pledge, 0) == "2020"
    neutrality = (text.index("reach"), text.index("neutrality") + len("neutrality"))
    assert resolve_event_date(dates, *neutrality, 0) == "2060"
    doc = nlp(text)
    assert resolve_event_date(dates, *pledge, 0, doc=doc) == "2020"
    assert resolve_event_date(dates, *neutrality, 0, doc=doc) == "2060"
    peak = (text.index("peak"), text.index("emissions") + len("emissions"))
    assert resolve_event_date(dates, *peak, 0, doc=doc) == "2030"
    # inside the span wins; vague values and other sentences do not count
    met = "Wang Yi met Mudavadi in Beijing on Monday. Recently, ties grew."
    dates = extract(extractor, met, "2024-05-15")
    assert resolve_event_date(dates, 0, 41, 0) == "2024-05-13"
    assert resolve_event_date(dates, 43, 63, 1) is None
    assert resolve_event_date([], 0, 10, 0) is None
    # a stated period, when the sentence has no point in time
    held = "The summit was held in Xi'an on May 18-19, 2023."
    assert resolve_event_date(extract(extractor, held, "2023-05-20"), 4, 24, 0) == "2023-05-18/2023-05-19"


# --------------------------------------------------------------------------- held-out sentences

# Realistic sentences written before the extractor was run on them, in three batches. First-run
# accuracy: 36/45 (0.80) for the first batch (most misses one bug: a signal at offset 0), 26/30
# (0.87) for the second (tense of "Xi said on Tuesday" in a "will" sentence, "after eight years",
# "a year ago today", "on October 1 each year"), 27/30 (0.90) for the third ("the first three
# months of the year", "September 15 and 16", "could be concluded before Christmas"). Each miss
# was then fixed in general form, so these now pass and guard against regressions. Ranges were
# later relabelled to the dev gold's conventions: DURATION "P9Y" rather than "2013/2022", "annual"
# a SET, "three-day" a DURATION.
HELD_OUT = [
    (
        "2023-03-14",
        "Recently in the 14th National People's Congress in Beijing, March 7, 2023, Foreign Minister Qin "
        "emphasized that the world is undergoing major changes unseen in a century.",
        [
            ("Recently", "DATE", "PAST_REF"),
            ("March 7, 2023", "DATE", "2023-03-07"),
            ("in a century", "DURATION", "P100Y"),
        ],
    ),
    (
        "2021-01-15",
        "In 2020, China provided more than 200 billion masks and 2 billion protective suits to over 150 "
        "countries.",
        [("In 2020", "DATE", "2020")],
    ),
    (
        "2024-05-15",
        "Chinese Premier Li Qiang met the visiting Brazilian foreign minister on Monday.",
        [("on Monday", "DATE", "2024-05-13")],
    ),
    (
        "2024-05-15",
        "The two leaders will hold talks in Beijing on Friday.",
        [("on Friday", "DATE", "2024-05-17")],
    ),
    (
        "2022-11-20",
        "Xi Jinping attended the G20 summit in Bali last week, his first trip abroad since the COVID-19 "
        "pandemic began.",
        [("last week", "DATE", "2022-W45")],
    ),
    ("2023-06-30", "China may respond with countermeasures if the EU imposes tariffs.", []),
    (
        "2021-03-01",
        "Over the past decade, trade between China and Africa has grown by 20 percent.",
        [("Over the past decade", "DURATION", "P10Y")],
    ),
    (
        "2020-09-23",
        "China aims to peak carbon dioxide emissions before 2030 and achieve carbon neutrality before 2060.",
        [("before 2030", "DATE", "2030"), ("before 2060", "DATE", "2060")],
    ),
    (
        "2019-10-01",
        "The People's Republic of China was founded on October 1, 1949.",
        [("on October 1, 1949", "DATE", "1949-10-01")],
    ),
    (
        "2023-08-24",
        "The BRICS summit held in Johannesburg from 22 to 24 August 2023 agreed to admit six new members.",
        [("from 22 to 24 August 2023", "DURATION", "P3D")],
    ),
    (
        "2024-01-08",
        "This year marks the 45th anniversary of China-U.S. diplomatic relations.",
        [("This year", "DATE", "2024")],
    ),
    (
        "2023-12-05",
        "Bilateral trade reached 120 billion dollars in the first quarter of 2023, up 8.5 percent year on "
        "year.",
        [("in the first quarter of 2023", "DATE", "2023-Q1")],
    ),
    (
        "2022-03-07",
        "Since 2013, more than 140 countries have signed cooperation documents on the Belt and Road "
        "Initiative.",
        [("Since 2013", "DATE", "2013")],
    ),
    (
        "2024-02-20",
        "In recent years, the two countries have deepened cooperation in trade, energy and infrastructure.",
        [("In recent years", "DURATION", "PXY")],
    ),
    (
        "2023-04-10",
        "The Foreign Ministry spokesperson said on Tuesday that China firmly opposes the sanctions.",
        [("on Tuesday", "DATE", "2023-04-04")],
    ),
    ("2024-03-08", "China will host the China-Central Asia Summit in May.", [("in May", "DATE", "2024-05")]),
    (
        "2024-03-08",
        "In November, the two presidents met in San Francisco.",
        [("In November", "DATE", "2023-11")],
    ),
    (
        "2021-07-01",
        "The Communist Party of China was founded 100 years ago.",
        [("100 years ago", "DATE", "1921")],
    ),
    (
        "2022-05-10",
        "In the past five years, China has lifted nearly 100 million people out of poverty.",
        [("In the past five years", "DURATION", "P5Y")],
    ),
    (
        "2020-12-31",
        "The agreement will enter into force on 1 January 2022.",
        [("on 1 January 2022", "DATE", "2022-01-01")],
    ),
    (
        "2023-09-12",
        "The summit is held every year and brings together leaders from 20 countries.",
        [("every year", "SET", "P1Y")],
    ),
    (
        "2023-09-12",
        "Trade between the two countries has grown rapidly since the 1990s.",
        [("since the 1990s", "DATE", "199X")],
    ),
    (
        "2022-10-16",
        "The 20th National Congress of the Communist Party of China opened in Beijing today.",
        [("today", "DATE", "2022-10-16")],
    ),
    (
        "2018-12-18",
        "Reform and opening up over the past 40 years has transformed China.",
        [("over the past 40 years", "DURATION", "P40Y")],
    ),
    (
        None,
        "The minister said last month that talks would resume next year.",
        [("last month", "DATE", None), ("next year", "DATE", None)],
    ),
    (
        "2023-05-19",
        "The first China-Central Asia Summit was held in Xi'an on May 18-19, 2023.",
        [("on May 18-19, 2023", "DURATION", "P2D")],
    ),
    (
        "2021-11-01",
        "By the middle of the 21st century, China aims to become a great modern socialist country.",
        [("By the middle of the 21st century", "DATE", "20XX")],
    ),
    (
        "2022-01-10",
        "Yesterday, the foreign ministers of China and Indonesia signed a memorandum on maritime "
        "cooperation.",
        [("Yesterday", "DATE", "2022-01-09")],
    ),
    (
        "2023-07-01",
        "The 1.5 degrees target requires global emissions to fall by 45 percent by 2030.",
        [("by 2030", "DATE", "2030")],
    ),
    (
        "2024-04-02",
        "Exports rose 7 percent in the first half of 2023 compared with the same period last year.",
        [("in the first half of 2023", "DATE", "2023-H1"), ("the same period last year", "DATE", "2022-H1")],
    ),
    (
        "2023-10-18",
        "The third Belt and Road Forum for International Cooperation opened in Beijing on Wednesday, "
        "ten years after "
        "the initiative was proposed.",
        [("on Wednesday", "DATE", "2023-10-18"), ("ten years", "DURATION", "P10Y")],
    ),
    (
        "2021-02-15",
        "China has been the largest trading partner of the EU for a long time.",
        [("for a long time", "DURATION", "PXY")],
    ),
    ("2019-03-05", "Two million people, including 2,000 volunteers, took part in the campaign.", []),
    (
        "2022-08-01",
        "The exercises will take place in the second half of the year.",
        [("in the second half of the year", "DATE", "2022-H2")],
    ),
    (
        "2024-06-20",
        "The Five Principles of Peaceful Coexistence were put forward 70 years ago, in 1954.",
        [("70 years ago", "DATE", "1954"), ("in 1954", "DATE", "1954")],
    ),
    (
        "2020-06-15",
        "The meeting was postponed until the autumn of 2021 because of the pandemic.",
        [("until the autumn of 2021", "DATE", "2021-FA")],
    ),
    (
        "2023-02-01",
        "The ministers will meet again next month in Geneva.",
        [("next month", "DATE", "2023-03")],
    ),
    (
        "2023-11-30",
        "Between 2013 and 2022, China's investment in the region totalled 50 billion dollars.",
        [("Between 2013 and 2022", "DURATION", "P9Y")],
    ),
    (
        "2022-12-30",
        "At present, the international situation remains complex and volatile.",
        [("At present", "DATE", "PRESENT_REF")],
    ),
    (
        "2023-04-12",
        "Long March 5 rockets and the Shenzhou-15 mission were launched in late 2022.",
        [("in late 2022", "DATE", "2022")],
    ),
    (
        "2019-07-20",
        "Former British Prime Minister Theresa May visited China in 2018.",
        [("in 2018", "DATE", "2018")],
    ),
    (
        "2024-05-14",
        "China's economy grew 5.3 percent year on year in the first quarter, official data showed on "
        "Tuesday.",
        [("in the first quarter", "DATE", "2024-Q1"), ("on Tuesday", "DATE", "2024-05-14")],
    ),
    (
        "2022-02-04",
        "The Winter Olympics opened in Beijing on February 4, during the Spring Festival holiday.",
        [("on February 4", "DATE", "2022-02-04"), ("during the Spring Festival", "DATE", "2022-02-01")],
    ),
    (
        "2023-03-20",
        "The UN Security Council adopted Resolution 2231 in July 2015.",
        [("in July 2015", "DATE", "2015-07")],
    ),
    (
        "2021-05-10",
        "China will continue to promote high-quality development in the new era.",
        [("in the new era", "DATE", "PRESENT_REF")],
    ),
    # second batch
    (
        "2023-09-08",
        "The Group of 20 leaders will gather in New Delhi this weekend.",
        [("this weekend", "DATE", "2023-W36-WE")],
    ),
    (
        "2022-06-15",
        "Beijing imposed sanctions on the defence firms on Tuesday, a day after Washington approved the "
        "arms sale.",
        [("on Tuesday", "DATE", "2022-06-14"), ("a day", "DURATION", "P1D")],
    ),
    (
        "2021-12-10",
        "Nicaragua severed diplomatic ties with Taiwan on December 9, 2021, and recognised Beijing.",
        [("on December 9, 2021", "DATE", "2021-12-09")],
    ),
    (
        "2020-04-20",
        "Exports fell 13.3 percent year on year in the first quarter of this year.",
        [("in the first quarter of this year", "DATE", "2020-Q1")],
    ),
    (
        "2023-01-05",
        "The ministers met twice in 2022 and agreed to meet every six months.",
        [("in 2022", "DATE", "2022"), ("every six months", "SET", "P6M")],
    ),
    (
        "2024-02-29",
        "The forum, first held in 2000, takes place every three years.",
        [("in 2000", "DATE", "2000"), ("every three years", "SET", "P3Y")],
    ),
    (
        "2022-09-01",
        "China's trade with ASEAN reached 878 billion dollars in 2021, up from 685 billion dollars in 2020.",
        [("in 2021", "DATE", "2021"), ("in 2020", "DATE", "2020")],
    ),
    (
        "2019-04-25",
        "The second Belt and Road Forum will be held in Beijing from April 25 to 27.",
        [("from April 25 to 27", "DURATION", "P3D")],
    ),
    (
        "2023-06-01",
        "More than 3,000 delegates attended the conference, which lasted three days.",
        [("three days", "DURATION", "P3D")],
    ),
    (
        "2022-07-20",
        "The agreement was signed in the 1970s and renewed in early 2000.",
        [("in the 1970s", "DATE", "197X"), ("in early 2000", "DATE", "2000")],
    ),
    (
        "2024-03-05",
        "By 2035, China will basically realise socialist modernisation.",
        [("By 2035", "DATE", "2035")],
    ),
    (
        "2021-09-22",
        "China will not build new coal-fired power projects abroad, Xi said on Tuesday.",
        [("on Tuesday", "DATE", "2021-09-21")],
    ),
    (
        "2020-11-16",
        "Fifteen Asia-Pacific countries signed the RCEP on Sunday after eight years of negotiations.",
        [("on Sunday", "DATE", "2020-11-15"), ("eight years", "DURATION", "P8Y")],
    ),
    (
        "2023-02-24",
        "A year ago today, Russia launched its invasion of Ukraine.",
        [("A year ago today", "DATE", "2022-02-24")],
    ),
    (
        "2022-10-01",
        "The People's Republic of China celebrates National Day on October 1 each year.",
        [("on October 1 each year", "SET", "XXXX-10-01")],
    ),
    (
        "2023-11-15",
        "Biden and Xi met for four hours at a California estate on Wednesday.",
        [("for four hours", "DURATION", "PT4H"), ("on Wednesday", "DATE", "2023-11-15")],
    ),
    ("2018-03-12", "The constitutional amendment removed the two-term limit for the presidency.", []),
    (
        "2024-07-04",
        "Kazakhstan hosts the SCO summit in Astana on 3-4 July.",
        [("on 3-4 July", "DURATION", "P2D")],
    ),
    (
        "2021-06-30",
        "Over the next five years, China will train 10,000 professionals for African countries.",
        [("Over the next five years", "DURATION", "P5Y")],
    ),
    (
        "2020-01-23",
        "Wuhan was placed under lockdown at 10 a.m. on Thursday.",
        [("at 10 a.m. on Thursday", "TIME", "2020-01-23T10:00")],
    ),
    ("2019-12-01", "Xinhua reported that 1,500 people attended.", []),
    (
        "2022-04-11",
        "Pakistan's new prime minister was elected on Monday, two days after Imran Khan lost a "
        "no-confidence vote.",
        [("on Monday", "DATE", "2022-04-11"), ("two days", "DURATION", "P2D")],
    ),
    (
        "2023-03-10",
        "Saudi Arabia and Iran agreed on Friday to restore diplomatic relations within two months.",
        [("on Friday", "DATE", "2023-03-10"), ("within two months", "DURATION", "P2M")],
    ),
    (
        "2024-05-30",
        "Last month, the two sides held their fourth round of talks since 2019.",
        [("Last month", "DATE", "2024-04"), ("since 2019", "DATE", "2019")],
    ),
    (
        "2023-08-15",
        "The white paper, issued in September 2021, covers the period from 2012 to 2021.",
        [("in September 2021", "DATE", "2021-09"), ("from 2012 to 2021", "DURATION", "P9Y")],
    ),
    (
        "2022-02-07",
        "Argentina joined the Belt and Road Initiative during President Fernandez's visit to Beijing this "
        "month.",
        [("this month", "DATE", "2022-02")],
    ),
    (
        "2021-04-22",
        "Chinese exports of medical supplies surged in the spring of 2020 and again last winter.",
        [("in the spring of 2020", "DATE", "2020-SP"), ("last winter", "DATE", "2020-WI")],
    ),
    (
        "2020-05-22",
        "China will set no GDP growth target for 2020, Premier Li Keqiang said on Friday.",
        [("2020", "DATE", "2020"), ("on Friday", "DATE", "2020-05-22")],
    ),
    (
        "2023-12-20",
        "The Global Security Initiative was proposed in April 2022 at the Boao Forum.",
        [("in April 2022", "DATE", "2022-04")],
    ),
    (
        "2024-01-15",
        "Nauru switched recognition to Beijing two days after Taiwan's election on January 13.",
        [("two days", "DURATION", "P2D"), ("on January 13", "DATE", "2024-01-13")],
    ),
    # third batch
    (
        "2023-07-12",
        "Foreign Minister Wang Yi will attend the ASEAN meetings in Jakarta from July 13 to 14.",
        [("from July 13 to 14", "DURATION", "P2D")],
    ),
    (
        "2022-03-02",
        "The UN General Assembly voted on Wednesday to demand that Russia withdraw its troops.",
        [("on Wednesday", "DATE", "2022-03-02")],
    ),
    (
        "2021-10-25",
        "Fifty years ago, on October 25, 1971, the UN General Assembly adopted Resolution 2758.",
        [("Fifty years ago", "DATE", "1971"), ("on October 25, 1971", "DATE", "1971-10-25")],
    ),
    (
        "2024-04-18",
        "Chinese GDP expanded 5.3% in the first three months of the year.",
        [("in the first three months of the year", "DURATION", "P3M")],
    ),
    (
        "2022-12-15",
        "Xi arrived in Riyadh on December 7 for the first China-Arab States Summit.",
        [("on December 7", "DATE", "2022-12-07")],
    ),
    (
        "2023-01-03",
        "Trade between China and Russia hit a record in 2022, customs data showed on Friday.",
        [("in 2022", "DATE", "2022"), ("on Friday", "DATE", "2022-12-30")],
    ),
    (
        "2019-06-05",
        "The two presidents have met nearly 30 times since 2013.",
        [("since 2013", "DATE", "2013")],
    ),
    (
        "2020-02-10",
        "Schools will remain closed until the end of February.",
        [("until the end of February", "DATE", "2020-02")],
    ),
    (
        "2022-06-28",
        "The G7 leaders pledged 600 billion dollars over five years.",
        [("over five years", "DURATION", "P5Y")],
    ),
    (
        "2023-05-08",
        "The 2023 summit will take place in Hiroshima later this month.",
        [("2023", "DATE", "2023"), ("later this month", "DATE", "2023-05")],
    ),
    (
        "2024-02-01",
        "Annual trade has doubled in a decade, reaching 180 billion dollars.",
        [("Annual", "SET", "P1Y"), ("in a decade", "DURATION", "P10Y")],
    ),
    (
        "2021-01-01",
        "The agreement on investment was concluded in principle on 30 December 2020 after seven years of "
        "talks.",
        [("on 30 December 2020", "DATE", "2020-12-30"), ("seven years", "DURATION", "P7Y")],
    ),
    (
        "2024-06-10",
        "The heads of state meet once a year, usually in the autumn.",
        [("once a year", "SET", "P1Y"), ("in the autumn", "DATE", "2024-FA")],
    ),
    (
        "2020-07-01",
        "Hong Kong's national security law took effect at 11 p.m. on Tuesday.",
        [("at 11 p.m. on Tuesday", "TIME", "2020-06-30T23:00")],
    ),
    (
        "2023-03-15",
        "In the 2022-23 fiscal year, bilateral trade grew 12%.",
        [("2022-23", "DURATION", "P1Y")],
    ),
    (
        "2022-09-16",
        "Leaders of the SCO member states met in Samarkand on September 15 and 16.",
        [("on September 15 and 16", "DURATION", "P2D")],
    ),
    (
        "2024-03-11",
        "The National People's Congress closed its annual session on Monday.",
        [("annual", "SET", "P1Y"), ("on Monday", "DATE", "2024-03-11")],
    ),
    (
        "2021-08-16",
        "The Taliban entered Kabul on Sunday, two decades after US forces toppled their government.",
        [("on Sunday", "DATE", "2021-08-15"), ("two decades", "DURATION", "P20Y")],
    ),
    (
        "2023-10-10",
        "Beijing has hosted the forum three times, in 2017, 2019 and 2023.",
        [("in 2017", "DATE", "2017"), ("2019", "DATE", "2019"), ("2023", "DATE", "2023")],
    ),
    (
        "2022-11-08",
        "China's exports unexpectedly shrank in October, the first decline since May 2020.",
        [("in October", "DATE", "2022-10"), ("since May 2020", "DATE", "2020-05")],
    ),
    (
        "2019-11-29",
        "The trade talks could be concluded before Christmas, officials said.",
        [("before Christmas", "DATE", "2019-12-25")],
    ),
    (
        "2024-01-02",
        "The BRICS group formally expanded on January 1.",
        [("on January 1", "DATE", "2024-01-01")],
    ),
    (
        "2023-06-19",
        "Blinken is the first US secretary of state to visit China in five years.",
        [("in five years", "DURATION", "P5Y")],
    ),
    (
        "2022-02-24",
        "Putin announced a special military operation in the early hours of Thursday.",
        [("Thursday", "DATE", "2022-02-24")],
    ),
    (
        "2020-12-01",
        "The RCEP will enter into force 60 days after ratification by six ASEAN members.",
        [("60 days", "DURATION", "P60D")],
    ),
    (
        "2024-08-20",
        "The Chinese and Indian foreign ministers met twice in July.",
        [("in July", "DATE", "2024-07")],
    ),
    (
        "2021-03-12",
        "The 14th Five-Year Plan covers the period 2021-2025 and sets goals for 2035.",
        [("2021-2025", "DURATION", "P4Y"), ("2035", "DATE", "2035")],
    ),
    (
        "2022-05-23",
        "Quad leaders gathered in Tokyo on May 24, 2022, one day after Biden launched the IPEF.",
        [("on May 24, 2022", "DATE", "2022-05-24"), ("one day", "DURATION", "P1D")],
    ),
    (
        "2023-04-06",
        "Macron began a three-day state visit to China on Wednesday.",
        [("three-day", "DURATION", "P3D"), ("on Wednesday", "DATE", "2023-04-05")],
    ),
    (
        "2018-06-12",
        "Trump and Kim met in Singapore on 12 June 2018, the first summit between the two countries' "
        "sitting leaders.",
        [("on 12 June 2018", "DATE", "2018-06-12")],
    ),
]


def _held_out_accuracy(extractor: DateExtractor, nlp=None) -> float:  # noqa: ANN001
    hits, misses = 0, []
    for published, text, expected in HELD_OUT:
        doc = nlp(text) if nlp is not None else None
        got = [(d["text"], d["type"], d["value"]) for d in extract(extractor, text, published, doc=doc)]
        if got == expected:
            hits += 1
        else:
            misses.append(f"{published} {text}\n    got  {got}\n    want {expected}")
    accuracy = hits / len(HELD_OUT)
    print(f"held-out accuracy {hits}/{len(HELD_OUT)} = {accuracy:.2f}", *misses, sep="\n")
    return accuracy


def test_held_out_accuracy(extractor: DateExtractor) -> None:
    assert len(HELD_OUT) >= 40
    assert _held_out_accuracy(extractor) >= 0.9


def test_held_out_accuracy_with_the_parse(extractor: DateExtractor, nlp) -> None:  # noqa: ANN001
    assert _held_out_accuracy(extractor, nlp) >= 0.9


def test_dev_gold_date_resolution(extractor: DateExtractor) -> None:
    """tests/gold/events.jsonl (the project's dev gold, 338 dates), scored as `communique evaluate`
    does: the expression overlapping each gold span must carry the gold value. First run, before
    any change made for it: 305/338 (0.90)."""
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "gold" / "events.jsonl"
    if not path.is_file():
        pytest.skip("no dev gold")
    total = correct = 0
    misses = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        found = extract(extractor, record["text"], record.get("published"))
        for gold in record.get("dates", []):
            total += 1
            start, end = gold["span"]
            hit = next((d for d in found if d["start"] < end and start < d["end"]), None)
            if hit is not None and str(hit["value"]) == str(gold["value"]):
                correct += 1
            else:
                misses.append(f"{record['published']} {gold['text']!r} {gold['value']} got {hit}")
    print(f"dev gold date resolution {correct}/{total}", *misses, sep="\n")
    assert total and correct / total >= 0.95
