import pytest

from communique.annotators.formulations import FormulationMatcher, keys_of, word_key
from communique.kb import load_kb


@pytest.fixture(scope="module")
def matcher():
    return FormulationMatcher(load_kb())


def ids(matcher, text):
    return [(m.formulation.id, m.text) for m in matcher.find(text)]


def test_tolerant_of_articles_inflection_hyphens_and_line_breaks(matcher):
    assert ids(matcher, "to build a community with a shared\nfuture for mankind")[0][0] == (
        "community-with-a-shared-future"
    )
    assert ids(matcher, "They pursue win win cooperation.")[0][0] == "win-win-cooperation"
    assert (
        ids(matcher, "the Five Principles of Peaceful Co-existence")[0][0]
        == "five-principles-of-peaceful-coexistence"
    )


def test_not_tolerant_of_a_different_meaning(matcher):
    assert ids(matcher, "We share a future of peace and we are peaceful.") == []


def test_longest_form_wins(matcher):
    found = ids(matcher, "They oppose hegemonism and power politics.")
    assert found == [("hegemonism-and-power-politics", "hegemonism and power politics")]


def test_chinese_forms(matcher):
    found = ids(matcher, "推动构建人类命运共同体，反对霸权主义和强权政治。")
    assert [formulation for formulation, _ in found] == [
        "community-with-a-shared-future",
        "hegemonism-and-power-politics",
    ]
    assert found[0][1].endswith("人类命运共同体")


def test_word_keys():
    assert word_key("countries") == "country"
    assert word_key("politics") == "politics"
    assert [k for k, _, _ in keys_of("The win-win Principles")] == ["winwin", "principle"]


# Formulations read in real documents (a think-tank op-ed quoting the foreign minister, a state-media
# review of a year's diplomacy), in sentences written for this test.
SEEN_IN_DOCUMENTS = [
    (
        "China will remain a builder of world peace, a contributor to global development and an upholder "
        "of the international order.",
        "builder-contributor-upholder",
    ),
    ("Beijing keeps to the mutually beneficial strategy of opening up.", "win-win-strategy-of-opening-up"),
    ("Summits moved online as leaders practised cloud diplomacy.", "cloud-diplomacy"),
    (
        "Both sides pledged to keep peace and tranquillity in the border areas.",
        "peace-and-tranquility-in-the-border-areas",
    ),
    (
        'The two countries opened "fast channels" for personnel exchanges during the pandemic.',
        "fast-lanes-and-green-lanes",
    ),
    ("They meddle in others' affairs under the pretext of human rights.", "politicization-of-human-rights"),
    ("Both want to stabilise the multipolar international pattern.", "multipolar-world"),
    ("中方将继续实施互利共赢的开放战略。", "win-win-strategy-of-opening-up"),
    ("双方同意维护边境地区和平安宁。", "peace-and-tranquility-in-the-border-areas"),
]


@pytest.mark.parametrize(("text", "formulation"), SEEN_IN_DOCUMENTS)
def test_formulations_seen_in_documents(matcher, text, formulation):
    assert [found for found, _ in ids(matcher, text)] == [formulation]


def test_a_generic_lane_or_channel_is_no_formulation(matcher):
    assert ids(matcher, "Hospitals opened a green channel for patients and a fast lane for ambulances.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "China does not attach political conditions to its aid and does not interfere in the internal "
            "affairs of recipient countries.",
            ["no-political-strings-attached", "non-interference-in-internal-affairs"],
        ),
        ("Beijing attached no political strings to the loans.", ["no-political-strings-attached"]),
        (
            "Both sides will implement the common understandings reached by the two presidents in Bali.",
            ["bali-common-understandings"],
        ),
        ("China will keep opening up to the outside world.", ["opening-up-to-the-outside-world"]),
        # the longer form wins over the opening it contains
        ("Four decades of reform and opening up to the outside world.", ["reform-and-opening-up"]),
        (
            "中方坚持扩大对外开放，推动高水平对外开放。",
            ["opening-up-to-the-outside-world", "high-standard-opening-up"],
        ),
    ],
)
def test_formulations_of_aid_opening_and_summits(matcher, text, expected):
    assert [found for found, _ in ids(matcher, text)] == expected
