"""orchestration: campaign plans, approvals, calendar slots, tasks, feed tokens, stories

Revision ID: 0013
Revises: 0010
Create Date: 2026-12-04 22:40:00.000000

Articles may name the article they translate (linked language versions). Campaigns get a plan (goal, key messages, audience, owner, planned effort, status); articles an
approval state and a trail of every transition; the planning calendar its daily-topic slots per
day and region; articles and campaigns their tasks; people revocable iCalendar feed tokens.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from coffeemug.db import UTCDateTime

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _employee(name: str) -> sa.Column:
    return sa.Column(
        name,
        sa.Integer(),
        sa.ForeignKey("employees.id", ondelete="SET NULL", name=f"fk_{name}_employees"),
        nullable=True,
    )


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("translation_of", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_articles_translation_of_articles",
            "articles",
            ["translation_of"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_table(
        "campaign_plans",
        sa.Column(
            "campaign_id",
            sa.Integer(),
            sa.ForeignKey("campaigns.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("status", sa.String(16), nullable=False),
        _employee("owner_id"),
        sa.Column("goal_score", sa.Float(), nullable=True),
        sa.Column("goal_reach", sa.Integer(), nullable=True),
        sa.Column("goal_read_rate", sa.Float(), nullable=True),
        sa.Column("goal_conversions", sa.Integer(), nullable=True),
        sa.Column("key_messages", sa.JSON(), nullable=False),
        sa.Column("audience_regions", sa.JSON(), nullable=False),
        sa.Column("audience_business_units", sa.JSON(), nullable=False),
        sa.Column("audience_languages", sa.JSON(), nullable=False),
        sa.Column("business_units", sa.JSON(), nullable=False),
        sa.Column("planned_hours", sa.Float(), nullable=False),
        sa.Column("planned_budget", sa.Float(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "article_reviews",
        sa.Column(
            "article_id",
            sa.Integer(),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("steps_required", sa.Integer(), nullable=False),
        sa.Column("steps_done", sa.Integer(), nullable=False),
        _employee("approver_id"),
        _employee("deputy_id"),
        sa.Column("requested_at", UTCDateTime(), nullable=True),
        sa.Column("reminded_at", UTCDateTime(), nullable=True),
    )
    op.create_index(
        "ix_article_reviews_state_requested_at", "article_reviews", ["state", "requested_at"]
    )
    op.create_table(
        "article_transitions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "article_id",
            sa.Integer(),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("from_state", sa.String(16), nullable=False),
        sa.Column("to_state", sa.String(16), nullable=False),
        _employee("actor_id"),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("comment", sa.String(2000), nullable=False),
    )
    op.create_index(
        "ix_article_transitions_article_id_at", "article_transitions", ["article_id", "at"]
    )
    op.create_table(
        "calendar_slots",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("region", sa.String(64), nullable=False),
        sa.Column("country", sa.String(2), nullable=True),
        sa.Column(
            "topic_id",
            sa.String(64),
            sa.ForeignKey("topics.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("business_unit", sa.String(64), nullable=True),
        sa.Column(
            "article_id",
            sa.Integer(),
            sa.ForeignKey("articles.id", ondelete="SET NULL"),
            nullable=True,
        ),
        _employee("claimed_by"),
        sa.Column("claimed_at", UTCDateTime(), nullable=True),
        sa.UniqueConstraint("day", "region", "topic_id", name="uq_calendar_slots_day_region_topic"),
    )
    op.create_index("ix_calendar_slots_day", "calendar_slots", ["day"])
    op.create_table(
        "orchestration_tasks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column(
            "article_id",
            sa.Integer(),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column(
            "campaign_id",
            sa.Integer(),
            sa.ForeignKey("campaigns.id", ondelete="CASCADE"),
            nullable=True,
        ),
        _employee("assignee_id"),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("done_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index(
        "ix_orchestration_tasks_assignee_id_due_at",
        "orchestration_tasks",
        ["assignee_id", "due_at"],
    )
    op.create_table(
        "calendar_feed_tokens",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token", sa.String(64), nullable=False, unique=True),
        sa.Column(
            "owner_id",
            sa.Integer(),
            sa.ForeignKey("employees.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("scope", sa.String(16), nullable=False),
        sa.Column("value", sa.String(64), nullable=False),
        sa.Column("time_zone", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
    )

    op.create_table(
        "approval_settings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("mode", sa.String(16), nullable=False),
        _employee("updated_by"),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "stories",
        sa.Column(
            "article_id",
            sa.Integer(),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        _employee("teller_id"),
        sa.Column("what_happened", sa.String(10_000), nullable=False),
        sa.Column("what_we_learned", sa.String(10_000), nullable=False),
        sa.Column("what_we_changed", sa.String(10_000), nullable=False),
        sa.Column("deidentified", sa.Integer(), nullable=False),
        sa.Column("strict_moderation", sa.Boolean(), nullable=False),
        sa.Column("consent_at", UTCDateTime(), nullable=True),
        _employee("consent_by"),
    )


def downgrade() -> None:
    op.drop_table("stories")
    op.drop_table("approval_settings")
    op.drop_table("calendar_feed_tokens")
    op.drop_index("ix_orchestration_tasks_assignee_id_due_at", "orchestration_tasks")
    op.drop_table("orchestration_tasks")
    op.drop_index("ix_calendar_slots_day", "calendar_slots")
    op.drop_table("calendar_slots")
    op.drop_index("ix_article_transitions_article_id_at", "article_transitions")
    op.drop_table("article_transitions")
    op.drop_index("ix_article_reviews_state_requested_at", "article_reviews")
    op.drop_table("article_reviews")
    op.drop_table("campaign_plans")
    with op.batch_alter_table("articles") as batch:
        batch.drop_constraint("fk_articles_translation_of_articles", type_="foreignkey")
        batch.drop_column("translation_of")
