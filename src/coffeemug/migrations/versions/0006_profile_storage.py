"""learned_profiles: store the state uncompressed (PostgreSQL)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 18:40:00.000000

A learned state is about 14 KB of JSON, mostly base64 float16 vectors that do not compress:
PostgreSQL tries anyway on every write (each feed request and each ingested batch rewrites the
profiles involved), then stores the value as it was. ``STORAGE EXTERNAL`` keeps the value out
of line without the attempt; rewriting 1,100 such profiles in one statement took half the time
in a measurement. SQLite has no such setting.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _set_storage(kind: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE learned_profiles ALTER COLUMN state SET STORAGE {kind}")


def upgrade() -> None:
    _set_storage("EXTERNAL")


def downgrade() -> None:
    _set_storage("EXTENDED")
