"""Event coding: sources, targets, symmetric pairs, requested and nominal events, negation, datelines."""

import pytest

from event_helpers import actor_id, coded_events, event_triples

CASES = [
    # plain transitive and passive
    ("Chinese fishermen were detained by the Indonesian navy last week.", ("COERCE", "IDN", "CHN")),
    ("The United States imposed sanctions on Iran on Friday.", ("SANCTION", "USA", "IRN")),
    # coordination of sources and of targets
    (
        "China has provided vaccines to 50 African countries and the African Union Commission.",
        ("AID", "CHN", "org:african-union-commission"),
    ),
    (
        "He said China had lodged stern representations with Japan and the United States.",
        ("ACCUSE", "CHN", "USA"),
    ),
    (
        "He said China had lodged stern representations with Japan and the United States.",
        ("ACCUSE", "CHN", "JPN"),
    ),
    ("China and Russia vetoed the draft resolution.", ("REJECT", "RUS", None)),
    # symmetric events
    ("China and Pakistan signed an agreement on Monday.", ("SUPPORT", "PAK", "CHN")),
    ("China and Pakistan signed an agreement on Monday.", ("SUPPORT", "CHN", "PAK")),
    ("China and Russia held joint naval drills in the Sea of Japan.", ("COOPERATE", "CHN", "RUS")),
    ("China and Russia held joint naval drills in the Sea of Japan.", ("COOPERATE", "RUS", "CHN")),
    # reported speech: the speaker's own act hangs in the reported clause
    (
        "Geng Shuang said India had not withdrawn its troops, and urged New Delhi to pull them back.",
        ("REQUEST", "CHN", "IND"),
    ),
    # requested events
    (
        "China on Thursday called on the United States and Britain to halt military action.",
        ("REQUEST", "CHN", "USA"),
    ),
    (
        "China on Thursday called on the United States and Britain to halt military action.",
        ("REQUEST", "CHN", "GBR"),
    ),
    # the target of a promise is the one its complement acts on
    (
        "Australia and the United States have pledged to help Pacific island countries build capacity.",
        ("AID", "AUS", "group:pacific-island-countries"),
    ),
    ("Beijing pledged to double its assistance to Africa by 2009.", ("AGREE", "CHN", "region:africa")),
    # nominal events: a participle's by-phrase, a target deep in the object
    (
        "The sanctions imposed on Chinese officials by the US Treasury are unacceptable.",
        ("SANCTION", "USA", "CHN"),
    ),
    (
        "Russian forces launched missile strikes on cities across Ukraine early on Thursday.",
        ("ASSAULT", "RUS", "UKR"),
    ),
    (
        "The United States and its allies announced new sanctions against Russia on Thursday.",
        ("SANCTION", "USA", "RUS"),
    ),
    # the actor inside the object
    ("US federal agents entered the Chinese consulate in Houston on Friday.", ("COERCE", "USA", "CHN")),
    # group actors and unlinked parties
    ("Chinese lenders committed 160 billion dollars in loans to Kenya.", ("AID", "CHN", "KEN")),
    ("Protesters disrupted the torch relay this week.", ("PROTEST", None, None)),
    # negation and refusal
    ("China neither accepts nor recognises the award of the tribunal.", ("REJECT", "CHN", None)),
    ("Tokyo has refused to compensate the victims.", ("REJECT", "JPN", None)),
    # datelines are not actors
    (
        "KYIV, Feb. 24 (Agency) -- Russian forces launched missile strikes on cities across Ukraine.",
        ("ASSAULT", "RUS", "UKR"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_event_is_coded(nlp, text, expected):
    assert expected in event_triples(coded_events(nlp, text))


def test_dateline_city_is_no_source(nlp):
    events = coded_events(
        nlp, "KYIV, Feb. 24 (Agency) -- Russian forces launched missile strikes on Ukraine."
    )
    assert all(actor_id(e["source"]) != "UKR" for e in events)


def test_date_is_no_target(nlp):
    text = "The United States and its allies announced new sanctions against Russia on Thursday."
    events = coded_events(nlp, text)
    assert all(e["target"] is None or "Thursday" not in e["target"]["text"] for e in events)


def test_refused_act_is_not_coded(nlp):
    events = coded_events(nlp, "Tokyo has refused to compensate the victims.")
    assert [e["type"] for e in events] == ["REJECT"]


def test_negated_acceptance_is_one_event(nlp):
    events = coded_events(nlp, "China neither accepts nor recognises the award of the tribunal.")
    assert [(e["type"], e["modality"]) for e in events] == [("REJECT", "asserted")]


def test_request_is_asserted(nlp):
    text = "China on Thursday called on the United States and Britain to halt military action."
    events = coded_events(nlp, text)
    assert {e["modality"] for e in events if e["type"] == "REQUEST"} == {"asserted"}


def _agents(events: list[dict]) -> set[tuple[str, str | None, str | None]]:
    """(type, source, target) with a person's id where the actor is a person."""

    def who(side: dict | None) -> str | None:
        return (side.get("agent") or side.get("entity")) if side else None

    return {(e["type"], who(e["source"]), who(e["target"])) for e in events}


ACTOR_CASES = [
    # wire datelines: the parser hangs the real subject on the dateline's place
    (
        "BUSAN, Oct. 30 (Agency) -- Chinese President Xi Jinping and US President Donald Trump met in Busan.",
        ("CONSULT", "person:xi-jinping", "person:donald-trump"),
    ),
    # a title before a named person is that person, not the title's country
    (
        "US President Barack Obama and Chinese President Hu Jintao pledged on Tuesday to work together.",
        ("AGREE", "person:barack-obama", "person:hu-jintao"),
    ),
    # hosts and receivers: the visitor is the source
    (
        "Chinese President Hu Jintao received US Defense Secretary Robert Gates in Beijing on Tuesday.",
        ("CONSULT", "person:robert-gates", "person:hu-jintao"),
    ),
    # an unlinked party coordinated with a linked one acts too
    (
        "She urged the Sudanese government and the rebel groups in Darfur to return to talks.",
        ("REQUEST", None, None),
    ),
    # pronouns: "it" is the named subject above; "we" is the speaker's country
    ("The Japanese government said that it would impose sanctions on Russia.", ("SANCTION", "JPN", "RUS")),
    ("Wang Wenbin said we firmly oppose the sanctions on Chinese firms.", ("ACCUSE", "CHN", None)),
]


@pytest.mark.parametrize(("text", "expected"), ACTOR_CASES)
def test_actor_is_resolved(nlp, text, expected):
    assert expected in _agents(coded_events(nlp, text))


def test_receiving_a_thing_is_no_visit(nlp):
    events = coded_events(nlp, "Pakistan received a shipment of wheat on Monday.")
    assert not [e for e in events if e["type"] == "CONSULT"]


def test_three_parties_act_without_target(nlp):
    text = "The United States, Britain and Australia announced a new security partnership on Wednesday."
    events = [e for e in coded_events(nlp, text) if e["type"] == "COOPERATE"]
    assert {actor_id(e["source"]) for e in events} == {"USA", "GBR", "AUS"}
    assert all(e["target"] is None for e in events)


def test_signing_parties_are_each_others_targets(nlp):
    events = coded_events(nlp, "China and Pakistan signed 51 agreements worth 46 billion dollars on Monday.")
    assert {("SUPPORT", "CHN", "PAK"), ("SUPPORT", "PAK", "CHN")} <= event_triples(events)


def test_readiness_is_agree_only(nlp):
    text = "Zhu said China was ready to strengthen dialogue and cooperation with the United States."
    events = coded_events(nlp, text)
    assert event_triples(events) == {("AGREE", "CHN", "USA")}
    assert events[0]["modality"] == "asserted"


def test_we_needs_a_speaker(nlp):
    events = coded_events(nlp, "We firmly oppose the sanctions.")
    assert all(e["source"] is None or e["source"]["entity"] is None for e in events)


def test_consequence_of_an_attack_is_not_another_event(nlp):
    text = "Gunmen attacked two hotels in Mumbai on Wednesday, killing at least 100 people."
    assert [e["trigger"]["text"] for e in coded_events(nlp, text) if e["type"] == "ASSAULT"] == ["attacked"]


def test_attack_noun_inside_the_act_is_one_event(nlp):
    text = "Police arrested the opposition leader at his home in a midnight raid."
    assert [e["type"] for e in coded_events(nlp, text)] == ["COERCE"]


def test_agent_of_a_killing_keeps_the_verb(nlp):
    text = "The United States killed the Iranian commander in a drone strike."
    events = coded_events(nlp, text)
    assert [e["trigger"]["text"] for e in events] == ["killed"]
    assert ("ASSAULT", "USA", "IRN") in event_triples(events)


def test_stative_participle_is_no_event(nlp):
    text = "Herders armed with machetes attacked farming villages in Plateau state."
    assert [e["type"] for e in coded_events(nlp, text)] == ["ASSAULT"]


def test_clause_describing_a_party_does_not_name_it(nlp):
    text = "The gunmen who stormed a campus in Kenya shot dozens of students."
    shot = [e for e in coded_events(nlp, text) if e["trigger"]["text"] == "shot"]
    assert shot and all(actor_id(e["source"]) is None for e in shot)


def test_lifting_sanctions_is_a_concession(nlp):
    events = coded_events(nlp, "Washington lifted the sanctions on Myanmar's banks on Friday.")
    assert [e["type"] for e in events] == ["CONCEDE"]


def test_requested_talks_are_coded_for_the_urged_party(nlp):
    text = "China urged Japan to return to the negotiating table as soon as possible."
    assert ("CONSULT", "JPN", None) in event_triples(coded_events(nlp, text))


def test_dialogue_as_the_means_of_a_normative_clause(nlp):
    text = "China and the United States should manage their differences through dialogue."
    triples = event_triples(coded_events(nlp, text))
    assert {("CONSULT", "CHN", "USA"), ("CONSULT", "USA", "CHN")} <= triples


def test_possessive_pronoun_owns_a_nominal_event(nlp):
    text = "The United States notified the UN of its withdrawal from the World Health Organization."
    assert ("SANCTION", "USA", "org:who") in event_triples(coded_events(nlp, text))


def test_general_strike_is_a_protest(nlp):
    events = coded_events(nlp, "French unions staged a nationwide strike against the pension reform.")
    assert [(e["type"], e["mode"]) for e in events] == [("PROTEST", "strike-gen")]


def test_protesters_storming_is_a_riot(nlp):
    events = coded_events(nlp, "Protesters stormed the German embassy in Khartoum on Friday.")
    assert [(e["type"], e["mode"]) for e in events] == [("PROTEST", "riot")]


def test_seizing_territory_is_confiscation(nlp):
    events = coded_events(nlp, "M23 rebels took control of Goma on Tuesday.")
    assert [(e["type"], e["mode"]) for e in events] == [("COERCE", "confiscate")]


def test_stance_as_purpose_is_not_coded(nlp):
    text = "Thousands of people marched through central London to protest against the war."
    assert [e["trigger"]["text"] for e in coded_events(nlp, text)] == ["marched"]


def test_place_in_a_country_names_the_target(nlp):
    text = "An explosion hit a hospital in Gaza City on Tuesday."
    assert ("ASSAULT", None, "PSE") in event_triples(coded_events(nlp, text))


def test_people_are_not_the_place_they_were_in(nlp):
    text = "Suicide bombers struck crowds of pilgrims in Baghdad on Tuesday."
    assert ("ASSAULT", None, None) in event_triples(coded_events(nlp, text))


def test_the_accused_does_the_alleged_act(nlp):
    text = "Amnesty International accused Nigerian soldiers of killing at least 12 protesters in Lagos."
    assert ("ASSAULT", "NGA", None) in event_triples(coded_events(nlp, text))


def test_threat_reaches_its_target_through_a_clause(nlp):
    text = "President Recep Tayyip Erdogan warned that Turkey would launch a military incursion into Syria."
    assert ("THREATEN", "TUR", "SYR") in event_triples(coded_events(nlp, text))


def test_unnamed_government_is_the_datelines(nlp):
    text = "BANGKOK, May 20 (Agency) -- The government imposed a night-time curfew on the capital."
    assert ("COERCE", "THA", None) in event_triples(coded_events(nlp, text))


def test_work_together_is_cooperation(nlp):
    text = "The two countries should work together to ensure the safety of Chinese personnel."
    assert "COOPERATE" in {e["type"] for e in coded_events(nlp, text)}


def test_phrasal_particle_parsed_as_adverb(nlp):
    text = "China urged New Delhi to pull them back immediately."
    assert ("RETREAT", "IND", None) in event_triples(coded_events(nlp, text))


def test_motion_without_an_actor_is_no_visit(nlp):
    events = coded_events(nlp, "The first batch of relief supplies arrived in Karachi on Sunday.")
    assert not [e for e in events if e["type"] == "CONSULT"]


def test_participle_agent_is_the_source(nlp):
    text = "The Global Security Initiative, proposed by President Xi Jinping in April 2022, is welcomed."
    assert ("AGREE", "person:xi-jinping", None) in _agents(coded_events(nlp, text))


def test_instrument_names_are_no_parties(nlp):
    text = "Palestinian factions signed the Beijing Declaration on ending division on Tuesday."
    assert all(actor_id(e["target"]) != "CHN" for e in coded_events(nlp, text))


def test_coordinated_verbs_share_the_object(nlp):
    text = "China appreciated and welcomed the Nauruan government's decision."
    assert event_triples(coded_events(nlp, text)) == {("SUPPORT", "CHN", "NRU")}


def test_promise_to_help_targets_the_helped(nlp):
    text = "Australia and the United States have pledged to help Pacific island countries build capacity."
    triples = event_triples(coded_events(nlp, text))
    assert ("AGREE", "AUS", "group:pacific-island-countries") in triples
    assert ("AGREE", "AUS", "USA") not in triples


def test_diplomatic_boycott_is_a_sanction(nlp):
    text = "The US side was staging a diplomatic boycott of the Beijing Winter Olympics."
    assert ("SANCTION", "USA", "CHN") in event_triples(coded_events(nlp, text))


def test_a_countrys_people_can_be_its_target(nlp):
    text = "Myanmar's military detained State Counsellor Aung San Suu Kyi on Monday."
    assert ("COERCE", "MMR", "person:aung-san-suu-kyi") in _agents(coded_events(nlp, text))


def test_threat_complement_as_infinitive_adverbial(nlp):
    text = "WASHINGTON, April 7 (Agency) -- Trump threatened on Monday to impose a tariff on Chinese goods."
    assert ("THREATEN", "USA", "CHN") in event_triples(coded_events(nlp, text))


def test_examples_after_including_are_not_the_group(nlp):
    text = "BRICS leaders invited six countries, including Saudi Arabia, Iran and Egypt, to join the bloc."
    assert ("AGREE", "group:brics", None) in event_triples(coded_events(nlp, text))


def test_called_for_event_is_requested(nlp):
    events = coded_events(nlp, "Activists have called for a boycott of the Beijing Olympics.")
    assert ("PROTEST", "requested") in {(e["type"], e["modality"]) for e in events}
    assert "REQUEST" in {e["type"] for e in events}


def test_halted_violence_is_still_coded(nlp):
    text = "China called on the United States and Britain to halt military action against Iraq."
    assert "ASSAULT" in {e["type"] for e in coded_events(nlp, text)}


def test_lifted_measure_is_not_coded_again(nlp):
    events = coded_events(nlp, "The European Union should not lift its arms embargo on China.")
    assert [e["type"] for e in events] == ["CONCEDE"]


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("China urged New Delhi to pull them back immediately.", "yield"),
        ("China urged all sides to remain calm and exercise restraint.", "yield"),
        ("The Arab League called on Israel to resume direct peace negotiations.", "meet"),
        ("Zelensky asked Western allies to supply Ukraine with air defence systems.", "assist"),
    ],
)
def test_request_mode_is_what_is_asked(nlp, text, mode):
    assert [e["mode"] for e in coded_events(nlp, text) if e["type"] == "REQUEST"] == [mode]


def test_asking_whether_is_no_request(nlp):
    events = coded_events(nlp, "Asked whether Beijing would release the crew, Zhu said it was under study.")
    assert "REQUEST" not in {e["type"] for e in events}


def test_sentencing_is_a_conviction(nlp):
    text = "A court in Myanmar sentenced Aung San Suu Kyi to four years in prison on Monday."
    assert [(e["type"], e["mode"]) for e in coded_events(nlp, text)] == [("SANCTION", "convict")]


def test_participial_description_is_no_event(nlp):
    text = "Turkish police detained 20 people over social media posts supporting the protests."
    assert "SUPPORT" not in {e["type"] for e in coded_events(nlp, text)}


def test_attack_noun_targets_its_of_phrase(nlp):
    text = "Israel's bombardment of Beirut's international airport drew condemnation."
    assert ("ASSAULT", "ISR", "LBN") in event_triples(coded_events(nlp, text))


def test_exchange_of_fire_is_mutual(nlp):
    text = "Armenian and Azerbaijani forces exchanged heavy artillery fire along the front line."
    assert {("ASSAULT", "ARM", "AZE"), ("ASSAULT", "AZE", "ARM")} <= event_triples(coded_events(nlp, text))


def test_named_unrest_without_actors_is_coded(nlp):
    text = "Iran hanged a man on Wednesday convicted of killing a guard during last year's protests."
    assert "PROTEST" in {e["type"] for e in coded_events(nlp, text)}


def test_strike_target_from_where_it_landed(nlp):
    text = "Israeli aircraft struck targets across the Gaza Strip on Sunday."
    assert ("ASSAULT", "ISR", "PSE") in event_triples(coded_events(nlp, text))


def test_counted_object_is_the_object(nlp):
    text = "Palestinian militants fired hundreds of rockets into southern Israel over the weekend."
    assert ("ASSAULT", "PSE", "ISR") in event_triples(coded_events(nlp, text))


def test_he_is_a_named_person_even_outside_the_kb(nlp):
    text = "Cambodian opposition leader Kem Sokha said he would boycott the election."
    assert [(e["source"]["entity"], e["source"]["text"]) for e in coded_events(nlp, text)] == [("KHM", "he")]


def test_event_nouns_naming_things_are_no_events(nlp):
    text = "Gunmen with assault rifles stormed a protest camp near the detention centres."
    assert [e["trigger"]["text"] for e in coded_events(nlp, text)] == ["stormed"]


def test_charged_with_is_a_passive(nlp):
    events = coded_events(nlp, "Cambodian opposition leader Kem Sokha was charged with treason on Tuesday.")
    assert all(e["source"] is None for e in events) and events


def test_conjoined_attitudes_share_their_subject(nlp):
    text = "Mao Ning said China appreciated and welcomed the Nauruan government's decision."
    assert ("SUPPORT", "CHN", "NRU") in event_triples(coded_events(nlp, text))
    assert ("SUPPORT", "person:mao-ning", "NRU") not in _agents(coded_events(nlp, text))


def test_declining_to_comment_is_no_event(nlp):
    assert coded_events(nlp, "The ministry asked reporters to comment on the plan.") == []


def test_joining_others_in_an_act(nlp):
    text = "Q: Will China join Western countries in imposing sanctions on Russia?"
    assert ("SANCTION", "CHN", "RUS") in event_triples(coded_events(nlp, text))


def test_possessive_pronoun_skips_unnamed_subjects(nlp):
    text = "Saudi Arabia cut ties with Iran on Sunday after protesters stormed its embassy in Tehran."
    assert ("PROTEST", None, "SAU") in event_triples(coded_events(nlp, text))


def test_party_located_in_a_country_acts_for_it(nlp):
    text = "A court in Myanmar sentenced the ousted leader to four years in prison on Monday."
    assert ("SANCTION", "MMR", None) in event_triples(coded_events(nlp, text))


def test_nominal_event_in_an_adjunct_is_asserted(nlp):
    text = "Zelensky asked allies to send air defences after a wave of Russian missile strikes."
    strikes = [e for e in coded_events(nlp, text) if e["trigger"]["text"] == "strikes"]
    assert strikes and strikes[0]["modality"] == "asserted"


def test_signing_an_order_is_no_support(nlp):
    text = "President Donald Trump signed orders on Thursday imposing tariffs on imported steel."
    assert "SUPPORT" not in {e["type"] for e in coded_events(nlp, text)}


def test_agreeing_to_sanction_has_no_partner(nlp):
    text = "The European Union agreed on Tuesday to impose sanctions on Russia's banking sector."
    triples = event_triples(coded_events(nlp, text))
    assert ("AGREE", "org:eu", None) in triples and ("SANCTION", "org:eu", "RUS") in triples


def test_amount_in_kind_is_one_event(nlp):
    text = "Chinese lenders committed 160 billion dollars in loans to African governments."
    assert [e["type"] for e in coded_events(nlp, text)] == ["AID"]


def test_topic_of_a_protest_is_not_its_lodger_act(nlp):
    text = "Pakistan lodged a protest with India over the killing of four civilians in shelling."
    assert all(actor_id(e["source"]) != "PAK" for e in coded_events(nlp, text) if e["type"] == "ASSAULT")


def test_party_in_coordinated_countries_is_each(nlp):
    text = "Consumers in Saudi Arabia and Kuwait are boycotting Danish dairy products."
    assert {("PROTEST", "SAU", "DNK"), ("PROTEST", "KWT", "DNK")} <= event_triples(coded_events(nlp, text))


def test_walking_out_is_a_strike(nlp):
    events = coded_events(nlp, "Junior doctors in England walked out over pay on Tuesday.")
    assert [(e["type"], e["mode"]) for e in events] == [("PROTEST", "strike-lim")]


def test_in_protest_is_a_manner(nlp):
    text = "Beijing halted rare earth exports in protest at the detention of its captain."
    assert "PROTEST" not in {e["type"] for e in coded_events(nlp, text)}


# jointly agreed acts and exchanges: each party acts towards the other
JOINT_CASES = [
    ("India and Pakistan agreed on Sunday to restore diplomatic ties.", ("SUPPORT", "IND", "PAK")),
    ("India and Pakistan agreed on Sunday to restore diplomatic ties.", ("SUPPORT", "PAK", "IND")),
    ("Israel and Egypt exchanged prisoners on Monday.", ("RETREAT", "EGY", "ISR")),
]


@pytest.mark.parametrize(("text", "expected"), JOINT_CASES)
def test_joint_act_targets_the_other_party(nlp, text, expected):
    assert expected in event_triples(coded_events(nlp, text))


def test_host_is_the_target_of_a_visit(nlp):
    triples = event_triples(
        coded_events(
            nlp, "French President Emmanuel Macron hosted Indian Prime Minister Narendra Modi in Paris."
        )
    )
    assert ("CONSULT", "IND", "FRA") in triples
    assert ("CONSULT", "FRA", "IND") not in triples


def test_natural_hazards_are_no_actors(nlp):
    assert not coded_events(nlp, "A strong earthquake struck northern Chile on Sunday.")
    assert not coded_events(nlp, "Flood warnings remained in place across Bavaria on Monday.")


def test_tear_gas_is_crowd_control(nlp):
    types = {
        e["type"] for e in coded_events(nlp, "Venezuelan police fired tear gas at demonstrators in Caracas.")
    }
    assert "COERCE" in types and "ASSAULT" not in types
    types = {
        e["type"]
        for e in coded_events(nlp, "Police fired tear gas and live rounds at demonstrators in Caracas.")
    }
    assert "ASSAULT" in types


def test_lodged_protest_is_one_accusation(nlp):
    events = coded_events(nlp, "Japan lodged a strong protest with China on Tuesday.")
    assert event_triples(events) == {("ACCUSE", "JPN", "CHN")}


def test_drawn_reaction_targets_what_drew_it(nlp):
    triples = event_triples(
        coded_events(nlp, "Malaysia detained 20 fishermen on Monday, drawing condemnation from Vietnam.")
    )
    assert ("ACCUSE", "VNM", "MYS") in triples
    triples = event_triples(
        coded_events(
            nlp, "The expulsion of two Chinese diplomats by Canada drew an angry protest from Beijing."
        )
    )
    assert ("SANCTION", "CAN", "CHN") in triples
    assert ("ACCUSE", "CHN", "CAN") in triples
    assert not any(t[0] == "PROTEST" for t in triples)


RETALIATION_CASES = [
    ("Russia said it would take reciprocal measures against the United States.", ("SANCTION", "RUS", "USA")),
    ("Seoul said it would retaliate if Tokyo imposed new export curbs.", ("SANCTION", "KOR", "JPN")),
    (
        "India said it would respond with corresponding measures if Washington went ahead with new tariffs.",
        ("SANCTION", "IND", "USA"),
    ),
    ("Canada was forced to respond in kind.", ("SANCTION", "CAN", None)),
]


@pytest.mark.parametrize(("text", "expected"), RETALIATION_CASES)
def test_retaliation_in_other_words(nlp, text, expected):
    assert expected in event_triples(coded_events(nlp, text))


def test_necessary_measures_are_no_retaliation(nlp):
    assert not any(
        e["type"] == "SANCTION"
        for e in coded_events(nlp, "China will take necessary measures to protect its interests.")
    )


def test_going_ahead_with_a_measure_performs_it(nlp):
    triples = event_triples(
        coded_events(
            nlp, "Beijing warned it would act if Washington went ahead with new tariffs on Chinese steel."
        )
    )
    assert ("SANCTION", "USA", "CHN") in triples


def test_issued_travel_warning_is_a_sanction(nlp):
    triples = event_triples(coded_events(nlp, "Beijing issued a travel warning for Japan on Friday."))
    assert triples == {("SANCTION", "CHN", "JPN")}


def test_help_as_purpose_names_the_recipient(nlp):
    triples = event_triples(
        coded_events(nlp, "Japan sent medical teams to help Turkey recover from the earthquake.")
    )
    assert ("AID", "JPN", "TUR") in triples
    assert ("AID", "JPN", None) not in triples


def test_passive_patient_after_a_dateline(nlp):
    events = coded_events(
        nlp, "KABUL, May 14 (Agency) -- About 3,000 troops have been deployed to the border region."
    )
    assert any(e["type"] == "MOBILIZE" for e in events)


MOVEMENT_CASES = [
    ("Indian troops crossed into Pakistan overnight.", ("MOBILIZE", "IND", "PAK")),
    ("Russian tanks rolled into Georgia on Friday.", ("MOBILIZE", "RUS", "GEO")),
    ("Ukrainian troops entered the city on Friday.", ("MOBILIZE", "UKR", None)),
]


@pytest.mark.parametrize(("text", "expected"), MOVEMENT_CASES)
def test_armed_units_moving_into_a_place_mobilise(nlp, text, expected):
    assert expected in event_triples(coded_events(nlp, text))


def test_other_movement_is_no_mobilisation(nlp):
    assert not coded_events(nlp, "Market forces moved into the region last year.")
    assert not any(
        e["type"] == "MOBILIZE" for e in coded_events(nlp, "The agreement entered into force in May.")
    )


def test_relative_clause_of_a_party_names_the_actor(nlp):
    triples = event_triples(
        coded_events(nlp, "Indonesia seized a Vietnamese vessel that entered its waters, officials said.")
    )
    assert ("COERCE", "IDN", "VNM") in triples or ("MOBILIZE", "VNM", None) in triples


def test_stand_in_is_no_target(nlp):
    triples = event_triples(
        coded_events(
            nlp,
            "Foreign Minister S. Jaishankar attended the summit in place of Prime Minister Narendra Modi.",
        )
    )
    assert not any(t[2] == "IND" for t in triples)


def test_acting_at_a_summit_attends_it(nlp):
    triples = event_triples(
        coded_events(
            nlp, "Brazilian President Luiz Inacio Lula da Silva criticised Israel at a summit in Cairo."
        )
    )
    assert any(t[0] == "CONSULT" and t[1] == "BRA" for t in triples)


def test_legislature_stands_for_the_dateline_country(nlp):
    events = coded_events(nlp, "NAIROBI, June 25 (Agency) -- Protesters stormed parliament on Tuesday.")
    assert ("PROTEST", None, "KEN") in event_triples(events)


def test_supplying_a_party_with_arms_aids_it(nlp):
    assert ("AID", "DEU", "UKR") in event_triples(
        coded_events(nlp, "Germany will supply Ukraine with tanks and air defence systems.")
    )


def test_protest_site_is_no_target(nlp):
    events = coded_events(nlp, "Thousands of protesters occupied the main square of Belgrade on Sunday.")
    assert any(e["type"] == "PROTEST" for e in events)
    assert not any(actor_id(e["target"]) == "SRB" for e in events if e["type"] == "PROTEST")


def test_aside_clause_names_no_party(nlp):
    events = coded_events(
        nlp,
        "Thousands rallied in Tbilisi against a draft law on foreign agents, "
        "which critics say mirrors Russian legislation.",
    )
    assert not any(actor_id(e["target"]) == "RUS" for e in events)


def test_hosted_talks_are_between_the_parties(nlp):
    triples = event_triples(
        coded_events(nlp, "Oman hosted talks between the Iranian and American envoys in Muscat.")
    )
    assert ("CONSULT", "IRN", "USA") in triples and ("CONSULT", "USA", "IRN") in triples
    assert not any(t[1] == "OMN" or t[2] == "OMN" for t in triples if t[0] == "CONSULT")


def test_mediator_consults_each_side(nlp):
    triples = event_triples(
        coded_events(
            nlp, "Egypt, which has been mediating between Israel and Jordan, said talks would resume."
        )
    )
    assert ("CONSULT", "EGY", "ISR") in triples and ("CONSULT", "EGY", "JOR") in triples


PRONOUN_CASES = [
    # "its" does not stand for a plural subject; the object before it does
    ("Russian forces captured a Ukrainian border post and detained its commander.", ("COERCE", "RUS", "UKR")),
    # an object pronoun is not its own clause's subject ("accusing it": not Kuwait and Bahrain)
    (
        "Kuwait and Bahrain recalled their ambassadors from Lebanon, accusing it of harbouring militants.",
        ("ACCUSE", "KWT", "LBN"),
    ),
    # "she" takes the person named as the object when the subject is no person
    (
        "Vietnamese police detained a Japanese reporter after she criticised Hanoi's land policy.",
        ("ACCUSE", "JPN", "VNM"),
    ),
    # a person the KB lacks stays the target of their own country's police (the police are that country's:
    # a state body named without its country belongs to the one named before it)
    (
        "Togolese opposition figure Kofi Mensah was charged a day after police arrested him at his house.",
        ("COERCE", "TGO", "TGO"),
    ),
    # an unnamed antecedent ("the village elders") names no actor, not the reporting officials' country
    (
        "Malian officials said armed men had rounded up the village elders and shot them.",
        ("ASSAULT", None, None),
    ),
    # "they" takes the plural object over a singular subject
    (
        "The Kenyan government warned foreign charities that they would be expelled unless they registered.",
        ("SANCTION", None, None),
    ),
    # "it" standing for a resolution is no actor
    (
        "The Arab states rejected the draft resolution because it would have condemned Egypt.",
        ("ACCUSE", None, "EGY"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), PRONOUN_CASES)
def test_pronoun_antecedents(nlp, text: str, expected: tuple) -> None:
    assert expected in event_triples(coded_events(nlp, text))


TARGET_CASES = [
    # reciprocal objects: each party targets the other
    ("Serbia and Croatia accused each other of stoking tensions on Friday.", ("ACCUSE", "SRB", "HRV")),
    ("Serbia and Croatia accused each other of stoking tensions on Friday.", ("ACCUSE", "HRV", "SRB")),
    # the one that comes under attack is its target
    (
        "Iraq's defence ministry said its base near Mosul came under attack on Sunday.",
        ("ASSAULT", None, "IRQ"),
    ),
    # a demonym on the trigger's compound owns the act
    ("Lebanese officials said a wave of Israeli drone strikes hit the south.", ("ASSAULT", "ISR", None)),
    # the owner of what a protest is against is its target, even the protesters' own government
    (
        "NAIROBI, May 3 (Agency) -- Kenyan teachers staged a general strike against the government's plan.",
        ("PROTEST", "KEN", "KEN"),
    ),
    # "the country", "the island": the country named before, not the clause's own subject
    (
        "Tour operators cancelled trips to Vietnam after Tokyo issued a travel warning for the country.",
        ("SANCTION", "JPN", "VNM"),
    ),
    (
        "Turkey sent warships toward Cyprus on Monday ahead of naval drills around the island.",
        ("MOBILIZE", "TUR", "CYP"),
    ),
    # the place after coordinated objects is where all of them are
    ("Gunmen attacked a police station and a market in Kabul.", ("ASSAULT", None, "AFG")),
    # who asks for aid receives it; who is asked gives it
    ("Haiti asked for international assistance after the hurricane.", ("AID", None, "HTI")),
    ("Sri Lanka sought emergency loans from the IMF.", ("AID", "org:imf", "LKA")),
]


@pytest.mark.parametrize(("text", "expected"), TARGET_CASES)
def test_targets_beyond_the_object(nlp, text: str, expected: tuple) -> None:
    assert expected in event_triples(coded_events(nlp, text))


@pytest.mark.parametrize(
    "text",
    [
        "Armenian forces clashed with Azerbaijani troops on Tuesday.",
        # the clause's subject is the other side of a clash it is killed or wounded in
        "Three Armenian soldiers were wounded in a clash with Azerbaijani troops near the border.",
        # fighting before another act is an event of its own
        "Armenian troops seized the town after heavy fighting with Azerbaijani forces.",
    ],
)
def test_two_sided_violence_targets_each_side(nlp, text: str) -> None:
    assert {("ASSAULT", "ARM", "AZE"), ("ASSAULT", "AZE", "ARM")} <= event_triples(coded_events(nlp, text))


def test_an_initiative_is_no_party(nlp):
    events = coded_events(
        nlp, "Fifteen countries signed the Regional Comprehensive Economic Partnership on Sunday."
    )
    assert [(e["type"], e["target"]) for e in events] == [("SUPPORT", None)]


def test_a_proposal_is_made_to_whoever_answers_it(nlp):
    triples = event_triples(coded_events(nlp, "Serbia rejected a Croatian proposal for border talks."))
    assert ("AGREE", "HRV", "SRB") in triples


def test_who_is_called_on_to_resign_resigns(nlp):
    text = "BAMAKO, June 5 (Agency) -- Malian President Amadou Keita has rejected opposition calls to resign."
    assert ("RETREAT", "MLI", None) in event_triples(coded_events(nlp, text))


def test_a_protest_targets_whom_it_makes_demands_of(nlp):
    text = "Students marched in Dhaka, calling for the resignation of Prime Minister Sheikh Hasina."
    protests = [e for e in coded_events(nlp, text) if e["type"] == "PROTEST"]
    assert protests and protests[0]["target"]["agent"] == "person:sheikh-hasina"


def test_the_joined_act_too(nlp):
    text = "Q: Will Japan join Western countries in imposing sanctions on Belarus?"
    assert {("SANCTION", "JPN", "BLR"), ("SANCTION", "group:the-west", "BLR")} <= event_triples(
        coded_events(nlp, text)
    )


def test_a_proposal_targets_the_other_parties_in_its_clause(nlp):
    text = "Putin proposed that Russia and Belarus jointly build a nuclear plant."
    assert ("AGREE", "RUS", "BLR") in event_triples(coded_events(nlp, text))


def test_withdrawn_forces_are_their_side_s_retreat(nlp):
    triples = event_triples(coded_events(nlp, "Russian troops were withdrawn from the border on Friday."))
    assert ("RETREAT", "RUS", None) in triples


def test_claiming_responsibility_for_an_attack_owns_it(nlp):
    text = "Ukraine's military claimed responsibility for drone strikes on Russian airfields."
    assert ("ASSAULT", "UKR", "RUS") in event_triples(coded_events(nlp, text))


def test_word_lists_are_kb_data_with_yaml_booleans_kept_as_words(tmp_path):
    """The coder's word lists come from kb/plover_words.yaml; a bare `no` or `off` there is a word."""
    from communique.annotators.events import DEMANDING, PERSON_NOUNS, WORDS, _word_lists

    assert "demand" in DEMANDING and "demand" in WORDS["demanding"]
    assert "spokesperson" in PERSON_NOUNS
    path = tmp_path / "words.yaml"
    path.write_text("kind: plover_words\nword_lists:\n  particles: [off, no, Out]\n", encoding="utf-8")
    assert _word_lists(path) == {"particles": frozenset({"off", "no", "out"})}


def test_future_cooperation_is_also_a_commitment(nlp) -> None:
    """PLOVER codes a cooperative act reported in the future tense as AGREE; the act stays planned."""
    events = coded_events(nlp, "Norway will send medical teams to Mozambique next month.")
    by_type = {e["type"]: e for e in events}
    assert by_type["AID"]["modality"] == "planned"
    assert (actor_id(by_type["AGREE"]["source"]), actor_id(by_type["AGREE"]["target"])) == ("NOR", "MOZ")
    assert by_type["AGREE"]["modality"] == "asserted" and by_type["AGREE"]["quad_class"] == 1


@pytest.mark.parametrize(
    "text",
    [
        "Norway sent medical teams to Mozambique last month.",  # done, not promised
        "Norway pledged to send medical teams to Mozambique.",  # the pledge is the one AGREE
        "Norway will not send medical teams to Mozambique.",  # a refusal is no commitment
    ],
)
def test_no_extra_commitment(nlp, text: str) -> None:
    assert [e["type"] for e in coded_events(nlp, text)].count("AGREE") <= 1
    if "pledged" not in text:
        assert "AGREE" not in {e["type"] for e in coded_events(nlp, text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a state protests in words, to the government it addresses
        ("Vietnam protested to China over the survey ship.", ("ACCUSE", "VNM", "CHN")),
        ("Canberra protested the detention of its citizen.", ("ACCUSE", "AUS", None)),
        # people demonstrate
        ("Hundreds of Chileans protested in Santiago on Sunday.", ("PROTEST", "CHL", None)),
        ("Farmers protested in Brussels against the trade deal.", ("PROTEST", None, None)),
    ],
)
def test_state_protest_is_an_accusation(nlp, text: str, expected: tuple) -> None:
    assert expected in event_triples(coded_events(nlp, text))


def test_international_official_acts_for_the_body_they_head(nlp) -> None:
    """A person acts for their country, except while they hold only an international office."""
    [request] = [
        e
        for e in coded_events(
            nlp, "Secretary-General Ban Ki-moon urged Myanmar to free the monks.", "2010-03-02"
        )
        if e["type"] == "REQUEST"
    ]
    assert (request["source"]["entity"], request["source"]["agent"]) == ("org:un", "person:ban-ki-moon")
    [request] = [
        e
        for e in coded_events(
            nlp, "Foreign Minister Ban Ki-moon urged Pyongyang to return to the talks.", "2005-03-02"
        )
        if e["type"] == "REQUEST"
    ]
    assert request["source"]["entity"] == "KOR"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Kenya's president spoke by phone with the Ethiopian prime minister.",
            ("CONSULT", "phone", "KEN", "ETH"),
        ),
        ("Spain and Morocco talked over the telephone on Monday.", ("CONSULT", "phone", "ESP", "MAR")),
        ("The Dutch premier spoke with Indonesia's president about trade.", ("CONSULT", None, "NLD", "IDN")),
    ],
)
def test_speaking_with_a_party_is_a_consultation(nlp, text: str, expected: tuple) -> None:
    coded = {
        (e["type"], e["mode"], actor_id(e["source"]), actor_id(e["target"])) for e in coded_events(nlp, text)
    }
    assert expected in coded


def test_speaking_with_feeling_is_no_event(nlp) -> None:
    assert coded_events(nlp, "The minister spoke with confidence about the harvest.") == []


def test_a_speaker_saying_another_actor_must_act_demands_it(nlp) -> None:
    """PLOVER codes "X said Y must Z" as X's REQUEST of Y; the act itself stays normative."""
    text = "Foreign Minister Wang Yi said on Monday that Japan must withdraw its troops from the island."
    events = coded_events(nlp, text, "2023-08-28")
    [request] = [e for e in events if e["type"] == "REQUEST"]
    assert (actor_id(request["source"]), actor_id(request["target"])) == ("CHN", "JPN")
    assert request["source"]["agent"] == "person:wang-yi" and request["modality"] == "asserted"
    assert any(e["modality"] == "normative" and actor_id(e["source"]) == "JPN" for e in events)


def test_no_demand_without_a_named_speaker_or_of_oneself(nlp) -> None:
    assert not [
        e
        for e in coded_events(nlp, "Japan must withdraw its troops from the island.")
        if e["type"] == "REQUEST"
    ]
    text = "Foreign Minister Wang Yi said on Monday that China must open wider to the world."
    assert not [e for e in coded_events(nlp, text, "2023-08-28") if e["type"] == "REQUEST"]
