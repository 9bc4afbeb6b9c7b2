"""Initial store: documents, near-duplicate bands, origins, errors, runs and full-text search.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "ingest_runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("started_at", TZ, nullable=False),
        sa.Column("finished_at", TZ),
        sa.Column("inputs", sa.JSON, nullable=False),
        sa.Column("counts", sa.JSON, nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("origin_path", sa.Text),
        sa.Column("origin_url", sa.Text),
        sa.Column("origin_record", sa.Integer),
        sa.Column("origin_member", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("authors", sa.JSON, nullable=False),
        sa.Column("credits", sa.JSON, nullable=False),
        sa.Column("published", sa.String(10)),
        sa.Column("published_source", sa.String(8)),
        sa.Column("language", sa.String(8)),
        sa.Column("source_name", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("raw_text", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("offset_runs", sa.JSON, nullable=False),
        sa.Column("paragraphs", sa.JSON, nullable=False),
        sa.Column("meta", sa.JSON, nullable=False),
        sa.Column("minhash", sa.LargeBinary),
        sa.Column("near_duplicate_of", sa.String(32), sa.ForeignKey("documents.id")),
        sa.Column("near_duplicate_score", sa.Float),
        sa.Column("ingested_at", TZ, nullable=False),
    )
    op.create_index("ix_documents_published", "documents", ["published"])
    op.create_index("ix_documents_language", "documents", ["language"])
    op.create_index("ix_documents_near_duplicate_of", "documents", ["near_duplicate_of"])
    op.create_table(
        "minhash_bands",
        sa.Column("band_key", sa.BigInteger, primary_key=True),
        sa.Column("document_id", sa.String(32), sa.ForeignKey("documents.id"), primary_key=True),
    )
    op.create_table(
        "document_origins",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(32), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("seen_at", TZ, nullable=False),
    )
    op.create_index("ix_document_origins_document_id", "document_origins", ["document_id"])
    op.create_index("ix_document_origins_origin", "document_origins", ["origin"])
    op.create_table(
        "ingest_errors",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("ingest_runs.id")),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("occurred_at", TZ, nullable=False),
    )
    op.create_index("ix_ingest_errors_run_id", "ingest_errors", ["run_id"])
    if op.get_bind().dialect.name == "sqlite":
        # External-content FTS5 index kept in step with documents by triggers, so a document
        # and its index entry commit in the same transaction.
        op.execute(
            "CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', "
            "content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')"
        )
        op.execute(
            "CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN "
            "INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END"
        )
        op.execute(
            "CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN "
            "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
            "VALUES ('delete', old.rowid, old.title, old.text); END"
        )
        op.execute(
            "CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN "
            "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
            "VALUES ('delete', old.rowid, old.title, old.text); "
            "INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS documents_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS documents_fts")
    for table in ("ingest_errors", "document_origins", "minhash_bands", "documents", "ingest_runs"):
        op.drop_table(table)
