"""events: drop the (employee_id, occurred_at) index that no query needs

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 18:10:00.000000

Every lookup by employee (the feed's hidden articles, saved items, the data export) is served by
(employee_id, type); the export sorts one employee's few rows itself. One index fewer to
maintain on every ingested event.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_employee_occurred")


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_events_employee_occurred", ["employee_id", "occurred_at"], unique=False
        )
