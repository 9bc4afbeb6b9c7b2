"""Partnership levels as dated relations: which two parties, which level, which date.

Sentences are written for these tests in the registers communique reads (readouts, wire news,
op-eds); each case lists every relation the sentence must yield as (level, parties, date).
"""

from __future__ import annotations

from datetime import date

import pytest

CASES = [
    # leaders stand for their countries; a stated date of the sentence is the relation's date
    (
        "2024-05-17",
        "Xi Jinping and Vladimir Putin agreed on Thursday to deepen the comprehensive strategic partnership "
        "of coordination for a new era.",
        [("comprehensive-strategic-partnership-of-coordination-for-a-new-era", ["CHN", "RUS"], "2024-05-16")],
    ),
    (
        "2024-05-17",
        "China and Vietnam elevated ties to a comprehensive strategic cooperative partnership in 2008.",
        [("comprehensive-strategic-cooperative-partnership", ["CHN", "VNM"], "2008")],
    ),
    # the level belongs to the parties of its own clause, and so does the date
    (
        "2023-05-17",
        "The United States and India signed a defence deal last week, although India also maintains a "
        "special and privileged strategic partnership with Russia.",
        [("special-and-privileged-strategic-partnership", ["IND", "RUS"], "2010-12-21")],
    ),
    (
        "2023-05-17",
        "China and Germany have an all-round strategic partnership, while Paris and Beijing speak of a "
        "comprehensive strategic partnership.",
        [
            ("all-round-strategic-partnership", ["CHN", "DEU"], "2014-03-28"),
            ("comprehensive-strategic-partnership", ["FRA", "CHN"], "2004-01-27"),
        ],
    ),
    # a vague reference is no date: the KB's date for the pair
    (
        "2023-05-17",
        "Currently, China and Kazakhstan enjoy a permanent comprehensive strategic partnership.",
        [("permanent-comprehensive-strategic-partnership", ["CHN", "KAZ"], "2019-09-11")],
    ),
    # one party other than China: China's own ladder pairs it with China
    (
        "2023-05-17",
        "Islamabad describes the relationship as an all-weather strategic cooperative partnership.",
        [("all-weather-strategic-cooperative-partnership", ["CHN", "PAK"], "2015-04-20")],
    ),
    # bare "alliance" names coalitions and bodies, not a treaty alliance
    (
        "2021-08-05",
        "Officials from Indonesia and Pakistan met representatives of the WHO and the vaccine alliance Gavi.",
        [],
    ),
    (
        "2024-01-01",
        "Tokyo said the US-Japan alliance remained the cornerstone of its security.",
        [("alliance", ["USA", "JPN"], "1960-01-19")],
    ),
]


@pytest.mark.parametrize(("published", "text", "expected"), CASES, ids=[c[1][:40] for c in CASES])
def test_relations(nlp, published, text, expected):  # noqa: ANN001
    doc = nlp.make_doc(text)
    doc._.published = date.fromisoformat(published)
    doc = nlp(doc)
    assert [(r["level"], r["parties"], r["date"]) for r in doc._.relations] == expected
    for relation in doc._.relations:
        assert text[relation["start"] : relation["end"]] == relation["text"]
