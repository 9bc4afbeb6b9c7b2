"""Stance per ordered actor pair: events' quad classes plus evaluative words, signs as the text has them."""

from __future__ import annotations

import pytest

from communique.annotators.stance import StanceScorer
from communique.kb import load_kb


@pytest.fixture(scope="module")
def scorer() -> StanceScorer:
    return StanceScorer(load_kb())


def event(source: str, target: str, quad: int, sentence: int = 0, modality: str = "asserted") -> dict:
    return {
        "source": {"entity": source},
        "target": {"entity": target},
        "quad_class": quad,
        "modality": modality,
        "sentence": sentence,
    }


def score_of(scorer: StanceScorer, text: str, events: list[dict]) -> dict:
    (result,) = scorer.score(events, [(0, len(text))], text, [])
    return result


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The talks were candid, friendly and productive.", 3),
        # what a negative word acts on does not count for the pair
        ("The US arms sales seriously threaten peace and stability in the Taiwan Strait.", -2),
        ("China firmly opposes the move, which undermines mutual trust.", -2),
        ("Such moves are not conducive to peace and stability.", -1),
        # a negator right before an evaluative word turns it round; not one governing another verb
        ("The talks were not constructive.", -1),
        ("China is not a threat to anyone.", 1),
        ("China will never accept interference in its internal affairs.", -1),
        ("China strongly condemns the attack and supports the government of Pakistan.", 0),
    ],
)
def test_evaluative_words(scorer, text, expected):
    assert scorer.lexical(text) == expected


def test_a_protest_is_not_scored_as_warmth(scorer):
    text = "China lodged stern representations, saying the arms sales gravely undermine peace and stability."
    result = score_of(scorer, text, [event("CHN", "USA", 3)])
    assert result["score"] < 0
    assert (result["source"], result["target"], result["events"]) == ("CHN", "USA", 1)


def test_events_counts_events_not_evaluative_words(scorer):
    text = "Wang Yi held friendly and productive talks with his Kenyan counterpart."
    result = score_of(scorer, text, [event("CHN", "KEN", 1)])
    # one event (+0.5) and the sentence's two positive words (+0.5): still one event
    assert (result["events"], result["score"]) == (1, 0.5)
