"""The dev gold sets hold the pipeline to the targets in the issues; they can fail when it regresses."""

from pathlib import Path

import pytest

from communique.annotators.evaluation import Score, _match, evaluate, read_gold

GOLD = Path(__file__).resolve().parents[1] / "gold"


def test_matching_is_one_to_one_on_id_and_overlap():
    gold = [{"start": 0, "end": 5, "id": "CHN"}, {"start": 10, "end": 15, "id": "USA"}]
    predicted = [
        {"start": 1, "end": 4, "id": "CHN"},
        {"start": 2, "end": 3, "id": "CHN"},
        {"start": 10, "end": 15, "id": "RUS"},
    ]
    missed, spurious, pairs = _match(gold, predicted)
    assert len(pairs) == 1 and len(missed) == 1 and len(spurious) == 2
    score = Score(tp=1, fp=2, fn=1)
    assert score.precision == pytest.approx(1 / 3) and score.recall == 0.5


def test_linking_and_formulations_meet_the_targets_on_the_dev_gold(nlp):
    report = evaluate(read_gold(GOLD / "linking.jsonl"), nlp)
    assert report.documents >= 40
    assert report.scores["linking"].f1 >= 0.95, report.scores["linking"]
    assert report.scores["formulations"].f1 >= 0.95, report.scores["formulations"]
