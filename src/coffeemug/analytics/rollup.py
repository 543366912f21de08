"""Incremental rollup of the event log, and the retention purge that may follow it.

A watermark on ``events.ingested_at`` says how far the log is rolled up. Each run takes the
events ingested after it (whatever day they happened on, so late events update their own day)
and adds them to the rollups in a handful of set-based statements.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from coffeemug.analytics import repository
from coffeemug.db import utcnow

WATERMARK = "events_rolled_up"
# Set once the weekly article rows exist; rollups made before them get them built from the days.
WEEKS_BUILT = "article_weeks_built"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Events are stamped before their transaction commits; waiting a moment past the stamp keeps a
# slow writer's events from slipping in behind the watermark.
SETTLE_SECONDS = 5.0


@dataclass(frozen=True)
class RollupResult:
    events: int
    low: datetime
    high: datetime

    @property
    def lag_seconds(self) -> float:
        return max(0.0, (utcnow() - self.high).total_seconds())


def run_rollup(
    session: Session, until: datetime | None = None, settle_seconds: float = SETTLE_SECONDS
) -> RollupResult:
    """Roll up every event ingested after the watermark and up to ``until`` (default: now)."""
    if repository.get_state(session, WEEKS_BUILT) is None:
        repository.backfill_article_weeks(session)
        repository.set_state(session, WEEKS_BUILT, utcnow())
    low = repository.get_state(session, WATERMARK) or EPOCH
    high = until or (utcnow() - timedelta(seconds=settle_seconds))
    if high <= low:
        return RollupResult(0, low, low)
    events = repository.count_events_in_window(session, low, high)
    if events:
        repository.prepare_bulk(session)
        repository.rollup_counts(session, low, high)
        repository.rollup_conversions(session, low, high)
        repository.rollup_dimensions(session, low, high)
    repository.set_state(session, WATERMARK, high)
    return RollupResult(events, low, high)


def watermark(session: Session) -> datetime | None:
    return repository.get_state(session, WATERMARK)


def purge(session: Session, retention_days: int, now: datetime | None = None) -> int:
    """Delete raw events older than the retention period, but only those already rolled up."""
    rolled_up = repository.get_state(session, WATERMARK)
    if rolled_up is None:
        return 0
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    return repository.purge_events(session, cutoff, rolled_up)
