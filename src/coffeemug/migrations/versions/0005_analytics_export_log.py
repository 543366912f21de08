"""analytics export log

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 18:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import coffeemug.db

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "analytics_exports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exported_at", coffeemug.db.UTCDateTime(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=True),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employees.id"],
            name=op.f("fk_analytics_exports_employee_id_employees"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_exports")),
    )
    op.create_index(op.f("ix_analytics_exports_exported_at"), "analytics_exports", ["exported_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_analytics_exports_exported_at"), table_name="analytics_exports")
    op.drop_table("analytics_exports")
