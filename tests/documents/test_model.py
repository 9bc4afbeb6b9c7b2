import numpy as np

from communique.documents.model import Document, map_offset, runs_from_offsets
from communique.documents.tracked import TrackedText
from communique.sources.base import Origin


def test_runs_compress_and_map_back():
    raw = "Title\n\nBy Jane Roe\n\nThe minister   said\nthat talks went well."
    tracked = TrackedText.from_raw(raw).sub(r"By Jane Roe\n\n", "").sub(r" +", " ").sub(r"(?<=said)\n", " ")
    runs = runs_from_offsets(tracked.offsets[:-1])
    assert runs[0] == (0, 0, 7)
    for word in ("minister", "talks went well"):
        start = tracked.text.index(word)
        raw_start = map_offset(runs, start)
        raw_end = map_offset(runs, start + len(word), end=True)
        assert raw[raw_start:raw_end] == word


def test_empty_offsets_make_no_runs():
    assert runs_from_offsets(np.array([], dtype=np.int64)) == []


def test_document_contract_and_paragraphs():
    doc = Document(
        id="0123456789abcdef",
        origin=Origin(path="a.txt"),
        kind="txt",
        raw_text="A. B.",
        text="A.\n\nB.",
        offset_runs=[(0, 0, 2), (4, 3, 2)],
        content_hash="x" * 64,
        paragraphs=[(0, 2), (4, 6)],
    )
    assert doc.paragraph_of(0) == 0
    assert doc.paragraph_of(5) == 1
    contract = doc.to_contract()
    assert contract["schema_version"] == "3.0"
    assert contract["entities"] == [] and contract["sentences"] == []
    assert contract["paragraphs"] == [{"start": 0, "end": 2}, {"start": 4, "end": 6}]
    assert doc.raw_span(4, 6) == (3, 5)
