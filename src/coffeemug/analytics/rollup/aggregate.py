"""The rollup's aggregation in numpy: a window of events (as arrays) becomes the rows of the
counter tables (per day and segment, per day and dimension value, per week, filter value and
article) and the exact set of employees behind each of them (a roaring bitmap, serialized),
ready for ``store.write_batch`` part by part. No database here.

Everything is folded from the batch's cells (day x article x channel x region x unit), which
are never stored: every stored row is a sum of cells, its people a union of theirs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from coffeemug.analytics.models import (
    ARTICLE_LIFE,
    ARTICLE_WEEK,
    NO_ARTICLE,
    NO_SEGMENT,
    SUMMED,
    WEEKLY_SETS,
    week_dim,
)
from coffeemug.analytics.privacy import PAIR_SEPARATOR, pair_dim
from coffeemug.analytics.rollup import store as rollup_store
from coffeemug.analytics.rollup.bitmaps import serialize_sorted_sets
from coffeemug.events.catalogue import COUNT_COLUMNS

_KEY_LIMIT = 1 << 62


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
    """The batch at one grain: key columns, summed columns (one per SUMMED), the number of
    distinct employees of each row and, except for cells, who they are: ``member_emp`` holds
    each row's employees (sorted by row), row i's from ``member_start[i]``, ``employees[i]`` of
    them."""

    keys: dict[str, np.ndarray]
    sums: np.ndarray
    employees: np.ndarray
    member_emp: np.ndarray | None = None
    member_start: np.ndarray | None = None


@dataclass
class _Pairs:
    """The batch's distinct (cell, employee) pairs: what every member set is made of."""

    cell: np.ndarray
    employee: np.ndarray


def _cells(events: rollup_store.WindowEvents) -> tuple[_Level, _Pairs]:
    keys = (events.day, events.article, events.channel, events.region, events.unit)
    cell, first = group_rows(*keys)
    n = len(first)
    types = len(rollup_store.EVENT_TYPES) + 1
    per_type = np.bincount(cell * types + events.etype, minlength=n * types).reshape(n, types)
    # Column-major: the folds below read one summed column at a time.
    sums = np.empty((n, len(SUMMED)), order="F")
    sums[:, 0] = per_type.sum(axis=1)
    for column in range(1, len(COUNT_COLUMNS)):
        # Each count column sums the event types the catalogue counts in it (mostly one).
        codes = [i + 1 for i, c in enumerate(rollup_store.TYPE_COLUMNS) if c == column]
        sums[:, column] = (
            per_type[:, codes].sum(axis=1) if len(codes) > 1 else per_type[:, codes[0]]
        )
    sums[:, -2] = np.bincount(cell, weights=events.value, minlength=n)
    sums[:, -1] = np.bincount(cell, weights=events.dwell, minlength=n)
    known = events.employee != rollup_store.NO_EMPLOYEE
    _, pair_first = group_rows(cell[known], events.employee[known])
    pair_cell = cell[known][pair_first]
    names = ("day", "article", "channel", "region", "unit")
    level = _Level(
        keys={name: column[first] for name, column in zip(names, keys, strict=True)},
        sums=sums,
        employees=np.bincount(pair_cell, minlength=n),
    )
    return level, _Pairs(pair_cell, events.employee[known][pair_first])


def _fold(
    cells: _Level, pairs: _Pairs, rows: np.ndarray, keys: tuple[str, ...], sums: bool = True
) -> _Level:
    """The cells ``rows`` grouped by ``keys``: sums (unless not wanted), and the distinct
    employees of each group."""
    group, first = group_rows(*(cells.keys[key][rows] for key in keys))
    n = len(first)
    summed = _group_sums(cells.sums, rows, group, n) if sums else np.zeros((n, 0))
    cell_group = np.full(len(cells.employees), -1, dtype=np.int64)
    cell_group[rows] = group
    pair_group = cell_group[pairs.cell]
    mine = pair_group >= 0
    member_group, member_emp = _distinct_pairs(pair_group[mine], pairs.employee[mine])
    counts = np.bincount(member_group, minlength=n)
    return _Level(
        keys={key: cells.keys[key][rows][first] for key in keys},
        sums=summed,
        employees=counts,
        member_emp=member_emp,
        member_start=np.cumsum(counts) - counts,
    )


def _group_sums(
    sums: np.ndarray, rows: np.ndarray | slice, group: np.ndarray, n: int
) -> np.ndarray:
    """The summed columns of the ``rows`` of ``sums`` per group (``group``: each row's group of
    ``n``), one column at a time."""
    return np.stack(
        [np.bincount(group, weights=sums[rows, i], minlength=n) for i in range(sums.shape[1])],
        axis=1,
    )


def _distinct_pairs(group: np.ndarray, employee: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (group, employee) pairs, sorted by group, then employee."""
    # Employee numbers are 32-bit: one int64 key per pair, one sort (np.unique would hash
    # first, several times slower here).
    key = (group.astype(np.int64) << 32) | employee.astype(np.int64)
    key.sort()
    if len(key):
        key = key[np.r_[True, key[1:] != key[:-1]]]
    return key >> 32, key & 0xFFFFFFFF


def _level_blobs(level: _Level) -> np.ndarray:
    """The serialized set of employees of each level row (already distinct and sorted)."""
    assert level.member_emp is not None and level.member_start is not None
    return serialize_sorted_sets(level.member_emp, np.r_[level.member_start, len(level.member_emp)])


def _member_pairs(
    level: _Level, rows: np.ndarray, group: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (group, employee) pairs of the level rows ``rows`` in groups ``group``."""
    assert level.member_emp is not None and level.member_start is not None
    counts = level.employees[rows]
    total = int(counts.sum())
    offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    positions = np.repeat(level.member_start[rows], counts) + offsets
    return _distinct_pairs(np.repeat(group, counts), level.member_emp[positions])


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
    """Rows of the day x article level per dimension value; an article may have many topics.
    Articles themselves per ISO week only: every period is whole weeks, and daily rows would be
    most of the totals and a fifth of the sets to write."""
    every = np.arange(len(articles.employees))
    days, ids = articles.keys["day"], articles.keys["article"]
    members = {ARTICLE_WEEK: (every, week_monday(days), _string_codes(names, ids))}
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


class BatchPart(NamedTuple):
    """Rows of a batch for one table (``rollup_store.write_batch``). Key columns hold codes
    into ``names``: the batch's names as far as they were known when the part was made."""

    table: str
    rows: dict[str, np.ndarray]
    names: list[str]


def aggregate(
    events: rollup_store.WindowEvents, campaigns: dict[int, int], topics: list[tuple[int, str]]
) -> Iterator[BatchPart]:
    """The batch's rows, part by part as each is ready: segment days, the article sums of the
    one-filter views, member sets, day totals, the sets of the one-filter views and the
    articles' lives. A part can be written while the next one is computed
    (``job._computed_ahead``)."""
    names = Names()

    def part(table: str, rows: dict[str, np.ndarray]) -> BatchPart:
        return BatchPart(table, rows, list(names.names))

    cells, pairs = _cells(events)
    cells.keys["week"] = week_monday(cells.keys["day"])
    # Codes in sorted order, so rows sorted by code are sorted by name (the primary key).
    segment_codes = (
        names.codes(events.channels),
        names.codes(events.regions),
        names.codes(events.units),
    )
    # Dimensions read one of two coarser levels: sums of sums, maxima of maxima, so the result
    # is the same as from the cells, with far fewer rows to group per dimension.
    every = np.arange(len(cells.employees))
    segments = _fold(cells, pairs, every, ("day", "channel", "region", "unit"))
    yield part(rollup_store.SEGMENT_DAYS, _level_rows(segments, segment_codes))
    with_article = every[cells.keys["article"] != NO_ARTICLE]
    # Early, as it is quick to make and long to write: the database is busy while the member
    # sets below are computed.
    yield part(
        rollup_store.FILTERED_ARTICLE_WEEKS,
        _filtered_article_sums(cells, segment_codes, names, with_article),
    )
    articles = _fold(cells, pairs, with_article, ("day", "article"))
    day_parts = []
    for level, members in (
        (segments, _segment_members(segments, events, names)),
        (articles, _article_members(articles, names, campaigns, topics)),
    ):
        sketch_parts = []
        for dim, (rows, days, keys) in members.items():
            coarser = _coarser_sets(dim)
            totals, sketches, wider = _dimension_rows(
                level, rows, days, keys, coarser[1] if coarser else None
            )
            dim_code = np.full(len(totals["day"]), names.code(dim))
            day_parts.append({"dim": dim_code, **totals})
            sketch_parts.append({"dim": dim_code, **sketches})
            if coarser and wider is not None:
                sketch_parts.append(
                    {"dim": np.full(len(wider["day"]), names.code(coarser[0])), **wider}
                )
        yield part(rollup_store.SKETCHES, _concat(sketch_parts))
    yield part(rollup_store.DIMENSION_DAYS, _concat(day_parts))
    yield part(
        rollup_store.SKETCHES, _concat(_pair_sketches(cells, pairs, events, names, with_article))
    )
    yield part(rollup_store.ARTICLE_LIVES, _article_lives(articles, names))


def _article_lives(articles: _Level, names: Names) -> dict[str, np.ndarray]:
    """Per article of the batch: its first and last day and its totals. Its people are the size
    of its life set once merged with the stored one (``store.write_batch``)."""
    ids, days = articles.keys["article"], articles.keys["day"]
    group, first = group_rows(ids)
    n = len(first)
    first_day = np.full(n, np.iinfo(np.int64).max)
    last_day = np.full(n, np.iinfo(np.int64).min)
    np.minimum.at(first_day, group, days)
    np.maximum.at(last_day, group, days)
    sums = _group_sums(articles.sums, slice(None), group, n)
    return {
        "key": _string_codes(names, ids[first]),
        "first_day": first_day,
        "last_day": last_day,
        **_typed(sums),
    }


def _level_rows(
    level: _Level, segment_codes: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> dict[str, np.ndarray]:
    """The rows of a level keyed by day and segment: channel, region and unit as codes of the
    batch's names, then the sums and the distinct employees."""
    channel, region, unit = segment_codes
    return {
        "day": level.keys["day"],
        "channel": channel[level.keys["channel"]],
        "region": region[level.keys["region"]],
        "business_unit": unit[level.keys["unit"]],
        **_typed(level.sums),
        "employees": level.employees,
    }


# Filter dimensions (the one-filter views) by their name and their key in the cells.
FILTER_KEYS = (("channel", "channel"), ("region", "region"), ("business_unit", "unit"))


def _as_pairs(level: _Level) -> _Pairs:
    assert level.member_emp is not None
    return _Pairs(np.repeat(np.arange(len(level.employees)), level.employees), level.member_emp)


def _filtered_article_sums(
    cells: _Level,
    segment_codes: tuple[np.ndarray, np.ndarray, np.ndarray],
    names: Names,
    with_article: np.ndarray,
) -> dict[str, np.ndarray]:
    """The sums per (ISO week, filter value, article) of the one-filter views of articles.
    People only as a floor, the largest cell's count: the views count them from the weekly
    pair sets, and a floor needs no distinct pairs (so this part is ready early)."""
    parts = []
    for (f_dim, f_key), codes in zip(FILTER_KEYS, segment_codes, strict=True):
        keys = ("week", f_key, "article")
        group, first = group_rows(*(cells.keys[key][with_article] for key in keys))
        n = len(first)
        sums = _group_sums(cells.sums, with_article, group, n)
        floor = np.zeros(n, dtype=np.int64)
        np.maximum.at(floor, group, cells.employees[with_article])
        rows = with_article[first]
        parts.append(
            {
                "day": cells.keys["week"][rows],
                "filter_dim": np.full(n, names.code(f_dim)),
                "value": codes[cells.keys[f_key][rows]],
                "article_id": cells.keys["article"][rows],
                **_typed(sums),
                "employees": floor,
            }
        )
    return _concat(parts)


def _pair_sketches(
    cells: _Level,
    pairs: _Pairs,
    events: rollup_store.WindowEvents,
    names: Names,
    with_article: np.ndarray,
) -> list[dict[str, np.ndarray]]:
    """Member sets per ISO week of every (filter value, breakdown value): the reach of the
    one-filter views. Periods are whole weeks, so weeks are all a view needs."""
    labels = {"channel": events.channels, "region": events.regions, "unit": events.units}
    # Week-level first: the folds below then group far fewer (week, employee) pairs.
    segments = _fold(cells, pairs, np.arange(len(cells.employees)), ("week", *labels), False)
    articles = _fold(cells, pairs, with_article, ("week", "article", *labels), False)
    parts = []
    for f_dim, f_key in FILTER_KEYS:
        for by, by_key in (("article", "article"), *FILTER_KEYS):
            if by == f_dim:
                continue
            level = articles if by == "article" else segments
            folded = _fold(
                level,
                _as_pairs(level),
                np.arange(len(level.employees)),
                ("week", f_key, by_key),
                False,
            )
            n = len(folded.employees)
            f_values = np.array(labels[f_key], dtype=object)[folded.keys[f_key]]
            by_codes = folded.keys[by_key]
            by_values = (
                by_codes.astype(str)
                if by == "article"
                else np.array(labels[by_key], dtype=object)[by_codes]
            )
            keys = [f"{a}{PAIR_SEPARATOR}{b}" for a, b in zip(f_values, by_values, strict=True)]
            parts.append(
                {
                    "dim": np.full(n, names.code(pair_dim(f_dim, by))),
                    "day": folded.keys["week"],
                    "key": names.codes(keys),
                    "members": _level_blobs(folded),
                    "people": folded.employees,
                }
            )
    return parts


def _life_day(days: np.ndarray) -> np.ndarray:
    """The day of an article's set of all its people: 1970-01-01, whatever the day."""
    return np.zeros_like(days)


def _coarser_sets(dim: str) -> tuple[str, Callable[[np.ndarray], np.ndarray]] | None:
    """The sketch dimension that also keeps ``dim``'s sets over longer spans, and the day of
    each span: ISO weeks for the dimensions of WEEKLY_SETS, an article's whole life for its
    weeks. Articles have their weekly rows (with totals) as a dimension of their own."""
    if dim == ARTICLE_WEEK:
        return ARTICLE_LIFE, _life_day
    if dim in WEEKLY_SETS:
        return week_dim(dim), week_monday
    return None


def _dimension_rows(
    level: _Level,
    rows: np.ndarray,
    days: np.ndarray,
    keys: np.ndarray,
    span_of: Callable[[np.ndarray], np.ndarray] | None,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], dict[str, np.ndarray] | None]:
    """Per (day, key): the summed rows, the exact number of distinct employees of the whole day
    and value (within this batch) and their set; with ``span_of``, also the sets per (span of
    days, key), a span named by its first day."""
    if not len(rows):
        empty = np.zeros(0, dtype=np.int64)
        totals = {"day": empty, "key": empty, **_typed(np.zeros((0, len(SUMMED))))}
        members = np.zeros(0, dtype=object)
        sets = {"day": empty, "key": empty, "members": members, "people": empty}
        return {**totals, "employees": empty}, sets, sets if span_of else None
    group, first = group_rows(days, keys)
    by_group = np.argsort(group, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(group[by_group]) != 0])
    ordered = rows[by_group]
    owner, employee = _member_pairs(level, rows, group)
    bounds = np.searchsorted(owner, np.arange(len(first) + 1))
    totals = {
        "day": days[first],
        "key": keys[first],
        **_typed(np.add.reduceat(level.sums[ordered], starts, axis=0)),
        "employees": np.diff(bounds),
    }
    sets = {
        "day": totals["day"],
        "key": totals["key"],
        "members": serialize_sorted_sets(employee, bounds),
        "people": totals["employees"],
    }
    wider = _span_sets(totals["day"], totals["key"], owner, employee, span_of) if span_of else None
    return totals, sets, wider


def _span_sets(
    days: np.ndarray,
    keys: np.ndarray,
    owner: np.ndarray,
    employee: np.ndarray,
    span_of: Callable[[np.ndarray], np.ndarray],
) -> dict[str, np.ndarray]:
    """The sets per (span, key), folded from the day sets' distinct (day row, employee) pairs:
    fewer pairs to sort than the level rows behind them."""
    span, first = group_rows(span_of(days), keys)
    span_owner, span_employee = _distinct_pairs(span[owner], employee)
    bounds = np.searchsorted(span_owner, np.arange(len(first) + 1))
    return {
        "day": span_of(days[first]),
        "key": keys[first],
        "members": serialize_sorted_sets(span_employee, bounds),
        "people": np.diff(bounds),
    }


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
