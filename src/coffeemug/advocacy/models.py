"""Shares, the clicks on their tracked links, the business conduct rules, team goals and each
employee's opt-in to badges."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from coffeemug.db import Base, UTCDateTime, utcnow


class Network(StrEnum):
    linkedin = "linkedin"
    x = "x"
    facebook = "facebook"
    instagram = "instagram"


class Severity(StrEnum):
    warn = "warn"
    block = "block"


class RuleKind(StrEnum):
    term = "term"  # a word or phrase, matched in its inflected forms (stemmed)
    customer = "customer"  # a customer's name, matched as written (case-insensitive)
    detector = "detector"  # a built-in pattern: forecast, email, phone, iban


class Share(Base):
    """One post an employee composed. ``token`` is the random key of its tracked link; it says
    nothing about the employee and is the only thing the link carries."""

    __tablename__ = "advocacy_shares"
    __table_args__ = (
        Index("ix_advocacy_shares_employee_id", "employee_id"),
        Index("ix_advocacy_shares_article_id", "article_id"),
        Index("ix_advocacy_shares_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(32), unique=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    network: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(2))
    # Copied at share time, like the event log does, so aggregates need no personal data and
    # stay right if someone moves.
    business_unit: Mapped[str] = mapped_column(String(64))
    # The UTM campaign of the link: the article's campaign name, or "advocacy".
    campaign: Mapped[str] = mapped_column(String(200))
    coach_score: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ShareClick(Base):
    """A request to a tracked link: when, and for which share. Nothing about the visitor."""

    __tablename__ = "advocacy_clicks"
    __table_args__ = (Index("ix_advocacy_clicks_share_id", "share_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    share_id: Mapped[int] = mapped_column(ForeignKey("advocacy_shares.id", ondelete="CASCADE"))
    clicked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class GuidelineRule(Base):
    """One rule of the business conduct guidelines, as data."""

    __tablename__ = "advocacy_rules"
    __table_args__ = (UniqueConstraint("kind", "language", "value"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    # "de", "en" or "*" (every language).
    language: Mapped[str] = mapped_column(String(2))
    value: Mapped[str] = mapped_column(String(200))
    severity: Mapped[str] = mapped_column(String(8))
    clause: Mapped[str] = mapped_column(String(200))
    clause_url: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TeamGoal(Base):
    """A business unit's target of shares in a month (``month`` as ``YYYY-MM``)."""

    __tablename__ = "advocacy_team_goals"
    __table_args__ = (UniqueConstraint("business_unit", "month"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    business_unit: Mapped[str] = mapped_column(String(64))
    month: Mapped[str] = mapped_column(String(7))
    target: Mapped[int] = mapped_column(Integer)


class BadgeOptIn(Base):
    """Employees who chose to see badges for their own shares (nobody else ever sees them)."""

    __tablename__ = "advocacy_badge_opt_ins"

    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), primary_key=True
    )
    opted_in: Mapped[bool] = mapped_column(Boolean, default=True)
