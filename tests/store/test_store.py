import pytest
from sqlalchemy import inspect

from communique.documents.identity import minhash, minhash_bytes
from communique.documents.model import Document
from communique.store import database
from communique.store.database import StoreError
from communique.store.store import Store, document_from_row
from document_helpers import text_document

WIRE = (
    "Delegations from both countries met in the capital on Tuesday and agreed to expand cooperation in "
    "trade, energy and infrastructure. They signed twelve agreements covering ports, railways and digital "
    "connectivity and pledged to hold an annual strategic dialogue. Officials called the talks candid and "
    "constructive and said people-to-people exchanges would deepen under the new framework."
)


def make_doc(
    text: str, path: str = "a.txt", published: str | None = "2021-05-04", title: str = "Talks"
) -> Document:
    return text_document(
        text,
        path=path,
        title=title,
        authors=["Jane Roe"],
        published=published,
        language="en",
        minhash=minhash_bytes(minhash(text)),
    )


def add(store: Store, doc: Document):
    with store.transaction() as connection:
        return store.add_document(connection, doc)


def test_new_database_is_created_at_latest_revision(store):
    assert database.current_revision(store.engine) == database.head_revision(store.engine)
    tables = set(inspect(store.engine).get_table_names())
    assert {"documents", "minhash_bands", "ingest_errors", "ingest_runs", "documents_fts"} <= tables


def test_outdated_database_is_refused_with_advice(tmp_path):
    engine = database.make_engine(database.resolve_url(str(tmp_path / "old.db")))
    database.upgrade(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0000'")
    with pytest.raises(StoreError, match="communique db upgrade"):
        database.ensure_current(engine)


def test_same_content_twice_is_one_document(store):
    first = add(store, make_doc(WIRE, "a.txt"))
    again = add(store, make_doc(WIRE, "renamed-copy.txt"))
    assert first.status == "ingested"
    assert again.status == "duplicate" and again.related_to == first.id
    assert store.stats().documents == 1
    assert store.get_document(first.id)["origins"] == ["a.txt", "renamed-copy.txt"]


def test_near_duplicate_is_stored_and_linked(store):
    original = add(store, make_doc(WIRE, "wire.txt"))
    variant = add(
        store, make_doc(WIRE + " A joint statement will follow.", "wire-2.txt", title="Other headline")
    )
    unrelated = add(
        store, make_doc("The central bank held rates steady amid weak demand and falling prices. " * 4)
    )
    assert variant.status == "near_duplicate" and variant.related_to == original.id
    assert unrelated.status == "ingested"
    assert store.stats().near_duplicates == 1
    assert store.get_document(original.id)["near_duplicates"] == [variant.id]


def test_search_ranks_filters_and_cites(store):
    add(store, make_doc(WIRE, published="2021-05-04"))
    add(
        store,
        make_doc(
            "Ministers discussed climate finance and green railways in a separate meeting.",
            "b.txt",
            published="2015-02-01",
            title="Climate",
        ),
    )
    hits = store.search("railways")
    assert len(hits) == 2
    assert [hit.published for hit in store.search("railways", since="2020")] == ["2021-05-04"]
    assert [hit.published for hit in store.search("railways", until="2015-12-31")] == ["2015-02-01"]
    assert store.search("railways", language="fr") == []
    hit = store.search('"signed twelve agreements"')[0]
    assert "<mark>" in hit.snippet
    assert WIRE[hit.match_start : hit.match_end] == "signed twelve agreements"
    assert hit.paragraph == 0
    assert store.search("railway*") and store.search("railways NOT climate")[0].title == "Talks"


def test_search_syntax_error_is_a_clear_store_error(store):
    with pytest.raises(StoreError, match="FTS5 syntax"):
        store.search('"unbalanced')


def test_errors_are_recorded_per_run(store):
    run = store.begin_run(["x"])
    with store.transaction() as connection:
        store.record_error(connection, run, "bad.pdf", "corrupt or truncated PDF")
    store.finish_run(run, {"failed": 1})
    assert store.errors(run)[0]["reason"] == "corrupt or truncated PDF"
    assert store.last_run_id() == run


def test_iter_documents_streams_all_and_round_trips(store):
    for n in range(7):
        add(store, make_doc(f"Document number {n} about maritime cooperation and port development. " * 3))
    records = list(store.iter_documents(batch_size=3))
    assert len(records) == 7
    assert document_from_row(records[0]).to_contract()["id"] == records[0]["id"]


def test_get_document_by_prefix(store):
    result = add(store, make_doc(WIRE))
    assert store.get_document(result.id[:6])["id"] == result.id
    assert store.get_document("zzzz") is None


@pytest.mark.parametrize("query", ["", "Pakistan"])
def test_search_by_actor_same_answer_for_common_and_rare_actors(corpus, monkeypatch, query):
    """Probing documents newest first (actors in many documents) or listing an actor's documents
    first (rare actors) give the same hits."""
    import communique.store.store as store_module

    rare = [
        hit.as_dict() for hit in corpus.store.search(query, actor="CHN", formulation="true-multilateralism")
    ]
    monkeypatch.setattr(store_module, "MANY_DOCUMENTS", 1)
    monkeypatch.setattr(store_module, "DRIVE_FROM_FILTER_BELOW", 1)  # full-text search's own choice
    common = [
        hit.as_dict() for hit in corpus.store.search(query, actor="CHN", formulation="true-multilateralism")
    ]
    assert common == rare and rare


def test_saved_answers_replace_and_report_documents_added_since(store):
    assert store.saved_answer("talking_points", {"min_tokens": 12}) is None
    store.save_answer("talking_points", {"min_tokens": 12}, {"points": [1]})
    store.save_answer("talking_points", {"min_tokens": 12}, {"points": [2]})
    saved = store.saved_answer("talking_points", {"min_tokens": 12})
    assert saved.answer == {"points": [2]} and saved.documents_added == 0 and saved.computed_at
    assert store.saved_answer("talking_points", {"min_tokens": 20}) is None


def test_document_lists_by_actor_same_for_common_and_rare_actors(corpus, monkeypatch):
    import communique.store.store as store_module

    rare = corpus.store.list_documents(actor="PAK", formulation="win-win-cooperation")
    monkeypatch.setattr(store_module, "MANY_DOCUMENTS", 1)
    assert corpus.store.list_documents(actor="PAK", formulation="win-win-cooperation") == rare and rare


@pytest.mark.parametrize(
    ("order", "index"), [('"when" DESC', "ix_events_source_type_when"), ("id DESC", "ix_events_source")]
)
def test_an_actors_events_of_one_type_are_read_in_order_from_an_index(store, order, index):
    """/events?source=X&type=T pages (by date) and a profile's latest events of each type (by id)
    stop after their rows instead of sorting all of X's T events."""
    with store.engine.connect() as connection:
        plan = " ".join(
            str(row[-1])
            for row in connection.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT id FROM events WHERE source = ? AND type = ?"
                f" ORDER BY {order} LIMIT 3",
                ("CHN", "ACCUSE"),
            )
        )
    assert f"INDEX {index} " in plan
    assert "TEMP B-TREE" not in plan
