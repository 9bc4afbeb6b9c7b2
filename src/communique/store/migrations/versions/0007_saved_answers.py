"""Saved answers: whole-store analyses computed once and served until recomputed.

Talking points over 100,000 documents take a minute of CPU; `communique reuse --save` stores the
answer here and the API serves it, saying when it was computed and how many documents came since.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "saved_answers",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("parameters", sa.String(256), primary_key=True),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("documents", sa.Integer, nullable=False),
        sa.Column("answer", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("saved_answers")
