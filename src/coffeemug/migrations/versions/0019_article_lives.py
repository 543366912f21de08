"""analytics: every article's totals over its whole life, first and last day, and people

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 06:00:00.000000

A period that holds an article's whole life has exactly its life's totals and people. Deciding
which articles of a month have fewer than k people, and summing them out of campaign and topic
rows, then reads one narrow row per article instead of its weekly rows and member sets. The next
rollup fills the table from the daily article totals and the life sets (state
``article_totals_built``); every rollup adds to it from then on.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "analytics_article_lives"
# As the counter tables (0017): rows are updated in place by every rollup of the day.
FILLFACTOR = 50


def upgrade() -> None:
    # The summed columns are those the dimension totals have now (the event catalogue adds
    # counters by migrations of their own): read from that table, not repeated here.
    totals = sa.inspect(op.get_bind()).get_columns("analytics_dimension_days")
    op.create_table(
        TABLE,
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        *(
            sa.Column(c["name"], c["type"], nullable=False)
            for c in totals
            if c["name"] not in ("day", "dim", "key")
        ),
        sa.PrimaryKeyConstraint("key", name=op.f(f"pk_{TABLE}")),
    )
    op.create_index(op.f(f"ix_{TABLE}_last_day"), TABLE, ["last_day"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE {TABLE} SET (fillfactor = {FILLFACTOR})")


def downgrade() -> None:
    op.drop_index(op.f(f"ix_{TABLE}_last_day"), table_name=TABLE)
    op.drop_table(TABLE)
