"""Analytics periods are whole weeks, so no two periods differ by a single day."""

from __future__ import annotations

from datetime import date

import pytest

from coffeemug.analytics.periods import MAX_PERIOD_WEEKS, resolve_period
from coffeemug.errors import BadRequest

# 2026-11-27 is a Friday.
FRIDAY = date(2026, 11, 27)


def test_a_period_snaps_outward_to_mondays_and_sundays() -> None:
    assert resolve_period(date(2026, 11, 4), date(2026, 11, 18)) == (
        date(2026, 11, 2),
        date(2026, 11, 22),
    )
    # Already whole weeks stay as they are.
    assert resolve_period(date(2026, 11, 2), date(2026, 11, 8)) == (
        date(2026, 11, 2),
        date(2026, 11, 8),
    )


def test_periods_one_day_apart_give_the_same_weeks() -> None:
    assert resolve_period(date(2026, 11, 3), FRIDAY) == resolve_period(date(2026, 11, 4), FRIDAY)
    assert resolve_period(date(2026, 11, 2), date(2026, 11, 26)) == resolve_period(
        date(2026, 11, 2), FRIDAY
    )


def test_the_default_covers_the_last_30_days_in_whole_weeks() -> None:
    start, end = resolve_period(None, None, today=FRIDAY)
    assert (start, end) == (date(2026, 10, 26), date(2026, 11, 29))
    assert start.weekday() == 0 and end.weekday() == 6


def test_bad_periods_are_refused_with_the_reason() -> None:
    with pytest.raises(BadRequest, match="after end"):
        resolve_period(date(2026, 11, 20), date(2026, 11, 10))
    with pytest.raises(BadRequest, match=f"longer than {MAX_PERIOD_WEEKS} weeks"):
        resolve_period(date(2023, 1, 1), FRIDAY)
    # Two years fit.
    resolve_period(date(2024, 11, 27), FRIDAY)
