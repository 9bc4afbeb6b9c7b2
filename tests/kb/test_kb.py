from datetime import date

import pytest

from communique.kb import load_kb, parse_date
from communique.kb.check import check


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def test_bundled_kb_passes_its_check(kb):
    report = check(kb)
    assert report.ok, "\n".join(report.errors[:20])


def test_kb_sizes_meet_the_brief(kb):
    counts = check(kb).counts
    assert counts["COUNTRY"] >= 250
    assert counts["ORG"] >= 250
    assert counts["INITIATIVE"] >= 80
    assert counts["PERSON"] >= 300
    assert counts["FORMULATION"] >= 200
    assert counts["REGION"] + counts["GROUPING"] >= 60
    assert counts["PLACE"] >= 50


def test_roles_resolve_by_date(kb):
    def minister(day):
        return [p.id for p in kb.holders("Minister of Foreign Affairs", date.fromisoformat(day), of="CHN")]

    assert minister("2012-06-01") == ["person:yang-jiechi"]
    assert minister("2015-06-01") == ["person:wang-yi"]
    assert minister("2023-03-07") == ["person:qin-gang"]
    assert [p.id for p in kb.holders("Secretary-General", date(2005, 1, 1), of="org:un")] == [
        "person:kofi-annan"
    ]


def test_country_entries_have_codes_and_variants(kb):
    china = kb.get("CHN")
    assert china.type == "COUNTRY" and china.get("iso2") == "CN"
    assert "Chinese" in china.get("demonyms")
    assert kb.get("HKG").country == "CHN"
    assert "PRC" in china.acronyms


def test_search_finds_by_name_and_acronym(kb):
    assert kb.search("Pakistan")[0].id == "PAK"
    assert any(entry.id == "org:who" for entry in kb.search("WHO"))


def test_partial_dates_cover_their_period():
    assert parse_date("2013") == date(2013, 1, 1)
    assert parse_date("2013", end=True) == date(2013, 12, 31)
    assert parse_date("2024-02", end=True) == date(2024, 2, 29)


def test_check_reports_broken_entries():
    from communique.kb import KnowledgeBase

    broken = KnowledgeBase(
        {
            "countries": {
                "kind": "countries",
                "entries": [{"id": "XX", "type": "COUNTRY", "name": "Nowhere"}],
            },
            "people": {
                "kind": "people",
                "entries": [
                    {
                        "id": "person:a",
                        "type": "PERSON",
                        "name": "A",
                        "country": "ZZZ",
                        "roles": [{"title": "President", "of": "XX", "start": "2010", "end": "2015"}],
                    },
                    {
                        "id": "person:b",
                        "type": "PERSON",
                        "name": "B",
                        "roles": [{"title": "President", "of": "XX", "start": "2012", "end": "2009"}],
                    },
                ],
            },
        }
    )
    errors = "\n".join(check(broken).errors)
    assert "alpha-3" in errors and "ZZZ" in errors and "ends before it starts" in errors
    assert "overlaps" in errors
