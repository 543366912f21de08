"""analytics rollups, imported data, score versions

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 16:00:33.687971
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import coffeemug.db

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "analytics_conversion_rollups",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("conversions", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("employees", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "day", "article_id", "channel", "kind", name=op.f("pk_analytics_conversion_rollups")
        ),
    )
    op.create_table(
        "analytics_dimension_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("dim", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("impressions", sa.Integer(), nullable=False),
        sa.Column("opens", sa.Integer(), nullable=False),
        sa.Column("reads", sa.Integer(), nullable=False),
        sa.Column("likes", sa.Integer(), nullable=False),
        sa.Column("dismissals", sa.Integer(), nullable=False),
        sa.Column("saves", sa.Integer(), nullable=False),
        sa.Column("shares", sa.Integer(), nullable=False),
        sa.Column("acknowledgements", sa.Integer(), nullable=False),
        sa.Column("comments", sa.Integer(), nullable=False),
        sa.Column("conversions", sa.Integer(), nullable=False),
        sa.Column("conversion_value", sa.Float(), nullable=False),
        sa.Column("dwell_seconds", sa.Float(), nullable=False),
        sa.Column("employees", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "dim", "key", name=op.f("pk_analytics_dimension_days")),
    )
    with op.batch_alter_table("analytics_dimension_days", schema=None) as batch_op:
        batch_op.create_index("ix_analytics_dimension_days_dim_day", ["dim", "day"], unique=False)

    op.create_table(
        "analytics_dimension_sketches",
        sa.Column("dim", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("r0", sa.SmallInteger(), nullable=False),
        sa.Column("r1", sa.SmallInteger(), nullable=False),
        sa.Column("r2", sa.SmallInteger(), nullable=False),
        sa.Column("r3", sa.SmallInteger(), nullable=False),
        sa.Column("r4", sa.SmallInteger(), nullable=False),
        sa.Column("r5", sa.SmallInteger(), nullable=False),
        sa.Column("r6", sa.SmallInteger(), nullable=False),
        sa.Column("r7", sa.SmallInteger(), nullable=False),
        sa.Column("r8", sa.SmallInteger(), nullable=False),
        sa.Column("r9", sa.SmallInteger(), nullable=False),
        sa.Column("r10", sa.SmallInteger(), nullable=False),
        sa.Column("r11", sa.SmallInteger(), nullable=False),
        sa.Column("r12", sa.SmallInteger(), nullable=False),
        sa.Column("r13", sa.SmallInteger(), nullable=False),
        sa.Column("r14", sa.SmallInteger(), nullable=False),
        sa.Column("r15", sa.SmallInteger(), nullable=False),
        sa.Column("r16", sa.SmallInteger(), nullable=False),
        sa.Column("r17", sa.SmallInteger(), nullable=False),
        sa.Column("r18", sa.SmallInteger(), nullable=False),
        sa.Column("r19", sa.SmallInteger(), nullable=False),
        sa.Column("r20", sa.SmallInteger(), nullable=False),
        sa.Column("r21", sa.SmallInteger(), nullable=False),
        sa.Column("r22", sa.SmallInteger(), nullable=False),
        sa.Column("r23", sa.SmallInteger(), nullable=False),
        sa.Column("r24", sa.SmallInteger(), nullable=False),
        sa.Column("r25", sa.SmallInteger(), nullable=False),
        sa.Column("r26", sa.SmallInteger(), nullable=False),
        sa.Column("r27", sa.SmallInteger(), nullable=False),
        sa.Column("r28", sa.SmallInteger(), nullable=False),
        sa.Column("r29", sa.SmallInteger(), nullable=False),
        sa.Column("r30", sa.SmallInteger(), nullable=False),
        sa.Column("r31", sa.SmallInteger(), nullable=False),
        sa.Column("r32", sa.SmallInteger(), nullable=False),
        sa.Column("r33", sa.SmallInteger(), nullable=False),
        sa.Column("r34", sa.SmallInteger(), nullable=False),
        sa.Column("r35", sa.SmallInteger(), nullable=False),
        sa.Column("r36", sa.SmallInteger(), nullable=False),
        sa.Column("r37", sa.SmallInteger(), nullable=False),
        sa.Column("r38", sa.SmallInteger(), nullable=False),
        sa.Column("r39", sa.SmallInteger(), nullable=False),
        sa.Column("r40", sa.SmallInteger(), nullable=False),
        sa.Column("r41", sa.SmallInteger(), nullable=False),
        sa.Column("r42", sa.SmallInteger(), nullable=False),
        sa.Column("r43", sa.SmallInteger(), nullable=False),
        sa.Column("r44", sa.SmallInteger(), nullable=False),
        sa.Column("r45", sa.SmallInteger(), nullable=False),
        sa.Column("r46", sa.SmallInteger(), nullable=False),
        sa.Column("r47", sa.SmallInteger(), nullable=False),
        sa.Column("r48", sa.SmallInteger(), nullable=False),
        sa.Column("r49", sa.SmallInteger(), nullable=False),
        sa.Column("r50", sa.SmallInteger(), nullable=False),
        sa.Column("r51", sa.SmallInteger(), nullable=False),
        sa.Column("r52", sa.SmallInteger(), nullable=False),
        sa.Column("r53", sa.SmallInteger(), nullable=False),
        sa.Column("r54", sa.SmallInteger(), nullable=False),
        sa.Column("r55", sa.SmallInteger(), nullable=False),
        sa.Column("r56", sa.SmallInteger(), nullable=False),
        sa.Column("r57", sa.SmallInteger(), nullable=False),
        sa.Column("r58", sa.SmallInteger(), nullable=False),
        sa.Column("r59", sa.SmallInteger(), nullable=False),
        sa.Column("r60", sa.SmallInteger(), nullable=False),
        sa.Column("r61", sa.SmallInteger(), nullable=False),
        sa.Column("r62", sa.SmallInteger(), nullable=False),
        sa.Column("r63", sa.SmallInteger(), nullable=False),
        sa.Column("r64", sa.SmallInteger(), nullable=False),
        sa.Column("r65", sa.SmallInteger(), nullable=False),
        sa.Column("r66", sa.SmallInteger(), nullable=False),
        sa.Column("r67", sa.SmallInteger(), nullable=False),
        sa.Column("r68", sa.SmallInteger(), nullable=False),
        sa.Column("r69", sa.SmallInteger(), nullable=False),
        sa.Column("r70", sa.SmallInteger(), nullable=False),
        sa.Column("r71", sa.SmallInteger(), nullable=False),
        sa.Column("r72", sa.SmallInteger(), nullable=False),
        sa.Column("r73", sa.SmallInteger(), nullable=False),
        sa.Column("r74", sa.SmallInteger(), nullable=False),
        sa.Column("r75", sa.SmallInteger(), nullable=False),
        sa.Column("r76", sa.SmallInteger(), nullable=False),
        sa.Column("r77", sa.SmallInteger(), nullable=False),
        sa.Column("r78", sa.SmallInteger(), nullable=False),
        sa.Column("r79", sa.SmallInteger(), nullable=False),
        sa.Column("r80", sa.SmallInteger(), nullable=False),
        sa.Column("r81", sa.SmallInteger(), nullable=False),
        sa.Column("r82", sa.SmallInteger(), nullable=False),
        sa.Column("r83", sa.SmallInteger(), nullable=False),
        sa.Column("r84", sa.SmallInteger(), nullable=False),
        sa.Column("r85", sa.SmallInteger(), nullable=False),
        sa.Column("r86", sa.SmallInteger(), nullable=False),
        sa.Column("r87", sa.SmallInteger(), nullable=False),
        sa.Column("r88", sa.SmallInteger(), nullable=False),
        sa.Column("r89", sa.SmallInteger(), nullable=False),
        sa.Column("r90", sa.SmallInteger(), nullable=False),
        sa.Column("r91", sa.SmallInteger(), nullable=False),
        sa.Column("r92", sa.SmallInteger(), nullable=False),
        sa.Column("r93", sa.SmallInteger(), nullable=False),
        sa.Column("r94", sa.SmallInteger(), nullable=False),
        sa.Column("r95", sa.SmallInteger(), nullable=False),
        sa.Column("r96", sa.SmallInteger(), nullable=False),
        sa.Column("r97", sa.SmallInteger(), nullable=False),
        sa.Column("r98", sa.SmallInteger(), nullable=False),
        sa.Column("r99", sa.SmallInteger(), nullable=False),
        sa.Column("r100", sa.SmallInteger(), nullable=False),
        sa.Column("r101", sa.SmallInteger(), nullable=False),
        sa.Column("r102", sa.SmallInteger(), nullable=False),
        sa.Column("r103", sa.SmallInteger(), nullable=False),
        sa.Column("r104", sa.SmallInteger(), nullable=False),
        sa.Column("r105", sa.SmallInteger(), nullable=False),
        sa.Column("r106", sa.SmallInteger(), nullable=False),
        sa.Column("r107", sa.SmallInteger(), nullable=False),
        sa.Column("r108", sa.SmallInteger(), nullable=False),
        sa.Column("r109", sa.SmallInteger(), nullable=False),
        sa.Column("r110", sa.SmallInteger(), nullable=False),
        sa.Column("r111", sa.SmallInteger(), nullable=False),
        sa.Column("r112", sa.SmallInteger(), nullable=False),
        sa.Column("r113", sa.SmallInteger(), nullable=False),
        sa.Column("r114", sa.SmallInteger(), nullable=False),
        sa.Column("r115", sa.SmallInteger(), nullable=False),
        sa.Column("r116", sa.SmallInteger(), nullable=False),
        sa.Column("r117", sa.SmallInteger(), nullable=False),
        sa.Column("r118", sa.SmallInteger(), nullable=False),
        sa.Column("r119", sa.SmallInteger(), nullable=False),
        sa.Column("r120", sa.SmallInteger(), nullable=False),
        sa.Column("r121", sa.SmallInteger(), nullable=False),
        sa.Column("r122", sa.SmallInteger(), nullable=False),
        sa.Column("r123", sa.SmallInteger(), nullable=False),
        sa.Column("r124", sa.SmallInteger(), nullable=False),
        sa.Column("r125", sa.SmallInteger(), nullable=False),
        sa.Column("r126", sa.SmallInteger(), nullable=False),
        sa.Column("r127", sa.SmallInteger(), nullable=False),
        sa.PrimaryKeyConstraint("dim", "key", "day", name=op.f("pk_analytics_dimension_sketches")),
    )
    op.create_table(
        "analytics_rollups",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("region", sa.String(length=64), nullable=False),
        sa.Column("business_unit", sa.String(length=64), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("impressions", sa.Integer(), nullable=False),
        sa.Column("opens", sa.Integer(), nullable=False),
        sa.Column("reads", sa.Integer(), nullable=False),
        sa.Column("likes", sa.Integer(), nullable=False),
        sa.Column("dismissals", sa.Integer(), nullable=False),
        sa.Column("saves", sa.Integer(), nullable=False),
        sa.Column("shares", sa.Integer(), nullable=False),
        sa.Column("acknowledgements", sa.Integer(), nullable=False),
        sa.Column("comments", sa.Integer(), nullable=False),
        sa.Column("conversions", sa.Integer(), nullable=False),
        sa.Column("conversion_value", sa.Float(), nullable=False),
        sa.Column("dwell_seconds", sa.Float(), nullable=False),
        sa.Column("employees", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "day",
            "article_id",
            "channel",
            "region",
            "business_unit",
            name=op.f("pk_analytics_rollups"),
        ),
    )
    op.create_table(
        "analytics_score_configs",
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("config", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("created_at", coffeemug.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_analytics_score_configs")),
    )
    op.create_table(
        "analytics_state",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", coffeemug.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_analytics_state")),
    )
    op.create_table(
        "analytics_mentions",
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=128), nullable=False),
        sa.Column("author_reach", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("brand", sa.String(length=64), nullable=False),
        sa.Column("topic_id", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["topics.id"],
            name=op.f("fk_analytics_mentions_topic_id_topics"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_mentions")),
    )
    with op.batch_alter_table("analytics_mentions", schema=None) as batch_op:
        batch_op.create_index("ix_analytics_mentions_day_brand", ["day", "brand"], unique=False)

    op.create_table(
        "analytics_efforts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("budget", sa.Float(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("updated_at", coffeemug.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(article_id IS NULL) <> (campaign_id IS NULL)",
            name=op.f("ck_analytics_efforts_one_subject"),
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_analytics_efforts_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_analytics_efforts_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_efforts")),
        sa.UniqueConstraint("article_id", name=op.f("uq_analytics_efforts_article_id")),
        sa.UniqueConstraint("campaign_id", name=op.f("uq_analytics_efforts_campaign_id")),
    )
    op.create_table(
        "analytics_imported_conversions",
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_analytics_imported_conversions_article_id_articles"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_analytics_imported_conversions_campaign_id_campaigns"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_imported_conversions")),
    )
    with op.batch_alter_table("analytics_imported_conversions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_analytics_imported_conversions_day"), ["day"], unique=False
        )

    op.create_table(
        "analytics_social_metrics",
        sa.Column("network", sa.String(length=32), nullable=False),
        sa.Column("post_id", sa.String(length=128), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("impressions", sa.Integer(), nullable=False),
        sa.Column("clicks", sa.Integer(), nullable=False),
        sa.Column("likes", sa.Integer(), nullable=False),
        sa.Column("comments", sa.Integer(), nullable=False),
        sa.Column("shares", sa.Integer(), nullable=False),
        sa.Column("link_visits", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "impressions >= 0 AND clicks >= 0 AND link_visits >= 0",
            name=op.f("ck_analytics_social_metrics_counts"),
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_analytics_social_metrics_article_id_articles"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_analytics_social_metrics_campaign_id_campaigns"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint(
            "network", "post_id", "day", name=op.f("pk_analytics_social_metrics")
        ),
    )
    with op.batch_alter_table("analytics_social_metrics", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_analytics_social_metrics_day"), ["day"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("analytics_social_metrics", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_analytics_social_metrics_day"))

    op.drop_table("analytics_social_metrics")
    with op.batch_alter_table("analytics_imported_conversions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_analytics_imported_conversions_day"))

    op.drop_table("analytics_imported_conversions")
    op.drop_table("analytics_efforts")
    with op.batch_alter_table("analytics_mentions", schema=None) as batch_op:
        batch_op.drop_index("ix_analytics_mentions_day_brand")

    op.drop_table("analytics_mentions")
    op.drop_table("analytics_state")
    op.drop_table("analytics_score_configs")
    op.drop_table("analytics_rollups")
    op.drop_table("analytics_dimension_sketches")
    with op.batch_alter_table("analytics_dimension_days", schema=None) as batch_op:
        batch_op.drop_index("ix_analytics_dimension_days_dim_day")

    op.drop_table("analytics_dimension_days")
    op.drop_table("analytics_conversion_rollups")
