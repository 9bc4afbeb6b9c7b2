"""Claims, dates, events, relations and stance: stored whole per document, indexed for queries.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

FIELDS = ("claims", "dates", "events", "relations", "stance")


def upgrade() -> None:
    with op.batch_alter_table("annotations") as batch:
        for name in FIELDS:
            batch.add_column(sa.Column(name, sa.JSON, nullable=False, server_default="[]"))
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(32), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("mode", sa.String(64)),
        sa.Column("quad_class", sa.Integer),
        sa.Column("source", sa.String(96)),
        sa.Column("source_text", sa.Text),
        sa.Column("target", sa.String(96)),
        sa.Column("target_text", sa.Text),
        sa.Column("speaker", sa.String(96)),
        sa.Column("modality", sa.String(16), nullable=False),
        sa.Column("date", sa.String(32)),
        sa.Column("location", sa.Text),
        sa.Column("sentence", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_events_document_id", "events", ["document_id"])
    op.create_index("ix_events_source", "events", ["source", "type"])
    op.create_index("ix_events_target", "events", ["target", "type"])
    op.create_index("ix_events_type_date", "events", ["type", "date"])
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(32), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("value", sa.Float),
        sa.Column("value_max", sa.Float),
        sa.Column("unit", sa.Text),
        sa.Column("currency", sa.String(3)),
        sa.Column("qualifier", sa.String(32)),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("about", sa.String(96)),
        sa.Column("date", sa.String(32)),
        sa.Column("modality", sa.String(16)),
        sa.Column("sentence", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_claims_document_id", "claims", ["document_id"])
    op.create_index("ix_claims_unit", "claims", ["unit"])
    op.create_index("ix_claims_about", "claims", ["about"])


def downgrade() -> None:
    op.drop_table("claims")
    op.drop_table("events")
    with op.batch_alter_table("annotations") as batch:
        for name in FIELDS:
            batch.drop_column(name)
