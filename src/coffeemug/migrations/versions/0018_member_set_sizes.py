"""analytics: each member set's size, and every article's set of all its people

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 03:00:00.000000

``people`` is the exact number of members of a stored set, written with the set, so that the
database can bound a union without reading the sets: an article's people in a period are at
least all its people (the new ``article_life`` sets) minus those of its weeks outside the
period. Long article lists decide most articles whose every week had fewer than k people that
way. The next rollup builds the life sets and the weekly article sets' sizes from the weekly
sets (state ``article_lives_built``); other sets stored before keep ``people`` empty (unknown).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("analytics_dimension_sketches") as table:
        table.add_column(sa.Column("people", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("analytics_dimension_sketches") as table:
        table.drop_column("people")
