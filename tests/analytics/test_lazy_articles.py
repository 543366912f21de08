"""Long article lists decide whether an article's conversions count only for the rows walked
through, and still come out in the order of the exact scores."""

from __future__ import annotations

from datetime import timedelta

from analytics_factories import add_events, roll
from sqlalchemy.orm import Session

from coffeemug.analytics import repository, service
from coffeemug.analytics.periods import resolve_period
from coffeemug.db import utcnow
from coffeemug.settings import Settings
from factories import make_article, make_employee


def _converting(session: Session, people, title: str, value: float, days: int, start) -> int:
    article = make_article(session, title)
    for day in range(days):
        person = people[day % len(people)]
        add_events(
            session,
            [person],
            "conversion_recorded",
            article.id,
            start + timedelta(days=day),
            value=value,
            properties={"kind": "meeting_booked"},
        )
    return article.id


def _last_two_weeks() -> tuple:
    """The period of the last 14 days up to yesterday, as the API resolves it (whole weeks)."""
    yesterday = utcnow().date() - timedelta(days=1)
    return resolve_period(yesterday - timedelta(days=13), yesterday)


def _lists(session: Session, settings: Settings, start, end) -> service.LazyArticles:
    ranking = repository.article_ranking(session, start, end)
    scorer = service.Scorer(*service.score_config(session, None))
    return service.LazyArticles(session, settings, start, end, ranking, scorer)


def test_conversions_are_decided_for_the_rows_walked_and_the_order_stays_exact(
    session: Session,
) -> None:
    settings = Settings()
    start, end = _last_two_weeks()
    readers = [make_employee(session) for _ in range(8)]
    # More read articles than the walk's first batch, ranked between the converting ones.
    for i in range(24):
        read = make_article(session, f"Read {i}")
        add_events(session, readers[: 5 + i % 4], "article_impressed", read.id, start)
    # Six conversions each, one a day: no day has k people, so only their sets tell.
    loyal = _converting(session, readers[:1], "One loyal converter", 1000.0, 6, start)
    broad = _converting(session, readers[:6], "Six converters", 1000.0, 6, start)
    small = _converting(session, readers[2:8], "Six small converters", 0.5, 6, start)
    roll(session)

    walked = _lists(session, settings, start, end)
    assert set(walked.gate.undecided) == {loyal, broad, small}
    first = next(iter(walked))
    assert small in walked.gate.undecided, "a row far down is not decided for the top row"

    decided = _lists(session, settings, start, end)
    decided._decide(list(range(len(decided.keys))))
    assert not decided.gate.undecided
    assert [g.key for g in _lists(session, settings, start, end)] == [g.key for g in decided]
    assert [g.key for g in reversed(_lists(session, settings, start, end))] == [
        g.key for g in reversed(decided)
    ]
    assert first.key == next(iter(decided)).key == broad
    assert next(reversed(decided)).key == loyal
    rows = {g.key: g for g in decided}
    assert rows[loyal].conversions_withheld and not rows[broad].conversions_withheld
    assert rows[broad].extra["score"] > rows[loyal].extra["score"]


def test_fewer_conversions_than_k_are_left_out_without_reading_converters(
    session: Session,
) -> None:
    settings = Settings()
    start, end = _last_two_weeks()
    people = [make_employee(session) for _ in range(6)]
    few = _converting(session, people[:3], "Three conversions", 400.0, 3, start)
    many = _converting(session, people, "Six conversions", 100.0, 6, start)
    roll(session)

    walked = _lists(session, settings, start, end)
    # From the ranking's sums alone: three conversions are fewer than k converters.
    assert walked.gate.withheld_value == {few: 1200.0}
    assert walked.gate.undecided == {many: 600.0}
    rows = {g.key: g for g in walked}
    assert rows[few].conversions_withheld and not rows[many].conversions_withheld
    assert not walked.gate.undecided
