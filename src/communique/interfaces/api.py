"""The REST API (`communique serve`): read endpoints over the store, every answer with its evidence.

Designed for the web UI: JSON only, cursor pagination (`cursor` in, `next_cursor` out), filters
as query parameters. Writes (`POST /documents`) are off unless COMMUNIQUE_TOKEN is set, and then
need `Authorization: Bearer <token>`.
"""

import base64
import binascii
import gc
import os
import secrets
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, File, Header, HTTPException, Query, Request, UploadFile
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from communique import __version__
from communique.analyses import semantic
from communique.analyses.claim_tracker import track_claims
from communique.analyses.graph import graph_to_json, relations_graph
from communique.analyses.profile import UnknownActor, actor_profile
from communique.analyses.talking_points import saved_talking_points, talking_points
from communique.analyses.timeline import timeline
from communique.analyses.trends import formulation_trends
from communique.kb import load_kb
from communique.sources import ReadOptions
from communique.store.database import StoreError
from communique.store.ingest import IngestOptions, ingest
from communique.store.store import Store, document_from_row

MAX_LIMIT = 200
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


class Page(BaseModel):
    items: list[dict[str, Any]]
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page; null at the end.")


class IngestRequest(BaseModel):
    urls: list[str] = Field(default_factory=list, max_length=100)


class IngestResult(BaseModel):
    ingested: int
    duplicates: int
    near_duplicates: int
    failed: int
    failures: list[str]


def _encode(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode()


def _decode(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        if not text.startswith("o:"):
            raise ValueError(text)
        return max(int(text[2:]), 0)
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise HTTPException(400, "invalid cursor: pass back the next_cursor of a previous page") from error


def _page(items: list[dict[str, Any]], offset: int, limit: int) -> Page:
    """Fetch limit+1 to know whether there is a next page without a count query."""
    more = len(items) > limit
    return Page(items=items[:limit], next_cursor=_encode(offset + limit) if more else None)


# Analyses answer with JSON-ready dicts and lists: endpoints returning them in a JSONResponse skip
# FastAPI's jsonable_encoder walk (run twice when an endpoint also called it), which took 6-15 ms
# of China's 85 KB profile and more of a claim tracker's 340 KB, against < 1 ms for json.dumps.


def get_store(request: Request) -> Store:
    return request.app.state.store


def require_token(authorization: Annotated[str | None, Header()] = None) -> None:
    """Writes need COMMUNIQUE_TOKEN set on the server and sent as a bearer token."""
    token = os.environ.get("COMMUNIQUE_TOKEN")
    if not token:
        raise HTTPException(403, "writes are disabled: set COMMUNIQUE_TOKEN on the server to enable them")
    if not authorization or not secrets.compare_digest(authorization, f"Bearer {token}"):
        raise HTTPException(401, "missing or wrong token: send 'Authorization: Bearer <COMMUNIQUE_TOKEN>'")


StoreDep = Annotated[Store, Depends(get_store)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Cursor = Annotated[str | None, Query(max_length=64)]
Day = Annotated[str | None, Query(pattern=DATE_PATTERN, description="YYYY, YYYY-MM or YYYY-MM-DD")]


def create_app(db: str | None = None) -> FastAPI:
    """The app over one store; `db` as for the CLI (path or URL; default COMMUNIQUE_DB / ./communique.db)."""
    app = FastAPI(
        title="communique",
        version=__version__,
        description="Foreign-policy texts as an evidence-linked knowledge graph. Every answer cites its "
        "document, sentence and character span.",
    )

    app.state.store = Store.open(db)

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.get("/stats")
    def stats(store: StoreDep) -> dict[str, Any]:
        return store.stats().__dict__

    @app.get("/documents", response_model=Page)
    def list_documents(
        store: StoreDep,
        since: Day = None,
        until: Day = None,
        lang: Annotated[str | None, Query(pattern=r"^[a-z]{2}$")] = None,
        actor: Annotated[str | None, Query(max_length=96)] = None,
        formulation: Annotated[str | None, Query(max_length=128)] = None,
        limit: Limit = 20,
        cursor: Cursor = None,
    ) -> Page:
        offset = _decode(cursor)
        items = store.list_documents(since, until, lang, actor, formulation, limit + 1, offset)
        return _page(items, offset, limit)

    @app.get("/documents/{document_id}")
    def get_document(store: StoreDep, document_id: str, raw: bool = False) -> dict[str, Any]:
        record = store.get_document(document_id)
        if record is None:
            raise HTTPException(404, f"no document {document_id!r}")
        payload = document_from_row(record).to_contract(store.get_annotations(record["id"]))
        payload["origins"] = record["origins"]
        payload["near_duplicates"] = record["near_duplicates"]
        if raw:
            payload["raw_text"] = record["raw_text"]
            payload["offset_runs"] = record["offset_runs"]
        return payload

    @app.get("/search", response_model=Page)
    def search(
        store: StoreDep,
        q: Annotated[
            str, Query(max_length=500, description="FTS5 query; may be empty with actor/formulation")
        ] = "",
        actor: Annotated[str | None, Query(max_length=96)] = None,
        formulation: Annotated[str | None, Query(max_length=128)] = None,
        lang: Annotated[str | None, Query(pattern=r"^[a-z]{2}$")] = None,
        since: Day = None,
        until: Day = None,
        limit: Limit = 10,
        cursor: Cursor = None,
    ) -> Page:
        offset = _decode(cursor)
        if not q.strip() and not actor and not formulation:
            raise HTTPException(400, "give q, actor or formulation")
        try:
            hits = store.search(
                q,
                since=since,
                until=until,
                language=lang,
                limit=limit + 1,
                offset=offset,
                actor=actor,
                formulation=formulation,
            )
        except StoreError as error:
            raise HTTPException(400, str(error)) from error
        return _page([hit.as_dict() for hit in hits], offset, limit)

    @app.get("/search/semantic", response_model=Page)
    def search_semantic(
        store: StoreDep,
        q: Annotated[str, Query(min_length=1, max_length=500, description="A sentence or a few words")],
        lang: Annotated[str | None, Query(pattern=r"^[a-z]{2}$")] = None,
        since: Day = None,
        until: Day = None,
        source: Annotated[str | None, Query(max_length=200, description="Outlet")] = None,
        actor: Annotated[str | None, Query(max_length=96)] = None,
        formulation: Annotated[str | None, Query(max_length=128)] = None,
        limit: Limit = 10,
        cursor: Cursor = None,
    ) -> Page:
        """Sentences closest in meaning to q (needs the semantic extra and `communique embed`)."""
        offset = _decode(cursor)
        if not q.strip():
            raise HTTPException(400, "give q: a sentence or a few words")
        try:
            hits = semantic.semantic_search(
                store, q, limit=limit + 1, offset=offset, since=since, until=until, language=lang,
                source=source, actor=actor, formulation=formulation,
            )  # fmt: skip
        except semantic.NoVectors as error:
            raise HTTPException(400, str(error)) from error
        except semantic.SemanticUnavailable as error:
            raise HTTPException(501, str(error)) from error
        return _page([hit.as_dict() for hit in hits], offset, limit)

    @app.get("/actors", response_model=Page)
    def list_actors(
        store: StoreDep,
        type: Annotated[str | None, Query(pattern=r"^[A-Z]+$")] = None,  # noqa: A002 - API name
        linked: bool = True,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Page:
        offset = _decode(cursor)
        return _page(store.actors(type, linked, limit + 1, offset), offset, limit)

    @app.get("/kb/{entry_id}")
    def kb_entry(entry_id: str) -> dict[str, Any]:
        entry = load_kb().get(entry_id)
        if entry is None:
            raise HTTPException(404, f"no knowledge-base entry {entry_id!r}")
        return {key: value for key, value in entry.data.items()}

    @app.get("/events", response_model=Page)
    def list_events(
        store: StoreDep,
        source: Annotated[str | None, Query(max_length=96)] = None,
        target: Annotated[str | None, Query(max_length=96)] = None,
        type: Annotated[str | None, Query(pattern=r"^[A-Za-z]+$")] = None,  # noqa: A002 - API name
        modality: Annotated[str | None, Query(max_length=16)] = None,
        since: Day = None,
        until: Day = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Page:
        offset = _decode(cursor)
        rows = store.events(source, target, type, since, until, modality, limit + 1, offset)
        return _page(rows, offset, limit)

    @app.get("/claims", response_model=Page)
    def list_claims(
        store: StoreDep,
        unit: Annotated[str | None, Query(max_length=64)] = None,
        about: Annotated[str | None, Query(max_length=96)] = None,
        kind: Annotated[str | None, Query(max_length=16)] = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Page:
        offset = _decode(cursor)
        return _page(store.claims(unit, about, kind, limit + 1, offset), offset, limit)

    @app.get("/formulations")
    def list_formulations(store: StoreDep) -> list[dict[str, Any]]:
        names = {f.id: f for f in load_kb().formulations}
        rows = store.formulation_counts()
        for row in rows:
            formulation = names.get(row["formulation_id"])
            row["name"] = formulation.name if formulation else None
            row["zh"] = formulation.zh[0] if formulation and formulation.zh else None
            row["category"] = formulation.category if formulation else None
        return rows

    @app.get("/actors/{actor_id}/profile")
    def actor_profile_endpoint(store: StoreDep, actor_id: str, since: Day = None, until: Day = None) -> Any:
        """Mentions over time, co-mentioned actors, events by type and quad class, formulations, claims."""
        try:
            return JSONResponse(actor_profile(store, actor_id, since=since, until=until))
        except UnknownActor as error:
            raise HTTPException(404, str(error)) from error

    @app.get("/graph")
    def graph_endpoint(
        store: StoreDep,
        since: Day = None,
        until: Day = None,
        min_weight: Annotated[int, Query(ge=1, le=1000)] = 1,
    ) -> Any:
        """Actors as nodes, event and co-mention edges (nodes/links JSON for the web UI)."""
        return jsonable_encoder(
            graph_to_json(relations_graph(store, since=since, until=until, min_weight=min_weight))
        )

    @app.get("/timeline")
    def timeline_endpoint(
        store: StoreDep,
        actor: Annotated[str | None, Query(max_length=96)] = None,
        type: Annotated[str | None, Query(pattern=r"^[A-Za-z]+$")] = None,  # noqa: A002 - API name
        since: Day = None,
        until: Day = None,
        limit: Limit = 100,
    ) -> Any:
        """Events and claims ordered by the date they refer to, with evidence."""
        return jsonable_encoder(
            timeline(store, actor=actor, event_type=type, since=since, until=until, limit=limit)
        )

    @app.get("/trends")
    def trends_endpoint(
        store: StoreDep, formulation: Annotated[str | None, Query(max_length=128)] = None
    ) -> Any:
        """Per formulation: documents per year and outlet, first and latest use, who uses it."""
        return jsonable_encoder(formulation_trends(store, formulation))

    @app.get("/claims/track")
    def track_endpoint(
        store: StoreDep,
        unit: Annotated[str | None, Query(max_length=64)] = None,
        about: Annotated[str | None, Query(max_length=96)] = None,
        since: Day = None,
        until: Day = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
        points: Annotated[int, Query(ge=1, le=200, description="latest (date, value) points per group")] = 20,
        citations: Annotated[int, Query(ge=0, le=5, description="citations per point")] = 1,
    ) -> Any:
        """The same figure across documents: where sources agree, differ or update it."""
        groups = track_claims(
            store,
            unit=unit,
            about=about,
            since=since,
            until=until,
            limit=limit,
            max_points=points,
            citations_per_point=citations,
        )
        return JSONResponse([group.as_dict() for group in groups])

    @app.get("/talking-points")
    def talking_points_endpoint(
        store: StoreDep,
        min_tokens: Annotated[int, Query(ge=6, le=200)] = 12,
        since: Day = None,
        until: Day = None,
        limit: Limit = 50,
        echoes: Annotated[int, Query(ge=0, le=100_000, description="echoes listed per passage")] = 20,
        fresh: Annotated[bool, Query(description="recompute even when a saved answer exists")] = False,
    ) -> Any:
        """Passages repeated across sources, first use and echoes, by date.

        Served from the answer saved by `communique reuse --save` with the same parameters when
        there is one (headers `X-Computed-At`, `X-Documents-Added` say how fresh it is; it keeps
        20 echoes a passage), else computed now (about a minute per 100,000 documents). Each
        passage lists its first `echoes` echoes; `counts.echoes` gives them all.
        """
        saved = None if fresh else saved_talking_points(store, min_tokens, since, until, limit, echoes)
        if saved is not None:
            points, answer = saved
            headers = {"X-Computed-At": answer.computed_at, "X-Documents-Added": str(answer.documents_added)}
            return JSONResponse(points, headers=headers)
        points = talking_points(
            store, min_tokens=min_tokens, since=since, until=until, limit=limit, echoes=echoes
        )
        return JSONResponse([point.as_dict(echoes) for point in points])

    @app.post("/documents", response_model=IngestResult, dependencies=[Depends(require_token)])
    def post_documents(
        store: StoreDep,
        files: Annotated[list[UploadFile] | None, File()] = None,
        urls: Annotated[list[str] | None, Query(max_length=100)] = None,
    ) -> IngestResult:
        """Ingest uploaded files and/or URLs (needs the token)."""
        with tempfile.TemporaryDirectory(prefix="communique-upload-") as folder:
            items = list(urls or [])
            for index, upload in enumerate(files or []):
                name = Path(upload.filename or f"upload-{index}").name
                path = Path(folder) / f"{index:03d}-{name}"
                path.write_bytes(upload.file.read())
                items.append(str(path))
            if not items:
                raise HTTPException(400, "send files (multipart) or urls")
            summary = ingest(store, items, IngestOptions(read=ReadOptions()))
        counts = summary.counts
        return IngestResult(
            ingested=counts["ingested"],
            duplicates=counts["duplicate"],
            near_duplicates=counts["near_duplicate"],
            failed=counts["failed"],
            failures=[event.message() for event in summary.failures],
        )

    # The KB is loaded now, not by the first request, and everything long-lived so far (~140,000
    # objects: KB, app, SQLAlchemy) is frozen out of the garbage collector's view: otherwise each
    # full collection walks them again, a ~40 ms pause that lands on whichever request triggers it
    # and sets the p95 of answers that allocate many rows.
    load_kb()
    gc.collect()  # garbage first, so that only live objects are frozen
    gc.freeze()
    return app
