"""analytics: room on the counter tables' pages for updates in place

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 00:30:00.000000

Every rollup adds to cells that exist already (today's cells at every run; every day's when a
large backlog or late events arrive). On full pages PostgreSQL writes each updated row to
another page and adds an index entry for it; with half of each page free the new version stays
on its page and needs no index entry (a heap-only update). On the 6.7 M cells of 10 M events, a
full round of updates took 28-45 s on full pages and 10 s with half of each page free, every
update heap-only; the table takes about twice the pages, as much as full pages reach after one
round of updates anyway. Rows written from now on keep the room (`coffeemug analytics rebuild`
writes all of them again). SQLite has no such setting.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Tables whose rows the rollup updates by adding to counters (no indexed column changes).
COUNTER_TABLES = ("analytics_rollups", "analytics_segment_days", "analytics_dimension_days")
FILLFACTOR = 50


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in COUNTER_TABLES:
        op.execute(f"ALTER TABLE {table} SET (fillfactor = {FILLFACTOR})")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in COUNTER_TABLES:
        op.execute(f"ALTER TABLE {table} RESET (fillfactor)")
