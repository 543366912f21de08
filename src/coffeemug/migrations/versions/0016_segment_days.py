"""analytics: counts per day x channel x segment, for one-filter views between segments

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 22:00:00.000000

A filtered view such as "region by channel" suppresses over the whole two-way table, which the
rollup cells (one per article as well) answer only by reading every cell of the period. The new
table holds the same sums without the article, a few hundred rows a day, and is filled from the
cells here; the rollup adds to it from now on.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEYS = ("day", "channel", "region", "business_unit")


def upgrade() -> None:
    # The summed columns are those the cells have now (the event catalogue adds counters by
    # migrations of their own): read from the cells' table, not repeated here.
    cells = sa.inspect(op.get_bind()).get_columns("analytics_rollups")
    summed = [c for c in cells if c["name"] not in (*KEYS, "article_id")]
    op.create_table(
        "analytics_segment_days",
        *(sa.Column(c["name"], c["type"], nullable=False) for c in cells if c["name"] in KEYS),
        *(sa.Column(c["name"], c["type"], nullable=False) for c in summed),
        sa.PrimaryKeyConstraint(*KEYS, name=op.f("pk_analytics_segment_days")),
    )
    sums = ", ".join(
        f"max({c['name']})" if c["name"] == "employees" else f"sum({c['name']})" for c in summed
    )
    names = ", ".join(c["name"] for c in summed)
    op.execute(
        sa.text(
            f"""INSERT INTO analytics_segment_days ({", ".join(KEYS)}, {names})
            SELECT {", ".join(KEYS)}, {sums} FROM analytics_rollups
            GROUP BY {", ".join(KEYS)}"""
        )
    )


def downgrade() -> None:
    op.drop_table("analytics_segment_days")
