"""advocacy: shares, clicks on their tracked links, guideline rules, team goals, badge opt-ins

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-04 22:25:00.351202

A click keeps only its share and its time: nothing about the visitor.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import coffeemug.db

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "advocacy_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("severity", sa.String(length=8), nullable=False),
        sa.Column("clause", sa.String(length=200), nullable=False),
        sa.Column("clause_url", sa.String(length=500), nullable=False),
        sa.Column("created_at", coffeemug.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advocacy_rules")),
        sa.UniqueConstraint("kind", "language", "value", name=op.f("uq_advocacy_rules_kind")),
    )
    op.create_table(
        "advocacy_team_goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("business_unit", sa.String(length=64), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("target", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advocacy_team_goals")),
        sa.UniqueConstraint(
            "business_unit", "month", name=op.f("uq_advocacy_team_goals_business_unit")
        ),
    )
    op.create_table(
        "advocacy_badge_opt_ins",
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("opted_in", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employees.id"],
            name=op.f("fk_advocacy_badge_opt_ins_employee_id_employees"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("employee_id", name=op.f("pk_advocacy_badge_opt_ins")),
    )
    op.create_table(
        "advocacy_shares",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("network", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("business_unit", sa.String(length=64), nullable=False),
        sa.Column("campaign", sa.String(length=200), nullable=False),
        sa.Column("coach_score", sa.Integer(), nullable=False),
        sa.Column("created_at", coffeemug.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_advocacy_shares_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employees.id"],
            name=op.f("fk_advocacy_shares_employee_id_employees"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advocacy_shares")),
        sa.UniqueConstraint("token", name=op.f("uq_advocacy_shares_token")),
    )
    with op.batch_alter_table("advocacy_shares", schema=None) as batch_op:
        batch_op.create_index("ix_advocacy_shares_article_id", ["article_id"], unique=False)
        batch_op.create_index("ix_advocacy_shares_created_at", ["created_at"], unique=False)
        batch_op.create_index("ix_advocacy_shares_employee_id", ["employee_id"], unique=False)

    op.create_table(
        "advocacy_clicks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("share_id", sa.Integer(), nullable=False),
        sa.Column("clicked_at", coffeemug.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["share_id"],
            ["advocacy_shares.id"],
            name=op.f("fk_advocacy_clicks_share_id_advocacy_shares"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advocacy_clicks")),
    )
    with op.batch_alter_table("advocacy_clicks", schema=None) as batch_op:
        batch_op.create_index("ix_advocacy_clicks_share_id", ["share_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("advocacy_clicks", schema=None) as batch_op:
        batch_op.drop_index("ix_advocacy_clicks_share_id")

    op.drop_table("advocacy_clicks")
    with op.batch_alter_table("advocacy_shares", schema=None) as batch_op:
        batch_op.drop_index("ix_advocacy_shares_employee_id")
        batch_op.drop_index("ix_advocacy_shares_created_at")
        batch_op.drop_index("ix_advocacy_shares_article_id")

    op.drop_table("advocacy_shares")
    op.drop_table("advocacy_badge_opt_ins")
    op.drop_table("advocacy_team_goals")
    op.drop_table("advocacy_rules")
