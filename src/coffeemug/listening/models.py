"""Tables of listening and moderation. Nothing here is ever deleted: a hidden comment or item
keeps its text and carries the reason it was hidden."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from coffeemug.db import Base, UTCDateTime, utcnow

INTRANET = "intranet"


class CommentStatus(StrEnum):
    visible = "visible"
    held = "held"  # the classifier is confident it is abuse: waits for a moderator
    hidden = "hidden"


class ItemStatus(StrEnum):
    open = "open"
    assigned = "assigned"
    answered = "answered"
    escalated = "escalated"
    hidden = "hidden"
    no_action = "no_action"


CLOSED_STATUSES = (ItemStatus.answered, ItemStatus.hidden, ItemStatus.no_action)


class HideReason(StrEnum):
    abuse = "abuse"
    spam = "spam"
    privacy = "privacy"
    illegal = "illegal"


class ReplyStatus(StrEnum):
    awaiting_approval = "awaiting_approval"
    published = "published"  # shown under the intranet comment
    queued = "queued"  # in the outbox for the source's publisher
    sent = "sent"
    manual = "manual"  # no integration: a moderator copies it and marks it sent


class Comment(Base):
    """A comment under an article, or the newsroom's official reply to one (``official``)."""

    __tablename__ = "listening_comments"
    __table_args__ = (Index("ix_listening_comments_article", "article_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL"), nullable=True
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("listening_comments.id", ondelete="CASCADE"), nullable=True
    )
    official: Mapped[bool] = mapped_column(Boolean, default=False)
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8), default="und")
    status: Mapped[str] = mapped_column(String(16), default=CommentStatus.visible.value)
    status_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Thread(Base):
    """What items react to: an article, or a post elsewhere (e.g. by an executive)."""

    __tablename__ = "listening_threads"
    __table_args__ = (UniqueConstraint("source", "external_id", name="uq_listening_threads_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(64))
    external_id: Mapped[str] = mapped_column(String(128))
    title: Mapped[str] = mapped_column(String(300), default="")
    url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    executive: Mapped[bool] = mapped_column(Boolean, default=False)
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Item(Base):
    """One thing to moderate: an intranet comment or an external mention or comment.

    External items point at their row in ``analytics_mentions`` (the one store of mentions,
    which share of buzz reads); this row adds what moderation needs."""

    __tablename__ = "listening_items"
    __table_args__ = (
        UniqueConstraint("source", "external_id", name="uq_listening_items_key"),
        # The inbox: a state (or none) and at most a filter or two, by priority.
        Index("ix_listening_items_priority", "priority", "id"),
        Index("ix_listening_items_status_priority", "status", "priority"),
        Index("ix_listening_items_source_status", "source", "status", "priority"),
        Index("ix_listening_items_topic_status", "topic_id", "status", "priority"),
        Index("ix_listening_items_language_status", "language", "status", "priority"),
        Index("ix_listening_items_criticism", "status", "criticism", "priority"),
        Index("ix_listening_items_question", "status", "question", "priority"),
        Index("ix_listening_items_abuse", "status", "abuse", "priority"),
        Index("ix_listening_items_spam", "status", "spam", "priority"),
        Index("ix_listening_items_posted", "posted_at"),
        Index("ix_listening_items_thread", "thread_id", "posted_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(64))
    external_id: Mapped[str] = mapped_column(String(128))
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("listening_comments.id", ondelete="CASCADE"), nullable=True, unique=True
    )
    mention_id: Mapped[str | None] = mapped_column(
        ForeignKey("analytics_mentions.id", ondelete="SET NULL"), nullable=True
    )
    thread_id: Mapped[int | None] = mapped_column(
        ForeignKey("listening_threads.id", ondelete="SET NULL"), nullable=True
    )
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    reach: Mapped[int] = mapped_column(Integer, default=0)
    # Keyed hash of the handle; the handle itself is kept only while the item is open.
    author_pseudonym: Mapped[str] = mapped_column(String(64), default="")
    author_handle: Mapped[str | None] = mapped_column(String(200), nullable=True)
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sentiment: Mapped[str] = mapped_column(String(16))
    negative: Mapped[float] = mapped_column(Float, default=0.0)
    abuse: Mapped[str | None] = mapped_column(String(16), nullable=True)
    abuse_score: Mapped[float] = mapped_column(Float, default=0.0)
    question: Mapped[bool] = mapped_column(Boolean, default=False)
    criticism: Mapped[bool] = mapped_column(Boolean, default=False)
    spam: Mapped[bool] = mapped_column(Boolean, default=False)
    topic_id: Mapped[str | None] = mapped_column(
        ForeignKey("topics.id", ondelete="SET NULL"), nullable=True
    )
    topic_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    model_version: Mapped[str] = mapped_column(String(64), default="")
    priority: Mapped[float] = mapped_column(Float, default=0.0)
    status: Mapped[str] = mapped_column(String(16), default=ItemStatus.open.value)
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL"), nullable=True
    )
    team: Mapped[str | None] = mapped_column(String(64), nullable=True)
    reason_code: Mapped[str | None] = mapped_column(String(32), nullable=True)
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def labels(self) -> list[str]:
        found = [
            name
            for name, on in (
                ("abuse", self.abuse is not None),
                ("spam", self.spam),
                ("criticism", self.criticism),
                ("question", self.question),
                ("praise", self.sentiment == "positive" and self.abuse is None),
            )
            if on
        ]
        return found


class Reply(Base):
    """The newsroom's answer to an item: published under an intranet comment, or handed to the
    source's publisher through the outbox."""

    __tablename__ = "listening_replies"
    __table_args__ = (Index("ix_listening_replies_status", "status", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("listening_items.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    fact_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    team: Mapped[str | None] = mapped_column(String(64), nullable=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(24))
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("listening_comments.id", ondelete="SET NULL"), nullable=True
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Approval(Base):
    """A second person's approval a rule asks for: hiding criticism, replying on an
    executive's thread."""

    __tablename__ = "listening_approvals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("listening_items.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(16))  # "hide" or "reply"
    reason: Mapped[str | None] = mapped_column(String(32), nullable=True)
    reply_id: Mapped[int | None] = mapped_column(
        ForeignKey("listening_replies.id", ondelete="CASCADE"), nullable=True
    )
    requested_by: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL"), nullable=True
    )
    approved_by: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class FactCard(Base):
    """A maintained statement with figures and a source, in one or more languages."""

    __tablename__ = "listening_facts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    # {"de": "...", "en": "..."}: the statement in each language it exists in.
    statements: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    figures: Mapped[str] = mapped_column(String(1000), default="")
    source_url: Mapped[str] = mapped_column(String(500), default="")
    owner: Mapped[str] = mapped_column(String(200), default="")
    topic_id: Mapped[str | None] = mapped_column(
        ForeignKey("topics.id", ondelete="SET NULL"), nullable=True
    )
    valid_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class AuditEntry(Base):
    """One moderation action. Append-only: each entry carries the hash of the one before, and
    the unique key on ``previous_hash`` refuses a second entry after the same one."""

    __tablename__ = "listening_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    action: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(100))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    previous_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64))


class Alert(Base):
    """An hour whose volume or negative share left the usual range for that hour of the week."""

    __tablename__ = "listening_alerts"
    __table_args__ = (Index("ix_listening_alerts_scope", "scope", "key", "hour"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(16))  # "topic" or "thread"
    key: Mapped[str] = mapped_column(String(64))
    hour: Mapped[datetime] = mapped_column(UTCDateTime)
    metric: Mapped[str] = mapped_column(String(16))  # "volume" or "negative_share"
    value: Mapped[float] = mapped_column(Float)
    baseline: Mapped[float] = mapped_column(Float)
    threshold: Mapped[float] = mapped_column(Float)
    exec_watch: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
