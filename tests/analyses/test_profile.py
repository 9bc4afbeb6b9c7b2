import json

import pytest

from communique.analyses.profile import UnknownActor, actor_profile


def test_profile_kb_facts_and_mentions_over_time(corpus):
    profile = actor_profile(corpus.store, "CHN")
    assert profile["actor"]["name"] == "China" and profile["actor"]["type"] == "COUNTRY"
    assert profile["actor"]["in_kb"] and profile["actor"]["roles"] == []
    mentions = profile["mentions"]
    assert (mentions["documents"], mentions["mentions"]) == (12, 23)
    assert (mentions["first"], mentions["latest"]) == ("2015-04-20", "2024-06-03")
    by_year = {row["period"]: (row["documents"], row["mentions"]) for row in mentions["by_year"]}
    assert by_year == {
        "2015": (1, 1),
        "2016": (1, 2),
        "2017": (1, 2),
        "2018": (1, 2),
        "2019": (1, 2),
        "2020": (2, 4),
        "2021": (1, 3),
        "2022": (1, 2),
        "2023": (1, 1),
        "2024": (2, 4),
    }
    by_month = {row["period"]: row["documents"] for row in mentions["by_month"]}
    assert by_month["2020-06"] == 1 and by_month["2020-07"] == 1 and len(by_month) == 12
    json.dumps(profile)  # ready for JSON as it is


def test_co_mentioned_actors_ranked_by_shared_documents(corpus):
    co = actor_profile(corpus.store, "CHN")["co_mentioned"]
    assert [(row["id"], row["documents"]) for row in co] == [("PAK", 8), ("USA", 7), ("person:wang-yi", 5)]
    assert co[0]["name"] == "Pakistan" and co[0]["mentions"] == 14
    assert [row["id"] for row in actor_profile(corpus.store, "CHN", top=1)["co_mentioned"]] == ["PAK"]


def test_events_as_source_and_target_by_type_and_quad_class(corpus):
    events = actor_profile(corpus.store, "CHN")["events"]
    source, target = events["source"], events["target"]
    # The negated accusation (k21d) did not happen: it is not counted.
    assert source["events"] == 7
    assert source["by_quad_class"] == {
        "verbal_cooperation": 3,
        "material_cooperation": 2,
        "verbal_conflict": 2,
        "material_conflict": 0,
    }
    assert {row["type"]: row["events"] for row in source["by_type"]} == {
        "CONSULT": 2,
        "REJECT": 2,
        "AID": 1,
        "COOPERATE": 1,
        "SUPPORT": 1,
    }
    assert [(row["id"], row["events"]) for row in source["partners"]] == [("PAK", 4), ("USA", 2)]
    assert target["events"] == 6
    assert target["by_quad_class"]["material_conflict"] == 1
    assert [(row["id"], row["events"]) for row in target["partners"]] == [("USA", 4), ("PAK", 2)]
    sanction = next(row for row in target["by_type"] if row["type"] == "SANCTION")
    example = sanction["examples"][0]
    assert example["when"] == "2019-05-15" and example["date_source"] == "stated"
    assert example["citation"]["document"] == corpus.ids["k19d"]
    assert example["citation"]["text"] == "The United States imposed sanctions on China on 15 May 2019."
    assert example["citation"]["sentence"] == 0 and example["citation"]["start"] == 0


def test_negated_events_are_counted_when_asked(corpus):
    events = actor_profile(corpus.store, "CHN", exclude_modalities=())["events"]
    assert events["source"]["events"] == 8
    accuse = next(row for row in events["source"]["by_type"] if row["type"] == "ACCUSE")
    assert accuse["examples"][0]["modality"] == "negated"


def test_person_profile_roles_agent_and_speaker_events(corpus):
    profile = actor_profile(corpus.store, "person:wang-yi")
    facts = profile["actor"]
    assert facts["type"] == "PERSON" and facts["country"] == "CHN"
    ministers = [role for role in facts["roles"] if role["title"] == "Minister of Foreign Affairs"]
    assert [(role["start"], role["end"]) for role in ministers] == [
        ("2013-03-16", "2022-12-30"),
        ("2023-07-25", None),
    ]
    assert ministers[-1]["current"] is True
    assert [role["start"] for role in facts["roles"]] == sorted(role["start"] for role in facts["roles"])
    # "Wang Yi met Pakistani leaders ..." is China's event with Wang Yi as agent.
    source = profile["events"]["source"]
    assert source["events"] == 1 and source["by_type"][0]["type"] == "CONSULT"
    assert source["by_type"][0]["examples"][0]["citation"]["document"] == corpus.ids["k15x"]
    spoken = profile["events"]["speaker"]
    assert spoken["events"] == 3
    assert {row["type"]: row["events"] for row in spoken["by_type"]} == {"REJECT": 2, "SUPPORT": 1}
    assert spoken["partners"] == [{"id": "CHN", "name": "China", "events": 3}]


def test_formulations_used_and_quoted_with(corpus):
    formulations = actor_profile(corpus.store, "person:wang-yi")["formulations"]
    assert [(row["id"], row["documents"]) for row in formulations["in_documents"]] == [
        ("true-multilateralism", 3),
        ("win-win-cooperation", 2),
        ("iron-brothers", 1),
    ]
    quoted = formulations["quoted_with"]
    assert [(row["id"], row["documents"]) for row in quoted] == [
        ("true-multilateralism", 3),
        ("win-win-cooperation", 2),
    ]
    latest = quoted[0]["latest"]
    assert latest["published"] == "2024-01-12"
    assert latest["citation"]["document"] == corpus.ids["k24x"]
    assert latest["citation"]["text"] == "true multilateralism"


def test_claims_about_the_actor_newest_first(corpus):
    claims = actor_profile(corpus.store, "CHN")["claims"]
    assert claims["claims"] == 5
    assert [(row["unit"], row["claims"]) for row in claims["by_unit"]] == [
        ("dose of vaccine", 3),
        ("mask", 2),
    ]
    assert [row["when"] for row in claims["latest"]] == [
        "2022-11-15",
        "2021-08-05",
        "2021-03",
        "2020-07-15",
        "2020-06-07",
    ]
    stated = claims["latest"][2]
    assert stated["date_source"] == "stated" and stated["value"] == 1e8
    assert stated["citation"]["text"] == "100 million doses of vaccine"
    assert stated["outlet"] == "dawn.com"


def test_latest_documents_with_titles_and_outlets(corpus):
    documents = actor_profile(corpus.store, "PAK", latest=3)["documents"]
    assert [(row["published"], row["title"], row["outlet"]) for row in documents] == [
        ("2024-01-12", "Cooperation agreement", "Xinhua"),
        ("2023-02-10", "Flood aid", "dawn.com"),
        ("2020-07-15", "Pandemic support", "dawn.com"),
    ]
    assert documents[0]["id"] == corpus.ids["k24x"] and documents[0]["mentions"] == 2


def test_period_applies_to_every_section(corpus):
    profile = actor_profile(corpus.store, "CHN", since="2020", until="2021")
    assert profile["mentions"]["documents"] == 3
    assert [row["period"] for row in profile["mentions"]["by_year"]] == ["2020", "2021"]
    # Events by the date they refer to: the 2020 rejection only (the 2021 accusation is negated).
    assert profile["events"]["source"]["events"] == 1
    assert profile["claims"]["claims"] == 4
    assert [row["published"] for row in profile["documents"]] == ["2021-08-05", "2020-07-15", "2020-06-07"]
    assert [row["id"] for row in profile["co_mentioned"]] == ["PAK", "USA", "person:wang-yi"]
    # An event stated to be in November 2023 but published in 2024 belongs to 2023.
    late = actor_profile(corpus.store, "CHN", since="2023", until="2023")["events"]["source"]
    assert [row["type"] for row in late["by_type"]] == ["COOPERATE"]


def test_unknown_actor_is_an_error_and_unlinked_names_come_from_the_texts(corpus):
    with pytest.raises(UnknownActor):
        actor_profile(corpus.store, "XXX")


def test_latest_documents_of_a_common_actor_found_newest_first(corpus, monkeypatch):
    """The walk for actors in many documents gives what the rare-actor path gives."""
    import communique.store.store as store_module

    rare = actor_profile(corpus.store, "CHN", since="2016", until="2023")["documents"]
    monkeypatch.setattr(store_module, "MANY_DOCUMENTS", 1)
    common = actor_profile(corpus.store, "CHN", since="2016", until="2023")["documents"]
    assert common == rare and len(common) == 9
