"""analytics quarantine: events the rollup sets aside

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 19:00:00.000000

A row the rollup cannot process (a time outside 1970-2100, an unstorable conversion kind, an
amount that is not a finite number in range, ...) is recorded here with the reason and left
out of every rollup instead of stopping it for everyone (coffeemug.analytics.quarantine).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import coffeemug.db

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "analytics_quarantine",
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("ingested_at", coffeemug.db.UTCDateTime(), nullable=False),
        sa.Column("quarantined_at", coffeemug.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_analytics_quarantine_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_analytics_quarantine")),
    )


def downgrade() -> None:
    op.drop_table("analytics_quarantine")
