"""Incremental rollup of the event log, and the retention purge that may follow it.

A watermark on ``events.ingested_at`` says how far the log is rolled up. Each run takes the
events ingested after it (whatever day they happened on, so late events update their own day),
reads them once as arrays and aggregates them with numpy (aggregate.py): per day and segment
(channel, region, unit), per day and dimension value, per week, filter value and article, and
the exact set of employees of each (a roaring bitmap). The results are added to the rollups by
one upsert per table and part (store.write_batch), each part written while the next is
computed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from queue import SimpleQueue
from typing import NamedTuple, TypeVar

import numpy as np
from pyroaring import BitMap
from sqlalchemy.orm import Session

from coffeemug.analytics import quarantine, repository
from coffeemug.analytics.models import (
    ARTICLE_LIFE,
    ARTICLE_LIFE_DAY,
    ARTICLE_WEEK,
    LIFE_TOTALS_BUILT,
    WEEKLY_SETS,
    week_dim,
)
from coffeemug.analytics.privacy import conversion_dim, deserialize
from coffeemug.analytics.rollup import store as rollup_store
from coffeemug.analytics.rollup.aggregate import aggregate, week_monday
from coffeemug.analytics.rollup.conversions import roll_conversions, write_sets
from coffeemug.db import utcnow
from coffeemug.settings import get_settings

WATERMARK = "events_rolled_up"
# Set once the weekly article rows exist; rollups made before them get them built from the days.
WEEKS_BUILT = "article_weeks_built"
# Set once the weekly member sets of the other dimensions exist (built from the days likewise).
REACH_WEEKS_BUILT = "reach_weeks_built"
# Set once every article has its life set and its weekly sets their sizes (built likewise).
LIVES_BUILT = "article_lives_built"
# Set once the daily article rows of older rollups are gone (after the weeks and lives above
# are built from them): articles are kept per week only.
ARTICLE_DAYS_DROPPED = "article_days_dropped"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# The life sets' day as the rollup counts days (since 1970-01-01).
LIFE_DAY = (ARTICLE_LIFE_DAY - EPOCH.date()).days
# Events are stamped before their transaction commits; waiting a moment past the stamp keeps a
# slow writer's events from slipping in behind the watermark.
SETTLE_SECONDS = 5.0
# Events aggregated in memory at once (about 300 bytes each at the peak); longer windows are
# rolled up in steps along ``ingested_at``.
BATCH_EVENTS = 10_000_000
# A window that fails is retried in windows of this many events before it is searched row by row.
ISOLATE_EVENTS = 5_000


@dataclass(frozen=True)
class RollupResult:
    events: int
    low: datetime
    high: datetime
    set_aside: int = 0  # events quarantined by this run (see analytics.quarantine)

    @property
    def lag_seconds(self) -> float:
        return max(0.0, (utcnow() - self.high).total_seconds())


def run_rollup(
    session: Session,
    until: datetime | None = None,
    settle_seconds: float = SETTLE_SECONDS,
    time_zone: str | None = None,
) -> RollupResult:
    """Roll up every event ingested after the watermark and up to ``until`` (default: now),
    each event on its day in ``time_zone`` (default: the reporting time zone setting)."""
    zone = time_zone or get_settings().reporting_time_zone
    rollup_store.lock_rollup(session)
    for state, backfill in BACKFILLS:
        if repository.get_state(session, state) is None:
            backfill(session)
            repository.set_state(session, state, utcnow())
    first = low = repository.get_state(session, WATERMARK) or EPOCH
    high = until or (utcnow() - timedelta(seconds=settle_seconds))
    if high <= low:
        return RollupResult(0, low, low)
    total = set_aside = 0
    while low < high:
        # Walks at most BATCH_EVENTS index entries; counting the window would read all of it.
        step = rollup_store.window_split(session, low, high, BATCH_EVENTS)
        set_aside += quarantine.screen(session, low, step)
        rolled, isolated = _roll_guarded(session, low, step, BATCH_EVENTS, zone)
        total += rolled
        set_aside += isolated
        repository.set_state(session, WATERMARK, step)
        low = step
    return RollupResult(total, first, high, set_aside)


def _roll_guarded(
    session: Session, low: datetime, high: datetime, size: int, zone: str
) -> tuple[int, int]:
    """Roll up the window; if it fails, narrow it down to the rows responsible, set those aside
    (quarantine) and roll up the rest. Returns (events rolled up, events set aside)."""
    try:
        with session.begin_nested():
            return _roll_window(session, low, high, zone), 0
    except Exception as exc:
        failure = exc
    if size > ISOLATE_EVENTS:
        # Smaller windows first, so that only a small one is searched row by row.
        rolled = isolated = 0
        while low < high:
            step = rollup_store.window_split(session, low, high, ISOLATE_EVENTS)
            done, aside = _roll_guarded(session, low, step, ISOLATE_EVENTS, zone)
            rolled, isolated, low = rolled + done, isolated + aside, step
        return rolled, isolated
    culprits = quarantine.isolate(
        session, low, high, lambda: _roll_window(session, low, high, zone)
    )
    if not culprits:
        raise failure
    reason = f"could not be rolled up ({type(failure).__name__})"
    quarantine.set_aside(session, culprits, reason)
    with session.begin_nested():
        return _roll_window(session, low, high, zone), len(culprits)


def _roll_window(session: Session, low: datetime, high: datetime, zone: str) -> int:
    events = rollup_store.read_window(session, low, high, zone)
    if len(events):
        campaigns, topics = rollup_store.article_links(session)
        with closing(_computed_ahead(aggregate(events, campaigns, topics))) as parts:
            rollup_store.write_batch(session, parts)
        conversions = rollup_store.read_conversions(session, low, high, zone)
        roll_conversions(session, conversions, campaigns, topics)
    return len(events)


T = TypeVar("T")


class _Ended(NamedTuple):
    """What the computing thread sends last: how it ended (None: every item was made)."""

    failure: BaseException | None


def _computed_ahead(parts: Iterator[T]) -> Iterator[T]:
    """The items of ``parts``, each next one computed in a thread while the caller works on the
    one before: the database writes a part while numpy (which lets go of the interpreter for
    its sorts and sums) aggregates the next, on the machine's other core. An error on either
    side ends both: the thread stops after the item it is on, and is waited for."""
    results: SimpleQueue[T | _Ended] = SimpleQueue()
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in parts:
                results.put(item)
                if stop.is_set():
                    return
        except BaseException as exc:  # handed to the caller, raised there
            results.put(_Ended(exc))
            return
        results.put(_Ended(None))

    worker = threading.Thread(target=produce, name="rollup-aggregate", daemon=True)
    worker.start()
    try:
        while not isinstance(item := results.get(), _Ended):
            yield item
        if item.failure is not None:
            raise item.failure
    finally:
        stop.set()
        worker.join()


def rebuild(
    session: Session, until: datetime | None = None, time_zone: str | None = None
) -> RollupResult:
    """Empty the rollups and roll the whole event log up again: after a change of how events
    are rolled up (the reporting time zone, the kind of member sets). Figures of days whose
    raw events were purged are gone afterwards."""
    rollup_store.lock_rollup(session)
    rollup_store.empty_rollups(session)
    return run_rollup(session, until=until, time_zone=time_zone)


def watermark(session: Session) -> datetime | None:
    return repository.get_state(session, WATERMARK)


def purge(session: Session, retention_days: int, now: datetime | None = None) -> int:
    """Delete raw events older than the retention period, but only those already rolled up."""
    rolled_up = repository.get_state(session, WATERMARK)
    if rolled_up is None:
        return 0
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    return rollup_store.purge_events(session, cutoff, rolled_up)


# ------------------------------------------------------------------ weekly rows of old rollups


def backfill_article_weeks(session: Session) -> None:
    """Build the weekly article rows from the daily ones (rollups made before weeks existed)."""
    rollup_store.backfill_article_week_days(session)
    backfill_week_sets(session, ("article",))


def backfill_reach_weeks(session: Session) -> None:
    """The weekly member sets of the other dimensions, from their day sets."""
    backfill_week_sets(
        session, (*(d for d in WEEKLY_SETS if d != "article"), conversion_dim("article"))
    )


def backfill_article_lives(session: Session) -> None:
    """Every article's life set, the union of its weekly sets, written with the weekly sets'
    sizes (rollups made before sets kept their size)."""
    sets: dict[tuple[str, int, str], BitMap] = {}
    for key, day, blob in rollup_store.day_sketches(session, ARTICLE_WEEK):
        members = deserialize(blob)
        sets[(ARTICLE_WEEK, (day - EPOCH.date()).days, key)] = members
        life = sets.setdefault((ARTICLE_LIFE, LIFE_DAY, key), BitMap())
        life |= members
    write_sets(session, sets)


def backfill_week_sets(session: Session, dims: tuple[str, ...]) -> None:
    """Build the weekly member sets of ``dims`` from their day sets (rollups made before)."""
    weeks: dict[tuple[str, int, str], BitMap] = {}
    for dim in dims:
        for key, day, blob in rollup_store.day_sketches(session, dim):
            week = (week_dim(dim), int(week_monday(np.int64((day - EPOCH.date()).days))), key)
            weeks[week] = weeks.get(week, BitMap()) | deserialize(blob)
    write_sets(session, weeks)


# What rollups made by earlier versions lack, built once before the next run: (state, builder).
BACKFILLS = (
    (WEEKS_BUILT, backfill_article_weeks),
    (REACH_WEEKS_BUILT, backfill_reach_weeks),
    (LIVES_BUILT, backfill_article_lives),
    (LIFE_TOTALS_BUILT, rollup_store.backfill_article_life_totals),
    (ARTICLE_DAYS_DROPPED, rollup_store.drop_article_days),
)
