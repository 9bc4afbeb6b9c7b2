"""Indexes for the analyses: speakers, stated dates, publication order.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_events_speaker_type", "events", ["speaker", "type"]),
    ("ix_events_date", "events", ["date"]),
    ("ix_claims_date", "claims", ["date"]),
    ("ix_documents_published_id", "documents", ["published", "id"]),
    ("ix_mentions_entity_document_sentence", "mentions", ["entity_id", "document_id", "sentence"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in INDEXES:
        op.drop_index(name, table_name=table)
