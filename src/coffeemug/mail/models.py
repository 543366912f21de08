"""The mail ledger: every message to an employee once per key, addresses that bounce, the
per-minute send counter and the team-channel posts."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from coffeemug.db import Base, UTCDateTime, utcnow


class MailKind(StrEnum):
    digest = "digest"
    reminder = "reminder"
    published = "published"
    approval = "approval"  # an approver reminded of an article waiting for them


class SendStatus(StrEnum):
    claimed = "claimed"  # composed by a batch, not yet handed to the mail server
    sending = "sending"  # being handed to the mail server right now
    sent = "sent"
    skipped = "skipped"  # nothing to send (no items, no address, address suppressed)
    failed = "failed"  # the SMTP server refused this address or the composition failed
    interrupted = "interrupted"  # its worker died while handing it over: never sent again


class MailSend(Base):
    """One message to one employee. ``(kind, ref, employee_id)`` is the idempotency key: the
    digest of one period, the reminder about one article. The row is written when a batch
    claims the message, marked ``sending`` (committed) just before it is handed to the mail
    server and ``sent`` just after, so a retried job never sends it twice; a claim that was
    never handed over may be taken again by a retry of the same batch."""

    __tablename__ = "mail_sends"
    __table_args__ = (
        UniqueConstraint("kind", "ref", "employee_id"),
        Index("ix_mail_sends_employee_id", "employee_id"),
        Index("ix_mail_sends_status_created_at", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    # The period ("2026-03-02", "2026-W10") or the article id the message is about.
    ref: Mapped[str] = mapped_column(String(32))
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default=SendStatus.claimed.value)
    # The batch (job) that claimed it: only a retry of that batch takes its claims again.
    batch: Mapped[str | None] = mapped_column(String(32), nullable=True)
    address: Mapped[str | None] = mapped_column(String(254), nullable=True)
    language: Mapped[str | None] = mapped_column(String(2), nullable=True)
    items: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class MailBounce(Base):
    """An address the SMTP server refused; after ``mail_bounce_limit`` refusals in a row we stop
    writing to it (a successful send forgets the row)."""

    __tablename__ = "mail_bounces"

    address: Mapped[str] = mapped_column(String(254), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(String(500))
    last_failed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MailRate(Base):
    """Messages handed to the SMTP server per minute, shared by every worker."""

    __tablename__ = "mail_rate"

    minute: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    sent: Mapped[int] = mapped_column(Integer, default=0)


class WebhookPost(Base):
    """One daily "top of the newsroom" post to one team channel (at most one per day)."""

    __tablename__ = "webhook_posts"

    channel: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
