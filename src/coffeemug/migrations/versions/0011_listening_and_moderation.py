"""listening and moderation: comments, inbox items, threads, replies, approvals, fact cards,
the hash-chained audit log and alerts

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 22:24:11.531908

External items keep their mention in analytics_mentions (the one store of mentions that share
of buzz reads); listening_items adds what moderation needs and points at it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import coffeemug.db

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "listening_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("hour", coffeemug.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("metric", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("baseline", sa.Float(), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("exec_watch", sa.Boolean(), nullable=False),
        sa.Column("created_at", coffeemug.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", coffeemug.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listening_alerts")),
    )
    with op.batch_alter_table("listening_alerts", schema=None) as batch_op:
        batch_op.create_index("ix_listening_alerts_scope", ["scope", "key", "hour"], unique=False)

    op.create_table(
        "listening_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", coffeemug.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=100), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("previous_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listening_audit")),
        sa.UniqueConstraint("previous_hash", name=op.f("uq_listening_audit_previous_hash")),
    )
    op.create_table(
        "listening_threads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("executive", sa.Boolean(), nullable=False),
        sa.Column("posted_at", coffeemug.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listening_threads")),
        sa.UniqueConstraint("source", "external_id", name="uq_listening_threads_key"),
    )
    op.create_table(
        "listening_facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("statements", sa.JSON(), nullable=False),
        sa.Column("figures", sa.String(length=1000), nullable=False),
        sa.Column("source_url", sa.String(length=500), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("topic_id", sa.String(length=64), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("embedding", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", coffeemug.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", coffeemug.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["topics.id"],
            name=op.f("fk_listening_facts_topic_id_topics"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listening_facts")),
    )
    op.create_table(
        "listening_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("official", sa.Boolean(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_reason", sa.String(length=32), nullable=True),
        sa.Column("created_at", coffeemug.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_listening_comments_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["employees.id"],
            name=op.f("fk_listening_comments_author_id_employees"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["listening_comments.id"],
            name=op.f("fk_listening_comments_parent_id_listening_comments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listening_comments")),
    )
    with op.batch_alter_table("listening_comments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_listening_comments_article", ["article_id", "created_at"], unique=False
        )

    op.create_table(
        "listening_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("mention_id", sa.String(length=128), nullable=True),
        sa.Column("thread_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("reach", sa.Integer(), nullable=False),
        sa.Column("author_pseudonym", sa.String(length=64), nullable=False),
        sa.Column("author_handle", sa.String(length=200), nullable=True),
        sa.Column("posted_at", coffeemug.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sentiment", sa.String(length=16), nullable=False),
        sa.Column("negative", sa.Float(), nullable=False),
        sa.Column("abuse", sa.String(length=16), nullable=True),
        sa.Column("abuse_score", sa.Float(), nullable=False),
        sa.Column("question", sa.Boolean(), nullable=False),
        sa.Column("criticism", sa.Boolean(), nullable=False),
        sa.Column("spam", sa.Boolean(), nullable=False),
        sa.Column("topic_id", sa.String(length=64), nullable=True),
        sa.Column("topic_ids", sa.JSON(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("model_version", sa.String(length=64), nullable=False),
        sa.Column("priority", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("team", sa.String(length=64), nullable=True),
        sa.Column("reason_code", sa.String(length=32), nullable=True),
        sa.Column("first_response_at", coffeemug.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_at", coffeemug.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", coffeemug.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignee_id"],
            ["employees.id"],
            name=op.f("fk_listening_items_assignee_id_employees"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["listening_comments.id"],
            name=op.f("fk_listening_items_comment_id_listening_comments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mention_id"],
            ["analytics_mentions.id"],
            name=op.f("fk_listening_items_mention_id_analytics_mentions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["listening_threads.id"],
            name=op.f("fk_listening_items_thread_id_listening_threads"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["topics.id"],
            name=op.f("fk_listening_items_topic_id_topics"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listening_items")),
        sa.UniqueConstraint("comment_id", name=op.f("uq_listening_items_comment_id")),
        sa.UniqueConstraint("source", "external_id", name="uq_listening_items_key"),
    )
    with op.batch_alter_table("listening_items", schema=None) as batch_op:
        batch_op.create_index(
            "ix_listening_items_abuse", ["status", "abuse", "priority"], unique=False
        )
        batch_op.create_index(
            "ix_listening_items_criticism", ["status", "criticism", "priority"], unique=False
        )
        batch_op.create_index(
            "ix_listening_items_language_status", ["language", "status", "priority"], unique=False
        )
        batch_op.create_index("ix_listening_items_posted", ["posted_at"], unique=False)
        batch_op.create_index("ix_listening_items_priority", ["priority", "id"], unique=False)
        batch_op.create_index(
            "ix_listening_items_question", ["status", "question", "priority"], unique=False
        )
        batch_op.create_index(
            "ix_listening_items_source_status", ["source", "status", "priority"], unique=False
        )
        batch_op.create_index(
            "ix_listening_items_spam", ["status", "spam", "priority"], unique=False
        )
        batch_op.create_index(
            "ix_listening_items_status_priority", ["status", "priority"], unique=False
        )
        batch_op.create_index("ix_listening_items_thread", ["thread_id", "posted_at"], unique=False)
        batch_op.create_index(
            "ix_listening_items_topic_status", ["topic_id", "status", "priority"], unique=False
        )

    op.create_table(
        "listening_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("fact_ids", sa.JSON(), nullable=False),
        sa.Column("team", sa.String(length=64), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("created_at", coffeemug.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", coffeemug.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["employees.id"],
            name=op.f("fk_listening_replies_author_id_employees"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["listening_comments.id"],
            name=op.f("fk_listening_replies_comment_id_listening_comments"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["listening_items.id"],
            name=op.f("fk_listening_replies_item_id_listening_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listening_replies")),
    )
    with op.batch_alter_table("listening_replies", schema=None) as batch_op:
        batch_op.create_index("ix_listening_replies_status", ["status", "created_at"], unique=False)

    op.create_table(
        "listening_approvals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=True),
        sa.Column("reply_id", sa.Integer(), nullable=True),
        sa.Column("requested_by", sa.Integer(), nullable=True),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("created_at", coffeemug.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_at", coffeemug.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["approved_by"],
            ["employees.id"],
            name=op.f("fk_listening_approvals_approved_by_employees"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["listening_items.id"],
            name=op.f("fk_listening_approvals_item_id_listening_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reply_id"],
            ["listening_replies.id"],
            name=op.f("fk_listening_approvals_reply_id_listening_replies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"],
            ["employees.id"],
            name=op.f("fk_listening_approvals_requested_by_employees"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listening_approvals")),
    )


def downgrade() -> None:
    op.drop_table("listening_approvals")
    with op.batch_alter_table("listening_replies", schema=None) as batch_op:
        batch_op.drop_index("ix_listening_replies_status")

    op.drop_table("listening_replies")
    with op.batch_alter_table("listening_items", schema=None) as batch_op:
        batch_op.drop_index("ix_listening_items_topic_status")
        batch_op.drop_index("ix_listening_items_thread")
        batch_op.drop_index("ix_listening_items_status_priority")
        batch_op.drop_index("ix_listening_items_spam")
        batch_op.drop_index("ix_listening_items_source_status")
        batch_op.drop_index("ix_listening_items_question")
        batch_op.drop_index("ix_listening_items_priority")
        batch_op.drop_index("ix_listening_items_posted")
        batch_op.drop_index("ix_listening_items_language_status")
        batch_op.drop_index("ix_listening_items_criticism")
        batch_op.drop_index("ix_listening_items_abuse")

    op.drop_table("listening_items")
    with op.batch_alter_table("listening_comments", schema=None) as batch_op:
        batch_op.drop_index("ix_listening_comments_article")

    op.drop_table("listening_comments")
    op.drop_table("listening_facts")
    op.drop_table("listening_threads")
    op.drop_table("listening_audit")
    with op.batch_alter_table("listening_alerts", schema=None) as batch_op:
        batch_op.drop_index("ix_listening_alerts_scope")

    op.drop_table("listening_alerts")
