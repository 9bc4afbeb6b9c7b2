"""Sentence-vector storage: migration, pending documents, save/load, versioning (no model needed)."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import inspect

from communique.store import database
from communique.store.vectors import (
    STORED_DTYPE,
    count_pending,
    embedded_models,
    load_vectors,
    pending_documents,
    save_vectors,
    vectors_version,
)
from semantic_helpers import BagOfWords, add_document, annotate

MODEL = "test-bag-of-words"


def _embed_all(store, encoder=None, model=MODEL):
    encoder = encoder or BagOfWords(model)
    for document in list(pending_documents(store, model)):
        vectors = encoder.encode([s.text for s in document.sentences])
        with store.transaction() as connection:
            save_vectors(connection, document, model, vectors)


def test_migration_creates_and_drops_the_tables(store):
    assert {"sentence_vectors", "embedded_documents"} <= set(inspect(store.engine).get_table_names())
    database.downgrade(store.engine, "0005")
    tables = set(inspect(store.engine).get_table_names())
    assert "sentence_vectors" not in tables and "embedded_documents" not in tables
    database.upgrade(store.engine)
    assert database.current_revision(store.engine) == database.head_revision(store.engine)


def test_pending_documents_carry_the_annotations_sentences(store):
    first = add_document(store, ["China sent masks to Italy.", "* * *", "Italy thanked China."])
    second = add_document(store, ["Tariffs rose again.", "Talks resume in May."], title="Trade")
    documents = {document.id: document for document in pending_documents(store, MODEL)}
    assert set(documents) == {first, second}
    sentences = documents[first].sentences
    # "* * *" has no word: skipped, and the indexes stay the annotations' own
    assert [(s.index, s.text) for s in sentences] == [
        (0, "China sent masks to Italy."),
        (2, "Italy thanked China."),
    ]
    text = store.get_document(first)["text"]
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert count_pending(store, MODEL) == (2, 5)


def test_saved_vectors_load_back_in_order_as_float16(store):
    ids = [add_document(store, [f"Sentence {n} about topic {n}.", f"Another {n}."]) for n in range(3)]
    encoder = BagOfWords(MODEL, dimensions=32)
    _embed_all(store, encoder)
    rows = load_vectors(store, MODEL)
    assert rows.document_ids == sorted(ids)
    assert len(rows) == 6 and rows.matrix.dtype == STORED_DTYPE and rows.matrix.shape == (6, 32)
    assert rows.sentence.tolist() == [0, 1] * 3
    assert rows.row_document.tolist() == [0, 0, 1, 1, 2, 2]
    text = store.get_document(rows.document_ids[1])["text"]
    expected = encoder.encode([text[rows.start[2] : rows.end[2]]])[0]
    assert np.allclose(rows.matrix[2].astype(np.float32), expected, atol=1e-3)
    assert count_pending(store, MODEL) == (0, 0)
    assert list(pending_documents(store, MODEL)) == []
    assert embedded_models(store) == {MODEL: {"documents": 3, "sentences": 6}}


def test_reannotated_or_other_model_documents_are_pending_again(store):
    kept = add_document(store, ["One sentence here.", "Two sentences here."])
    changed = add_document(store, ["Something else entirely.", "And more."])
    _embed_all(store)
    assert count_pending(store, MODEL) == (0, 0)
    annotate(store, changed, [{"start": 0, "end": 25}])  # re-annotated: one sentence now
    assert [d.id for d in pending_documents(store, MODEL)] == [changed]
    assert count_pending(store, "another-model") == (2, 3)
    _embed_all(store)
    rows = load_vectors(store, MODEL)
    assert len(rows) == 3 and set(rows.document_ids) == {kept, changed}
    assert load_vectors(store, "another-model").matrix.shape[0] == 0


def test_version_changes_with_every_write(store):
    assert vectors_version(store, MODEL) == (0, 0, None)
    add_document(store, ["First text here."])
    _embed_all(store)
    first = vectors_version(store, MODEL)
    assert first[:2] == (1, 1)
    add_document(store, ["Second text here.", "With two sentences."])
    _embed_all(store)
    assert vectors_version(store, MODEL)[:2] == (2, 3)
    assert vectors_version(store, "another-model") == (0, 0, None)


def test_save_refuses_a_count_mismatch(store):
    add_document(store, ["One.", "Two."])
    document = next(pending_documents(store, MODEL))
    with store.transaction() as connection, pytest.raises(ValueError, match="2 sentences but 1 vectors"):
        save_vectors(connection, document, MODEL, np.zeros((1, 4), dtype=np.float32))


def test_document_without_sentences_is_marked_done(store):
    document_id = add_document(store, ["* * *"])
    _embed_all(store)
    assert count_pending(store, MODEL) == (0, 0)
    assert embedded_models(store) == {MODEL: {"documents": 1, "sentences": 0}}
    assert load_vectors(store, MODEL).document_ids == []
    assert document_id
