"""topics: crisis mode (since when, why)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 21:10:00.000000

While a topic is in crisis mode its scheduled articles and employees' shares pause. The state
is kept on the topic, where content, advocacy and campaigns read it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from coffeemug.db import UTCDateTime

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("topics") as batch:
        batch.add_column(sa.Column("crisis_since", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("crisis_reason", sa.String(500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("topics") as batch:
        batch.drop_column("crisis_reason")
        batch.drop_column("crisis_since")
