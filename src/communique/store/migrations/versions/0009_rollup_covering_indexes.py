"""Covering indexes for an actor's event and claim totals and a claim's series; drop
`event_rollups.documents`.

China's profile (85 % of the documents) summed ~16,000 event totals as source, ~12,000 as target
and ~26,000 claim totals, each row found by an index and then read from the table: ~80 ms at
100,000 documents. Indexes holding every column those sums read answer from the index alone
(~6 ms each). The claim tracker walks each quantity's latest points the same way.

`event_rollups.documents` was written on every save but no answer read it (the graph counts edge
documents from the `event_pair` facet of `rollups`).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# (name, table, columns, the index it replaces: a prefix of the new one)
INDEXES = (
    (
        "ix_event_rollups_source_counts",
        "event_rollups",
        ["source", "quad_class", "type", "target", "modality", "period", "events"],
        None,
    ),
    (
        "ix_event_rollups_target_counts",
        "event_rollups",
        ["target", "quad_class", "type", "source", "modality", "period", "events"],
        ("ix_event_rollups_target", ["target", "period"]),
    ),
    (
        "ix_claim_rollups_about_values",
        "claim_rollups",
        ["about", "unit", "kind", "currency", "value", "claims"],
        ("ix_claim_rollups_about", ["about", "unit"]),
    ),
    (
        "ix_claim_rollups_series",
        "claim_rollups",
        [
            "unit",
            "about",
            "kind",
            "currency",
            "when",
            "value",
            "date_source",
            "claims",
            "documents",
            "value_max",
            "first_id",
            "last_id",
        ],
        None,
    ),
)


def upgrade() -> None:
    # Plain ALTER TABLE (SQLite >= 3.35, PostgreSQL), as in 0005's downgrade.
    op.execute('ALTER TABLE event_rollups DROP COLUMN "documents"')
    for name, table, columns, replaces in INDEXES:
        op.create_index(name, table, columns)
        if replaces:
            op.drop_index(replaces[0], table_name=table)


def downgrade() -> None:
    for name, table, _columns, replaces in INDEXES:
        if replaces:
            op.create_index(replaces[0], table, replaces[1])
        op.drop_index(name, table_name=table)
    # The counts are gone: 0 until `rollups.rebuild` of that version refills them.
    op.add_column("event_rollups", sa.Column("documents", sa.Integer, nullable=False, server_default="0"))
