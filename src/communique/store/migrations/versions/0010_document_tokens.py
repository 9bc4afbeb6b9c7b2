"""Token hashes of every document, for talking points over any period without re-tokenising;
a covering index for an actor's events as speaker.

A one-month talking-points query re-read and re-tokenised ~800 texts twice (~0.5 s at 100,000
documents); it now reads their stored token hashes (see `communique.store.tokens`). Existing
documents are filled here by the same code the store runs for each new one (~1 min and ~5 KB a
document at 100,000).

The speaker index joins 0009's source and target ones: a spokesperson's profile sums its events
as speaker from the index alone.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from communique.store import tokens

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_tokens",
        sa.Column("document_id", sa.String(32), sa.ForeignKey("documents.id"), primary_key=True),
        sa.Column("hashes", sa.LargeBinary, nullable=False),
    )
    tokens.fill_tokens(op.get_bind())
    op.create_index(
        "ix_event_rollups_speaker_counts",
        "event_rollups",
        ["speaker", "quad_class", "type", "source", "modality", "period", "events"],
    )
    op.drop_index("ix_event_rollups_speaker", table_name="event_rollups")


def downgrade() -> None:
    op.create_index("ix_event_rollups_speaker", "event_rollups", ["speaker", "period"])
    op.drop_index("ix_event_rollups_speaker_counts", table_name="event_rollups")
    op.drop_table("document_tokens")
