"""Event types and modes read from the parse: threatened acts, weapons, requested and refused acts."""

import pytest

from event_helpers import coded_events


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
    assert expected in _modes(coded_events(nlp, text))


def test_attack_target_names_no_weapon(nlp):
    events = coded_events(nlp, "Gunmen attacked a missile factory near the border on Monday.")
    assert ("ASSAULT", "firearms") in _modes(events)


def test_unspecified_retaliation_gives_no_threat_mode(nlp):
    for text in (
        "Seoul warned Tokyo that it would take corresponding measures if the plan went ahead.",
        "The ministry warned that it would take countermeasures against the new export rules.",
    ):
        assert ("THREATEN", None) in _modes(coded_events(nlp, text))


def test_capitalised_crowd_storming_is_a_riot(nlp):
    events = coded_events(nlp, "Protesters angered by the verdict stormed the French embassy on Friday.")
    assert ("PROTEST", "riot") in _modes(events)
    assert "ASSAULT" not in {e["type"] for e in events}


TYPE_CASES = [
    # legal action, shutdowns and censorship are coercion
    ("Prosecutors charged two journalists with espionage on Monday.", ("COERCE", "arrest")),
    ("The former minister was charged with embezzlement.", ("COERCE", "arrest")),
    ("Authorities cut internet and mobile phone services in the northern provinces.", ("COERCE", "withhold")),
    ("The regulator blocked access to the video-sharing app on Friday.", ("COERCE", "censor")),
    # an order to one's own forces mobilises them
    ("The president ordered troops to the border on Sunday.", ("MOBILIZE", "troops")),
    # "walked out of": the parser's preposition is a particle
    ("Junior doctors walked out of hospitals across the region on Tuesday.", ("PROTEST", "strike-lim")),
    ("The opposition delegation walked out of the budget talks.", ("REJECT", "meet")),
    ("Washington pulled out of the arms control treaty in August.", ("SANCTION", "withdraw")),
]


@pytest.mark.parametrize(("text", "expected"), TYPE_CASES)
def test_type_is_read_from_the_parse(nlp, text, expected):
    assert expected in _modes(coded_events(nlp, text))


@pytest.mark.parametrize(
    "text",
    [
        "A fishing boat sank off the coast on Monday.",  # nobody sank it
        "Heavy snow forced the airline to cancel all flights.",  # flights are no relations
    ],
)
def test_no_event_without_a_party_acting_on_another(nlp, text):
    assert coded_events(nlp, text) == []


def test_a_verbal_charge_stays_an_accusation(nlp):
    assert ("ACCUSE", None) in _modes(
        coded_events(nlp, "Beijing charged Washington with hypocrisy over trade.")
    )


def test_a_domestic_budget_is_no_aid(nlp):
    assert "AID" not in {
        e["type"] for e in coded_events(nlp, "The parliament approved next year's budget on Thursday.")
    }


def _types(events: list[dict]) -> list[str]:
    return sorted(e["type"] for e in events)


def test_negated_request_leaves_its_complement_uncoded(nlp):
    events = coded_events(nlp, "Georgia has not asked the European Union to send monitors.")
    assert _types(events) == ["REQUEST"]


def test_rejected_proposal_content_is_not_coded(nlp):
    events = coded_events(nlp, "The junta rejected a regional proposal for a ceasefire in the north.")
    assert "RETREAT" not in _types(events) and "CONCEDE" not in _types(events)


def test_burning_during_an_attack_is_the_attack(nlp):
    events = coded_events(
        nlp, "Militants attacked two villages in Borno state, killing 30 people and burning dozens of huts."
    )
    assert "PROTEST" not in _types(events)


def test_purpose_of_an_operation_is_not_a_retreat(nlp):
    events = coded_events(nlp, "The army launched an offensive in the valley to halt cross-border raids.")
    assert "RETREAT" not in _types(events)


def test_protest_as_the_purpose_of_a_hunger_strike_is_one_event(nlp):
    events = coded_events(nlp, "Dozens of inmates are on hunger strike to protest against their transfer.")
    assert _types(events).count("PROTEST") == 1


def test_attack_given_as_a_cause_is_coded(nlp):
    events = coded_events(
        nlp, "Canada expelled four Iranian diplomats over the bombing of a synagogue in Toronto."
    )
    assert "ASSAULT" in _types(events)


MORE_TYPE_CASES = [
    ("Soldiers in armoured vehicles surrounded the parliament building on Monday.", ("MOBILIZE", "troops")),
    ("The country's scientists detonated a thermonuclear bomb at the test site.", ("MOBILIZE", "weapons")),
    ("The prime minister suspended parliament and ruled by decree.", ("COERCE", "restrict")),
    ("Investigators questioned him about the declaration of martial law.", ("COERCE", "martial-law")),
    ("Britain said it was withdrawing from the fisheries convention.", ("SANCTION", "withdraw")),
    ("France and Germany blocked a push for new tariffs on solar panels.", ("REJECT", None)),
    ("Police opened an inquiry into the poisoning of a former intelligence officer.", ("ASSAULT", None)),
]


@pytest.mark.parametrize(("text", "expected"), MORE_TYPE_CASES)
def test_more_types_are_read_from_the_parse(nlp, text, expected):
    assert expected in _modes(coded_events(nlp, text))


def test_a_charge_named_in_a_sentence_is_no_event(nlp):
    text = (
        "A court sentenced the blogger to two years in prison for insulting the monarchy and defying a ban."
    )
    assert _types(coded_events(nlp, text)) == ["SANCTION"]


def test_armed_forces_do_not_riot(nlp):
    assert ("COERCE", "confiscate") in _modes(
        coded_events(nlp, "Colonial soldiers looted the royal palace in 1897.")
    )
    assert ("ASSAULT", "destroy") in _modes(
        coded_events(nlp, "Soldiers torched dozens of homes in the village.")
    )


def test_a_domestic_approval_is_no_support(nlp):
    assert coded_events(nlp, "Lawmakers approved contested tax increases on Tuesday.") == []


def test_helping_as_the_purpose_of_an_opening_is_the_opening(nlp):
    events = coded_events(nlp, "Egypt opened the border to help wounded civilians on Sunday.")
    assert ("RETREAT", "access") in _modes(events)
    assert "AID" not in _types(events)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the threatened act is an adverbial infinitive ("on Friday" in between) or the object
        (
            "The president threatened on Friday to slap a 15 percent duty on Brazilian steel.",
            ("THREATEN", "restrict"),
        ),
        (
            "Both sides pledged never to threaten the use of force against each other.",
            ("THREATEN", "violence"),
        ),
        # a meeting at a summit is multilateral; the summit is its venue
        (
            "The Kenyan and Ghanaian presidents met on the sidelines of the African Union summit.",
            ("CONSULT", "multilateral"),
        ),
        (
            "Fiji's prime minister met the Samoan leader at the Pacific Islands Forum.",
            ("CONSULT", "multilateral"),
        ),
    ],
)
def test_mode_from_threatened_act_and_venue(nlp, text, expected):
    assert expected in _modes(coded_events(nlp, text))


def test_the_summit_a_meeting_is_held_at_is_no_second_event(nlp):
    events = coded_events(nlp, "Fiji's prime minister met the Samoan leader at the Pacific Islands Forum.")
    assert [e["type"] for e in events] == ["CONSULT"]


def test_a_participle_continuing_a_meeting_is_that_meeting(nlp):
    text = "Kenya and Ghana held talks in Accra on Monday, discussing trade for three hours."
    assert len([e for e in coded_events(nlp, text) if e["type"] == "CONSULT"]) == 2  # one per direction


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The alliance must stand firmly behind Lithuania.", ("SUPPORT", None)),
        ("Nordic governments rallied behind Denmark on Tuesday.", ("SUPPORT", None)),
        ("A court in Quito found three former ministers guilty of bribery.", ("SANCTION", "convict")),
        ("The navy reserves the right to respond to any incursion.", ("THREATEN", None)),
        ("Ottawa exempted Mexico from the new steel duties.", ("CONCEDE", None)),
        ("Several EU states have tightened screening of Chinese takeovers.", ("SANCTION", None)),
        ("The junta launched clearance operations in the border villages.", ("ASSAULT", None)),
        ("The president announced his country's separation from the United States.", ("SANCTION", "sever")),
        ("Police detained the businessman at the request of Argentina.", ("REQUEST", None)),
        (
            "Manila should return to the path of resolving differences through bilateral talks.",
            ("CONSULT", None),
        ),
        (
            "Canberra will keep conducting freedom of navigation operations in the region.",
            ("MOBILIZE", "troops"),
        ),
    ],
)
def test_type_from_added_patterns_and_parse_rules(nlp, text, expected):
    assert expected in _modes(coded_events(nlp, text))


def test_standing_without_a_party_is_nothing(nlp):
    assert coded_events(nlp, "The soldiers stood in the rain for hours.") == []


def test_commentators_warnings_are_no_threat(nlp):
    events = coded_events(nlp, "Critics warn that smaller lenders could be forced to sell their stakes.")
    assert "THREATEN" not in {e["type"] for e in events}


def test_declining_a_meeting_is_a_rejection_but_declining_to_criticise_is_not(nlp):
    assert ("REJECT", "meet") in _modes(
        coded_events(nlp, "Several envoys declined to attend the award ceremony in Oslo.")
    )
    events = coded_events(nlp, "The palace declined to criticise Riyadh over the affair.")
    assert "REJECT" not in {e["type"] for e in events}


@pytest.mark.parametrize(
    "text",
    [
        "Norway has never deployed soldiers abroad to seize foreign land.",  # the act did not happen
        "Rebel units launched an offensive to recapture the river port.",  # the offensive is the taking
    ],
)
def test_an_unmet_purpose_is_not_coded(nlp, text):
    assert "COERCE" not in {e["type"] for e in coded_events(nlp, text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a small clause whose adjective the parser hangs on the object
        (
            "A court in Minsk found four members of the opposition council guilty of treason.",
            ("SANCTION", "convict"),
        ),
        # what one is released from says it was captivity; a subjectless passive's patient is the clause's
        ("The dissident was freed from prison on Monday.", ("RETREAT", "release")),
        ("The blogger called a rally days after being released from police custody.", ("RETREAT", "release")),
        # a verb the tagger reads as a plural noun
        ("Officials said the Iranian navy reserves the right to respond.", ("THREATEN", None)),
    ],
)
def test_type_despite_parse_quirks(nlp, text, expected):
    assert expected in _modes(coded_events(nlp, text))


def test_being_invited_under_without_is_no_event(nlp):
    events = coded_events(nlp, "The delegation boycotted the games without even having been invited.")
    assert "AGREE" not in {e["type"] for e in events}


def test_rejected_calls_take_the_mode_of_what_they_ask(nlp):
    events = coded_events(nlp, "The prime minister rejected opposition calls to step down over the scandal.")
    assert ("REJECT", "change") in _modes(events)


def test_a_coordinated_charge_split_by_the_parser_stays_the_charge(nlp):
    text = (
        "A court in Dhaka sentenced the opposition leader to five years in prison on Tuesday "
        "for corruption and breaching election rules."
    )
    assert "REJECT" not in {e["type"] for e in coded_events(nlp, text)}
    assert "ACCUSE" not in {e["type"] for e in coded_events(nlp, text)}


def test_unnamed_coordinated_objects_give_one_event(nlp):
    text = "Canada imposed duties of 30 percent on imported cars and 5 percent on copper."
    assert [e["type"] for e in coded_events(nlp, text)].count("SANCTION") == 1
