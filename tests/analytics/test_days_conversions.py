"""Days in the reporting time zone, and conversions decided on the exact converters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from analytics_factories import add_events
from sqlalchemy import select
from sqlalchemy.orm import Session

from coffeemug.analytics import service
from coffeemug.analytics.models import DimensionDay
from coffeemug.analytics.periods import resolve_period
from coffeemug.analytics.rollup import rebuild, run_rollup
from coffeemug.analytics.rollup.store import local_days
from coffeemug.db import utcnow
from coffeemug.settings import Settings
from factories import make_article, make_employee, new_event


def _late_evening(session: Session) -> datetime:
    """Two events at 23:30 UTC on a winter day: 00:30 the next day in Berlin."""
    people = [make_employee(session) for _ in range(2)]
    article = make_article(session)
    moment = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    session.add_all(
        new_event(p, "article_opened", article.id, occurred_at=moment, ingested_at=utcnow())
        for p in people
    )
    session.flush()
    return moment


@pytest.mark.parametrize(
    ("zone", "day"), [("Europe/Berlin", 1), ("UTC", 0), ("America/New_York", 0)]
)
def test_events_count_on_their_day_in_the_reporting_time_zone(
    session: Session, zone: str, day: int
) -> None:
    moment = _late_evening(session)
    run_rollup(session, until=utcnow() + timedelta(seconds=1), time_zone=zone)
    row = session.scalars(select(DimensionDay).where(DimensionDay.dim == "all")).one()
    assert row.day == moment.date() + timedelta(days=day)
    assert row.opens == 2


def test_a_rebuild_moves_days_to_a_new_time_zone(session: Session) -> None:
    moment = _late_evening(session)
    run_rollup(session, until=utcnow() + timedelta(seconds=1), time_zone="UTC")
    rebuild(session, until=utcnow() + timedelta(seconds=1), time_zone="Europe/Berlin")
    session.expire_all()
    rows = session.scalars(select(DimensionDay).where(DimensionDay.dim == "all")).all()
    assert [(row.day, row.opens) for row in rows] == [(moment.date() + timedelta(days=1), 2)]


def test_local_days_follow_daylight_saving_time() -> None:
    summer = datetime(2026, 7, 1, 22, 30, tzinfo=UTC).timestamp()  # 00:30 CEST, 2 July
    winter = datetime(2026, 1, 1, 22, 30, tzinfo=UTC).timestamp()  # 23:30 CET, 1 January
    days = local_days(np.array([summer, winter], dtype=np.int64), "Europe/Berlin")
    epoch = datetime(1970, 1, 1, tzinfo=UTC).date()
    assert [epoch + timedelta(days=int(d)) for d in days] == [
        datetime(2026, 7, 2).date(),
        datetime(2026, 1, 1).date(),
    ]


def test_the_company_time_zone_is_the_default() -> None:
    assert Settings(default_time_zone="Europe/Berlin").reporting_time_zone == "Europe/Berlin"
    assert Settings(analytics_time_zone="Asia/Tokyo").reporting_time_zone == "Asia/Tokyo"
    with pytest.raises(ValueError):
        Settings(analytics_time_zone="Mars/Olympus")


def test_conversions_by_kind_count_people_not_cells(session: Session) -> None:
    """Six people converting on different days and articles: each cell has one or two, the
    kind has six, so the kind is shown with its exact count."""
    today = utcnow().date()
    start, end = resolve_period(today - timedelta(days=13), today)
    people = [make_employee(session) for _ in range(6)]
    articles = [make_article(session) for _ in range(3)]
    for i, person in enumerate(people):
        add_events(
            session,
            [person],
            "conversion_recorded",
            articles[i % 3].id,
            start + timedelta(days=i),
            value=100.0,
            properties={"kind": "meeting_booked"},
        )
    add_events(
        session,
        people[:2],
        "conversion_recorded",
        articles[0].id,
        start + timedelta(days=1),
        value=50.0,
        properties={"kind": "form_submitted"},
    )
    # Hiding two people's kind needs a complement: the smallest other kind goes with it.
    add_events(
        session,
        [make_employee(session) for _ in range(5)],
        "conversion_recorded",
        articles[1].id,
        start + timedelta(days=2),
        value=10.0,
        properties={"kind": "ticket_registered"},
    )
    run_rollup(session, until=utcnow() - timedelta(minutes=1))
    table = service.conversions_table(session, Settings(), start, end, "en")
    rows = {row["kind"]: row for row in table.rows}
    assert rows["meeting_booked"]["conversions"] == 6
    assert rows["meeting_booked"]["conversion_value"] == 600.0
    # Two people: hidden, and never named (nor its complement).
    assert "form_submitted" not in rows and "ticket_registered" not in rows
    assert rows[None]["suppressed"] is True
