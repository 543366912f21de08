"""The append-only event log."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from coffeemug.db import Base, UTCDateTime, utcnow
from coffeemug.events.catalogue import EVENTS

# Every type of the catalogue, as an enum (``EventType.article_opened``).
EventType = StrEnum("EventType", [(spec.type, spec.type) for spec in EVENTS])


class Channel(StrEnum):
    intranet = "intranet"
    email = "email"
    app = "app"
    social = "social"


class Event(Base):
    """One thing that happened. ``id`` is the client's UUID, so a retried event is stored once.

    ``employee_id`` is the employee's pseudonymous id; region and business unit are copied in at
    ingest time so rollups never need to join personal data and stay right if someone moves.
    """

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_article_type", "article_id", "type"),
        # The feed's per-request lookup (what this employee dismissed, acknowledged or saved)
        # and every other lookup by employee.
        Index("ix_events_employee_type", "employee_id", "type"),
        Index("ix_events_ingested_at", "ingested_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    type: Mapped[str] = mapped_column(String(32))
    employee_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL"), nullable=True
    )
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), nullable=True
    )
    channel: Mapped[str] = mapped_column(String(16))
    region: Mapped[str | None] = mapped_column(String(64), nullable=True)
    business_unit: Mapped[str | None] = mapped_column(String(64), nullable=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ingested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Type-specific numbers kept as columns so rollups can aggregate them in SQL.
    dwell_seconds: Mapped[float | None] = mapped_column(Float, nullable=True)
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    position: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The rest: request id, score, propensity, dismissal reason, conversion kind, ...
    properties: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
