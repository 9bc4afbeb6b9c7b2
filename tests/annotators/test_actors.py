from datetime import date

import pytest

from communique.annotators.actors import ActorLinker
from communique.kb import load_kb


@pytest.fixture(scope="module")
def linker():
    return ActorLinker(load_kb())


def linked(linker, text, published=None, ents=()):
    return [(m.text, m.entity_id, m.role) for m in linker.link(text, list(ents), published)]


def test_names_aliases_demonyms_possessives(linker):
    found = linked(linker, "The U.S. and Pakistan's leaders met Chinese officials from the PRC.")
    assert ("U.S.", "USA", "actor") in found
    assert ("Pakistan", "PAK", "actor") in found
    assert ("Chinese", "CHN", "actor") in found
    assert ("PRC", "CHN", "actor") in found


def test_acronyms_are_case_sensitive(linker):
    found = linked(linker, "Officials who spoke to us said the WHO and the US would help.")
    assert [item[1] for item in found] == ["org:who", "USA"]


def test_hyphenated_compounds_yield_both_countries(linker):
    found = linked(linker, "China-U.S. relations and Sino-Pakistani ties improved.")
    assert [item[1] for item in found] == ["CHN", "USA", "CHN", "PAK"]


def test_capital_is_actor_or_place_by_context(linker):
    found = linked(linker, "Beijing said a conference in Beijing would follow.")
    assert found == [("Beijing", "CHN", "actor"), ("Beijing", "CHN", "place")]


def test_places_are_not_their_countries(linker):
    found = linked(linker, "Ships sailed through the South China Sea near the Taiwan Strait.")
    assert [item[1] for item in found] == ["place:south-china-sea", "place:taiwan-strait"]


def test_titles_resolve_by_publication_date(linker):
    text = "Foreign Minister Wang spoke. The Secretary-General replied."
    in_2015 = linked(linker, text, date(2015, 6, 1))
    assert ("Wang", "person:wang-yi", "actor") in in_2015
    assert ("Secretary-General", "person:ban-ki-moon", "actor") in in_2015
    assert ("Secretary-General", "person:antonio-guterres", "actor") in linked(linker, text, date(2020, 6, 1))
    assert linked(linker, "Chinese Foreign Minister said so.", date(2023, 3, 7))[-1][1] == "person:qin-gang"
    assert (
        linked(linker, "Chinese Foreign Minister said so.", date(2012, 3, 7))[-1][1] == "person:yang-jiechi"
    )


def test_surname_after_full_mention(linker):
    text = "Wang Yi met reporters. Wang said talks went well."
    assert [
        item[1] for item in linked(linker, text, ents=[(0, 7, "PERSON", True), (23, 27, "PERSON", True)])
    ] == ["person:wang-yi", "person:wang-yi"]


def test_defined_acronym_overrides_the_kb(linker):
    text = "The Pakistan Research Center (PRC) held a seminar. The PRC said more work is needed."
    found = linker.link(text, [(4, 28, "ORG", True)], None)
    assert all(m.entity_id is None and m.type == "ORG" for m in found)
    assert [m.text for m in found] == ["Pakistan Research Center", "PRC", "PRC"]


def test_unknown_names_are_kept_unlinked_and_debris_dropped(linker):
    text = "Overall, Musalia Mudavadi of the Kenyan side said Photo was fine."
    ents = [(0, 7, "GPE", True), (9, 25, "PERSON", True), (51, 56, "PERSON", True)]
    found = linker.link(text, ents, None)
    unlinked = [(m.text, m.type, m.country) for m in found if m.entity_id is None]
    assert unlinked == [("Musalia Mudavadi", "PERSON", None)]


def test_unlinked_person_gets_country_named_before(linker):
    text = "Kenyan Foreign Minister Musalia Mudavadi arrived."
    found = linker.link(text, [(24, 40, "PERSON", True)], None)
    assert [(m.text, m.country) for m in found if m.entity_id is None] == [("Musalia Mudavadi", "KEN")]
