"""Campaign plans, the approval trail, the planning calendar, tasks and calendar feed tokens."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from coffeemug.db import Base, UTCDateTime, utcnow


class CampaignStatus(StrEnum):
    planned = "planned"
    running = "running"
    finished = "finished"
    cancelled = "cancelled"


class CampaignPlan(Base):
    """What a campaign sets out to do: its goal, messages, audience, owner and planned effort.

    One row per campaign (the campaign itself, name and window, is content's); actual effort is
    analytics' effort entries."""

    __tablename__ = "campaign_plans"

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(16), default=CampaignStatus.planned.value)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL"), nullable=True
    )
    goal_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    goal_reach: Mapped[int | None] = mapped_column(Integer, nullable=True)
    goal_read_rate: Mapped[float | None] = mapped_column(Float, nullable=True)
    goal_conversions: Mapped[int | None] = mapped_column(Integer, nullable=True)
    key_messages: Mapped[list[str]] = mapped_column(JSON, default=list)
    audience_regions: Mapped[list[str]] = mapped_column(JSON, default=list)
    audience_business_units: Mapped[list[str]] = mapped_column(JSON, default=list)
    audience_languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    business_units: Mapped[list[str]] = mapped_column(JSON, default=list)
    planned_hours: Mapped[float] = mapped_column(Float, default=0.0)
    planned_budget: Mapped[float] = mapped_column(Float, default=0.0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReviewState(StrEnum):
    """Where an article stands in the approval workflow besides its publishing status."""

    draft = "draft"
    in_review = "in_review"
    approved = "approved"
    rejected = "rejected"


class ArticleReview(Base):
    """The approval state of one article: who is asked, how many steps are done."""

    __tablename__ = "article_reviews"
    __table_args__ = (Index("ix_article_reviews_state_requested_at", "state", "requested_at"),)

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[str] = mapped_column(String(16), default=ReviewState.draft.value)
    steps_required: Mapped[int] = mapped_column(Integer, default=1)
    steps_done: Mapped[int] = mapped_column(Integer, default=0)
    approver_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL"), nullable=True
    )
    # The deputy may act for the approver once the approver has been reminded.
    deputy_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL"), nullable=True
    )
    requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class ArticleTransition(Base):
    """One step of the approval trail: from which state to which, by whom, when, why."""

    __tablename__ = "article_transitions"
    __table_args__ = (Index("ix_article_transitions_article_id_at", "article_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    from_state: Mapped[str] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL"), nullable=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    comment: Mapped[str] = mapped_column(String(2000), default="")


class CalendarSlot(Base):
    """A daily topic of one region on one day ("Tuesday, Germany: Sustainability"), which a
    business unit claims with a planned article."""

    __tablename__ = "calendar_slots"
    __table_args__ = (
        UniqueConstraint("day", "region", "topic_id", name="uq_calendar_slots_day_region_topic"),
        Index("ix_calendar_slots_day", "day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    region: Mapped[str] = mapped_column(String(64))
    # ISO 3166 country code whose public holidays apply to the region's slots.
    country: Mapped[str | None] = mapped_column(String(2), nullable=True)
    topic_id: Mapped[str] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))
    business_unit: Mapped[str | None] = mapped_column(String(64), nullable=True)
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), nullable=True
    )
    claimed_by: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL"), nullable=True
    )
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class TaskKind(StrEnum):
    write = "write"
    graphics = "graphics"
    video = "video"
    translation = "translation"
    legal_review = "legal_review"


class Task(Base):
    """A piece of work on an article or a campaign, with an assignee and a due date."""

    __tablename__ = "orchestration_tasks"
    __table_args__ = (Index("ix_orchestration_tasks_assignee_id_due_at", "assignee_id", "due_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200), default="")
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), nullable=True
    )
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=True
    )
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL"), nullable=True
    )
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FeedScope(StrEnum):
    person = "person"
    business_unit = "business_unit"
    campaign = "campaign"


class CalendarFeedToken(Base):
    """A revocable secret that opens one iCalendar feed without signing in."""

    __tablename__ = "calendar_feed_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    scope: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(64), default="")
    time_zone: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class ApprovalMode(StrEnum):
    none = "none"
    optional = "optional"
    required = "required"
    two_step = "two_step"


class ApprovalSetting(Base):
    """The newsroom's approval mode as its admins chose it (one row); without it the setting
    COFFEEMUG_APPROVAL_MODE applies."""

    __tablename__ = "approval_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mode: Mapped[str] = mapped_column(String(16))
    updated_by: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL"), nullable=True
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Story(Base):
    """A #learnfromit story told with the three-part template; the article carries the text,
    composed from the parts. Publishing waits for the teller's consent."""

    __tablename__ = "stories"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    teller_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL"), nullable=True
    )
    what_happened: Mapped[str] = mapped_column(String(10_000))
    what_we_learned: Mapped[str] = mapped_column(String(10_000))
    what_we_changed: Mapped[str] = mapped_column(String(10_000))
    # Names of people and customers replaced in the text (kept only as a count).
    deidentified: Mapped[int] = mapped_column(Integer, default=0)
    # Comments on these stories are held for a moderator before they show.
    strict_moderation: Mapped[bool] = mapped_column(Boolean, default=True)
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    consent_by: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL"), nullable=True
    )
