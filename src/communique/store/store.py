"""The Store: every read and write of documents goes through here, whatever the database.

Callers never write SQL. Dialect-specific parts (full-text search) live behind methods so a
PostgreSQL backend can be added without touching callers.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    and_,
    bindparam,
    delete,
    func,
    insert,
    literal_column,
    select,
    text,
    update,
)
from sqlalchemy import column as sql_column
from sqlalchemy import table as sql_table
from sqlalchemy.exc import OperationalError

from communique.documents.identity import (
    NEAR_DUPLICATE_THRESHOLD,
    lsh_band_keys,
    minhash_from_bytes,
)
from communique.documents.model import Document
from communique.sources.base import Origin
from communique.store import database, rollups
from communique.store.database import StoreError
from communique.store.schema import (
    annotations,
    claims,
    document_origins,
    documents,
    events,
    formulation_mentions,
    ingest_errors,
    ingest_runs,
    mentions,
    minhash_bands,
    saved_answers,
)

# Built once: statement objects are reused for every document written.
_INSERT_DOCUMENT = insert(documents)
_INSERT_BAND = insert(minhash_bands)
_INSERT_ORIGIN = insert(document_origins)


_PENDING = "communique.pending_totals"
# From this many documents on, an actor or formulation filter probes documents one by one.
MANY_DOCUMENTS = 1000
# A query whose terms are each in more than this many documents ranks its RANKED_WINDOW most
# recently added matches only (Store._ranked_page): bm25 over all of them would cost too much.
RANK_ALL_UP_TO = 5_000
RANKED_WINDOW = 1_000
# Search lists the documents of an actor or formulation in fewer documents than this, instead of
# reading the row of each match to probe it.
DRIVE_FROM_FILTER_BELOW = 30_000


@dataclass
class _Pending:
    """Documents a transaction added or annotated, whose totals it applies before committing."""

    added: list[str] = field(default_factory=list)
    annotated: dict[str, None] = field(default_factory=dict)  # ordered set


def now() -> datetime:
    return datetime.now(UTC)


@dataclass
class AddResult:
    status: str  # "ingested" | "duplicate" | "near_duplicate"
    id: str
    related_to: str | None = None  # the existing document for duplicates and near-duplicates
    score: float | None = None


@dataclass
class SearchHit:
    id: str
    title: str | None
    published: str | None
    language: str | None
    snippet: str  # matches wrapped in <mark>...</mark>
    score: float
    paragraph: int
    match_start: int | None
    match_end: int | None
    origin: str
    near_duplicate_of: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "published": self.published,
            "language": self.language,
            "snippet": self.snippet,
            "score": round(self.score, 4),
            "citation": {
                "document": self.id,
                "paragraph": self.paragraph,
                "start": self.match_start,
                "end": self.match_end,
            },
            "origin": self.origin,
            "near_duplicate_of": self.near_duplicate_of,
        }


@dataclass
class Stats:
    documents: int = 0
    near_duplicates: int = 0
    errors: int = 0
    runs: int = 0
    by_language: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    by_year: dict[str, int] = field(default_factory=dict)
    characters: int = 0


_MARK_OPEN, _MARK_CLOSE = "\x02", "\x03"
_MARKED = re.compile(f"{_MARK_OPEN}(.*?){_MARK_CLOSE}", re.S)
# Rows and snippets for a page of hits only. One FTS lookup per rowid, except for prefix
# queries: FTS5 expands a prefix again for each lookup (~13 ms for `diplom*` at 100,000
# documents), so those read the page's rowid range in one pass instead.
_PAGE_SELECT = (
    "SELECT documents_fts.rowid AS rid, d.id, d.title, d.published, d.language, d.text, d.paragraphs, "
    "d.near_duplicate_of, d.origin_path, d.origin_url, d.origin_record, d.origin_member, "
    f"snippet(documents_fts, 1, '{_MARK_OPEN}', '{_MARK_CLOSE}', '…', 24) AS snippet "
    "FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid WHERE documents_fts MATCH :query "
)
_PAGE_ROWS = text(_PAGE_SELECT + "AND documents_fts.rowid IN :rids").bindparams(
    bindparam("rids", expanding=True)
)
_PAGE_ROWS_IN_RANGE = text(
    _PAGE_SELECT + "AND documents_fts.rowid BETWEEN :low AND :high AND +documents_fts.rowid IN :rids"
).bindparams(bindparam("rids", expanding=True))
_FTS = sql_table("documents_fts", sql_column("rowid"), sql_column("documents_fts"))  # its MATCH/bm25 column
_DOCUMENTS_ROWID = literal_column("documents.rowid")
_MORE_THAN = text("SELECT 1 FROM documents_fts WHERE documents_fts MATCH :query LIMIT 1 OFFSET :n")
# The phrases of an FTS5 query: quoted strings and barewords (not operators nor column names).
_FTS_PHRASE = re.compile(r'\^?(?:"(?:[^"]|"")*"|(?!(?:AND|OR|NOT|NEAR)\b)[\w\x1a]++)(?:\s*\*)?(?!\s*:)')


@dataclass
class SavedAnswer:
    answer: Any
    computed_at: str
    documents: int  # in the store when it was computed
    documents_added: int  # since then


def origin_label(row: Any) -> str:
    return Origin(row.origin_path, row.origin_url, row.origin_record, row.origin_member).label()


class Store:
    """A communique database. Open with `Store.open(url_or_path)`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, db: str | None = None, create: bool = True) -> Store:
        url = database.resolve_url(db)
        engine = database.make_engine(url)
        try:
            if create:
                database.ensure_current(engine)
        except OperationalError as error:
            raise StoreError(f"cannot open database {url}: {error.orig}") from error
        return cls(engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def _all(self, query: Any) -> list[dict[str, Any]]:
        """Every row of a query as a plain dict."""
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]

    def optimize(self) -> None:
        """Refresh the query planner's statistics after bulk writes.

        Without them SQLite picks indexes by guesswork: on 100,000 documents an actor profile
        took 1.3 s walking a date index instead of 0.1 s on the actor's. A sampled ANALYZE
        (at most 1,000 rows per index) takes under a second at that size.
        """
        if self.dialect == "sqlite":
            with self.engine.begin() as connection:
                connection.exec_driver_sql("PRAGMA analysis_limit=1000")
                connection.exec_driver_sql("ANALYZE")
        else:
            with self.engine.begin() as connection:
                connection.exec_driver_sql("ANALYZE")

    def save_answer(self, name: str, parameters: dict[str, Any], answer: Any) -> None:
        """Keep an analysis' answer (replacing the one saved with the same parameters)."""
        key = json.dumps(parameters, sort_keys=True)
        documents_now = self.stats().documents
        with self.transaction() as connection:
            connection.execute(
                delete(saved_answers).where(saved_answers.c.name == name, saved_answers.c.parameters == key)
            )
            connection.execute(
                insert(saved_answers).values(
                    name=name, parameters=key, computed_at=now(), documents=documents_now, answer=answer
                )
            )

    def saved_answer(self, name: str, parameters: dict[str, Any]) -> SavedAnswer | None:
        """A saved answer with when it was computed and how many documents were added since."""
        key = json.dumps(parameters, sort_keys=True)
        with self.engine.connect() as connection:
            row = connection.execute(
                select(saved_answers).where(saved_answers.c.name == name, saved_answers.c.parameters == key)
            ).first()
        if row is None:
            return None
        added = max(self.stats().documents - row.documents, 0)
        return SavedAnswer(row.answer, row.computed_at.isoformat(), row.documents, added)

    def rebuild_totals(self) -> None:
        """Recompute the totals from the stored rows (they are kept as the store writes;
        this tightens `first`/`latest` dates after re-annotation, or repairs outside edits)."""
        with self.engine.begin() as connection:
            rollups.rebuild(connection)

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One unit of work: committed whole, or (on error or kill) not at all.

        The totals of the documents it adds or annotates are applied for all of them
        at once, just before the commit (one statement per facet per 500 documents, not per
        document), so they are committed with the rows they count.
        """
        with self.engine.begin() as connection:
            pending = connection.info[_PENDING] = _Pending()
            try:
                yield connection
                rollups.add_document_totals(connection, pending.added)
                rollups.apply_annotation_totals(connection, list(pending.annotated), 1)
            finally:
                connection.info.pop(_PENDING, None)

    # --- runs and errors -------------------------------------------------------------------

    def begin_run(self, inputs: list[str]) -> int:
        with self.transaction() as connection:
            result = connection.execute(
                insert(ingest_runs).values(started_at=now(), inputs=inputs, counts={})
            )
            return int(result.inserted_primary_key[0])

    def finish_run(self, run_id: int, counts: dict[str, int]) -> None:
        with self.transaction() as connection:
            connection.execute(
                update(ingest_runs).where(ingest_runs.c.id == run_id).values(finished_at=now(), counts=counts)
            )

    def record_error(self, connection: Connection, run_id: int | None, origin: str, reason: str) -> None:
        connection.execute(
            insert(ingest_errors).values(run_id=run_id, origin=origin, reason=reason, occurred_at=now())
        )

    def errors(self, run_id: int | None = None, limit: int = 1000) -> list[dict[str, Any]]:
        query = select(ingest_errors).order_by(ingest_errors.c.id.desc()).limit(limit)
        if run_id is not None:
            query = query.where(ingest_errors.c.run_id == run_id)
        with self.engine.connect() as connection:
            return [
                {
                    "run": row.run_id,
                    "origin": row.origin,
                    "reason": row.reason,
                    "at": row.occurred_at.isoformat() if row.occurred_at else None,
                }
                for row in connection.execute(query)
            ]

    def last_run_id(self) -> int | None:
        with self.engine.connect() as connection:
            return connection.execute(select(func.max(ingest_runs.c.id))).scalar()

    # --- documents -------------------------------------------------------------------------

    def add_document(self, connection: Connection, doc: Document) -> AddResult:
        """Insert unless the same content is in; link a near-duplicate, never drop it."""
        existing = connection.execute(
            select(documents.c.id).where(documents.c.content_hash == doc.content_hash)
        ).scalar()
        origin = doc.origin.label()
        if existing is not None:
            connection.execute(_INSERT_ORIGIN, {"document_id": existing, "origin": origin, "seen_at": now()})
            return AddResult("duplicate", existing, related_to=existing)
        band_keys = []
        if doc.minhash is not None:
            band_keys = lsh_band_keys(minhash_from_bytes(doc.minhash))
            match = self._near_duplicate(connection, doc.minhash, band_keys)
            if match is not None:
                doc.near_duplicate_of, score = match
            else:
                score = None
        else:
            score = None
        connection.execute(
            _INSERT_DOCUMENT,
            {
                "id": doc.id,
                "content_hash": doc.content_hash,
                "kind": doc.kind,
                "origin_path": doc.origin.path,
                "origin_url": doc.origin.url,
                "origin_record": doc.origin.record,
                "origin_member": doc.origin.member,
                "title": doc.title,
                "authors": doc.authors,
                "credits": doc.credits,
                "published": doc.published,
                "published_source": doc.published_source,
                "language": doc.language,
                "source_name": doc.source_name,
                "url": doc.url,
                "raw_text": doc.raw_text,
                "text": doc.text,
                "offset_runs": doc.offset_runs,
                "paragraphs": doc.paragraphs,
                "meta": doc.meta,
                "minhash": doc.minhash,
                "near_duplicate_of": doc.near_duplicate_of,
                "near_duplicate_score": score,
                "ingested_at": now(),
            },
        )
        if band_keys:
            connection.execute(
                _INSERT_BAND, [{"band_key": key, "document_id": doc.id} for key in set(band_keys)]
            )
        connection.execute(_INSERT_ORIGIN, {"document_id": doc.id, "origin": origin, "seen_at": now()})
        pending = connection.info.get(_PENDING)
        if pending is None:
            rollups.add_document_totals(connection, [doc.id])
        else:
            pending.added.append(doc.id)
        if doc.near_duplicate_of:
            return AddResult("near_duplicate", doc.id, related_to=doc.near_duplicate_of, score=score)
        return AddResult("ingested", doc.id)

    def _near_duplicate(
        self, connection: Connection, signature_bytes: bytes, band_keys: list[int]
    ) -> tuple[str, float] | None:
        candidates = connection.execute(
            select(documents.c.id, documents.c.minhash, documents.c.near_duplicate_of)
            .join(minhash_bands, minhash_bands.c.document_id == documents.c.id)
            .where(minhash_bands.c.band_key.in_(band_keys))
            .distinct()
        ).all()
        if not candidates:
            return None
        signature = minhash_from_bytes(signature_bytes)
        best: tuple[str, float] | None = None
        for row in candidates:
            score = signature.jaccard(minhash_from_bytes(row.minhash))
            if score < NEAR_DUPLICATE_THRESHOLD:
                continue
            # Link to the cluster's first document, so a chain of copies points to one original.
            target = row.near_duplicate_of or row.id
            if best is None or score > best[1] or (score == best[1] and target < best[0]):
                best = (target, score)
        return best

    def has_document(self, doc_id: str) -> bool:
        with self.engine.connect() as connection:
            return (
                connection.execute(select(documents.c.id).where(documents.c.id == doc_id)).first() is not None
            )

    def get_document(self, doc_id: str) -> dict[str, Any] | None:
        """A document by id or unambiguous id prefix (at least 4 characters)."""
        with self.engine.connect() as connection:
            row = connection.execute(select(documents).where(documents.c.id == doc_id)).first()
            if row is None and len(doc_id) >= 4:
                rows = connection.execute(
                    select(documents).where(documents.c.id.like(f"{doc_id}%")).limit(2)
                ).all()
                row = rows[0] if len(rows) == 1 else None
            if row is None:
                return None
            origins = (
                connection.execute(
                    select(document_origins.c.origin)
                    .where(document_origins.c.document_id == row.id)
                    .order_by(document_origins.c.id)
                )
                .scalars()
                .all()
            )
            near = (
                connection.execute(select(documents.c.id).where(documents.c.near_duplicate_of == row.id))
                .scalars()
                .all()
            )
        record = _row_dict(row)
        record["origins"] = list(origins)
        record["near_duplicates"] = list(near)
        return record

    def iter_documents(self, batch_size: int = 500) -> Iterator[dict[str, Any]]:
        """All documents in id order, fetched in batches: constant memory for any store size."""
        last = ""
        while True:
            with self.engine.connect() as connection:
                rows = connection.execute(
                    select(documents).where(documents.c.id > last).order_by(documents.c.id).limit(batch_size)
                ).all()
            if not rows:
                return
            for row in rows:
                yield _row_dict(row)
            last = rows[-1].id

    def stats(self) -> Stats:
        """Counts by language, kind and year from the monthly totals (hundreds of rows at most)."""
        stats = Stats()
        totals = rollups.totals("documents")
        with self.engine.connect() as connection:
            for row in connection.execute(
                select(
                    totals.c.k1,
                    totals.c.k2,
                    totals.c.k3,
                    func.substr(totals.c.period, 1, 4).label("year"),
                    func.sum(totals.c.documents).label("documents"),
                    func.sum(totals.c.total).label("characters"),
                ).group_by(totals.c.k1, totals.c.k2, totals.c.k3, func.substr(totals.c.period, 1, 4))
            ):
                count = int(row.documents)
                stats.documents += count
                stats.characters += int(row.characters or 0)
                if row.k3 == "near":
                    stats.near_duplicates += count
                for key, target in (
                    (row.k1, stats.by_language),
                    (row.k2, stats.by_kind),
                    (row.year, stats.by_year),
                ):
                    target[key or "unknown"] = target.get(key or "unknown", 0) + count
            stats.errors = connection.execute(select(func.count()).select_from(ingest_errors)).scalar() or 0
            stats.runs = connection.execute(select(func.count()).select_from(ingest_runs)).scalar() or 0
        for mapping in (stats.by_language, stats.by_kind, stats.by_year):
            ordered = dict(sorted(mapping.items()))
            mapping.clear()
            mapping.update(ordered)
        return stats

    # --- search ----------------------------------------------------------------------------

    def search(
        self,
        query: str,
        since: str | None = None,
        until: str | None = None,
        language: str | None = None,
        limit: int = 10,
        offset: int = 0,
        actor: str | None = None,
        formulation: str | None = None,
    ) -> list[SearchHit]:
        """Full-text search, FTS5 syntax (phrases, AND/OR/NOT, prefix*), best first.

        `actor` (a KB id) and `formulation` (a formulation id) keep documents that mention them;
        with no query, those documents are listed newest first, cited at their first mention.
        A query whose terms are each in more than `RANK_ALL_UP_TO` documents is ranked among its
        `RANKED_WINDOW` most recently added matches, the rest following most recent first (see
        `_ranked_page`).
        """
        if not query.strip():
            return self._mention_hits(actor, formulation, since, until, language, limit, offset)
        if self.dialect != "sqlite":
            raise StoreError(f"full-text search is not yet available on {self.dialect}; use SQLite")
        try:
            with self.engine.connect() as connection:
                page = self._ranked_page(
                    connection, query, since, until, language, actor, formulation, limit, offset
                )
                if not page:
                    return []
                statement = _PAGE_ROWS_IN_RANGE if "*" in query else _PAGE_ROWS
                rids = list(page)
                rows = connection.execute(
                    statement, {"query": query, "rids": rids, "low": min(rids), "high": max(rids)}
                ).all()
        except OperationalError as error:
            raise StoreError(
                f"cannot search for {query!r}: {error.orig} "
                '(FTS5 syntax: words, "exact phrase", AND, OR, NOT, prefix*; quote words with hyphens)'
            ) from error
        by_rowid = {row.rid: row for row in rows}
        return [_hit(by_rowid[rid], rank) for rid, rank in page.items() if rid in by_rowid]

    def _ranked_page(
        self,
        connection: Connection,
        query: str,
        since: str | None,
        until: str | None,
        language: str | None,
        actor: str | None,
        formulation: str | None,
        limit: int,
        offset: int,
    ) -> dict[int, float]:
        """FTS rowid -> bm25 of the page's hits, in order.

        bm25 is computed for every match before the limit applies (~2.5 µs a match, more with a
        filter read from `documents` per match), so a query in most documents cost 300-700 ms at
        100,000 documents. Such a query (every term in more than `RANK_ALL_UP_TO` documents: its
        terms then weigh little and about alike, and bm25 mostly counts occurrences) is ranked among
        its `RANKED_WINDOW` most recently added matches (after filters); the other matches follow,
        most recently added first. Any other query is ranked over all its matches. A filter that
        keeps few documents (an actor, a formulation, a period, a language) lists them through an
        index first, instead of reading the row of every match visited.
        """
        fts_rowid = _FTS.c.rowid
        rank = func.bm25(_FTS.c.documents_fts, 5.0, 1.0).label("rank")
        ranked = select(fts_rowid.label("rid"), rank).where(
            _FTS.c.documents_fts.op("MATCH")(bindparam("query", query))
        )
        # Each filter either lists its documents' rowids through an index (when it keeps fewer
        # than DRIVE_FROM_FILTER_BELOW documents) or is checked on the row of each match visited.
        # `+` keeps a list from becoming one FTS lookup per rowid (each recounting bm25's term
        # statistics): it is checked as the matches are read.
        below = DRIVE_FROM_FILTER_BELOW
        filters: list[tuple[list[Any], bool]] = []  # (conditions, keeps few documents)
        if since or until:
            period = rollups.period(documents.c.published, since, until)
            filters.append((period, self._documents_in(since, until, None) < below))
        if language:
            filters.append(
                ([documents.c.language == language], self._documents_in(None, None, language) < below)
            )
        if actor:
            filters.append(
                (self.mentioning(actor, None, below), not self._in_many_documents("actor", actor, below))
            )
        if formulation:
            few = not self._in_many_documents("formulation", formulation, below)
            filters.append((self.mentioning(None, formulation, below), few))
        joined = []
        for conditions, few in filters:
            if few:
                listing = select(_DOCUMENTS_ROWID).where(*conditions)
                ranked = ranked.where(literal_column("+documents_fts.rowid").in_(listing))
            else:
                joined.extend(conditions)
        if joined:
            ranked = ranked.select_from(_FTS.join(documents, fts_rowid == _DOCUMENTS_ROWID)).where(*joined)
        common = self._very_common(connection, query)
        if not common:
            rows = connection.execute(ranked.order_by(rank, fts_rowid.desc()).limit(limit).offset(offset))
            return {row.rid: row.rank for row in rows}
        newest = connection.execute(ranked.order_by(fts_rowid.desc()).limit(RANKED_WINDOW)).all()
        page = sorted(newest, key=lambda row: (row.rank, -row.rid))[offset : offset + limit]
        wanted = offset + limit - max(offset, RANKED_WINDOW)
        if len(newest) == RANKED_WINDOW and wanted > 0:
            page += connection.execute(
                ranked.where(fts_rowid < newest[-1].rid)
                .order_by(fts_rowid.desc())
                .limit(wanted)
                .offset(max(offset - RANKED_WINDOW, 0))
            ).all()
        return {row.rid: row.rank for row in page}

    def _very_common(self, connection: Connection, query: str) -> bool:
        """True when the query matches more than `RANK_ALL_UP_TO` documents, and so does each of
        its terms if it has OR (a rare alternative must keep its weight in the ranking)."""
        parts = _FTS_PHRASE.findall(query) if re.search(r"\bOR\b", query) else []
        for part in [query, *parts]:
            try:
                more = connection.execute(_MORE_THAN, {"query": part, "n": RANK_ALL_UP_TO}).first()
            except OperationalError:  # a fragment that is not a query by itself: rank everything
                return False
            if more is None:
                return False
        return True

    def _documents_in(self, since: str | None, until: str | None, language: str | None) -> int:
        """Documents published in a period (whole months around it) or in a language, from the
        monthly totals: an upper bound, enough to choose how a search applies the filter."""
        summed = rollups.totals("documents", since and since[:7], until and until[:7])
        query = select(func.sum(summed.c.documents))
        if language:
            query = query.where(summed.c.k1 == language)
        with self.engine.connect() as connection:
            return int(connection.execute(query).scalar() or 0)

    def _mention_hits(
        self,
        actor: str | None,
        formulation: str | None,
        since: str | None,
        until: str | None,
        language: str | None,
        limit: int,
        offset: int,
    ) -> list[SearchHit]:
        if not actor and not formulation:
            raise StoreError("give a query, --actor or --formulation")
        table, column, value = (
            (mentions, mentions.c.entity_id, actor)
            if actor
            else (formulation_mentions, formulation_mentions.c.formulation_id, formulation)
        )
        query = select(documents).where(*self.mentioning(actor, formulation))
        query = in_period(query, documents.c.published, since, until)
        if language:
            query = query.where(documents.c.language == language)
        query = (
            query.order_by(documents.c.published.desc().nulls_last(), documents.c.id)
            .limit(limit)
            .offset(offset)
        )
        hits = []
        with self.engine.connect() as connection:
            for row in connection.execute(query).all():
                start = (
                    connection.execute(
                        select(func.min(table.c.start)).where(table.c.document_id == row.id, column == value)
                    ).scalar()
                    or 0
                )
                end = start
                sentences = (
                    connection.execute(
                        select(annotations.c.sentences).where(annotations.c.document_id == row.id)
                    ).scalar()
                    or []
                )
                sentence = next(
                    ((s["start"], s["end"]) for s in sentences if s["start"] <= start < s["end"]),
                    (max(0, start - 80), min(len(row.text), start + 160)),
                )
                mention_end = (
                    connection.execute(
                        select(table.c.end).where(
                            table.c.document_id == row.id, column == value, table.c.start == start
                        )
                    ).scalar()
                    or start
                )
                end = mention_end
                snippet = (
                    row.text[sentence[0] : start]
                    + "<mark>"
                    + row.text[start:end]
                    + "</mark>"
                    + row.text[end : sentence[1]]
                )
                paragraph_starts = [span[0] for span in row.paragraphs] or [0]
                hits.append(
                    SearchHit(
                        id=row.id,
                        title=row.title,
                        published=row.published,
                        language=row.language,
                        snippet=snippet.strip(),
                        score=0.0,
                        paragraph=max(bisect_right(paragraph_starts, start) - 1, 0),
                        match_start=start,
                        match_end=end,
                        origin=origin_label(row),
                        near_duplicate_of=row.near_duplicate_of,
                    )
                )
        return hits

    def mentioning(
        self, actor: str | None, formulation: str | None, listed_below: int | None = None
    ) -> list[Any]:
        """Conditions keeping documents that mention an actor and/or a formulation.

        One in many documents: each document is probed (newest first, the query stops at its
        page); a rare one (in fewer than `listed_below`, default `MANY_DOCUMENTS`): its few
        documents are listed first, then sorted.
        """
        clauses = []
        for facet, wanted, found, key in (
            ("actor", actor, mentions, mentions.c.entity_id),
            ("formulation", formulation, formulation_mentions, formulation_mentions.c.formulation_id),
        ):
            if not wanted:
                continue
            if self._in_many_documents(facet, wanted, listed_below):
                clauses.append(
                    select(found.c.document_id)
                    .where(key == wanted, found.c.document_id == documents.c.id)
                    .exists()
                )
            else:
                clauses.append(documents.c.id.in_(select(found.c.document_id).where(key == wanted)))
        return clauses

    def _in_many_documents(self, facet: str, entity_id: str, many: int | None = None) -> bool:
        """True for an actor or formulation in at least `many` (default `MANY_DOCUMENTS`)
        documents (monthly totals): queries then probe each document instead of listing the
        ones that mention it."""
        summed = rollups.totals(facet)
        with self.engine.connect() as connection:
            count = connection.execute(
                select(func.sum(summed.c.documents)).where(summed.c.k1 == entity_id)
            ).scalar()
        return (count or 0) >= (MANY_DOCUMENTS if many is None else many)

    # --- annotations -----------------------------------------------------------------------

    def documents_to_annotate(self, force: bool = False, batch_size: int = 200) -> Iterator[dict[str, Any]]:
        """Documents without annotations (or all with force), in id order, in constant memory."""
        last = ""
        while True:
            query = (
                select(documents.c.id, documents.c.text, documents.c.published, documents.c.language)
                .where(documents.c.id > last)
                .order_by(documents.c.id)
                .limit(batch_size)
            )
            if not force:
                query = query.where(~documents.c.id.in_(select(annotations.c.document_id)))
            with self.engine.connect() as connection:
                rows = connection.execute(query).all()
            if not rows:
                return
            for row in rows:
                yield dict(row._mapping)
            last = rows[-1].id

    def count_unannotated(self) -> int:
        with self.engine.connect() as connection:
            return (
                connection.execute(
                    select(func.count())
                    .select_from(documents)
                    .where(~documents.c.id.in_(select(annotations.c.document_id)))
                ).scalar()
                or 0
            )

    def save_annotations(
        self, connection: Connection, document_id: str, result: dict[str, Any], pipeline: str, version: str
    ) -> None:
        """Replace a document's annotations, their index rows and their share of the monthly
        totals, in the caller's transaction."""
        pending = connection.info.get(_PENDING)
        counted = connection.execute(
            select(annotations.c.document_id).where(annotations.c.document_id == document_id)
        ).first()
        if counted is not None and not (pending and document_id in pending.annotated):
            rollups.apply_annotation_totals(connection, [document_id], -1)
        for table in (annotations, mentions, formulation_mentions, events, claims):
            connection.execute(delete(table).where(table.c.document_id == document_id))
        connection.execute(
            insert(annotations).values(
                document_id=document_id,
                schema_version=version,
                pipeline=pipeline,
                annotated_at=now(),
                sentences=result["sentences"],
                entities=result["entities"],
                formulations=result["formulations"],
                **{name: result.get(name, []) for name in ANNOTATION_LISTS},
            )
        )
        rows = [_event_row(document_id, event) for event in result.get("events", [])]
        if rows:
            connection.execute(insert(events), rows)
        rows = [_claim_row(document_id, claim) for claim in result.get("claims", [])]
        if rows:
            connection.execute(insert(claims), rows)
        rows = [
            {
                "document_id": document_id,
                "entity_id": entity["id"],
                "entity_type": entity["type"],
                "entity_name": entity["name"],
                "country": entity.get("country"),
                "role": mention["role"],
                "sentence": mention["sentence"],
                "start": mention["start"],
                "end": mention["end"],
                "text": mention["text"],
            }
            for entity in result["entities"]
            for mention in entity["mentions"]
        ]
        if rows:
            connection.execute(insert(mentions), rows)
        rows = [
            {
                "document_id": document_id,
                "formulation_id": formulation["id"],
                "sentence": mention["sentence"],
                "start": mention["start"],
                "end": mention["end"],
                "text": mention["text"],
            }
            for formulation in result["formulations"]
            for mention in formulation["mentions"]
        ]
        if rows:
            connection.execute(insert(formulation_mentions), rows)
        if pending is None:
            rollups.apply_annotation_totals(connection, [document_id], 1)
        else:
            pending.annotated[document_id] = None

    def get_annotations(self, document_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                select(annotations).where(annotations.c.document_id == document_id)
            ).first()
        if row is None:
            return None
        result = {"sentences": row.sentences, "entities": row.entities, "formulations": row.formulations}
        result.update({name: getattr(row, name) or [] for name in ANNOTATION_LISTS})
        return result

    def unlinked_candidates(self, limit: int = 50) -> list[dict[str, Any]]:
        """The most frequent names the KB does not know, to add to it."""
        query = (
            select(
                mentions.c.entity_name,
                mentions.c.entity_type,
                func.count().label("mentions"),
                func.count(func.distinct(mentions.c.document_id)).label("documents"),
            )
            .where(mentions.c.entity_id.is_(None))
            .group_by(mentions.c.entity_name, mentions.c.entity_type)
            .order_by(
                func.count(func.distinct(mentions.c.document_id)).desc(),
                func.count().desc(),
                mentions.c.entity_name,
            )
            .limit(limit)
        )
        return self._all(query)

    def formulation_counts(self) -> list[dict[str, Any]]:
        """Per formulation: documents, mentions, first and latest publication date (from totals)."""
        totals = rollups.totals("formulation")
        used = func.sum(totals.c.documents)
        query = (
            select(
                totals.c.k1.label("formulation_id"),
                used.label("documents"),
                func.sum(totals.c.total).label("mentions"),
                func.min(func.nullif(totals.c.first, "")).label("first"),
                func.max(totals.c.latest).label("latest"),
            )
            .group_by(totals.c.k1)
            .order_by(used.desc(), totals.c.k1)
        )
        return [
            {**row, "documents": int(row["documents"]), "mentions": int(row["mentions"])}
            for row in self._all(query)
        ]

    def list_documents(
        self,
        since: str | None = None,
        until: str | None = None,
        language: str | None = None,
        actor: str | None = None,
        formulation: str | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Document summaries, newest first, with optional filters (no text: that is `get_document`)."""
        query = select(
            documents.c.id,
            documents.c.title,
            documents.c.published,
            documents.c.language,
            documents.c.source_name,
            documents.c.url,
            documents.c.kind,
            documents.c.near_duplicate_of,
            documents.c.authors,
        )
        query = in_period(query, documents.c.published, since, until)
        if language:
            query = query.where(documents.c.language == language)
        query = query.where(*self.mentioning(actor, formulation))
        query = (
            query.order_by(documents.c.published.desc().nulls_last(), documents.c.id)
            .limit(limit)
            .offset(offset)
        )
        return self._all(query)

    def actors(
        self, entity_type: str | None = None, linked: bool = True, limit: int = 50, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Actors in the store by number of documents mentioning them (from the monthly totals)."""
        totals = rollups.totals("actor")
        documents_count = func.sum(totals.c.documents)
        query = select(
            func.nullif(totals.c.k1, "").label("entity_id"),
            totals.c.k3.label("entity_name"),
            totals.c.k2.label("entity_type"),
            documents_count.label("documents"),
            func.sum(totals.c.total).label("mentions"),
        ).group_by(totals.c.k1, totals.c.k3, totals.c.k2)
        query = query.where(totals.c.k1 != "" if linked else totals.c.k1 == "")
        if entity_type:
            query = query.where(totals.c.k2 == entity_type)
        query = query.order_by(documents_count.desc(), totals.c.k3).limit(limit).offset(offset)
        rows = self._all(query)
        countries = self._countries([row["entity_id"] for row in rows if row["entity_id"]])
        return [
            {
                **row,
                "country": countries.get(row["entity_id"]),
                "documents": int(row["documents"]),
                "mentions": int(row["mentions"]),
            }
            for row in rows
        ]

    def _countries(self, entity_ids: list[str]) -> dict[str, str | None]:
        """The country stored with each linked entity's mentions (the KB's, the same on every
        mention): one row read per entity."""
        found = {}
        with self.engine.connect() as connection:
            for entity_id in entity_ids:
                found[entity_id] = connection.execute(
                    select(mentions.c.country).where(mentions.c.entity_id == entity_id).limit(1)
                ).scalar()
        return found

    def events(
        self,
        source: str | None = None,
        target: str | None = None,
        event_type: str | None = None,
        since: str | None = None,
        until: str | None = None,
        modality: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Events with their citation, newest first (by the date they refer to, else publication)."""
        when = events.c.when
        query = select(events, documents.c.title, documents.c.published).join(
            documents, documents.c.id == events.c.document_id
        )
        for column, value in (
            (events.c.source, source),
            (events.c.target, target),
            (events.c.type, event_type and event_type.upper()),
            (events.c.modality, modality),
        ):
            if value:
                query = query.where(column == value)
        query = in_period(query, when, since, until)
        query = query.order_by(when.desc().nulls_last(), events.c.id).limit(limit).offset(offset)
        with self.engine.connect() as connection:
            return [_citation(dict(row._mapping)) for row in connection.execute(query)]

    def claims(
        self,
        about_unit: str | None = None,
        actor: str | None = None,
        kind: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Quantitative claims with their citation, newest first by the date they refer to (else
        publication); `about_unit` matches the counted unit (substring)."""
        query = select(claims, documents.c.title, documents.c.published).join(
            documents, documents.c.id == claims.c.document_id
        )
        if about_unit:
            query = query.where(func.lower(claims.c.unit).like(f"%{about_unit.lower()}%"))
        if actor:
            query = query.where(claims.c.about == actor)
        if kind:
            query = query.where(claims.c.kind == kind)
        query = query.order_by(claims.c.when.desc().nulls_last(), claims.c.id).limit(limit).offset(offset)
        with self.engine.connect() as connection:
            return [_citation(dict(row._mapping)) for row in connection.execute(query)]

    def count_documents(self, **filters: Any) -> int:
        query = select(func.count()).select_from(documents)
        clauses = [getattr(documents.c, key) == value for key, value in filters.items()]
        if clauses:
            query = query.where(and_(*clauses))
        with self.engine.connect() as connection:
            return connection.execute(query).scalar() or 0


ANNOTATION_LISTS = ("claims", "dates", "events", "relations", "stance")


def _actor_id(actor: dict[str, Any] | None) -> str | None:
    return actor.get("entity") if actor else None


def _event_row(document_id: str, event: dict[str, Any]) -> dict[str, Any]:
    speaker = event.get("speaker") or {}
    return {
        "document_id": document_id,
        "type": event["type"],
        "mode": event.get("mode"),
        "quad_class": event.get("quad_class"),
        "source": _actor_id(event.get("source")),
        "source_text": (event.get("source") or {}).get("text"),
        "target": _actor_id(event.get("target")),
        "target_text": (event.get("target") or {}).get("text"),
        "speaker": speaker.get("entity"),
        "modality": event.get("modality") or "asserted",
        "date": event.get("date"),
        "location": event.get("location"),
        "sentence": event["sentence"],
        "start": event["start"],
        "end": event["end"],
        "text": event["text"],
    }


def _claim_row(document_id: str, claim: dict[str, Any]) -> dict[str, Any]:
    return {
        "document_id": document_id,
        "value": claim.get("value"),
        "value_max": claim.get("value_max"),
        "unit": claim.get("unit"),
        "currency": claim.get("currency"),
        "qualifier": claim.get("qualifier"),
        "kind": claim.get("kind") or "count",
        "about": claim.get("about"),
        "date": claim.get("date"),
        "modality": claim.get("modality"),
        "sentence": claim["sentence"],
        "start": claim["start"],
        "end": claim["end"],
        "text": claim["text"],
    }


def document_from_row(record: dict[str, Any]) -> Document:
    """Rebuild a Document from a stored row (as returned by get_document/iter_documents)."""
    return Document(
        id=record["id"],
        origin=Origin(
            record["origin_path"], record["origin_url"], record["origin_record"], record["origin_member"]
        ),
        kind=record["kind"],
        raw_text=record["raw_text"],
        text=record["text"],
        offset_runs=[tuple(run) for run in record["offset_runs"]],
        content_hash=record["content_hash"],
        title=record["title"],
        authors=list(record["authors"] or []),
        credits=list(record["credits"] or []),
        published=record["published"],
        published_source=record["published_source"],
        language=record["language"],
        source_name=record["source_name"],
        url=record["url"],
        paragraphs=[tuple(span) for span in record["paragraphs"]],
        ingested_at=record["ingested_at"],
        near_duplicate_of=record["near_duplicate_of"],
        meta=dict(record["meta"] or {}),
    )


def in_period(query: Any, column: Any, since: str | None, until: str | None) -> Any:
    """Filter on an ISO date column; `until` is inclusive at any precision ("2020" keeps 2020-12-31)."""
    return query.where(*rollups.period(column, since, until))


def _citation(record: dict[str, Any]) -> dict[str, Any]:
    record.pop("id", None)
    record["citation"] = {
        "document": record.pop("document_id"),
        "sentence": record.pop("sentence"),
        "start": record.pop("start"),
        "end": record.pop("end"),
        "text": record.pop("text"),
    }
    return record


def _row_dict(row: Any) -> dict[str, Any]:
    record = dict(row._mapping)
    record.pop("minhash", None)
    record["origin"] = origin_label(row)
    if record.get("ingested_at") is not None:
        record["ingested_at"] = record["ingested_at"].isoformat()
    return record


def _hit(row: Any, rank: float) -> SearchHit:
    terms = [term.casefold() for term in _MARKED.findall(row.snippet)]
    lowered = row.text.casefold()
    start = end = None
    for term in terms:
        position = lowered.find(term)
        if position >= 0:
            start, end = position, position + len(term)
            break
    paragraphs = json.loads(row.paragraphs) if isinstance(row.paragraphs, str) else row.paragraphs
    paragraph_starts = [span[0] for span in paragraphs] or [0]
    paragraph = max(bisect_right(paragraph_starts, start or 0) - 1, 0)
    snippet = row.snippet.replace(_MARK_OPEN, "<mark>").replace(_MARK_CLOSE, "</mark>")
    return SearchHit(
        id=row.id,
        title=row.title,
        published=row.published,
        language=row.language,
        snippet=snippet,
        score=-rank,
        paragraph=paragraph,
        match_start=start,
        match_end=end,
        origin=origin_label(row),
        near_duplicate_of=row.near_duplicate_of,
    )
