"""Indexes on events by agent and type, for an actor's latest events of each type.

"Wang Yi's latest CONSULT events" is an index walk over (source_agent, type) that stops after a
few rows; without it SQLite sorted all of his events once per type.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_events_source_agent_type", "events", ["source_agent", "type"]),
    ("ix_events_target_agent_type", "events", ["target_agent", "type"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, _table, _columns in INDEXES:
        op.drop_index(name, table_name="events")
