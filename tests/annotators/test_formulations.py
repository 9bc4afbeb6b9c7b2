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
