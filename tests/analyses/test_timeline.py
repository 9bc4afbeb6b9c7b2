from annotated_corpus import SPECS, Spec, fill
from communique.analyses.timeline import timeline
from communique.store.store import Store


def summary(items: list[dict]) -> list[tuple]:
    return [
        (item["kind"], item["when"], item["date_source"], item.get("type") or item.get("unit"))
        for item in items
    ]


def test_events_ordered_by_the_date_they_refer_to(corpus):
    items = timeline(corpus.store, since="2023")
    assert summary(items) == [
        ("event", "2023-02-10", "published", "AID"),
        # Published 2024-01-12, but the text says the agreement was signed in November 2023.
        ("event", "2023-11", "stated", "COOPERATE"),
        ("event", "2024-01-12", "published", "SUPPORT"),
        # A stated date that is no calendar date (PAST_REF) falls back to publication.
        ("event", "2024-06-03", "published", "ACCUSE"),
    ]
    assert items[1]["precision"] == "month" and items[1]["published"] == "2024-01-12"
    assert items[1]["citation"] == {
        "document": corpus.ids["k24x"],
        "sentence": 0,
        "start": 0,
        "end": 68,
        "text": "In November 2023, China and Pakistan signed a cooperation agreement.",
    }
    assert items[1]["outlet"] == "Xinhua" and items[1]["title"] == "Cooperation agreement"


def test_actor_filter_takes_events_both_ways_and_claims_about_it(corpus):
    items = timeline(corpus.store, actor="PAK")
    assert summary(items) == [
        ("event", "2015-04-20", "published", "CONSULT"),
        ("claim", "2016", "stated", "projects"),
        ("event", "2016-09-10", "published", "SUPPORT"),
        ("claim", "2016-09-10", "published", "projects"),
        ("event", "2017-05-14", "published", "AID"),
        ("claim", "2019-05-20", "published", "projects"),
        ("event", "2020-07-15", "published", "SUPPORT"),
        ("event", "2023-02-10", "published", "AID"),
        ("event", "2023-11", "stated", "COOPERATE"),
        ("event", "2024-01-12", "published", "SUPPORT"),
    ]
    claim = items[1]
    assert claim["value"] == 60 and claim["claim_kind"] == "count" and claim["about"] == "PAK"
    assert claim["citation"]["text"] == "60 projects" and claim["citation"]["document"] == corpus.ids["k17x"]


def test_person_filter_finds_agent_and_speaker_events(corpus):
    items = timeline(corpus.store, actor="person:wang-yi")
    assert [(item["when"], item["type"], item["speaker"]) for item in items] == [
        ("2015-04-20", "CONSULT", None),  # Wang Yi as the agent of China's event
        ("2018-03-08", "REJECT", "person:wang-yi"),
        ("2020-06-07", "REJECT", "person:wang-yi"),
        ("2024-01-12", "SUPPORT", "person:wang-yi"),
    ]


def test_type_filter_newest_first_limit_and_modalities(corpus):
    items = timeline(corpus.store, event_type="accuse", newest_first=True)
    assert [(item["when"], item["source"], item["modality"]) for item in items] == [
        ("2024-06-03", "USA", "asserted"),
        ("2021-08-05", "CHN", "negated"),
        ("2018-03-08", "USA", "asserted"),
    ]
    assert all(item["kind"] == "event" for item in items)  # a type filter leaves claims out
    denied_left_out = timeline(corpus.store, event_type="ACCUSE", exclude_modalities=("negated",))
    assert [item["when"] for item in denied_left_out] == ["2018-03-08", "2024-06-03"]
    newest = timeline(corpus.store, actor="CHN", newest_first=True, limit=4)
    assert summary(newest) == [
        ("event", "2024-06-03", "published", "ACCUSE"),
        ("event", "2024-01-12", "published", "SUPPORT"),
        ("event", "2023-11", "stated", "COOPERATE"),
        ("claim", "2022-11-15", "published", "doses of vaccine"),
    ]


def test_claims_can_be_left_out_and_periods_use_stated_dates(corpus):
    items = timeline(corpus.store, actor="CHN", since="2021", until="2021", include_claims=True)
    assert summary(items) == [
        ("claim", "2021-03", "stated", "doses of vaccine"),
        ("event", "2021-08-05", "published", "ACCUSE"),
        ("claim", "2021-08-05", "published", "doses of vaccine"),
    ]
    events_only = timeline(corpus.store, actor="CHN", since="2021", until="2021", include_claims=False)
    assert summary(events_only) == [("event", "2021-08-05", "published", "ACCUSE")]
    # The sanctions of 15 May 2019 are in May 2019 by their stated date.
    may = timeline(corpus.store, since="2019-05", until="2019-05")
    assert [(item["when"], item.get("type") or item.get("unit")) for item in may] == [
        ("2019-05-15", "SANCTION"),
        ("2019-05-20", "projects"),
    ]


def test_undated_documents_come_last(tmp_path):
    store = Store.open(str(tmp_path / "undated.db"))
    undated = Spec(
        "undated",
        None,
        "No date",
        ["Pakistan provided aid to China."],
        source_name="Dawn",
        entities=[(("PAK", "COUNTRY", "Pakistan", "PAK"), [(0, "Pakistan", "actor")])],
        events=[SPECS[2].events[0] | {"source": {"entity": "PAK", "text": "Pakistan"}, "target": None}],
    )
    fill(store, [SPECS[0], undated])
    oldest = timeline(store, include_claims=False)
    assert [(item["when"], item["date_source"]) for item in oldest] == [
        ("2015-04-20", "published"),
        (None, None),
    ]
    newest = timeline(store, include_claims=False, newest_first=True)
    assert [item["when"] for item in newest] == ["2015-04-20", None]
    store.close()
