"""Monthly totals and derived columns, so whole-store answers stay fast at 100,000 documents.

Adds `documents.outlet`; events' and claims' `when`/`date_source` (the date a record refers to)
and events' `source_agent`/`target_agent`; the `rollups` and `event_rollups` tables; indexes that
let pages ordered by date stop at the page size. Existing rows are filled by the same SQL the
store runs for each new document (`communique.store.rollups`).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

from communique.store import rollups

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

DERIVED_COLUMNS = (
    ("documents", "outlet"),
    ("events", "when"),
    ("events", "date_source"),
    ("events", "source_agent"),
    ("events", "target_agent"),
    ("claims", "when"),
    ("claims", "date_source"),
)

INDEXES = (
    ("ix_documents_outlet", "documents", ["outlet", "published"]),
    ("ix_events_when", "events", ["when", "id"]),
    ("ix_events_source_when", "events", ["source", "when"]),
    ("ix_events_target_when", "events", ["target", "when"]),
    ("ix_events_speaker_when", "events", ["speaker", "when"]),
    ("ix_events_source_agent_when", "events", ["source_agent", "when"]),
    ("ix_events_target_agent_when", "events", ["target_agent", "when"]),
    ("ix_events_type_when", "events", ["type", "when"]),
    ("ix_claims_when", "claims", ["when", "id"]),
    ("ix_claims_about_when", "claims", ["about", "when"]),
    ("ix_rollups_facet_k2", "rollups", ["facet", "k2", "period"]),
    ("ix_event_rollups_target", "event_rollups", ["target", "period"]),
    ("ix_event_rollups_source_agent", "event_rollups", ["source_agent", "period"]),
    ("ix_event_rollups_target_agent", "event_rollups", ["target_agent", "period"]),
    ("ix_event_rollups_speaker", "event_rollups", ["speaker", "period"]),
    ("ix_claim_rollups_about", "claim_rollups", ["about", "unit"]),
)


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("outlet", sa.Text))
    for table in ("events", "claims"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("when", sa.String(32)))
            batch.add_column(sa.Column("date_source", sa.String(9)))
            if table == "events":
                batch.add_column(sa.Column("source_agent", sa.String(96)))
                batch.add_column(sa.Column("target_agent", sa.String(96)))
    op.create_table(
        "rollups",
        sa.Column("facet", sa.String(16), primary_key=True),
        sa.Column("k1", sa.String(128), primary_key=True),
        sa.Column("k2", sa.String(128), primary_key=True),
        sa.Column("k3", sa.Text, primary_key=True),
        sa.Column("period", sa.String(7), primary_key=True),
        sa.Column("documents", sa.Integer, nullable=False),
        sa.Column("total", sa.BigInteger, nullable=False),
        sa.Column("first", sa.String(32)),
        sa.Column("latest", sa.String(32)),
        sa.Column("example", sa.String(32)),
    )
    op.create_table(
        "event_rollups",
        sa.Column("source", sa.String(96), primary_key=True),
        sa.Column("target", sa.String(96), primary_key=True),
        sa.Column("source_agent", sa.String(96), primary_key=True),
        sa.Column("target_agent", sa.String(96), primary_key=True),
        sa.Column("speaker", sa.String(96), primary_key=True),
        sa.Column("type", sa.String(16), primary_key=True),
        sa.Column("quad_class", sa.Integer, primary_key=True),
        sa.Column("modality", sa.String(16), primary_key=True),
        sa.Column("period", sa.String(7), primary_key=True),
        sa.Column("events", sa.Integer, nullable=False),
        # Dropped by 0009; a default so that today's `rollups.rebuild` below can fill the table.
        sa.Column("documents", sa.Integer, nullable=False, server_default="0"),
        sa.Column("first", sa.String(32)),
        sa.Column("latest", sa.String(32)),
        sa.Column("example", sa.Integer),
    )
    op.create_table(
        "claim_rollups",
        sa.Column("unit", sa.Text, primary_key=True),
        sa.Column("about", sa.String(96), primary_key=True),
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("currency", sa.String(3), primary_key=True),
        sa.Column("when", sa.String(32), primary_key=True),
        sa.Column("date_source", sa.String(9), primary_key=True),
        sa.Column("value", sa.Float, primary_key=True),
        sa.Column("claims", sa.Integer, nullable=False),
        sa.Column("documents", sa.Integer, nullable=False),
        sa.Column("value_max", sa.Float),
        sa.Column("first_id", sa.Integer),
        sa.Column("last_id", sa.Integer),
    )
    connection = op.get_bind()
    rollups.fill_outlet(connection)
    rollups.fill_record_columns(connection)
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    rollups.rebuild(connection)


def downgrade() -> None:
    for name, table, _columns in INDEXES:
        if table not in ("rollups", "event_rollups", "claim_rollups"):
            op.drop_index(name, table_name=table)
    op.drop_table("claim_rollups")
    op.drop_table("event_rollups")
    op.drop_table("rollups")
    # Plain ALTER TABLE (SQLite >= 3.35, PostgreSQL): a batch copy of `documents` would trip
    # the foreign keys that point at it.
    for table, column in DERIVED_COLUMNS:
        op.execute(f'ALTER TABLE {table} DROP COLUMN "{column}"')
