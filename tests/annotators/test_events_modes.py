"""Event types and modes read from the parse: threatened acts, weapons, requested and refused acts."""

import pytest

from communique.annotators.pipeline import AnnotationInput, annotate


def _events(nlp, text: str, published: str = "2024-05-13") -> list[dict]:
    [(_, result)] = list(annotate(nlp, [AnnotationInput(text, published, "en", 0)]))
    return result["events"]


def _modes(events: list[dict]) -> set[tuple[str, str | None]]:
    return {(e["type"], e["mode"]) for e in events}


MODE_CASES = [
    # a threat's mode is what it threatens
    ("The junta threatened on Monday to dissolve the largest opposition party.", ("THREATEN", "ban")),
    ("Officials warned that anyone joining the march would be detained.", ("THREATEN", "arrest")),
    ("The president threatened to seize the disputed border district.", ("THREATEN", "territory")),
    ("The rebels threatened to shell the airport if talks failed.", ("THREATEN", "violence")),
    ("Washington threatened to impose new tariffs on imported cars.", ("THREATEN", "restrict")),
    # an attack's mode is the weapon its attacker or instrument names
    ("Suicide bombers struck a crowded market in the capital on Friday.", ("ASSAULT", "suicide-attack")),
    ("Militiamen armed with machetes attacked two villages overnight.", ("ASSAULT", "primitive")),
    ("Government warplanes bombed a rebel-held town on Tuesday.", ("ASSAULT", "heavy-weapons")),
    ("The two armies exchanged mortar fire along the frontier on Sunday.", ("ASSAULT", "heavy-weapons")),
    ("The army launched drone strikes on militant hideouts.", ("ASSAULT", "heavy-weapons")),
    # a performing verb takes the mode of the noun it performs
    ("The jailed dissident began a hunger strike on Monday.", ("PROTEST", "strike-hun")),
    # what is asked for or refused
    ("Thousands of marchers demanded that the prime minister step down.", ("REQUEST", "change")),
    ("The government refused to hand over the suspects to Interpol.", ("REJECT", "assist")),
    ("The rebels rejected a government proposal for peace talks.", ("REJECT", "meet")),
]


@pytest.mark.parametrize(("text", "expected"), MODE_CASES)
def test_mode_is_read_from_the_parse(nlp, text, expected):
    assert expected in _modes(_events(nlp, text))


def test_attack_target_names_no_weapon(nlp):
    events = _events(nlp, "Gunmen attacked a missile factory near the border on Monday.")
    assert ("ASSAULT", "firearms") in _modes(events)


def test_unspecified_retaliation_gives_no_threat_mode(nlp):
    for text in (
        "Seoul warned Tokyo that it would take corresponding measures if the plan went ahead.",
        "The ministry warned that it would take countermeasures against the new export rules.",
    ):
        assert ("THREATEN", None) in _modes(_events(nlp, text))


def test_capitalised_crowd_storming_is_a_riot(nlp):
    events = _events(nlp, "Protesters angered by the verdict stormed the French embassy on Friday.")
    assert ("PROTEST", "riot") in _modes(events)
    assert "ASSAULT" not in {e["type"] for e in events}
