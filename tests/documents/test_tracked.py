import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from communique.documents.tracked import TrackedText


def test_sub_keeps_offsets_of_unchanged_characters():
    raw = "The ever-\nincreasing  trade\n\n\nvolume"
    tracked = TrackedText.from_raw(raw).sub(r"-\n", "-").sub(r" {2,}", " ").sub(r"\n{2,}", "\n\n")
    assert tracked.text == "The ever-increasing trade\n\nvolume"
    start = tracked.text.index("increasing")
    raw_start, raw_end = tracked.raw_span(start, start + len("increasing"))
    assert raw[raw_start:raw_end] == "increasing"
    start = tracked.text.index("volume")
    raw_start, raw_end = tracked.raw_span(start, start + 6)
    assert raw[raw_start:raw_end] == "volume"


def test_shortened_match_keeps_its_own_offsets():
    tracked = TrackedText.from_raw("a-\nb").sub(r"-\n", "-")
    assert tracked.text == "a-b"
    assert tracked.offsets.tolist() == [0, 1, 3, 4]


def test_inserted_text_maps_to_start_of_replaced_span():
    tracked = TrackedText.from_raw("x\n\ny").sub(r"\n\n", " ")
    assert tracked.text == "x y"
    assert tracked.raw_span(1, 2) == (1, 2)


def test_overlapping_edits_are_refused():
    with pytest.raises(ValueError):
        TrackedText.from_raw("abcdef").edit([(0, 3, "x"), (2, 4, "y")])


def test_strip_and_slice():
    tracked = TrackedText.from_raw("  hello  ").strip()
    assert tracked.text == "hello"
    assert tracked.raw_span(0, 5) == (2, 7)
    assert tracked.slice(1, 3).text == "el"


@given(st.lists(st.sampled_from(["word", "other", " ", "\n", "\n\n", "-\n", "  "]), max_size=40))
def test_every_kept_character_maps_to_itself(pieces):
    raw = "".join(pieces)
    tracked = TrackedText.from_raw(raw).sub(r"\s+", " ").strip()
    assert len(tracked.offsets) == len(tracked.text) + 1
    for index, char in enumerate(tracked.text):
        if char != " ":
            assert raw[int(tracked.offsets[index])] == char
    assert np.all(np.diff(tracked.offsets) >= 0)
