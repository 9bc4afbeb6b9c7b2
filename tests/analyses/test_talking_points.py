"""Talking points on small stores with planted passages: real answers, exact spans."""

from __future__ import annotations

import json

import numpy as np
import pytest
import typer
from sqlalchemy import delete, select
from typer.testing import CliRunner

from communique.analyses import talking_points as talking_points_module
from communique.analyses.talking_points import saved_talking_points, talking_points, token_spans
from communique.documents.model import Document
from communique.interfaces.commands_reuse import register
from communique.sources import ReadOptions
from communique.store import database
from communique.store.ingest import IngestOptions, ingest
from communique.store.schema import document_tokens, documents
from communique.store.store import Store
from communique.store.tokens import from_blob, token_hashes, tokens
from document_helpers import text_document

# The talking point, as each outlet wrote it: case, punctuation and spacing differ, words do not.
PLANTED = {
    "xinhua": "The so-called 'debt trap' is a narrative invented by those who never built a single "
    "railway in Africa, and the facts speak louder than slogans",
    "times": "THE SO-CALLED “DEBT TRAP” IS A NARRATIVE INVENTED BY THOSE WHO NEVER BUILT A SINGLE "
    "RAILWAY IN AFRICA; and the facts speak louder than slogans",
    "embassy": "The so called debt-trap is a narrative invented by those who never built a single\n"
    "railway in Africa — and the facts   speak louder than slogans",
}
BOILERPLATE = "This report is copyright of the agency and may not be reproduced without written permission"


def make_doc(
    text: str,
    *,
    path: str,
    published: str | None,
    source: str | None = None,
    url: str | None = None,
    title: str = "Statement",
) -> Document:
    return text_document(
        text, path=path, origin_url=url, title=title, published=published, language="en", source_name=source
    )


def add_all(store: Store, docs: list[Document]) -> dict[str, Document]:
    with store.transaction() as connection:
        for doc in docs:
            store.add_document(connection, doc)
    return {doc.title: doc for doc in docs}


@pytest.fixture
def planted(store: Store) -> dict[str, Document]:
    """Three sources say the passage on three dates (stored in an order unrelated to dates)."""
    docs = [
        make_doc(
            "Beijing hosted a forum on ports on Monday. " + PLANTED["embassy"] + ". Questions followed "
            "about grain shipments and customs.",
            path="letters/embassy-2021-04-10.txt",
            url="https://www.embassy.example/statements/2021/04/10",
            published="2021-04-10",
            title="embassy",
        ),
        make_doc(
            "An editorial on lending practices. " + PLANTED["times"] + ". Readers wrote in about "
            "harbour tariffs.",
            path="feeds/times.jsonl",
            source="Global Times",
            published="2021-03-05",
            title="times",
        ),
        make_doc(
            "Spokesperson remarks on Tuesday. " + PLANTED["xinhua"] + ". " + BOILERPLATE + ".",
            path="wire/xinhua-1.txt",
            source="Xinhua",
            published="2021-03-01",
            title="xinhua",
        ),
        # The agency's own boilerplate, repeated by that source only: not a talking point.
        make_doc(
            "Rice harvest figures were released for the northern provinces. " + BOILERPLATE + ".",
            path="wire/xinhua-2.txt",
            source="XINHUA ",
            published="2021-02-01",
            title="xinhua-2",
        ),
        make_doc(
            "A delegation toured a solar plant near the coast. " + BOILERPLATE + ".",
            path="wire/xinhua-3.txt",
            source="xinhua",
            published="2021-05-01",
            title="xinhua-3",
        ),
        make_doc(
            "An unrelated note on weather and fisheries that shares nothing with the others at all.",
            path="misc/note.txt",
            published=None,
            title="note",
        ),
    ]
    return add_all(store, docs)


def test_planted_passage_first_use_echoes_and_exact_spans(store, planted):
    points = talking_points(store)
    assert len(points) == 1  # the boilerplate, said by one source only, is not one
    point = points[0]
    assert point.text == (
        "the so called debt trap is a narrative invented by those who never built a single railway in "
        "africa and the facts speak louder than slogans"
    )
    assert point.tokens == 26
    assert [use.document for use in point.uses] == [
        planted["xinhua"].id,
        planted["times"].id,
        planted["embassy"].id,
    ]
    assert [use.published for use in point.uses] == ["2021-03-01", "2021-03-05", "2021-04-10"]
    assert point.first.source == "Xinhua"
    assert point.sources == ["Xinhua", "Global Times", "embassy.example"]
    for use in point.uses:
        doc = next(doc for doc in planted.values() if doc.id == use.document)
        assert doc.text[use.start : use.end] == PLANTED[doc.title]  # exactly the passage, as written
    assert point.excerpt == PLANTED["xinhua"]
    record = point.as_dict()
    assert record["counts"] == {"documents": 3, "sources": 3, "echoes": 2}
    assert record["first"]["start"] == len("Spokesperson remarks on Tuesday. ")
    json.dumps(record)


def test_boilerplate_of_one_source_is_not_a_talking_point(store, planted):
    texts = [point.text for point in talking_points(store, limit=None)]
    assert not any("copyright" in text for text in texts)


def test_since_until_change_who_said_it_first(store, planted):
    (point,) = talking_points(store, since="2021-03-02")
    assert point.first.document == planted["times"].id
    assert [use.document for use in point.echoes] == [planted["embassy"].id]
    assert talking_points(store, since="2021-03-02", until="2021-03-31") == []  # one document left


def test_min_tokens_is_the_shortest_passage(store):
    shared = "we firmly oppose any interference in our internal affairs"  # 9 words
    add_all(
        store,
        [
            make_doc(
                f"On Monday the ministry said {shared} again.", path="a/1.txt", source="A", published="2022"
            ),
            make_doc(
                f"Officials repeated that {shared} yesterday.", path="b/1.txt", source="B", published="2023"
            ),
        ],
    )
    assert talking_points(store) == []
    (point,) = talking_points(store, min_tokens=8)
    assert point.text == shared and point.tokens == 9
    assert point.first.published == "2022"


def test_passages_of_different_reach_are_separate_and_ranked(store):
    """A quotes P1+P2; B quotes P1 only; C quotes P1+P2: P1 reaches 3 sources, P2 two."""
    p1 = "peace and development remain the theme of our times and no country can retreat into isolation"
    p2 = "unilateral sanctions not authorised by the security council have no basis in international law"
    add_all(
        store,
        [
            make_doc(
                f"First. {p1} {p2}. End of the first.", path="a/1.txt", source="A", published="2020-01-01"
            ),
            make_doc(
                f"Second. {p1}. Something else entirely here.",
                path="b/1.txt",
                source="B",
                published="2020-02-01",
            ),
            make_doc(
                f"Third text. {p1} {p2}; closing words.", path="c/1.txt", source="C", published="2020-03-01"
            ),
        ],
    )
    points = talking_points(store)
    assert [len(point.sources) for point in points] == [3, 2]
    assert points[0].text == p1
    assert points[1].text.endswith(p2) and points[1].documents == 2
    assert talking_points(store, limit=1) == points[:1]


def test_tokens_match_finditer_spans_on_unicode():
    text = "Hello, World! It's 2024—“quoted” ÉTAT façade ﬁne ¼ straße İstanbul 中国 和平 co-operation Ａｂｃ"
    spans, words = token_spans(text)
    assert tokens(text) == words
    assert [text[start:end] for start, end in spans][:3] == ["Hello", "World", "It"]
    assert b"strasse" in words and b"fine" in words and b"abc" in words


def test_sources_are_outlets_urls_or_folders(store):
    """Same folder, no outlet named: one source, so no talking point; another folder makes two."""
    line = "the cold war mentality and zero sum games have no place in the twenty first century"
    docs = [
        make_doc(f"Alpha. {line}. Omega.", path="/corpus/mfa/2021/a.txt", published="2021-01-01", title="a"),
        make_doc(f"Beta: {line}; Psi.", path="/corpus/mfa/2021/b.txt", published="2021-02-01", title="b"),
    ]
    add_all(store, docs)
    assert talking_points(store) == []
    add_all(
        store, [make_doc(f"Gamma {line} Chi", path="/corpus/cgtn/c.txt", published="2021-03-01", title="c")]
    )
    (point,) = talking_points(store)
    assert point.sources == ["/corpus/mfa/2021", "/corpus/cgtn"]
    assert [use.document for use in point.uses] == [docs[0].id, docs[1].id, point.echoes[-1].document]


def test_reuse_command_json_and_table(tmp_path, planted, store):
    app = typer.Typer()
    register(app)

    @app.callback()
    def main() -> None:  # a group, so the command is invoked by name as in the real CLI
        pass

    db = str(store.engine.url.database)
    runner = CliRunner()
    result = runner.invoke(app, ["reuse", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    (line,) = result.output.splitlines()
    record = json.loads(line)
    assert record["first"]["document"] == planted["xinhua"].id and len(record["echoes"]) == 2
    result = runner.invoke(app, ["reuse", "--db", db, "--min-tokens", "30"])
    assert result.exit_code == 0 and "no passage" in result.output
    result = runner.invoke(
        app, ["reuse", "--db", db, "--since", "2021-01-01", "--limit", "5"], env={"COLUMNS": "160"}
    )
    assert result.exit_code == 0 and "Xinhua" in result.output and "Global Times" in result.output
    assert runner.invoke(app, ["reuse", "--db", db, "--min-tokens", "1"]).exit_code == 2


def test_saved_talking_points_are_served_until_recomputed(tmp_path, planted, store):
    """`reuse --save` keeps the answer; the API serves it and says how fresh it is."""
    from fastapi.testclient import TestClient

    from communique.interfaces.api import create_app

    app = typer.Typer()
    register(app)

    @app.callback()
    def main() -> None:
        pass

    db = str(store.engine.url.database)
    assert saved_talking_points(store, 12, None, None, 5) is None
    result = CliRunner().invoke(app, ["reuse", "--db", db, "--save", "--json"])
    assert result.exit_code == 0, result.output
    points, saved = saved_talking_points(store, 12, None, None, 5)
    assert [point["text"] for point in points] == [point.text for point in talking_points(store)]
    assert saved.documents_added == 0
    add_all(
        store, [make_doc("A new statement about nothing in particular.", path="x/new.txt", published="2024")]
    )
    client = TestClient(create_app(db))
    response = client.get("/talking-points", params={"limit": 5})
    assert response.json() == points
    assert response.headers["X-Documents-Added"] == "1" and response.headers["X-Computed-At"]
    fresh = client.get("/talking-points", params={"limit": 5, "fresh": True})
    assert "X-Computed-At" not in fresh.headers and fresh.json() == points
    # a saved run of 20 passages cannot answer for 50 when it was cut at 20
    store.save_answer(
        "talking_points",
        {"min_tokens": 12, "since": None, "until": None},
        {"limit": 1, "echoes": 20, "points": points[:1]},
    )
    assert saved_talking_points(store, 12, None, None, 5) is None
    # nor list more echoes than it kept
    assert saved_talking_points(store, 12, None, None, 1, echoes=21) is None
    (point,), _ = saved_talking_points(store, 12, None, None, 1, echoes=1)
    assert len(point["echoes"]) == 1 and point["counts"]["echoes"] == 2


def _sample_with_echoes(store: Store, sample_dir) -> list[str]:
    """The bundled sample corpus, plus outlets quoting 20-40 words of some of its documents a
    month after them (and one quoting two of them): talking points across periods."""
    ingest(store, [str(sample_dir)], IngestOptions(read=ReadOptions()))
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(documents.c.id, documents.c.text, documents.c.published)
            .where(documents.c.published.is_not(None))
            .order_by(documents.c.published)
        ).all()
    echoes, months = [], []
    for number, row in enumerate(rows[::3]):
        words = row.text.split()
        quoted = " ".join(words[40 : 60 + number * 3])
        year, month = int(row.published[:4]), int(row.published[5:7])
        published = f"{year + month // 12}-{month % 12 + 1:02d}-15"
        months.append(published[:7])
        echoes.append(
            make_doc(
                f"Commentary number {number}. As was said before: {quoted}. We agree.",
                path=f"echoes/{number}.txt",
                source=f"Echo Outlet {number % 3}",
                published=published,
                title=f"echo {number}",
            )
        )
    first, second = rows[0].text.split(), rows[1].text.split()
    echoes.append(
        make_doc(
            " ".join(["Two quotes:", *first[10:30], "and", *second[10:30]]),
            path="echoes/both.txt",
            source="Digest",
            published=rows[1].published,
            title="both",
        )
    )
    add_all(store, echoes)
    return months


def test_stored_token_hashes_are_the_texts_tokens(store, sample_dir):
    """Every document added gets its token hashes, equal to hashing its text now."""
    _sample_with_echoes(store, sample_dir)
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(documents.c.id, documents.c.text, document_tokens.c.hashes).outerjoin(
                document_tokens, document_tokens.c.document_id == documents.c.id
            )
        ).all()
    assert len(rows) > 20 and all(row.hashes is not None for row in rows)
    for row in rows:
        stored = from_blob(row.hashes)
        assert len(stored) == len(tokens(row.text))
        assert np.array_equal(stored, token_hashes(row.text))


def test_periods_from_stored_hashes_equal_tokenising_the_texts(store, sample_dir, monkeypatch):
    """Any since/until: the answer read from stored token hashes is the one computed from the
    texts (what every query did before the hashes were stored)."""
    months = _sample_with_echoes(store, sample_dir)
    periods = [(None, None), ("2011", "2016"), ("2017", None), (None, "2019-12-31")]
    periods += [(month, month) for month in months] + [(months[0], months[2]), ("2012-07-13", "2012-08-20")]

    def answers() -> list[list[dict]]:
        return [
            [point.as_dict() for point in talking_points(store, since=since, until=until, limit=None)]
            for since, until in periods
        ]

    stored = answers()
    assert len(stored[0]) >= 7 and all(len(point["sources"]) >= 2 for point in stored[0])
    assert sum(1 for found in stored if found) >= 5  # most periods have an echo in them
    # Two streaming passes (what a selection too big for memory gets) find the same.
    monkeypatch.setattr(talking_points_module, "_ONE_PASS_TOKENS", 0)
    assert answers() == stored
    with store.transaction() as connection:
        connection.execute(delete(document_tokens))
    assert answers() == stored
    assert talking_points(store, min_tokens=15, limit=None)  # any window size from the same hashes


def test_migration_stores_the_token_hashes_of_existing_documents(store, planted):
    before = talking_points(store)
    with store.engine.connect() as connection:
        kept = dict(connection.execute(select(document_tokens)).all())
    database.downgrade(store.engine, "0009")
    database.upgrade(store.engine)
    with store.engine.connect() as connection:
        assert dict(connection.execute(select(document_tokens)).all()) == kept
    assert talking_points(store) == before


def test_echoes_beyond_those_listed_are_counted_without_spans(store, planted):
    """`echoes=0` spans the first use only; the echo is still checked and counted."""
    (full,) = talking_points(store)
    (short,) = talking_points(store, echoes=0)
    assert short.as_dict(0) == full.as_dict(0)
    assert [use.document for use in short.echoes] == [use.document for use in full.echoes]
    assert len(full.echoes) == 2 and all(use.start is not None for use in full.echoes)
    assert [(use.start, use.end) for use in short.echoes] == [(None, None)] * 2
    assert short.first == full.first
    # Nor a title (read for the uses listed only); listed ones keep theirs.
    assert [use.title for use in full.echoes] == ["times", "embassy"]
    assert [use.title for use in short.echoes] == [None, None]
    (one,) = talking_points(store, echoes=1)
    assert [use.title for use in one.uses] == ["xinhua", "times", None]


def test_window_hashes_are_the_rolling_hash_of_their_tokens():
    """The prefix-sum form gives every window inside a document the polynomial rolling hash
    of its tokens (then mixed), and no window across two documents."""
    rng = np.random.default_rng(3)
    for size in (2, 5, 12):
        lists = [rng.integers(0, 2**64, length, dtype=np.uint64) for length in (0, 1, size, 40, size - 1, 7)]
        windows = talking_points_module._batch_windows(lists, size)
        expected = []
        for doc, hashes in enumerate(lists):
            for position in range(len(hashes) - size + 1):
                value = 0
                for token in hashes[position : position + size].tolist():
                    value = (value * 0x100000001B3 + token) % 2**64
                expected.append((value, doc, position))
        mixed = talking_points_module._mix(np.array([value for value, _, _ in expected], dtype=np.uint64))
        assert windows.hashes.tolist() == mixed.tolist()
        assert list(zip(windows.docs.tolist(), windows.positions.tolist(), strict=True)) == [
            (doc, position) for _, doc, position in expected
        ]


def test_repeated_hashes_come_in_stable_sort_order():
    """`_by_hash` orders repeated hashes as a stable sort would, also when several hashes share
    their high 32 bits (which its packed sort key keeps) and interleave."""
    rng = np.random.default_rng(4)
    for count in (0, 1, 2, 50, 3000):
        hashes = (rng.integers(0, 5, count, dtype=np.uint64) << np.uint64(32)) | rng.integers(
            0, 40, count, dtype=np.uint64
        )
        order = np.argsort(hashes, kind="stable")
        ordered = hashes[order]
        twice = np.zeros(count, dtype=bool)
        twice[1:] |= ordered[1:] == ordered[:-1]
        twice[:-1] |= ordered[1:] == ordered[:-1]
        index, by_hash = talking_points_module._by_hash(hashes)
        assert index.tolist() == order[twice].tolist()
        assert by_hash.tolist() == ordered[twice].tolist()
