"""Modality of event and claim heads: asserted, planned, hypothetical, negated, normative, requested.

Each case names the head word (its first occurrence in the sentence) and the expected label.
"""

from __future__ import annotations

import pytest

from communique.annotators.modality import (
    MODALITIES,
    ModalityCues,
    default_cues,
    governing_verb,
    load_units,
    modality_of,
    verb_forms,
)

CASES = [
    # asserted
    ("China provided 500,000 doses of vaccine to Cambodia last year.", "provided", "asserted"),
    ("The two sides signed 12 cooperation documents during the visit.", "signed", "asserted"),
    ("Wang Yi said China has provided assistance to more than 120 countries.", "provided", "asserted"),
    ("Beijing has launched a relief programme, shipping tents to the flood zone.", "shipping", "asserted"),
    # planned, including reported speech and a future reported in the past
    ("China will provide 300 million doses to developing countries this year.", "provide", "planned"),
    ("Wang said China will send a medical team to Laos.", "send", "planned"),
    ("The spokesperson said Beijing would dispatch an envoy to the region.", "dispatch", "planned"),
    ("Beijing pledged to deliver emergency food aid to Afghanistan.", "deliver", "planned"),
    ("The government plans to open three new consulates next year.", "open", "planned"),
    ("Both countries agreed to expand cooperation on renewable energy.", "expand", "planned"),
    ("The foreign ministers are to meet in Geneva next week.", "meet", "planned"),
    ("China is going to host the summit in Xi'an.", "host", "planned"),
    ("Pakistan has committed to completing the corridor projects on schedule.", "completing", "planned"),
    ("China intends to deepen its partnership with ASEAN.", "deepen", "planned"),
    ("Kenya vowed to strengthen security cooperation.", "strengthen", "planned"),
    ("China stands ready to work with all parties.", "work", "planned"),
    ("China will build two hospitals and train local doctors.", "train", "planned"),
    ("China will not hesitate to take countermeasures.", "take", "planned"),
    ("China's pledge to provide 2 billion doses was honoured.", "provide", "planned"),
    ("China pledged 500 million dollars in aid.", "dollars", "planned"),
    # hypothetical
    ("If Washington lifts the tariffs, Beijing could resume purchases of soybeans.", "lifts", "hypothetical"),
    ("If Washington lifts the tariffs, Beijing could resume buying soybeans.", "resume", "hypothetical"),
    ("If Washington lifts the tariffs, Beijing will buy more soybeans.", "buy", "hypothetical"),
    ("The sanctions might harm the global recovery.", "harm", "hypothetical"),
    ("Such a move may undermine regional stability.", "undermine", "hypothetical"),
    ("Unless the blockade ends, the crisis would deepen.", "ends", "hypothetical"),
    ("Tokyo is considering sending a delegation to Beijing.", "sending", "hypothetical"),
    # negated: on the head, its auxiliaries, its subject or object, or up the xcomp chain
    ("China will not provide weapons to either side.", "provide", "negated"),
    ("The promised aid was not delivered.", "delivered", "negated"),
    ("The two leaders did not discuss the territorial dispute.", "discuss", "negated"),
    ("China has never sought hegemony.", "sought", "negated"),
    ("Moscow refused to sign the declaration.", "sign", "negated"),
    ("The council failed to adopt the resolution.", "adopt", "negated"),
    ("No agreement was reached at the talks.", "reached", "negated"),
    ("Neither side has withdrawn its troops from the border.", "withdrawn", "negated"),
    ("Wang said China would not accept any interference in its internal affairs.", "accept", "negated"),
    ("China did not promise to provide fighter jets.", "provide", "negated"),
    ("The EU has yet to ratify the investment agreement.", "ratify", "negated"),
    ("Aid was delivered without delay, and no troops were sent.", "sent", "negated"),
    ("The ministry denied that its vessels had entered the zone.", "entered", "negated"),
    ("The convoy left without unloading the medicine.", "unloading", "negated"),
    # negation wins over a request when it is on the head itself
    ("China urged the United States not to send wrong signals to Taiwan.", "send", "negated"),
    # normative
    ("The international community should respect the sovereignty of Afghanistan.", "respect", "normative"),
    ("All parties must exercise restraint.", "exercise", "normative"),
    ("Developed countries need to honor their climate finance commitments.", "honor", "normative"),
    ("It is important to uphold the authority of the United Nations.", "uphold", "normative"),
    ("The United States has to stop interfering in China's internal affairs.", "stop", "normative"),
    ("Both sides ought to resolve differences through dialogue.", "resolve", "normative"),
    ("It is necessary that all parties return to the negotiating table.", "return", "normative"),
    # requested
    ("China urged the United States to withdraw its sanctions.", "withdraw", "requested"),
    ("The spokesperson called on Japan to stop the discharge of contaminated water.", "stop", "requested"),
    ("The Secretary-General asked member states to contribute to the fund.", "contribute", "requested"),
    ("Beijing demanded that Manila remove the vessel.", "remove", "requested"),
    ("The minister invited Chinese enterprises to invest in the new economic zones.", "invest", "requested"),
    ("China pressed Washington to honor its commitments.", "honor", "requested"),
    ("The ministry appealed to all parties to remain calm.", "remain", "requested"),
    ("Pakistan called for the release of the detained fishermen.", "release", "requested"),
    # a reported decision is taken: its act is asserted
    ("Zhao said China had decided to impose sanctions on 11 US individuals.", "impose", "asserted"),
    ("Beijing's decision to cancel the events was regrettable.", "cancel", "asserted"),
    # an infinitive conjunct shares the request
    ("China calls on all parties to exercise restraint and to resume dialogue.", "resume", "requested"),
    # a direct question is hypothetical
    ("Q: Will China join Western countries in imposing sanctions on Russia?", "join", "hypothetical"),
    # a wish makes its clause normative even in the future tense
    ("We hope the parties concerned will resume negotiations.", "resume", "normative"),
    # the speaker's own request hung inside a negated reported clause is not negated
    ("He said India had not withdrawn its troops, and urged Delhi to pull them back.", "urged", "asserted"),
]


@pytest.mark.parametrize(("text", "word", "expected"), CASES)
def test_modality(nlp, text, word, expected):
    doc = nlp(text)
    token = next(t for t in doc if t.text == word)
    assert modality_of(token) == expected


def test_every_class_is_covered():
    assert {expected for _, _, expected in CASES} == set(MODALITIES)
    assert len(CASES) >= 30


def test_noun_climbs_to_its_verb(nlp):
    doc = nlp("The ministry said China has delivered 300 tonnes of rice to Myanmar.")
    tonnes = next(t for t in doc if t.text == "tonnes")
    assert governing_verb(tonnes).text == "delivered"
    assert modality_of(tonnes) == "asserted"


def test_verb_forms_cover_regular_and_irregular_inflections():
    forms = verb_forms(["commit", "urge", "apply", "seek"], {"seek": ["sought"]})
    assert {"commits", "committed", "committing", "urged", "urging", "applies", "applied", "sought"} <= forms


def test_cues_are_data():
    data = load_units()
    assert "urge" in data["modality"]["request_governors"]
    custom = dict(data)
    custom["modality"] = {**data["modality"], "request_governors": []}
    cues = ModalityCues.from_data(custom)
    assert "urged" not in cues.request_governors and "urged" in default_cues().request_governors


def test_custom_cues_change_the_label(nlp):
    data = load_units()
    custom = dict(data)
    custom["modality"] = {**data["modality"], "hypothetical_governors": [], "planned_governors": ["consider"]}
    doc = nlp("Tokyo is considering sending a delegation to Beijing.")
    sending = next(t for t in doc if t.text == "sending")
    assert modality_of(sending, ModalityCues.from_data(custom)) == "planned"
