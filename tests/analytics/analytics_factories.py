"""Event and rollup factories for the analytics tests."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from coffeemug.analytics.rollup import run_rollup
from coffeemug.db import utcnow
from coffeemug.migrate import upgrade_to_head
from coffeemug.people.models import Employee
from factories import new_event


def at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def add_events(
    session: Session,
    employees: list[Employee],
    event_type: str,
    article_id: int | None,
    day: date,
    *,
    channel: str = "intranet",
    ingested_at: datetime | None = None,
    value: float | None = None,
    dwell_seconds: float | None = None,
    properties: dict | None = None,
) -> None:
    """One event per employee, with region and business unit copied as ingest does."""
    session.add_all(
        new_event(
            employee,
            event_type,
            article_id,
            channel=channel,
            occurred_at=at(day),
            ingested_at=ingested_at or utcnow() - timedelta(minutes=10),
            value=value,
            dwell_seconds=dwell_seconds,
            properties=properties,
        )
        for employee in employees
    )
    session.flush()


def roll(session: Session) -> int:
    return run_rollup(session, until=utcnow() - timedelta(minutes=1)).events


def fresh_sqlite(tmp_dir: Path) -> str:
    """A new migrated SQLite file for tests whose commands commit (the CLI's own sessions)."""
    url = f"sqlite:///{tmp_dir / f'analytics-{uuid.uuid4().hex[:8]}.db'}"
    upgrade_to_head(url)
    return url
