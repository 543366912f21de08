"""analytics: one-filter article views from weekly rows instead of per-day cells

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 11:10:00.000000

The cells (day x article x channel x region x business unit) were read by one kind of view
only: articles, campaigns or topics filtered by one channel, region or business unit. Such a
view needs the sums per article and value of the filter dimension over whole ISO weeks (as its
weekly pair sets), not every combination per day: 1 M events made 935,000 cells against 460,000
of these weekly rows, and the cells were the rollup's largest write. The new table is filled
from the cells here (the people as a floor: the largest cell's count), then the cells go.

Downgrade: the cells come back empty; `coffeemug analytics rebuild` fills them again from the
raw events still kept.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CELLS = "analytics_rollups"
CELL_KEYS = ("day", "article_id", "channel", "region", "business_unit")
WEEKS = "analytics_filtered_article_weeks"
WEEK_KEYS = ("day", "filter_dim", "value", "article_id")
FILTERS = ("channel", "region", "business_unit")
NO_ARTICLE = 0
# As the other counter tables (0017): room on each page for updates in place.
FILLFACTOR = 50


def _summed(table: str, keys: tuple[str, ...]) -> list[dict]:
    """The summed columns (the event catalogue adds counters by migrations of their own)."""
    return [c for c in sa.inspect(op.get_bind()).get_columns(table) if c["name"] not in keys]


def _create(name: str, keys: list[sa.Column], summed: list[dict]) -> None:
    op.create_table(
        name,
        *keys,
        *(sa.Column(c["name"], c["type"], nullable=False) for c in summed),
        sa.PrimaryKeyConstraint(*(k.name for k in keys), name=op.f(f"pk_{name}")),
        postgresql_with={"fillfactor": FILLFACTOR},
    )


def _week(column: str) -> str:
    if op.get_bind().dialect.name == "postgresql":
        return f"CAST(date_trunc('week', {column}) AS DATE)"
    return f"date({column}, 'weekday 0', '-6 days')"


def upgrade() -> None:
    summed = _summed(CELLS, CELL_KEYS)
    _create(
        WEEKS,
        [
            sa.Column("day", sa.Date(), nullable=False),
            sa.Column("filter_dim", sa.String(16), nullable=False),
            sa.Column("value", sa.String(64), nullable=False),
            sa.Column("article_id", sa.Integer(), nullable=False),
        ],
        summed,
    )
    names = ", ".join(c["name"] for c in summed)
    sums = ", ".join(
        f"max({c['name']})" if c["name"] == "employees" else f"sum({c['name']})" for c in summed
    )
    for dim in FILTERS:
        op.execute(
            sa.text(
                f"""INSERT INTO {WEEKS} ({", ".join(WEEK_KEYS)}, {names})
                SELECT {_week("day")}, '{dim}', {dim}, article_id, {sums} FROM {CELLS}
                WHERE article_id != {NO_ARTICLE}
                GROUP BY {_week("day")}, {dim}, article_id"""
            )
        )
    op.drop_table(CELLS)


def downgrade() -> None:
    _create(
        CELLS,
        [
            sa.Column("day", sa.Date(), nullable=False),
            sa.Column("article_id", sa.Integer(), nullable=False),
            sa.Column("channel", sa.String(16), nullable=False),
            sa.Column("region", sa.String(64), nullable=False),
            sa.Column("business_unit", sa.String(64), nullable=False),
        ],
        _summed(WEEKS, WEEK_KEYS),
    )
    op.drop_table(WEEKS)
