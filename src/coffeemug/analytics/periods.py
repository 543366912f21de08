"""The periods analytics answers for: whole ISO weeks, Monday to Sunday.

Two overlapping periods that differ by a single day would let anyone subtract one group total
from the other and read that day alone, which may be fewer than k people. Snapping every period
outward to whole weeks means such differences are whole weeks at the least (docs/privacy.md).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from coffeemug.errors import BadRequest

DEFAULT_PERIOD_DAYS = 30
WEEK_DAYS = 7
# Two years and the partial weeks at either end: enough for year-on-year, and bounded.
MAX_PERIOD_WEEKS = 106


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_end(day: date) -> date:
    return week_start(day) + timedelta(days=WEEK_DAYS - 1)


def resolve_period(
    start: date | None, end: date | None, today: date | None = None
) -> tuple[date, date]:
    """The inclusive period to answer for: the weeks from ``start`` to ``end``.

    Defaults to the weeks covering the last 30 days (the current week included).
    """
    end = end or today or datetime.now(UTC).date()
    start = start or end - timedelta(days=DEFAULT_PERIOD_DAYS - 1)
    if start > end:
        raise BadRequest(f"start ({start}) is after end ({end})")
    start, end = week_start(start), week_end(end)
    if (end - start).days + 1 > MAX_PERIOD_WEEKS * WEEK_DAYS:
        raise BadRequest(f"period longer than {MAX_PERIOD_WEEKS} weeks: narrow start/end")
    return start, end
