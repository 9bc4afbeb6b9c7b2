"""Event arguments read from the parse: who acts (source) and on whom (target) when the act is named by a
noun another verb governs, when a controller performs a complement, and when a pronoun stands for it."""

from event_helpers import coded_events, event_triples


def test_who_is_asked_to_halt_an_act_performs_it_and_the_halt_has_no_target(nlp):
    triples = event_triples(
        coded_events(nlp, "Germany urged Russia to stop military operations against Ukraine.")
    )
    assert ("ASSAULT", "RUS", "UKR") in triples
    assert ("RETREAT", "RUS", None) in triples
    assert ("RETREAT", "RUS", "UKR") not in triples


def test_halting_as_a_purpose_stops_someone_else_s_act(nlp):
    triples = event_triples(
        coded_events(nlp, "Turkey launched an offensive to halt rocket attacks on Turkish towns.")
    )
    assert ("ASSAULT", "TUR", "TUR") not in triples
    assert not any(t[0] == "ASSAULT" and t[1] == "TUR" and t[2] is not None for t in triples)


def test_a_possessive_in_a_controlled_complement_is_the_controller_s(nlp):
    triples = event_triples(
        coded_events(nlp, "Germany urged Russia to halt its bombardment of Ukrainian cities.")
    )
    assert ("ASSAULT", "RUS", "UKR") in triples
    assert not any(t[0] == "ASSAULT" and t[1] == "DEU" for t in triples)


def test_condemning_an_act_is_about_its_owner_not_its_victim(nlp):
    assert ("ACCUSE", "GBR", None) in event_triples(
        coded_events(nlp, "Britain condemned the arrest of the Ukrainian ambassador.")
    )
    triples = event_triples(coded_events(nlp, "Britain condemned Russia's bombardment of Ukrainian cities."))
    assert ("ACCUSE", "GBR", "RUS") in triples
    assert ("ACCUSE", "GBR", "UKR") not in triples


def test_a_protest_lodged_with_a_state_still_targets_it(nlp):
    text = "Pakistan lodged a protest with India over the shelling of border villages."
    assert ("ACCUSE", "PAK", "IND") in event_triples(coded_events(nlp, text))


def test_a_threat_through_a_controlled_complement_targets_what_the_controller_would_act_on(nlp):
    text = "Tokyo warned that more missile tests would lead Japan to impose sanctions on North Korea."
    triples = event_triples(coded_events(nlp, text))
    assert ("THREATEN", "JPN", "PRK") in triples
    assert ("SANCTION", "JPN", "PRK") in triples


def test_an_unnamed_state_body_belongs_to_the_party_named_before_it(nlp):
    text = "Thai soldiers fired on the camp, and the army was placed on full alert."
    assert ("MOBILIZE", "THA", None) in event_triples(coded_events(nlp, text))
    text = "Pakistan had not recalled the border troops that crossed into Indian territory."
    assert ("MOBILIZE", "PAK", "IND") in event_triples(coded_events(nlp, text))


def test_where_something_happened_does_not_name_the_police(nlp):
    text = "Crowds blocked the parade in Berlin and Vienna, and several marchers were detained by police."
    assert ("COERCE", None, None) in event_triples(coded_events(nlp, text))


def test_a_promise_targets_its_complement_s_own_arguments_not_what_they_are_of(nlp):
    triples = event_triples(
        coded_events(nlp, "Iran agreed on Monday to free the sailors of the British tanker.")
    )
    assert ("AGREE", "IRN", None) in triples
    assert ("AGREE", "IRN", "GBR") not in triples
    assert ("AGREE", "KOR", "VNM") in event_triples(
        coded_events(nlp, "Seoul pledged to double its aid to Vietnam.")
    )


def test_where_a_disrupted_event_took_place_is_no_target(nlp):
    text = "Demonstrators disrupted the marathon relay in Lyon and Geneva on Sunday."
    assert ("PROTEST", None, None) in event_triples(coded_events(nlp, text))
