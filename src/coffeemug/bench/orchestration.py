"""How fast the planning pages answer on a seeded newsroom: campaign reports, the calendar's
week and month, and iCalendar feeds, each through the same services the routes call."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from coffeemug.db import session_scope
from coffeemug.orchestration import calendar, feeds, service
from coffeemug.orchestration.models import FeedScope
from coffeemug.orchestration.repository import editors
from coffeemug.settings import Settings


@dataclass
class Timing:
    name: str
    median_ms: float
    p95_ms: float
    runs: int


@dataclass
class Result:
    campaigns: int
    timings: list[Timing] = field(default_factory=list)


def _time(name: str, repeat: int, work: Callable[[], object]) -> Timing:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return Timing(name, round(statistics.median(times), 1), round(p95, 1), repeat)


def run(settings: Settings, repeat: int) -> Result:
    """Time each planning read ``repeat`` times on the database of ``settings`` (read only:
    the feed tokens it needs are rolled back)."""
    with session_scope(settings.database_url) as session:
        campaigns = service.list_campaigns(session)
        result = Result(campaigns=len(campaigns))
        zone = ZoneInfo(settings.default_time_zone)
        today = datetime.now(zone).date()
        for view in ("week", "month"):
            start, end = calendar.period(view, today)
            result.timings.append(
                _time(
                    f"calendar {view}",
                    repeat,
                    lambda s=start, e=end: calendar.build(session, s, e, zone),
                )
            )
        for campaign in campaigns:
            result.timings.append(
                _time(
                    f"campaign report: {campaign.name}",
                    repeat,
                    lambda c=campaign.id: service.campaign_report(session, settings, c),
                )
            )
        owner = next(iter(editors(session)), None)
        if owner is not None:
            person = feeds.create_token(session, owner, FeedScope.person, "", zone)
            result.timings.append(
                _time(
                    "iCalendar feed (person)",
                    repeat,
                    lambda: feeds.feed(session, person.token, datetime.now(UTC)),
                )
            )
            if campaigns:
                token = feeds.create_token(
                    session, owner, FeedScope.campaign, str(campaigns[0].id), zone
                )
                result.timings.append(
                    _time(
                        "iCalendar feed (campaign)",
                        repeat,
                        lambda: feeds.feed(session, token.token, datetime.now(UTC)),
                    )
                )
        session.rollback()
    return result
