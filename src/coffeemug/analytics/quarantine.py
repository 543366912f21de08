"""Events the rollup cannot process are set aside, counted and shown, never a stop for everyone.

The edge refuses what does not fit (coffeemug.fields), but a database may hold rows stored
before a rule existed, or written by hand. Before each window is rolled up, ``screen`` moves the
rows that break a known rule into ``analytics_quarantine`` (a time outside 1970-2100, a
conversion kind with a NUL character or longer than its column, an amount or reading time that
is not a finite number in range). Every read of the rollup skips them (``NOT_SET_ASIDE``).

Should a window still fail for a reason no rule knows, ``isolate`` finds the rows responsible
by trying halves of the window inside savepoints and sets them aside too; a failure that is not
about rows at all (the database is gone) is raised as before. The raw events stay where they
are: nothing is deleted, and ``coffeemug analytics status`` lists what was set aside and why.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, bindparam, func, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from coffeemug.db import Base, UTCDateTime, is_postgres, utcnow
from coffeemug.events.catalogue import CONVERSION
from coffeemug.fields import EARLIEST, LATEST, MAX_AMOUNT


class QuarantinedEvent(Base):
    """An event the rollup leaves out, with the reason."""

    __tablename__ = "analytics_quarantine"

    # Removed with its event when the retention period deletes that.
    event_id: Mapped[str] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    reason: Mapped[str] = mapped_column(String(200))
    ingested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    quarantined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# For the rollup's reads of ``events``: leave out what was set aside.
NOT_SET_ASIDE = "NOT EXISTS (SELECT 1 FROM analytics_quarantine AS q WHERE q.event_id = events.id)"
# The window's events the rollup reads: ingested in (low, high], and not set aside.
WINDOW = f"ingested_at > :low AND ingested_at <= :high AND {NOT_SET_ASIDE}"
# The conversion kind's column (analytics_conversion_rollups.kind) holds this many characters.
KIND_LENGTH = 32
MAX_DWELL = 86_400.0

REASONS = {
    "time": "occurred_at outside 1970-2100",
    "kind_nul": "conversion kind contains a NUL character",
    "kind_long": f"conversion kind longer than {KIND_LENGTH} characters",
    "kind_json": "properties are not valid JSON",
    "value": f"conversion value not a number from 0 to {MAX_AMOUNT:g}",
    "dwell": f"dwell_seconds not a number from 0 to {MAX_DWELL:g}",
}


def _rules(session: Session) -> str:
    """A CASE naming the first rule a row breaks, NULL if none. Each test is safe to evaluate
    on any stored row: PostgreSQL cannot even extract a kind holding an escaped NUL, so that
    is tested on the JSON text first (CASE evaluates its branches in order)."""
    conversion = f"type = '{CONVERSION}'"
    # JSON text escapes a NUL character as \u0000 (both backends keep the text as written).
    if is_postgres(session):
        kind = "(properties ->> 'kind')"
        nul = f"{conversion} AND strpos(CAST(properties AS TEXT), :nul) > 0"
        invalid_json = "FALSE"  # the json type refuses invalid JSON on insert
    else:
        kind = "json_extract(properties, '$.kind')"
        nul = f"{conversion} AND instr(properties, :nul) > 0"
        invalid_json = "json_valid(properties) = 0"
    value_ok = "value >= 0 AND value <= :max_value"
    dwell_ok = "dwell_seconds >= 0 AND dwell_seconds <= :max_dwell"
    branches = (
        ("time", "occurred_at < :earliest OR occurred_at >= :latest"),
        ("kind_json", invalid_json),
        ("kind_nul", nul),
        ("kind_long", f"{conversion} AND length({kind}) > {KIND_LENGTH}"),
        # PostgreSQL orders NaN above every number, so NaN fails "<= max" as infinity does.
        ("value", f"{conversion} AND value IS NOT NULL AND NOT ({value_ok})"),
        ("dwell", f"dwell_seconds IS NOT NULL AND NOT ({dwell_ok})"),
    )
    whens = " ".join(f"WHEN {test} THEN '{REASONS[key]}'" for key, test in branches)
    return f"CASE {whens} END"


def _window_params() -> list[Any]:
    return [
        bindparam("low", type_=UTCDateTime()),
        bindparam("high", type_=UTCDateTime()),
        bindparam("now", type_=UTCDateTime()),
        bindparam("earliest", type_=UTCDateTime()),
        bindparam("latest", type_=UTCDateTime()),
    ]


def screen(session: Session, low: datetime, high: datetime) -> int:
    """Set aside the window's rows that break a known rule; returns how many."""
    sql = f"""
        INSERT INTO analytics_quarantine (event_id, reason, ingested_at, quarantined_at)
        SELECT id, reason, ingested_at, :now FROM (
            SELECT id, ingested_at, {_rules(session)} AS reason FROM events WHERE {WINDOW}
        ) AS checked
        WHERE reason IS NOT NULL"""
    params: dict[str, Any] = {
        "low": low,
        "high": high,
        "now": utcnow(),
        "earliest": EARLIEST,
        "latest": LATEST,
        "max_value": MAX_AMOUNT,
        "max_dwell": MAX_DWELL,
        "nul": "\\u0000",
    }
    result = session.execute(text(sql).bindparams(*_window_params()), params)
    return int(result.rowcount or 0)


def set_aside(session: Session, event_ids: Sequence[str], reason: str) -> None:
    """Quarantine these events with ``reason`` (ids already set aside are left as they are)."""
    if not event_ids:
        return
    sql = f"""
        INSERT INTO analytics_quarantine (event_id, reason, ingested_at, quarantined_at)
        SELECT id, :reason, ingested_at, :now FROM events
        WHERE id IN :ids AND {NOT_SET_ASIDE}"""
    statement = text(sql).bindparams(
        bindparam("ids", expanding=True), bindparam("now", type_=UTCDateTime())
    )
    for start in range(0, len(event_ids), 500):
        chunk = list(event_ids[start : start + 500])
        session.execute(statement, {"ids": chunk, "reason": reason[:200], "now": utcnow()})


def window_ids(session: Session, low: datetime, high: datetime) -> list[str]:
    """The ids of the window's events not set aside, in a stable order."""
    sql = f"SELECT id FROM events WHERE {WINDOW} ORDER BY id"
    rows = session.execute(
        text(sql).bindparams(
            bindparam("low", type_=UTCDateTime()), bindparam("high", type_=UTCDateTime())
        ),
        {"low": low, "high": high},
    )
    return [row[0] for row in rows]


def isolate(
    session: Session, low: datetime, high: datetime, roll: Callable[[], object]
) -> list[str] | None:
    """The events of the window that make ``roll`` fail, found by trying subsets in savepoints
    (the others set aside for the try, then undone). None if it fails without any of them:
    then the failure is not about rows."""
    ids = window_ids(session, low, high)

    def fails(subset: Sequence[str]) -> bool:
        keep = set(subset)
        savepoint = session.begin_nested()
        try:
            set_aside(session, [i for i in ids if i not in keep], "trial")
            roll()
            return False
        except Exception:
            return True
        finally:
            savepoint.rollback()

    if fails([]):
        return None
    found: list[str] = []

    def search(subset: Sequence[str]) -> None:
        if len(subset) == 1:
            found.extend(subset)
            return
        halves = (subset[: len(subset) // 2], subset[len(subset) // 2 :])
        failing = [half for half in halves if fails(half)]
        if not failing:
            found.extend(subset)  # only together they fail: they go aside together
        for half in failing:
            search(half)

    search(ids)
    return found


def summary(session: Session) -> list[tuple[str, int]]:
    """How many events are set aside, per reason (most first)."""
    rows = session.execute(
        select(QuarantinedEvent.reason, func.count())
        .group_by(QuarantinedEvent.reason)
        .order_by(func.count().desc(), QuarantinedEvent.reason)
    ).all()
    return [(reason, int(count)) for reason, count in rows]
