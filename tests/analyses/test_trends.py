import pytest

from communique.analyses.trends import formulation_trends, rising_falling


def test_one_formulation_by_year_outlet_first_latest_and_speakers(corpus):
    [answer] = formulation_trends(corpus.store, "true-multilateralism")
    assert answer["name"] == "true multilateralism" and answer["category"] == "principle"
    assert (answer["documents"], answer["mentions"]) == (5, 5)
    assert answer["by_year"] == [
        {"year": "2020", "documents": 2},
        {"year": "2022", "documents": 1},
        {"year": "2024", "documents": 2},
    ]
    # Outlets: a source name, a URL's host without www., a file's folder.
    assert answer["outlets"] == [
        {"outlet": "Xinhua", "documents": 2},
        {"outlet": "dawn.com", "documents": 2},
        {"outlet": "corpus/mfa", "documents": 1},
    ]
    first, latest = answer["first"], answer["latest"]
    assert (first["published"], first["outlet"], first["title"]) == (
        "2020-06-07",
        "Xinhua",
        "Masks for the world",
    )
    assert first["citation"]["document"] == corpus.ids["k20x"] and first["citation"]["sentence"] == 1
    assert first["citation"]["text"] == "true multilateralism"
    assert (latest["published"], latest["outlet"]) == ("2024-06-03", "dawn.com")
    assert latest["citation"]["document"] == corpus.ids["k24d"]
    # Wang Yi is the speaker of events in two of the sentences using it (k20x, k24x).
    assert answer["speakers"] == [{"id": "person:wang-yi", "name": "Wang Yi", "documents": 2, "sentences": 2}]


def test_all_formulations_most_used_first_and_period(corpus):
    answers = formulation_trends(corpus.store)
    assert [(a["id"], a["documents"]) for a in answers] == [
        ("true-multilateralism", 5),
        ("win-win-cooperation", 4),
        ("community-with-a-shared-future", 2),
        ("iron-brothers", 1),
    ]
    win_win = answers[1]
    assert [row["year"] for row in win_win["by_year"]] == ["2015", "2016", "2018", "2019"]
    assert (win_win["first"]["published"], win_win["latest"]["published"]) == ("2015-04-20", "2019-05-20")
    assert win_win["speakers"][0]["id"] == "person:wang-yi" and win_win["speakers"][0]["documents"] == 1
    assert answers[2]["speakers"] == []
    assert [a["id"] for a in formulation_trends(corpus.store, limit=2)] == [
        "true-multilateralism",
        "win-win-cooperation",
    ]
    in_period = formulation_trends(corpus.store, since="2017", until="2019")
    assert [(a["id"], a["documents"]) for a in in_period] == [
        ("win-win-cooperation", 2),
        ("community-with-a-shared-future", 1),
    ]
    assert in_period[0]["first"]["published"] == "2018-03-08"
    assert formulation_trends(corpus.store, "never-used") == []


def test_rising_and_falling_by_share_of_documents(corpus):
    answer = rising_falling(corpus.store, ("2015", "2019"), ("2020", "2024"))
    assert answer["period_a"] == {"since": "2015", "until": "2019", "documents": 5}
    assert answer["period_b"] == {"since": "2020", "until": "2024", "documents": 7}
    assert [(item["id"], item["documents_a"], item["documents_b"]) for item in answer["rising"]] == [
        ("true-multilateralism", 0, 5)
    ]
    rising = answer["rising"][0]
    assert (rising["share_a"], rising["share_b"], rising["change"], rising["ratio"]) == (
        0.0,
        0.7143,
        0.7143,
        None,
    )
    # Falling, steepest first; iron brothers (one document in all) is under min_documents=2.
    assert [(item["id"], item["change"]) for item in answer["falling"]] == [
        ("win-win-cooperation", -0.8),
        ("community-with-a-shared-future", -0.0571),
    ]
    assert answer["falling"][1]["ratio"] == pytest.approx(0.7143)
    assert answer["steady"] == []
    loose = rising_falling(corpus.store, "2015-2019", "2020-2024", min_documents=1)
    assert [item["id"] for item in loose["falling"]] == [
        "win-win-cooperation",
        "iron-brothers",
        "community-with-a-shared-future",
    ]
