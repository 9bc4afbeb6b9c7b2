"""Event indexes by actor and type also ordered by the date events refer to.

`/events?source=CHN&type=ACCUSE` (newest first) read all 4,911 of China's accusations in a
100,000-document store, joined each to its document and sorted them (~220 ms); with `when` as
the index's third column the walk is already in date order and stops at the page's last row.
The (actor, type) indexes of 0003 and 0008 stay: their implicit rowid order is what a profile's
"latest events of each type" walk (ORDER BY id DESC) reads; without them China's profile sorted
each type's events (65 -> 580 ms).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# (name, actor column): each index is (actor, type, when)
INDEXES = (
    ("ix_events_source_type_when", "source"),
    ("ix_events_target_type_when", "target"),
    ("ix_events_source_agent_type_when", "source_agent"),
    ("ix_events_target_agent_type_when", "target_agent"),
)


def upgrade() -> None:
    for name, actor in INDEXES:
        op.create_index(name, "events", [actor, "type", "when"])
    # Statistics for the new indexes: without them SQLite preferred (source, type, when) for a
    # source-only page too, and sorted all of China's events (/events?source=CHN: 9 -> 730 ms).
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA analysis_limit=1000")
    op.execute("ANALYZE events")


def downgrade() -> None:
    for name, _actor in INDEXES:
        op.drop_index(name, table_name="events")
