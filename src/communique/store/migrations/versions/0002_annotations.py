"""Annotations: sentences, entity mentions and formulation mentions per document.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "annotations",
        sa.Column("document_id", sa.String(32), sa.ForeignKey("documents.id"), primary_key=True),
        sa.Column("schema_version", sa.String(8), nullable=False),
        sa.Column("pipeline", sa.Text, nullable=False),
        sa.Column("annotated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sentences", sa.JSON, nullable=False),
        sa.Column("entities", sa.JSON, nullable=False),
        sa.Column("formulations", sa.JSON, nullable=False),
    )
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(32), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("entity_id", sa.String(96)),
        sa.Column("entity_type", sa.String(16), nullable=False),
        sa.Column("entity_name", sa.Text, nullable=False),
        sa.Column("country", sa.String(8)),
        sa.Column("role", sa.String(8), nullable=False),
        sa.Column("sentence", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_mentions_document_id", "mentions", ["document_id"])
    op.create_index("ix_mentions_entity_id", "mentions", ["entity_id", "document_id"])
    op.create_index("ix_mentions_unlinked", "mentions", ["entity_type", "entity_name"])
    op.create_table(
        "formulation_mentions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(32), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("formulation_id", sa.String(128), nullable=False),
        sa.Column("sentence", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_formulation_mentions_document_id", "formulation_mentions", ["document_id"])
    op.create_index(
        "ix_formulation_mentions_formulation_id", "formulation_mentions", ["formulation_id", "document_id"]
    )


def downgrade() -> None:
    for table in ("formulation_mentions", "mentions", "annotations"):
        op.drop_table(table)
