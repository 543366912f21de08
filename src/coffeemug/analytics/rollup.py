"""Incremental rollup of the event log, and the retention purge that may follow it.

A watermark on ``events.ingested_at`` says how far the log is rolled up. Each run takes the
events ingested after it (whatever day they happened on, so late events update their own day),
reads them once as arrays and aggregates them with numpy: per cell (day x article x channel x
segment), per day and dimension value, and the HyperLogLog registers of each day and value.
The results are added to the rollups by one upsert per table (rollup_store.write_batch).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
from sqlalchemy.orm import Session

from coffeemug.analytics import quarantine, repository, rollup_store
from coffeemug.analytics.models import ARTICLE_WEEK, NO_ARTICLE, NO_SEGMENT, SUMMED
from coffeemug.analytics.privacy import HLL_REGISTERS, hll_hash
from coffeemug.db import utcnow

WATERMARK = "events_rolled_up"
# Set once the weekly article rows exist; rollups made before them get them built from the days.
WEEKS_BUILT = "article_weeks_built"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Events are stamped before their transaction commits; waiting a moment past the stamp keeps a
# slow writer's events from slipping in behind the watermark.
SETTLE_SECONDS = 5.0
# Events aggregated in memory at once (about 300 bytes each at the peak); longer windows are
# rolled up in steps along ``ingested_at``.
BATCH_EVENTS = 10_000_000
# A window that fails is retried in windows of this many events before it is searched row by row.
ISOLATE_EVENTS = 5_000
_KEY_LIMIT = 1 << 62


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
    session: Session, until: datetime | None = None, settle_seconds: float = SETTLE_SECONDS
) -> RollupResult:
    """Roll up every event ingested after the watermark and up to ``until`` (default: now)."""
    rollup_store.lock_rollup(session)
    if repository.get_state(session, WEEKS_BUILT) is None:
        backfill_article_weeks(session)
        repository.set_state(session, WEEKS_BUILT, utcnow())
    first = low = repository.get_state(session, WATERMARK) or EPOCH
    high = until or (utcnow() - timedelta(seconds=settle_seconds))
    if high <= low:
        return RollupResult(0, low, low)
    total = set_aside = 0
    while low < high:
        # Walks at most BATCH_EVENTS index entries; counting the window would read all of it.
        step = rollup_store.window_split(session, low, high, BATCH_EVENTS)
        set_aside += quarantine.screen(session, low, step)
        rolled, isolated = _roll_guarded(session, low, step, BATCH_EVENTS)
        total += rolled
        set_aside += isolated
        repository.set_state(session, WATERMARK, step)
        low = step
    return RollupResult(total, first, high, set_aside)


def _roll_guarded(session: Session, low: datetime, high: datetime, size: int) -> tuple[int, int]:
    """Roll up the window; if it fails, narrow it down to the rows responsible, set those aside
    (quarantine) and roll up the rest. Returns (events rolled up, events set aside)."""
    try:
        with session.begin_nested():
            return _roll_window(session, low, high), 0
    except Exception as exc:
        failure = exc
    if size > ISOLATE_EVENTS:
        # Smaller windows first, so that only a small one is searched row by row.
        rolled = isolated = 0
        while low < high:
            step = rollup_store.window_split(session, low, high, ISOLATE_EVENTS)
            done, aside = _roll_guarded(session, low, step, ISOLATE_EVENTS)
            rolled, isolated, low = rolled + done, isolated + aside, step
        return rolled, isolated
    culprits = quarantine.isolate(session, low, high, lambda: _roll_window(session, low, high))
    if not culprits:
        raise failure
    reason = f"could not be rolled up ({type(failure).__name__})"
    quarantine.set_aside(session, culprits, reason)
    with session.begin_nested():
        return _roll_window(session, low, high), len(culprits)


def _roll_window(session: Session, low: datetime, high: datetime) -> int:
    events = rollup_store.read_window(session, low, high)
    if len(events):
        campaigns, topics = rollup_store.article_links(session)
        rollup_store.write_batch(session, *aggregate(events, campaigns, topics))
        rollup_store.rollup_conversions(session, low, high)
    return len(events)


def watermark(session: Session) -> datetime | None:
    return repository.get_state(session, WATERMARK)


def purge(session: Session, retention_days: int, now: datetime | None = None) -> int:
    """Delete raw events older than the retention period, but only those already rolled up."""
    rolled_up = repository.get_state(session, WATERMARK)
    if rolled_up is None:
        return 0
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    return rollup_store.purge_events(session, cutoff, rolled_up)


# ------------------------------------------------------------------ aggregation


def group_rows(*columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Group rows by several integer columns: each row's group and one row of each group.

    Groups come out sorted by the columns in order (so writes follow the primary key).
    """
    key = np.zeros(len(columns[0]), dtype=np.int64)
    span = 1
    for column in columns:
        low = int(column.min()) if len(column) else 0
        width = int(column.max()) - low + 1 if len(column) else 1
        if span * width >= _KEY_LIMIT:
            key = np.unique(key, return_inverse=True)[1].astype(np.int64)
            span = int(key.max()) + 1
        key = key * width + (column - low)
        span *= width
    # One argsort instead of np.unique(return_index, return_inverse): several times faster.
    order = np.argsort(key)
    sorted_key = key[order]
    starts = np.ones(len(key), dtype=bool)
    starts[1:] = sorted_key[1:] != sorted_key[:-1]
    inverse = np.empty(len(key), dtype=np.int64)
    inverse[order] = np.cumsum(starts) - 1
    return inverse, order[starts]


def week_monday(days: np.ndarray) -> np.ndarray:
    """Monday of the ISO week of each day (days since 1970-01-01, a Thursday)."""
    return days - (days + 3) % 7


class Names:
    """Codes for the strings the batch writes (channel, region, unit, dimension names, keys)."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self._codes: dict[str, int] = {}

    def code(self, name: str) -> int:
        if name not in self._codes:
            self._codes[name] = len(self.names)
            self.names.append(name)
        return self._codes[name]

    def codes(self, names: list[str]) -> np.ndarray:
        return np.array([self.code(name) for name in names], dtype=np.int64)


@dataclass
class _Level:
    """The batch at one grain: key columns, summed columns (one per SUMMED), the
    employee floor and, except for cells, the HyperLogLog registers of each row."""

    keys: dict[str, np.ndarray]
    sums: np.ndarray
    employees: np.ndarray
    registers: np.ndarray | None = None


@dataclass
class _Pairs:
    """The batch's distinct (cell, employee) pairs, as the cell and the employee's register and
    rank: what every sketch of the batch is made of."""

    cell: np.ndarray
    register: np.ndarray
    rank: np.ndarray


def _cells(events: rollup_store.WindowEvents) -> tuple[_Level, _Pairs]:
    keys = (events.day, events.article, events.channel, events.region, events.unit)
    cell, first = group_rows(*keys)
    n = len(first)
    types = len(rollup_store.EVENT_TYPES) + 1
    per_type = np.bincount(cell * types + events.etype, minlength=n * types).reshape(n, types)
    # Column-major: the folds below read one summed column at a time.
    sums = np.empty((n, len(SUMMED)), order="F")
    sums[:, 0] = per_type.sum(axis=1)
    sums[:, 1 : len(rollup_store.TYPE_COLUMNS) + 1] = per_type[:, 1:]
    sums[:, -2] = np.bincount(cell, weights=events.value, minlength=n)
    sums[:, -1] = np.bincount(cell, weights=events.dwell, minlength=n)
    known = events.employee != rollup_store.NO_EMPLOYEE
    _, pair_first = group_rows(cell[known], events.employee[known])
    pair_cell = cell[known][pair_first]
    registers, ranks = hll_hash(events.employee[known][pair_first])
    names = ("day", "article", "channel", "region", "unit")
    level = _Level(
        keys={name: column[first] for name, column in zip(names, keys, strict=True)},
        sums=sums,
        employees=np.bincount(pair_cell, minlength=n),
    )
    return level, _Pairs(pair_cell, registers, ranks)


def _fold(cells: _Level, pairs: _Pairs, rows: np.ndarray, keys: tuple[str, ...]) -> _Level:
    """The cells ``rows`` grouped by ``keys``: sums, the largest floor, merged sketches."""
    group, first = group_rows(*(cells.keys[key][rows] for key in keys))
    n = len(first)
    sums = np.stack(
        [
            np.bincount(group, weights=cells.sums[rows, i], minlength=n)
            for i in range(cells.sums.shape[1])
        ],
        axis=1,
    )
    floor = np.zeros(n, dtype=np.int64)
    np.maximum.at(floor, group, cells.employees[rows])
    cell_group = np.full(len(cells.employees), -1, dtype=np.int64)
    cell_group[rows] = group
    pair_group = cell_group[pairs.cell]
    mine = pair_group >= 0
    registers = np.zeros(n * HLL_REGISTERS, dtype=np.uint8)
    np.maximum.at(
        registers, pair_group[mine] * HLL_REGISTERS + pairs.register[mine], pairs.rank[mine]
    )
    return _Level(
        keys={key: cells.keys[key][rows][first] for key in keys},
        sums=sums,
        employees=floor,
        registers=registers.reshape(n, HLL_REGISTERS),
    )


def _string_codes(names: Names, ids: np.ndarray) -> np.ndarray:
    """Codes of the ids as strings (dimension keys are strings), one conversion per distinct id."""
    distinct, inverse = np.unique(ids, return_inverse=True)
    return names.codes([str(i) for i in distinct.tolist()])[inverse.reshape(-1)]


Members = tuple[np.ndarray, np.ndarray, np.ndarray]


def _segment_members(
    segments: _Level, events: rollup_store.WindowEvents, names: Names
) -> dict[str, Members]:
    """Rows of the day x channel x region x unit level per dimension value: (row, day, key)."""
    every = np.arange(len(segments.employees))
    days = segments.keys["day"]
    members = {"all": (every, days, np.full(len(every), names.code("")))}
    for dim, key, labels in (
        ("channel", "channel", events.channels),
        ("region", "region", events.regions),
        ("business_unit", "unit", events.units),
    ):
        codes = segments.keys[key]
        keep = every if dim == "channel" else every[np.array(labels)[codes] != NO_SEGMENT]
        members[dim] = (keep, days[keep], names.codes(labels)[codes[keep]])
    return members


def _article_members(
    articles: _Level, names: Names, campaigns: dict[int, int], topics: list[tuple[int, str]]
) -> dict[str, Members]:
    """Rows of the day x article level per dimension value; an article may have many topics."""
    every = np.arange(len(articles.employees))
    days, ids = articles.keys["day"], articles.keys["article"]
    article_keys = _string_codes(names, ids)
    members = {
        "article": (every, days, article_keys),
        ARTICLE_WEEK: (every, week_monday(days), article_keys),
    }
    campaign_of = np.array([campaigns.get(a, -1) for a in ids.tolist()], dtype=np.int64)
    in_campaign = every[campaign_of >= 0]
    members["campaign"] = (
        in_campaign,
        days[in_campaign],
        _string_codes(names, campaign_of[in_campaign]),
    )
    pairs = sorted(topics)
    topic_article = np.array([a for a, _ in pairs], dtype=np.int64)
    topic_code = names.codes([t for _, t in pairs])
    lo = np.searchsorted(topic_article, ids, side="left")
    counts = np.searchsorted(topic_article, ids, side="right") - lo
    rows = np.repeat(every, counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    members["topic"] = (rows, days[rows], topic_code[np.repeat(lo, counts) + offsets])
    return members


def aggregate(
    events: rollup_store.WindowEvents, campaigns: dict[int, int], topics: list[tuple[int, str]]
) -> tuple[list[str], dict[str, np.ndarray], dict[str, np.ndarray], dict[str, np.ndarray]]:
    """The batch's rows for ``rollup_store.write_batch``: names, cells, day totals, sketches."""
    cells, pairs = _cells(events)
    names = Names()
    # Codes in sorted order, so cells sorted by code are sorted by name (the primary key).
    channel_codes = names.codes(events.channels)
    region_codes = names.codes(events.regions)
    unit_codes = names.codes(events.units)
    cell_rows = {
        "day": cells.keys["day"],
        "article_id": cells.keys["article"],
        "channel": channel_codes[cells.keys["channel"]],
        "region": region_codes[cells.keys["region"]],
        "business_unit": unit_codes[cells.keys["unit"]],
        **_typed(cells.sums),
        "employees": cells.employees,
    }
    # Dimensions read one of two coarser levels: sums of sums, maxima of maxima, so the result
    # is the same as from the cells, with far fewer rows to group per dimension.
    every = np.arange(len(cells.employees))
    segments = _fold(cells, pairs, every, ("day", "channel", "region", "unit"))
    with_article = every[cells.keys["article"] != NO_ARTICLE]
    articles = _fold(cells, pairs, with_article, ("day", "article"))
    day_parts, sketch_parts = [], []
    for level, members in (
        (segments, _segment_members(segments, events, names)),
        (articles, _article_members(articles, names, campaigns, topics)),
    ):
        for dim, (rows, days, keys) in members.items():
            totals, sketches = _dimension_rows(level, rows, days, keys)
            dim_code = np.full(len(totals["day"]), names.code(dim))
            day_parts.append({"dim": dim_code, **totals})
            sketch_parts.append({"dim": dim_code, **sketches})
    return names.names, cell_rows, _concat(day_parts), _concat(sketch_parts)


def _dimension_rows(
    level: _Level, rows: np.ndarray, days: np.ndarray, keys: np.ndarray
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Per (day, key): the summed rows, the largest floor (a lower bound of the distinct
    employees of the whole day and value) and the merged sketch."""
    assert level.registers is not None
    if not len(rows):
        empty = np.zeros(0, dtype=np.int64)
        totals = {"day": empty, "key": empty, **_typed(np.zeros((0, len(SUMMED))))}
        registers = np.zeros((0, HLL_REGISTERS), dtype=np.uint8)
        return {**totals, "employees": empty}, {"day": empty, "key": empty, "registers": registers}
    group, first = group_rows(days, keys)
    by_group = np.argsort(group, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(group[by_group]) != 0])
    ordered = rows[by_group]
    totals = {
        "day": days[first],
        "key": keys[first],
        **_typed(np.add.reduceat(level.sums[ordered], starts, axis=0)),
        "employees": np.maximum.reduceat(level.employees[ordered], starts),
    }
    registers = np.maximum.reduceat(level.registers[ordered], starts, axis=0)
    return totals, {"day": totals["day"], "key": totals["key"], "registers": registers}


def _typed(sums: np.ndarray) -> dict[str, np.ndarray]:
    """The summed columns by name: counts as integers, the two float sums as floats."""
    columns = {}
    for i, name in enumerate(SUMMED):
        if name in ("conversion_value", "dwell_seconds"):
            columns[name] = np.ascontiguousarray(sums[:, i])
        else:
            columns[name] = np.rint(sums[:, i]).astype(np.int64)
    return columns


def _concat(parts: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    return {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}


# ------------------------------------------------------------------ weekly rows of old rollups


def backfill_article_weeks(session: Session) -> None:
    """Build the weekly article rows from the daily ones (rollups made before weeks existed)."""
    rollup_store.backfill_article_week_days(session)
    weeks: dict[tuple[int, str], np.ndarray] = {}
    for key, day, blob in rollup_store.article_day_sketches(session):
        week = (int(week_monday(np.int64((day - EPOCH.date()).days))), key)
        registers = np.frombuffer(blob, dtype=np.uint8)
        weeks[week] = np.maximum(weeks[week], registers) if week in weeks else registers
    if not weeks:
        return
    names = Names()
    ordered = sorted(weeks)
    sketches = {
        "day": np.array([week for week, _ in ordered], dtype=np.int64),
        "dim": np.full(len(ordered), names.code(ARTICLE_WEEK)),
        "key": names.codes([key for _, key in ordered]),
        "registers": np.stack([weeks[week] for week in ordered]),
    }
    rollup_store.write_sketches(session, names.names, sketches)
