"""Employees and the preferences they own."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from coffeemug.db import Base, UTCDateTime, utcnow


class Role(StrEnum):
    reader = "reader"
    editor = "editor"
    moderator = "moderator"
    analyst = "analyst"
    admin = "admin"


class DigestCadence(StrEnum):
    none = "none"
    daily = "daily"
    weekly = "weekly"


# Items a day the feed and digest bring; None means "all".
VOLUME_CHOICES: tuple[int | None, ...] = (3, 7, 15, None)


class Employee(Base):
    """One employee. ``id`` is the stable pseudonymous id used in events; the directory id
    (``external_id``) appears nowhere else."""

    __tablename__ = "employees"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    external_id: Mapped[str] = mapped_column(String(128), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(64), index=True)
    business_unit: Mapped[str] = mapped_column(String(64), index=True)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    roles: Mapped[list[str]] = mapped_column(JSON, default=lambda: [Role.reader.value])
    # From the company directory; mail (digest, reminders) goes only to employees who have one.
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def has_role(self, role: Role) -> bool:
        # Admins may do everything an editor, moderator or analyst may do.
        return role.value in self.roles or Role.admin.value in self.roles


class Preferences(Base):
    """What the employee chose: topics, volume, digest cadence, languages."""

    __tablename__ = "preferences"

    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), primary_key=True
    )
    followed_topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    muted_topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    volume: Mapped[int | None] = mapped_column(Integer, nullable=True, default=7)
    digest: Mapped[str] = mapped_column(String(16), default=DigestCadence.weekly.value)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    onboarded: Mapped[bool] = mapped_column(Boolean, default=False)
    # IANA name such as "Europe/Berlin"; None means the company default (a setting).
    time_zone: Mapped[str | None] = mapped_column(String(64), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
