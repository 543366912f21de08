"""Moderation analytics per team: time to first response (p50, p90) and the share of criticism
answered; the sentiment of follow-ups after a reply; volume and sentiment by topic and day.

No figure is ever about one moderator: a team's row is shown only when at least k different
people answered in it (and, as elsewhere, complementary suppression keeps the rest from giving
a hidden row away). Volume by topic and day is shown only for at least k different authors."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from coffeemug.analytics.privacy import Crowd, suppress_partition, suppress_table
from coffeemug.listening import repository
from coffeemug.settings import Settings

NO_TEAM = "newsroom"


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[dict[str, Any]]


def _percentile(values: list[float], q: float) -> float | None:
    return round(float(np.percentile(values, q)), 2) if values else None


def team_table(session: Session, settings: Settings, start: datetime, end: datetime) -> Table:
    rows = repository.team_rows(session, start, end)
    hours: dict[str, list[float]] = defaultdict(list)
    criticism: dict[str, list[bool]] = defaultdict(list)
    people: dict[str, set[int]] = defaultdict(set)
    for team, posted_at, first_response_at, is_criticism, answered, replier in rows:
        key = team or NO_TEAM
        if first_response_at is not None:
            hours[key].append((first_response_at - posted_at).total_seconds() / 3600)
        if is_criticism:
            criticism[key].append(bool(answered))
        if replier is not None:
            people[key].add(int(replier))
    # A row per team that answered; unassigned items that nobody answered make no team's row.
    teams = sorted(t for t in set(hours) | set(criticism) if people[t])
    crowds = {t: Crowd.of(people[t]) for t in teams}
    hidden = suppress_partition(teams, crowds, lambda t: len(hours[t]), settings.privacy_k)
    out = []
    for team in teams:
        if team in hidden:
            out.append({"team": team, "suppressed": True})
            continue
        answered = criticism[team]
        out.append(
            {
                "team": team,
                "responses": len(hours[team]),
                "first_response_p50_hours": _percentile(hours[team], 50),
                "first_response_p90_hours": _percentile(hours[team], 90),
                "criticism_answered_share": round(sum(answered) / len(answered), 4)
                if answered
                else None,
                "suppressed": False,
            }
        )
    columns = ["team", "responses", "first_response_p50_hours", "first_response_p90_hours",
               "criticism_answered_share", "suppressed"]  # fmt: skip
    return Table(columns, out)


def topic_table(session: Session, settings: Settings, start: datetime, end: datetime) -> Table:
    """Items and their negative share per topic and day, for at least k different authors;
    a day's or a topic's other cells are hidden too where the hidden ones together have fewer
    than k authors (their totals could be subtracted, as in every two-way table)."""
    cells: dict[tuple[str, date], list[Any]] = {}
    authors: dict[Any, int] = {}  # each author's number in this table, for exact unions
    for topic, posted_at, sentiment, author in repository.topic_rows(session, start, end):
        cell = cells.setdefault((topic or "-", posted_at.date()), [0, 0, set()])
        cell[0] += 1
        cell[1] += sentiment == "negative"
        cell[2].add(authors.setdefault(author, len(authors)))
    crowds = {key: Crowd.of(cell[2]) for key, cell in cells.items()}
    hidden = suppress_table(crowds, lambda key: cells[key][0], settings.privacy_k)
    rows = []
    for (topic, day), (n, negative, _) in sorted(cells.items()):
        if (topic, day) in hidden:
            rows.append({"topic": topic, "day": day.isoformat(), "suppressed": True})
            continue
        rows.append(
            {"topic": topic, "day": day.isoformat(), "items": n,
             "negative_share": round(negative / n, 4), "suppressed": False}
        )  # fmt: skip
    return Table(["topic", "day", "items", "negative_share", "suppressed"], rows)


def follow_up_table(session: Session, settings: Settings, start: datetime, end: datetime) -> Table:
    """Negative share of items in a thread in the 24 hours before and after its first reply."""
    window = timedelta(hours=24)
    before = [0, 0]
    after = [0, 0]
    for thread_id, replied_at in repository.first_replies_per_thread(session, start, end):
        for posted_at, sentiment in repository.thread_items(
            session, thread_id, replied_at - window, replied_at + window
        ):
            side = after if posted_at >= replied_at else before
            side[0] += 1
            side[1] += sentiment == "negative"
    row = {
        "items_before": before[0],
        "negative_share_before": round(before[1] / before[0], 4) if before[0] else None,
        "items_after": after[0],
        "negative_share_after": round(after[1] / after[0], 4) if after[0] else None,
    }
    if min(before[0], after[0]) < settings.privacy_k:
        row = {key: None for key in row} | {"suppressed": True}
    else:
        row["suppressed"] = False
    return Table([*row], [row])


def _bounds(first: date, last: date) -> tuple[datetime, datetime]:
    start = datetime.combine(first, time.min, tzinfo=UTC)
    return start, datetime.combine(last + timedelta(days=1), time.min, tzinfo=UTC)


def _by_days(table: Any) -> Any:
    def run(session: Session, settings: Settings, first: date, last: date) -> Table:
        return table(session, settings, *_bounds(first, last))

    return run


TABLES = {
    "teams": _by_days(team_table),
    "topics": _by_days(topic_table),
    "follow-ups": _by_days(follow_up_table),
}
