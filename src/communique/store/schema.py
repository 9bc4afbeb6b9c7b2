"""Tables of the store, as SQLAlchemy Core objects used by queries.

The Alembic migrations in `migrations/versions/` are the history that creates them; this
module is what code queries against. A change here needs a new migration.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),
    Column("origin_path", Text),
    Column("origin_url", Text),
    Column("origin_record", Integer),
    Column("origin_member", Text),
    Column("title", Text),
    Column("authors", JSON, nullable=False, default=list),
    Column("credits", JSON, nullable=False, default=list),
    Column("published", String(10), index=True),
    Column("published_source", String(8)),
    Column("language", String(8), index=True),
    Column("source_name", Text),
    Column("url", Text),
    Column("raw_text", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("offset_runs", JSON, nullable=False),
    Column("paragraphs", JSON, nullable=False),
    Column("meta", JSON, nullable=False, default=dict),
    Column("minhash", LargeBinary),
    Column("near_duplicate_of", String(32), ForeignKey("documents.id"), index=True),
    Column("near_duplicate_score", Float),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    # Derived when the document is added (rollups.fill_outlet): grouped by in analyses.
    Column("outlet", Text),
)

# One row per (document, LSH band key): near-duplicate candidates come from an index lookup.
minhash_bands = Table(
    "minhash_bands",
    metadata,
    Column("band_key", BigInteger, primary_key=True),
    Column("document_id", String(32), ForeignKey("documents.id"), primary_key=True),
)

# Every origin that produced a document, duplicates included: "where did this text appear?"
document_origins = Table(
    "document_origins",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(32), ForeignKey("documents.id"), nullable=False, index=True),
    Column("origin", Text, nullable=False, index=True),
    Column("seen_at", DateTime(timezone=True), nullable=False),
)

ingest_errors = Table(
    "ingest_errors",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("ingest_runs.id"), index=True),
    Column("origin", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
)

ingest_runs = Table(
    "ingest_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("inputs", JSON, nullable=False),
    Column("counts", JSON, nullable=False, default=dict),
)

annotations = Table(
    "annotations",
    metadata,
    Column("document_id", String(32), ForeignKey("documents.id"), primary_key=True),
    Column("schema_version", String(8), nullable=False),
    Column("pipeline", Text, nullable=False),
    Column("annotated_at", DateTime(timezone=True), nullable=False),
    Column("sentences", JSON, nullable=False),
    Column("entities", JSON, nullable=False),
    Column("formulations", JSON, nullable=False),
    Column("claims", JSON, nullable=False, default=list),
    Column("dates", JSON, nullable=False, default=list),
    Column("events", JSON, nullable=False, default=list),
    Column("relations", JSON, nullable=False, default=list),
    Column("stance", JSON, nullable=False, default=list),
)

# One row per entity mention: the index behind `search --actor`, actor pages and `kb candidates`.
mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(32), ForeignKey("documents.id"), nullable=False),
    Column("entity_id", String(96)),
    Column("entity_type", String(16), nullable=False),
    Column("entity_name", Text, nullable=False),
    Column("country", String(8)),
    Column("role", String(8), nullable=False),
    Column("sentence", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
)

formulation_mentions = Table(
    "formulation_mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(32), ForeignKey("documents.id"), nullable=False),
    Column("formulation_id", String(128), nullable=False),
    Column("sentence", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
)

# One row per event / claim, the index behind `communique events` and `communique claims`.
events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(32), ForeignKey("documents.id"), nullable=False),
    Column("type", String(16), nullable=False),
    Column("mode", String(64)),
    Column("quad_class", Integer),
    Column("source", String(96)),
    Column("source_text", Text),
    Column("target", String(96)),
    Column("target_text", Text),
    Column("speaker", String(96)),
    Column("modality", String(16), nullable=False),
    Column("date", String(32)),
    Column("location", Text),
    # Derived on save (rollups.fill_record_columns): the date it refers to, which date that is,
    # and the person or body named as the doer for the source / target country.
    Column("when", String(32)),
    Column("date_source", String(9)),
    Column("source_agent", String(96)),
    Column("target_agent", String(96)),
    Column("sentence", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
)

claims = Table(
    "claims",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(32), ForeignKey("documents.id"), nullable=False),
    Column("value", Float),
    Column("value_max", Float),
    Column("unit", Text),
    Column("currency", String(3)),
    Column("qualifier", String(32)),
    Column("kind", String(16), nullable=False),
    Column("about", String(96)),
    Column("date", String(32)),
    Column("modality", String(16)),
    Column("when", String(32)),
    Column("date_source", String(9)),
    Column("sentence", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
)

# Monthly running totals kept by the store as it writes (see store/rollups.py for the facets).
rollups = Table(
    "rollups",
    metadata,
    Column("facet", String(16), primary_key=True),
    Column("k1", String(128), primary_key=True),
    Column("k2", String(128), primary_key=True),
    Column("k3", Text, primary_key=True),
    Column("period", String(7), primary_key=True),
    Column("documents", Integer, nullable=False),
    Column("total", BigInteger, nullable=False),
    Column("first", String(32)),
    Column("latest", String(32)),
    Column("example", String(32)),
)

event_rollups = Table(
    "event_rollups",
    metadata,
    Column("source", String(96), primary_key=True),
    Column("target", String(96), primary_key=True),
    Column("source_agent", String(96), primary_key=True),
    Column("target_agent", String(96), primary_key=True),
    Column("speaker", String(96), primary_key=True),
    Column("type", String(16), primary_key=True),
    Column("quad_class", Integer, primary_key=True),
    Column("modality", String(16), primary_key=True),
    Column("period", String(7), primary_key=True),
    Column("events", Integer, nullable=False),
    Column("first", String(32)),
    Column("latest", String(32)),
    Column("example", Integer),
)

# Whole-store analyses computed once (`communique reuse --save`) and served until recomputed.
saved_answers = Table(
    "saved_answers",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("parameters", String(256), primary_key=True),
    Column("computed_at", DateTime(timezone=True), nullable=False),
    Column("documents", Integer, nullable=False),
    Column("answer", JSON, nullable=False),
)

claim_rollups = Table(
    "claim_rollups",
    metadata,
    Column("unit", Text, primary_key=True),
    Column("about", String(96), primary_key=True),
    Column("kind", String(16), primary_key=True),
    Column("currency", String(3), primary_key=True),
    Column("when", String(32), primary_key=True),
    Column("date_source", String(9), primary_key=True),
    Column("value", Float, primary_key=True),
    Column("claims", Integer, nullable=False),
    Column("documents", Integer, nullable=False),
    Column("value_max", Float),
    Column("first_id", Integer),
    Column("last_id", Integer),
)

# Per claim tracker group (normalised unit, about, kind, currency; "" for none) its verdict over
# its latest `rollups.SERIES_SCAN` points, refreshed as the store writes its claims (migration 0012).
claim_verdicts = Table(
    "claim_verdicts",
    metadata,
    Column("unit", Text, primary_key=True),
    Column("about", String(96), primary_key=True),
    Column("kind", String(16), primary_key=True),
    Column("currency", String(3), primary_key=True),
    Column("forms", Integer, nullable=False),  # surface forms (lower-case units) it merges
    Column("points", Integer, nullable=False),  # points judged
    Column("status", String(8), nullable=False),
    Column("direction", String(4)),
    Column("conflicts", JSON, nullable=False),  # the first few [claim id, claim id, reason]
    Column("distinct_values", Integer, nullable=False),
    Column("min", Float, nullable=False),
    Column("max", Float, nullable=False),
    Column("latest", Float, nullable=False),
    Column("latest_when", String(32)),
)

# The stable hash of every token of a document's clean text (little-endian uint64 each), written
# when the document is added: talking points roll them into windows (see store/tokens.py).
document_tokens = Table(
    "document_tokens",
    metadata,
    Column("document_id", String(32), ForeignKey("documents.id"), primary_key=True),
    Column("hashes", LargeBinary, nullable=False),
)

# --- semantic search (migration 0006; written by `communique embed`, see store/vectors.py) ---

# One row per embedded sentence: its span in documents.text and its unit vector (float16 bytes).
sentence_vectors = Table(
    "sentence_vectors",
    metadata,
    Column("document_id", String(32), ForeignKey("documents.id"), primary_key=True),
    Column("sentence", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("vector", LargeBinary, nullable=False),
)

# One row per embedded document: which model, and which annotation run's sentences it embeds
# (a re-annotated document has a newer annotated_at and is embedded again).
embedded_documents = Table(
    "embedded_documents",
    metadata,
    Column("document_id", String(32), ForeignKey("documents.id"), primary_key=True),
    Column("model", String(64), nullable=False),
    Column("dimensions", Integer, nullable=False),
    Column("annotated_at", DateTime(timezone=True), nullable=False),
    Column("sentences", Integer, nullable=False),
    Column("embedded_at", DateTime(timezone=True), nullable=False),
)  # index ix_embedded_documents_model (model, embedded_at): migration 0006
