"""What the feed has learned, stored so every server worker sees the same state."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, JSON, Date, Float, ForeignKey, Index, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column

from coffeemug.db import Base, UTCDateTime, utcnow


class LearnedProfile(Base):
    """The ranker's serialised profile of one employee (``Profile.to_dict()``).

    ``version`` guards read-modify-write between workers: an update that lost the race retries.
    """

    __tablename__ = "learned_profiles"

    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


# Profiles are mostly base64 vectors that do not compress: PostgreSQL would try on every write.
# (Migration 0001 does the same for migrated databases.)
event.listen(
    LearnedProfile.__table__,
    "after_create",
    DDL("ALTER TABLE learned_profiles ALTER COLUMN state SET STORAGE EXTERNAL").execute_if(
        dialect="postgresql"
    ),
)


class ArticleStats(Base):
    """Colleagues' signal per article: impressions and weighted engagements, overall (segment
    ``*``) and per segment (``region:<r>``, ``bu:<b>``). Aggregates only, never per person."""

    __tablename__ = "article_stats"
    __table_args__ = (
        # The feed reads one segment for all live articles at a time.
        Index("ix_article_stats_segment", "segment", "article_id"),
        # Every ingested batch increments thousands of rows: free space in each page lets
        # PostgreSQL update them in place (HOT) instead of touching both indexes each time.
        {"postgresql_with": {"fillfactor": 70}},
    )

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    segment: Mapped[str] = mapped_column(String(80), primary_key=True)
    impressions: Mapped[float] = mapped_column(Float, default=0.0)
    engagements: Mapped[float] = mapped_column(Float, default=0.0)


class DailyBudget(Base):
    """How many feed items an employee was shown on a day, for the volume budget."""

    __tablename__ = "daily_budgets"

    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[datetime] = mapped_column(Date, primary_key=True)
    shown: Mapped[int] = mapped_column(Integer, default=0)
