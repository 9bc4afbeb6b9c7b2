from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from communique.interfaces.api import create_app
from communique.sources import expand_inputs
from communique.store.annotate import annotate_store
from communique.store.ingest import ingest
from communique.store.store import Store

SAMPLE = Path(__file__).resolve().parents[2] / "src" / "communique" / "data" / "sample"


@pytest.fixture(scope="module")
def api_db(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("api") / "api.db")
    store = Store.open(db)
    ingest(store, expand_inputs([str(SAMPLE)]))
    annotate_store(store)
    store.close()
    return db


@pytest.fixture(scope="module")
def client(api_db):
    return TestClient(create_app(api_db))


def test_documents_page_through_with_cursors(client):
    first = client.get("/documents", params={"limit": 5}).json()
    assert len(first["items"]) == 5 and first["next_cursor"]
    second = client.get("/documents", params={"limit": 5, "cursor": first["next_cursor"]}).json()
    assert not {d["id"] for d in first["items"]} & {d["id"] for d in second["items"]}
    total, cursor = 0, None
    while True:
        page = client.get("/documents", params={"limit": 7, "cursor": cursor}).json()
        total += len(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert total == client.get("/stats").json()["documents"]
    assert client.get("/documents", params={"cursor": "garbage!"}).status_code == 400


def test_document_has_contract_and_evidence(client):
    doc_id = client.get("/documents", params={"actor": "PAK", "limit": 1}).json()["items"][0]["id"]
    document = client.get(f"/documents/{doc_id}", params={"raw": True}).json()
    assert document["schema_version"] == "3.0" and document["raw_text"]
    pakistan = next(e for e in document["entities"] if e["id"] == "PAK")
    mention = pakistan["mentions"][0]
    assert document["text"][mention["start"] : mention["end"]] == mention["text"]
    assert client.get("/documents/ffffffffffffffff").status_code == 404


def test_search_with_filters_cites_evidence(client):
    hits = client.get("/search", params={"q": '"shared future"'}).json()["items"]
    assert hits and all(
        "<mark>" in hit["snippet"] and hit["citation"]["document"] == hit["id"] for hit in hits
    )
    by_actor = client.get("/search", params={"actor": "PAK"}).json()["items"]
    assert by_actor and all(hit["citation"]["start"] is not None for hit in by_actor)
    assert client.get("/search", params={"q": '"unbalanced'}).status_code == 400
    assert client.get("/search").status_code == 400


@pytest.mark.parametrize("filters", [{}, {"actor": "PAK"}, {"lang": "en", "since": "2015"}])
def test_search_pages_a_very_common_query_with_cursors(client, monkeypatch, filters):
    """Ranked among its most recently added matches (thresholds lowered to this small store),
    a query still pages through every match once, filters applied."""
    import communique.store.store as store_module

    def walk() -> list[str]:
        found, cursor = [], None
        while True:
            page = client.get(
                "/search", params={"q": "China", "limit": 2, "cursor": cursor, **filters}
            ).json()
            found += [hit["id"] for hit in page["items"]]
            if (cursor := page["next_cursor"]) is None:
                return found

    exact = walk()
    monkeypatch.setattr(store_module, "RANK_ALL_UP_TO", 1)
    monkeypatch.setattr(store_module, "RANKED_WINDOW", 3)
    windowed = walk()
    assert len(exact) > 3 and len(windowed) == len(set(windowed)) and set(windowed) == set(exact)
    if "actor" in filters:
        pakistan = {
            d["id"] for d in client.get("/documents", params={"actor": "PAK", "limit": 200}).json()["items"]
        }
        assert set(windowed) <= pakistan


def test_actors_formulations_and_kb(client):
    actors = client.get("/actors", params={"limit": 5}).json()["items"]
    assert actors[0]["documents"] >= actors[-1]["documents"] and actors[0]["entity_id"]
    formulations = client.get("/formulations").json()
    assert any(f["formulation_id"] == "community-with-a-shared-future" and f["name"] for f in formulations)
    assert client.get("/kb/PAK").json()["iso2"] == "PK"
    assert client.get("/kb/nothing").status_code == 404


def test_writes_are_off_without_a_token_and_need_it_with_one(client, monkeypatch, tmp_path):
    assert client.post("/documents", params={"urls": ["http://127.0.0.1:9/x"]}).status_code == 403
    monkeypatch.setenv("COMMUNIQUE_TOKEN", "s3cret")
    assert client.post("/documents", params={"urls": ["http://127.0.0.1:9/x"]}).status_code == 401
    note = tmp_path / "note.txt"
    note.write_text("The foreign ministers of Chile and Kenya agreed to open a new trade office next year.")
    with note.open("rb") as handle:
        response = client.post(
            "/documents",
            files={"files": ("note.txt", handle, "text/plain")},
            headers={"Authorization": "Bearer s3cret"},
        )
    assert response.status_code == 200 and response.json()["ingested"] == 1


def test_analysis_endpoints_answer_with_evidence(client):
    profile = client.get("/actors/PAK/profile").json()
    assert profile and "PAK" in str(profile)
    graph = client.get("/graph").json()
    assert graph["nodes"] and any(node.get("id") == "CHN" for node in graph["nodes"])
    items = client.get("/timeline", params={"actor": "CHN", "limit": 5}).json()
    assert items and all("citation" in str(item) for item in items)
    trends = client.get("/trends", params={"formulation": "community-with-a-shared-future"}).json()
    assert "community-with-a-shared-future" in str(trends)
    assert isinstance(client.get("/claims/track", params={"unit": "countries"}).json(), list)
    assert isinstance(client.get("/talking-points").json(), list)


def test_app_start_freezes_long_lived_objects_out_of_the_collector(tmp_path):
    import gc

    gc.unfreeze()
    create_app(str(tmp_path / "gc.db"))
    try:
        assert gc.get_freeze_count() > 10_000  # KB, app and SQLAlchemy objects no collection re-walks
    finally:
        gc.unfreeze()
