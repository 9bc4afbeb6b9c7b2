"""The claim tracker's verdicts kept per group (`claim_verdicts`), judged again as claims are written.

`/claims/track` judged each of its 20 groups on the group's latest 200 points at every call:
4,000 index rows read, merged and judged, about half of the answer's CPU at 100,000 documents.
It now reads each group's kept verdict and walks only the few points it shows. Existing groups
are judged here by the same code the store runs when it writes claims (`communique.store.rollups`):
~2.5 s for the 256 groups of a 100,000-document store.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from communique.store import rollups

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim_verdicts",
        sa.Column("unit", sa.Text, primary_key=True),
        sa.Column("about", sa.String(96), primary_key=True),
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("currency", sa.String(3), primary_key=True),
        sa.Column("forms", sa.Integer, nullable=False),
        sa.Column("points", sa.Integer, nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("direction", sa.String(4)),
        sa.Column("conflicts", sa.JSON, nullable=False),
        sa.Column("distinct_values", sa.Integer, nullable=False),
        sa.Column("min", sa.Float, nullable=False),
        sa.Column("max", sa.Float, nullable=False),
        sa.Column("latest", sa.Float, nullable=False),
        sa.Column("latest_when", sa.String(32)),
    )
    rollups.refresh_claim_verdicts(op.get_bind())


def downgrade() -> None:
    op.drop_table("claim_verdicts")
