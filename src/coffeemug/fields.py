"""Shared constrained types: what the edge accepts always fits the database and every later step.

Every schema, path, query and form parameter takes its ids, numbers, times and texts from here,
so that nothing reaches SQL that the column cannot hold (an INTEGER id of 3,000,000,000, a NUL
character PostgreSQL refuses in text, a time of year 1 that no longer converts to UTC, an
infinite amount that turns every sum into a 500). A value outside these ranges is refused with
422 naming the field, before any database work.

    from coffeemug.fields import DbId, Text, Timestamp

    class ThingCreate(BaseModel):
        name: Text(120, min_length=1, strip=True)
        owner_id: DbId
        happened_at: Timestamp
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from typing import Annotated, Any

from annotated_types import Ge, Le
from pydantic import AfterValidator, AllowInfNan, AwareDatetime, Field, StringConstraints

# ------------------------------------------------------------------ integers

# INTEGER columns (ids, counts) hold 32 bits on PostgreSQL.
INT32_MAX = 2**31 - 1

# Constraints as annotated-types markers rather than Field(): FastAPI puts its own Field (Path,
# Query, Form) around a parameter's type, and the two would clash.
DbId = Annotated[int, Ge(1), Le(INT32_MAX)]
"""A primary key or a reference to one (article, campaign, score version, ...)."""

Count = Annotated[int, Ge(0), Le(INT32_MAX)]
"""A non-negative count or offset."""

# ------------------------------------------------------------------ numbers

# Amounts in EUR: a billion per conversion or effort is far beyond any real one, and a billion
# billion still sums exactly enough in a double.
MAX_AMOUNT = 1e9
# Scores and other unit-free figures a client reports (e.g. the ranker's score of an impression).
MAX_FIGURE = 1e9

Amount = Annotated[float, Ge(0), Le(MAX_AMOUNT), AllowInfNan(False)]
"""Money or hours: finite, 0 up to a billion."""

Figure = Annotated[float, Ge(-MAX_FIGURE), Le(MAX_FIGURE), AllowInfNan(False)]
"""A finite number of sane size."""


def finite(value: float | None) -> float | None:
    """``value`` if it is a finite number, else None (for figures read back from storage)."""
    return value if value is None or math.isfinite(value) else None


# ------------------------------------------------------------------ times

# A newsroom's events, articles and periods lie in this range; outside it a time is a typo or an
# attack (year 1 overflows when converted to UTC, 9999-12-31 when a week is added to it).
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)


def _in_range(value: datetime) -> datetime:
    # The year check first: converting year 1 or 9999 with an offset to UTC overflows.
    if not EARLIEST.year <= value.year < LATEST.year or not (
        EARLIEST <= value.astimezone(UTC) < LATEST
    ):
        raise ValueError(f"must lie between {EARLIEST.date()} and {LATEST.date()} (UTC)")
    return value


def _day_in_range(value: date) -> date:
    if not EARLIEST.date() <= value < LATEST.date():
        raise ValueError(f"must lie between {EARLIEST.date()} and {LATEST.date()}")
    return value


Timestamp = Annotated[AwareDatetime, AfterValidator(_in_range)]
"""A point in time with its time zone, between 1970 and 2100."""

Day = Annotated[date, AfterValidator(_day_in_range)]
"""A calendar day between 1970 and 2100."""

# ------------------------------------------------------------------ text

NO_NUL_PATTERN = "^[^\\x00]*$"


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text, or None if it can."""
    if "\x00" in value:
        return "must not contain NUL characters"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "must be valid Unicode (no lone surrogates)"
    return None


def is_clean(value: str) -> bool:
    return text_problem(value) is None


def _clean(value: str) -> str:
    problem = text_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def Text(  # named like a type: used as one, ``name: Text(120)``
    max_length: int, *, min_length: int = 0, strip: bool = False, pattern: str | None = None
) -> Any:
    """Text a column of ``max_length`` characters holds: valid Unicode, no NUL characters."""
    return Annotated[
        str,
        StringConstraints(
            strip_whitespace=strip, min_length=min_length, max_length=max_length, pattern=pattern
        ),
        AfterValidator(_clean),
        Field(json_schema_extra={"pattern": pattern or NO_NUL_PATTERN}),
    ]


# A short category a client names, e.g. a conversion kind: starts with a letter or digit (so it
# can never be read as a spreadsheet formula) and holds letters, digits, space, '_', '.', '-'.
LABEL_PATTERN = r"^[^\W_][\w .-]*$"
Label = Text(32, min_length=1, pattern=LABEL_PATTERN)
"""A short category name (32 characters at most)."""
