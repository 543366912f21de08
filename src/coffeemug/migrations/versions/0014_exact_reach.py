"""analytics: exact reach (member sets instead of HyperLogLog registers)

Revision ID: 0014
Revises: 0010
Create Date: 2026-12-04 22:50:00.000000

The per day and dimension value sketches become exact sets of employees (serialized roaring
bitmaps), and one-filter views get their own sets per ISO week and pair of values. Imported reach
beyond the intranet gets two tables: paid impressions and event visits per campaign and day. Registers cannot be turned into sets, so the rollups are emptied and the watermark
reset: the next rollup rebuilds every figure from the event log (docs/analytics.md, "Rebuilding
the rollups"). Days whose raw events were already purged have no figures afterwards.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLLUP_TABLES = (
    "analytics_rollups",
    "analytics_dimension_days",
    "analytics_dimension_sketches",
    "analytics_conversion_rollups",
    # Screened again by the rebuild (the screen inserts each set-aside event once).
    "analytics_quarantine",
)


def _empty_rollups() -> None:
    for table in ROLLUP_TABLES:
        op.execute(sa.text(f"DELETE FROM {table}"))
    op.execute(sa.text("DELETE FROM analytics_state"))


def _reach_source_tables() -> None:
    op.create_table(
        "analytics_paid_impressions",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("network", sa.String(32), nullable=False),
        sa.Column("medium", sa.String(32), nullable=False),
        sa.Column("impressions", sa.Integer(), nullable=False),
        sa.CheckConstraint("impressions >= 0", name=op.f("ck_analytics_paid_impressions_counts")),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_analytics_paid_impressions_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "campaign_id", "day", "network", "medium", name=op.f("pk_analytics_paid_impressions")
        ),
    )
    op.create_index(
        op.f("ix_analytics_paid_impressions_day"), "analytics_paid_impressions", ["day"]
    )
    op.create_table(
        "analytics_event_visits",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("event_name", sa.String(128), nullable=False),
        sa.Column("visits", sa.Integer(), nullable=False),
        sa.CheckConstraint("visits >= 0", name=op.f("ck_analytics_event_visits_counts")),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_analytics_event_visits_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "campaign_id", "day", "event_name", name=op.f("pk_analytics_event_visits")
        ),
    )
    op.create_index(op.f("ix_analytics_event_visits_day"), "analytics_event_visits", ["day"])


def upgrade() -> None:
    _reach_source_tables()
    _empty_rollups()
    with op.batch_alter_table("analytics_dimension_sketches") as batch:
        batch.drop_column("registers")
        batch.add_column(sa.Column("members", sa.LargeBinary(), nullable=False))
        # Pair dimensions of the one-filter views ("business_unit/article", two values joined).
        batch.alter_column("dim", existing_type=sa.String(16), type_=sa.String(32))
        batch.alter_column("key", existing_type=sa.String(64), type_=sa.String(160))


def downgrade() -> None:
    op.drop_table("analytics_event_visits")
    op.drop_table("analytics_paid_impressions")
    _empty_rollups()
    with op.batch_alter_table("analytics_dimension_sketches") as batch:
        batch.alter_column("key", existing_type=sa.String(160), type_=sa.String(64))
        batch.alter_column("dim", existing_type=sa.String(32), type_=sa.String(16))
        batch.drop_column("members")
        batch.add_column(sa.Column("registers", sa.LargeBinary(length=128), nullable=False))
