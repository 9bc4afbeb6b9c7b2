from dataclasses import replace

import pytest

from annotated_corpus import SPECS, claim, fill
from communique.analyses.claim_tracker import (
    normalise_unit,
    same,
    singular,
    track_claims,
    unit_variants,
    verdict,
)
from communique.store.schema import claim_verdicts
from communique.store.store import Store


def by_unit(groups):
    return {group.unit: group for group in groups}


def test_units_are_case_and_plural_insensitive():
    assert normalise_unit("Masks") == normalise_unit("mask") == "mask"
    assert normalise_unit("Doses of  Vaccines") == "dose of vaccine"
    assert [
        singular(word) for word in ("countries", "classes", "matches", "doses", "yuan", "news", "virus")
    ] == [
        "country",
        "class",
        "match",
        "dose",
        "yuan",
        "news",
        "virus",
    ]
    assert set(unit_variants("doses of vaccine")) == {
        "dose of vaccine",
        "doses of vaccine",
        "dose of vaccines",
        "doses of vaccines",
    }
    assert "countries" in unit_variants("country")


def test_groups_and_verdicts(corpus):
    groups = track_claims(corpus.store)
    assert [(group.unit, group.about, group.claims) for group in groups] == [
        ("dose of vaccine", "CHN", 3),
        ("project", "PAK", 3),
        ("mask", "CHN", 2),
    ]
    found = by_unit(groups)
    masks = found["mask"]
    # 200 billion and 201 billion: within 1%, the sources agree.
    assert (masks.status, masks.agree, masks.units) == ("agree", True, ["mask", "masks"])
    assert (masks.min, masks.max, masks.latest, masks.distinct_values, masks.documents) == (
        2e11,
        2.01e11,
        2.01e11,
        2,
        2,
    )
    assert [(p.when, p.value, p.outlets) for p in masks.points] == [
        ("2020-06-07", 2e11, ["Xinhua"]),
        ("2020-07-15", 2.01e11, ["dawn.com"]),
    ]
    citation = masks.points[0].citations[0]
    assert citation["qualifier"] == "more than"
    assert citation["citation"]["text"] == "more than 200 billion masks"
    assert citation["citation"]["document"] == corpus.ids["k20x"]
    # Doses: 100 million (stated March 2021), 770 million (August 2021), 2.2 billion (2022): updated.
    doses = found["dose of vaccine"]
    assert (doses.status, doses.direction, doses.agree) == ("updated", "up", False)
    assert [(p.when, p.date_source, p.value) for p in doses.points] == [
        ("2021-03", "stated", 1e8),
        ("2021-08-05", "published", 7.7e8),
        ("2022-11-15", "published", 2.2e9),
    ]
    assert (doses.latest, doses.latest_when, doses.documents) == (2.2e9, "2022-11-15", 2)
    # Projects: 60 (2016, Xinhua), 90 (Dawn, 2016), 75 (Dawn, 2019): up then down, sources differ.
    projects = found["project"]
    assert (projects.status, projects.direction) == ("differ", None)
    assert (projects.min, projects.max, projects.latest) == (60, 90, 75)
    [conflict] = projects.conflicts
    assert conflict["reason"] == "goes down after going up"
    assert [claim["value"] for claim in conflict["claims"]] == [90, 75]
    assert [claim["citation"]["document"] for claim in conflict["claims"]] == [
        corpus.ids["k16d"],
        corpus.ids["k19d"],
    ]


def test_filters_unit_about_period_and_min_claims(corpus):
    [masks] = track_claims(corpus.store, unit="Mask")
    assert masks.claims == 2 and masks.about_name == "China"
    assert [group.unit for group in track_claims(corpus.store, about="PAK")] == ["project"]
    assert track_claims(corpus.store, about="USA") == []
    recent = track_claims(corpus.store, since="2021")
    assert [(group.unit, group.claims) for group in recent] == [("dose of vaccine", 3)]
    one_each = track_claims(corpus.store, since="2022", min_claims=1)
    assert [(group.unit, group.status, group.claims) for group in one_each] == [
        ("dose of vaccine", "single", 1)
    ]
    trimmed = track_claims(corpus.store, unit="doses of vaccine", max_points=2, citations_per_point=1)
    assert [p.value for p in trimmed[0].points] == [7.7e8, 2.2e9]
    assert trimmed[0].status == "updated"  # decided on every point, not only those shown
    assert all(len(p.citations) == 1 for p in trimmed[0].points)
    assert (
        trimmed[0].as_dict()["points"][0]["citations"][0]["citation"]["text"]
        == "770 million doses of vaccine"
    )


def test_verdict_rules():
    assert same(100, 100.9) and not same(100, 102)
    assert verdict([("2020", 100.0, 1), ("2021", 100.5, 2)]) == ("agree", None, [])
    assert verdict([("2020", 100.0, 1), ("2021", 90.0, 2), ("2022", 50.0, 3)]) == ("updated", "down", [])
    status, direction, conflicts = verdict([("2020", 100.0, 1), ("2020", 150.0, 2), ("2021", 200.0, 3)])
    assert (status, direction) == ("differ", None)
    assert conflicts == [(1, 2, "different figures for 2020")]
    # A figure restated unchanged between revisions is still an update.
    assert verdict([("2020", 10.0, 1), ("2021", 10.0, 2), ("2022", 20.0, 3)])[:2] == ("updated", "up")
    # Undated figures cannot be ordered: only agreement is judged on them.
    assert verdict([(None, 10.0, 1), (None, 20.0, 2)])[0] == "differ"


def test_tolerance_is_configurable(corpus):
    strict = by_unit(track_claims(corpus.store, tolerance=0.001))
    assert strict["mask"].status == "updated" and strict["mask"].direction == "up"
    assert by_unit(track_claims(corpus.store, tolerance=0.5))["project"].status == "agree"


@pytest.mark.parametrize("unit", ["masks", "MASKS", "mask"])
def test_same_group_whatever_the_spelling_asked(corpus, unit):
    [group] = track_claims(corpus.store, unit=unit)
    assert group.unit == "mask" and group.claims == 2


@pytest.fixture
def restated(tmp_path):
    """The annotated corpus and two more mask figures: 201 billion again, stated for the day
    k20d was published (same date and value, another date source), and "masks " (a spelling
    `unit_variants` does not list) in 2019."""
    k20d = next(spec for spec in SPECS if spec.key == "k20d")
    extra = [
        replace(
            k20d,
            key="k20s",
            published="2020-09-01",
            title="Masks restated",
            sentences=["On 15 July China had shipped 201 billion mask units.", k20d.sentences[1]],
            claims=[claim(0, "201 billion mask", 2.01e11, "Mask", "CHN", date="2020-07-15")],
        ),
        replace(
            k20d,
            key="k21s",
            published="2019-02-01",
            title="Masks again",
            sentences=["China had shipped 250 billion masks by then.", k20d.sentences[1]],
            claims=[claim(0, "250 billion masks", 2.5e11, "masks ", "CHN")],
        ),
    ]
    store = Store.open(str(tmp_path / "restated.db"))
    fill(store, [*SPECS, *extra])
    yield store
    store.close()


def answers(store, **options):
    return [group.as_dict() for group in track_claims(store, **options)]


@pytest.mark.parametrize("max_points", [1, 2, 3, 50])
@pytest.mark.parametrize("unit", [None, "mask"])
def test_kept_verdicts_answer_as_judging_the_points(restated, max_points, unit):
    """Answers from the store's kept verdicts (default scan and tolerance, no period) equal
    those judged on the points at the time of asking (another scan depth): the same points
    shown, when the last ones tie on date and value, and the same groups for a spelling the
    unit filter does not find."""
    kept = answers(restated, unit=unit, max_points=max_points, citations_per_point=1)
    judged = answers(restated, unit=unit, max_points=max_points, citations_per_point=1, scan=199)
    assert kept == judged
    [masks] = [group for group in kept if group["unit"] == "mask"]
    assert masks["claims"] == (3 if unit else 4)  # "masks " is found only without the filter
    if max_points <= 2:
        assert [point["date_source"] for point in masks["points"]][-1] == "published"


def test_tracker_reads_the_kept_verdicts(restated):
    with restated.engine.begin() as connection:
        connection.execute(claim_verdicts.update().values(status="agree", conflicts=[]))
    assert {group.status for group in track_claims(restated)} == {"agree"}
    assert "differ" in {group.status for group in track_claims(restated, scan=199)}
