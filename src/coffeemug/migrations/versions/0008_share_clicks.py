"""rollups: count clicks on tracked share links (event type share_clicked)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 19:00:00.000000

The event catalogue's ``share_clicked`` is counted in its own column of the rollup cells and
the dimension totals (a visit from social). Existing rows start at 0, which is what they hold.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("analytics_rollups", "analytics_dimension_days")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(
            table, sa.Column("share_clicks", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("share_clicks")
