"""jobs and mail: the job ledger, the mail ledger, e-mail addresses, time zones, due dates

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 18:57:57.836445

On PostgreSQL this also creates the job engine's own tables and functions (Procrastinate's
schema as the installed version ships it). Upgrading Procrastinate later means adding a
migration that applies its migration scripts (``procrastinate.schema.SchemaManager.
get_migrations_path()``) for the versions in between. SQLite keeps the queue in memory.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import coffeemug.db

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "job_runs",
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        sa.Column("last_scheduled_at", coffeemug.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_started_at", coffeemug.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_finished_at", coffeemug.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_succeeded_at", coffeemug.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_status", sa.String(length=16), nullable=False),
        sa.Column("last_summary", sa.String(length=500), nullable=True),
        sa.Column("last_error", sa.String(length=1000), nullable=True),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_job_runs")),
    )
    op.create_table(
        "mail_bounces",
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=False),
        sa.Column("last_failed_at", coffeemug.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("address", name=op.f("pk_mail_bounces")),
    )
    op.create_table(
        "mail_rate",
        sa.Column("minute", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("sent", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("minute", name=op.f("pk_mail_rate")),
    )
    op.create_table(
        "parked_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("args", sa.JSON(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.String(length=1000), nullable=False),
        sa.Column("parked_at", coffeemug.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", coffeemug.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("resolution", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parked_jobs")),
    )
    with op.batch_alter_table("parked_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_parked_jobs_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_parked_jobs_parked_at"), ["parked_at"], unique=False)

    op.create_table(
        "webhook_posts",
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("posted_at", coffeemug.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("channel", "day", name=op.f("pk_webhook_posts")),
    )
    op.create_table(
        "mail_sends",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("ref", sa.String(length=32), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("batch", sa.String(length=32), nullable=True),
        sa.Column("address", sa.String(length=254), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=True),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("created_at", coffeemug.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", coffeemug.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employees.id"],
            name=op.f("fk_mail_sends_employee_id_employees"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_sends")),
        sa.UniqueConstraint("kind", "ref", "employee_id", name=op.f("uq_mail_sends_kind")),
    )
    with op.batch_alter_table("mail_sends", schema=None) as batch_op:
        batch_op.create_index("ix_mail_sends_employee_id", ["employee_id"], unique=False)
        batch_op.create_index(
            "ix_mail_sends_status_created_at", ["status", "created_at"], unique=False
        )

    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("due_at", coffeemug.db.UTCDateTime(timezone=True), nullable=True)
        )

    with op.batch_alter_table("employees", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email", sa.String(length=254), nullable=True))

    with op.batch_alter_table("preferences", schema=None) as batch_op:
        batch_op.add_column(sa.Column("time_zone", sa.String(length=64), nullable=True))

    _create_job_queue()


def _create_job_queue() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    from procrastinate.schema import SchemaManager

    # Executed as the driver's SQL: the schema holds plpgsql bodies with % and : in them.
    bind.exec_driver_sql(SchemaManager.get_schema().replace("%", "%%"))


def _drop_job_queue() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    like = "LIKE 'procrastinate%%'"
    for (name,) in bind.exec_driver_sql(f"SELECT tablename FROM pg_tables WHERE tablename {like}"):
        bind.exec_driver_sql(f"DROP TABLE IF EXISTS {name} CASCADE")
    routines = bind.exec_driver_sql(
        f"SELECT oid::regprocedure::text, prokind FROM pg_proc WHERE proname {like}"
    ).all()
    for signature, prokind in routines:
        kind = "PROCEDURE" if prokind == "p" else "FUNCTION"
        bind.exec_driver_sql(f"DROP {kind} IF EXISTS {signature} CASCADE")
    for (name,) in bind.exec_driver_sql(f"SELECT typname FROM pg_type WHERE typname {like}").all():
        bind.exec_driver_sql(f"DROP TYPE IF EXISTS {name} CASCADE")


def downgrade() -> None:
    _drop_job_queue()
    with op.batch_alter_table("preferences", schema=None) as batch_op:
        batch_op.drop_column("time_zone")

    with op.batch_alter_table("employees", schema=None) as batch_op:
        batch_op.drop_column("email")

    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_column("due_at")

    with op.batch_alter_table("mail_sends", schema=None) as batch_op:
        batch_op.drop_index("ix_mail_sends_status_created_at")
        batch_op.drop_index("ix_mail_sends_employee_id")

    op.drop_table("mail_sends")
    op.drop_table("webhook_posts")
    with op.batch_alter_table("parked_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_parked_jobs_parked_at"))
        batch_op.drop_index(batch_op.f("ix_parked_jobs_kind"))

    op.drop_table("parked_jobs")
    op.drop_table("mail_rate")
    op.drop_table("mail_bounces")
    op.drop_table("job_runs")
