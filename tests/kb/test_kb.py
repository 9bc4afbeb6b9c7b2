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


def test_every_kind_has_chinese_names(kb):
    with_zh = {}
    for entry in kb.entries.values():
        with_zh.setdefault(entry.type, 0)
        with_zh[entry.type] += bool(entry.zh)
    assert with_zh["COUNTRY"] >= 249
    assert with_zh["ORG"] >= 120
    assert with_zh["INITIATIVE"] >= 80
    assert with_zh["PERSON"] >= 300
    assert with_zh["REGION"] + with_zh["GROUPING"] >= 60
    assert with_zh["PLACE"] >= 100
    assert kb.get("USA").zh[0] == "美国" and kb.get("PRK").zh[0] == "朝鲜" and kb.get("KOR").zh[0] == "韩国"
    assert "台湾地区" in kb.get("TWN").zh and kb.get("TWN").get("sovereign") is None
    assert kb.get("CHN").zh_metonyms[:1] == ["北京"]
    assert kb.get("org:sco").zh == ["上海合作组织", "上合组织"]
    assert "外交部" in kb.get("org:mfa-pak").zh_generic and "巴基斯坦外交部" in kb.get("org:mfa-pak").zh
    # Chinese names moved out of the English aliases: Simplified first, Traditional after
    xi = kb.get("person:xi-jinping")
    assert xi.zh == ["习近平", "習近平"] and not any("习" in alias for alias in xi.aliases)
    assert kb.get("person:lai-ching-te").zh[0] == "赖清德"
    assert kb.get("group:developing-countries").zh == ["发展中国家"]
    assert kb.search("巴基斯坦")[0].id == "PAK"


def test_bundled_chinese_names_do_not_collide(kb):
    report = check(kb)
    assert report.counts["ZH_FORM"] >= 2000
    assert not [c for c in report.collisions if c.startswith("Chinese form")]


def test_check_flags_chinese_collisions_and_bad_forms():
    from communique.kb import KnowledgeBase

    report = check(
        KnowledgeBase(
            {
                "countries": {
                    "kind": "countries",
                    "entries": [
                        {"id": "AAA", "type": "COUNTRY", "name": "Aland", "zh": ["甲国"]},
                        {"id": "BBB", "type": "COUNTRY", "name": "Bland", "zh": ["甲国", "Bland"]},
                    ],
                },
                "organisations": {
                    "kind": "organisations",
                    "entries": [
                        {
                            "id": "org:x",
                            "type": "ORG",
                            "name": "X",
                            "country": "AAA",
                            "zh_generic": ["外交部"],
                        }
                    ],
                },
                "chinese": {
                    "kind": "chinese",
                    "abbreviations": {"甲": ["AAA", "ZZZ"]},
                    "needs_title": ["乙"],
                },
            }
        )
    )
    assert any("'甲国' names AAA, BBB" in c for c in report.collisions)
    errors = "\n".join(report.errors)
    assert "'Bland' has no Chinese character" in errors
    assert "zh_generic without a zh name" in errors
    assert "abbreviation '甲' refers to unknown 'ZZZ'" in errors
    assert "needs_title name '乙'" in errors


def test_armed_groups_act_for_no_state_and_places_carry_their_country(kb):
    groups = [e for e in kb.of_type("ORG") if e.get("category") == "armed_group"]
    assert len(groups) >= 20 and all(e.country is None for e in groups)
    assert kb.get("org:hamas").get("operates_in") == ["PSE"] and "Hamas" not in kb.get("ISR").aliases
    assert "Taliban government" in kb.get("AFG").aliases
    assert {kb.get(f"place:{slug}").country for slug in ("mumbai", "karachi", "lagos", "goma")} == {
        "IND", "PAK", "NGA", "COD",
    }  # fmt: skip
    assert "Group of 20" in kb.get("group:g20").aliases and "Group of 7" in kb.get("group:g7").aliases


def test_check_flags_armed_groups_with_a_country_and_unknown_operates_in():
    from communique.kb import KnowledgeBase

    broken = KnowledgeBase(
        {
            "countries": {
                "kind": "countries",
                "entries": [{"id": "PSE", "type": "COUNTRY", "name": "Palestine"}],
            },
            "organisations": {
                "kind": "organisations",
                "entries": [
                    {"id": "org:x", "type": "ORG", "name": "X", "category": "armed_group", "country": "PSE"},
                    {
                        "id": "org:y",
                        "type": "ORG",
                        "name": "Y",
                        "category": "armed_group",
                        "operates_in": ["QQQ"],
                    },
                ],
            },
        }
    )
    errors = "\n".join(check(broken).errors)
    assert "org:x: an armed group has no country" in errors and "operates_in has unknown code 'QQQ'" in errors
