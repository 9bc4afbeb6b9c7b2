from __future__ import annotations

import pytest

from communique.sources.base import Origin
from communique.sources.meta import author_list, fill_missing, human_size, in_member, put, split_authors


@pytest.mark.parametrize(
    ("stated", "names"),
    [
        ("Li Wei; Anna Berg", ["Li Wei", "Anna Berg"]),
        ("Li Wei, Anna Berg", ["Li Wei", "Anna Berg"]),
        ("Wang Tao and Maria Silva", ["Wang Tao", "Maria Silva"]),
        ("Wang Tao & Maria Silva; Jonas Berg", ["Wang Tao", "Maria Silva", "Jonas Berg"]),
        ("Ministry of Foreign Affairs and Trade", ["Ministry of Foreign Affairs and Trade"]),
        ("  ; ", []),
    ],
)
def test_split_authors(stated: str, names: list[str]) -> None:
    assert split_authors(stated) == names


def test_author_list_accepts_strings_lists_and_name_objects() -> None:
    assert author_list("Li Wei; Anna Berg") == ["Li Wei", "Anna Berg"]
    assert author_list(["Li Wei", "", None]) == ["Li Wei"]
    assert author_list([{"name": "Press Section"}, {"email": "x@example.org"}]) == ["Press Section"]
    assert author_list({"name": "Press Section"}) == ["Press Section"]
    assert author_list(None) == []


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (300, "300 bytes"),
        (1024, "1 KB"),
        (1536, "1.5 KB"),
        (50 * 1024 * 1024, "50 MB"),
        (66_270_000, "63.2 MB"),
    ],
)
def test_human_size(size: int, text: str) -> None:
    assert human_size(size) == text


def test_put_skips_blank_values_and_fill_missing_never_overwrites() -> None:
    meta: dict[str, object] = {}
    put(meta, "title", "  ")
    put(meta, "authors", [])
    put(meta, "id", 7)
    assert meta == {"id": "7"}
    fill_missing(meta, {"id": "8", "title": "Briefing"})
    assert meta == {"id": "7", "title": "Briefing"}


def test_nested_member_labels() -> None:
    inner = in_member(in_member(Origin(path="a.zip"), "b.tar"), "c.txt")
    assert inner.label() == "a.zip!b.tar!c.txt"
