"""Search ranking: bm25 over every match for selective queries; for a query in very many
documents, bm25 over its most recently added matches, then the rest most recently added first."""

from dataclasses import replace

import pytest
from test_store import add, make_doc

import communique.store.store as store_module
from communique.store.store import Store

FILLER = "Officials from both sides met in the capital and issued a statement after the talks. "


def ids(hits: list) -> list[str]:
    return [hit.id for hit in hits]


def pages(store: Store, query: str, limit: int, **filters: str) -> list[str]:
    """Every hit, page by page, as the API's offset cursor walks them."""
    found: list[str] = []
    while page := store.search(query, limit=limit, offset=len(found), **filters):
        found += ids(page)
    return found


@pytest.fixture
def added(store: Store) -> list[str]:
    """Nine documents in the order added: `cooperation` 1-3 times in eight (the fourth in French,
    the sixth published in 2010), the ninth without it."""
    result = []
    for n in range(8):
        text = f"Report {n}. " + "cooperation grows. " * (n % 3 + 1) + FILLER * (n % 2 + 1)
        doc = make_doc(text, f"{n}.txt", published="2010-01-01" if n == 5 else f"2020-01-0{n + 1}")
        result.append(add(store, replace(doc, language="fr" if n == 3 else "en")).id)
    result.append(add(store, make_doc("Report 8. Nothing in common. " + FILLER, "8.txt")).id)
    return result


def test_rare_term_is_ranked_by_relevance(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    once = add(store, make_doc("Ulaanbaatar railways. " + FILLER * 3, "once.txt")).id
    thrice = add(store, make_doc("railways, railways and more railways. " + FILLER * 3, "thrice.txt")).id
    for n in range(3):
        add(store, make_doc(f"Note {n} on railways. " + FILLER * (n + 1), f"{n}.txt"))
    hits = store.search("railways")
    assert hits[0].id == thrice and [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    # With every term "very common" but one alternative in a single document, ranking stays
    # over all matches: the oldest document, with the rare word, comes first.
    monkeypatch.setattr(store_module, "RANK_ALL_UP_TO", 1)
    monkeypatch.setattr(store_module, "RANKED_WINDOW", 2)
    assert store.search("railways OR Ulaanbaatar")[0].id == once


def test_very_common_query_ranks_most_recent_matches_then_newest_first(
    store: Store, added: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    everything = ids(store.search("cooperation", limit=20))
    monkeypatch.setattr(store_module, "RANK_ALL_UP_TO", 2)
    monkeypatch.setattr(store_module, "RANKED_WINDOW", 3)
    hits = store.search("cooperation", limit=20)
    assert sorted(ids(hits)) == sorted(everything) == sorted(added[:8])
    window = hits[:3]
    assert {hit.id for hit in window} == set(added[5:8])
    assert [h.score for h in window] == sorted((h.score for h in window), reverse=True)
    assert ids(hits[3:]) == added[4::-1]  # then most recently added first
    for limit in (1, 2, 3, 4):
        assert pages(store, "cooperation", limit) == ids(hits)


@pytest.mark.parametrize(
    ("filters", "kept"),
    [({"language": "en"}, [0, 1, 2, 4, 5, 6, 7]), ({"since": "2015"}, [0, 1, 2, 3, 4, 6, 7])],
)
@pytest.mark.parametrize("drive_below", [0, 10**9])
def test_very_common_query_respects_filters_and_pages(
    store: Store,
    added: list[str],
    monkeypatch: pytest.MonkeyPatch,
    filters: dict[str, str],
    kept: list[int],
    drive_below: int,
) -> None:
    """Checked on each match's row (drive_below 0) or listed first (10**9): the same answer."""
    monkeypatch.setattr(store_module, "DRIVE_FROM_FILTER_BELOW", drive_below)
    monkeypatch.setattr(store_module, "RANK_ALL_UP_TO", 2)
    monkeypatch.setattr(store_module, "RANKED_WINDOW", 3)
    hits = store.search("cooperation", limit=20, **filters)
    assert {hit.id for hit in hits[:3]} == {added[n] for n in kept[-3:]}
    assert ids(hits[3:]) == [added[n] for n in reversed(kept[:-3])]
    assert pages(store, "cooperation", 2, **filters) == ids(hits)


@pytest.mark.parametrize(("window", "drive_below"), [(1000, 0), (1000, 10**9), (1, 0), (1, 10**9)])
def test_actor_filter_same_matches_whichever_side_drives(
    corpus, monkeypatch: pytest.MonkeyPatch, window: int, drive_below: int
) -> None:
    exact = {hit.id for hit in corpus.store.search("China OR Pakistan", actor="PAK", limit=100)}
    monkeypatch.setattr(store_module, "DRIVE_FROM_FILTER_BELOW", drive_below)
    monkeypatch.setattr(store_module, "RANK_ALL_UP_TO", 0)
    monkeypatch.setattr(store_module, "RANKED_WINDOW", window)
    found = pages(corpus.store, "China OR Pakistan", 1, actor="PAK")
    mentioning = {row["id"] for row in corpus.store.list_documents(actor="PAK", limit=100)}
    assert exact and set(found) == exact and len(found) == len(exact) and exact <= mentioning


def test_prefix_query_reads_its_page_in_one_pass_with_snippets(store: Store, added: list[str]) -> None:
    hits = store.search("cooperat*", limit=20)
    assert sorted(ids(hits)) == sorted(added[:8])
    assert all("<mark>cooperation</mark>" in hit.snippet for hit in hits)
    assert ids(store.search("cooperat*", limit=3, offset=2)) == ids(hits)[2:5]
