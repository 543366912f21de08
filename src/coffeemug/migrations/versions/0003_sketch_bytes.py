"""analytics sketches as one 128-byte column; day totals by dimension value

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 18:05:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "analytics_dimension_sketches"
REGISTERS = [f"r{i}" for i in range(128)]
KEY = ("dim", "key", "day")
BATCH = 5000


def _convert(to_bytes: bool) -> None:
    """Copy every sketch between the two layouts, batch by batch (sketches outlive raw events,
    so they cannot be rebuilt and must be carried over)."""
    conn = op.get_bind()
    table = sa.table(
        TABLE,
        *(sa.column(c) for c in KEY),
        sa.column("registers", sa.LargeBinary()),
        *(sa.column(r) for r in REGISTERS),
    )
    source = REGISTERS if to_bytes else ["registers"]
    rows = conn.execute(sa.select(*(table.c[c] for c in (*KEY, *source)))).all()
    where = sa.and_(*(table.c[c] == sa.bindparam(f"b_{c}") for c in KEY))
    if to_bytes:
        values = {"registers": sa.bindparam("b_registers")}
    else:
        values = {r: sa.bindparam(f"b_{r}") for r in REGISTERS}
    update = sa.update(table).where(where).values(values)
    for start in range(0, len(rows), BATCH):
        params = []
        for row in rows[start : start + BATCH]:
            param = {f"b_{c}": row[i] for i, c in enumerate(KEY)}
            if to_bytes:
                param["b_registers"] = bytes(int(v) for v in row[len(KEY) :])
            else:
                param.update({f"b_{r}": v for r, v in zip(REGISTERS, row[-1], strict=True)})
            params.append(param)
        conn.execute(update, params)


def upgrade() -> None:
    op.create_index(
        "ix_analytics_dimension_days_dim_key_day",
        "analytics_dimension_days",
        ["dim", "key", "day"],
    )
    with op.batch_alter_table(TABLE) as batch_op:
        batch_op.add_column(sa.Column("registers", sa.LargeBinary(length=128), nullable=True))
    _convert(to_bytes=True)
    with op.batch_alter_table(TABLE) as batch_op:
        for name in REGISTERS:
            batch_op.drop_column(name)
        batch_op.alter_column("registers", existing_type=sa.LargeBinary(128), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table(TABLE) as batch_op:
        for name in REGISTERS:
            batch_op.add_column(
                sa.Column(name, sa.SmallInteger(), nullable=False, server_default="0")
            )
    _convert(to_bytes=False)
    with op.batch_alter_table(TABLE) as batch_op:
        batch_op.drop_column("registers")
    op.drop_index("ix_analytics_dimension_days_dim_key_day", "analytics_dimension_days")
