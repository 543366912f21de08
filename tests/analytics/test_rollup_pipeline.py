"""The rollup writes each part of a batch while the next is computed in a thread: errors on
either side end both, and a part that fails while computed ahead is handled like any other
failure (its rows are found and set aside)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import closing
from datetime import timedelta

import pytest
from analytics_factories import add_events, roll
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coffeemug.analytics import quarantine
from coffeemug.analytics.models import ArticleLife, SegmentDay
from coffeemug.analytics.rollup import job as rollup_job
from coffeemug.analytics.rollup.job import _computed_ahead
from coffeemug.db import utcnow
from factories import make_article, make_employee


def _workers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "rollup-aggregate"]


def test_items_come_in_order_and_the_thread_ends() -> None:
    with closing(_computed_ahead(iter(range(50)))) as items:
        assert list(items) == list(range(50))
    assert _workers() == []


def test_a_failure_while_computing_reaches_the_caller() -> None:
    def parts() -> Iterator[int]:
        yield 1
        raise ValueError("part two cannot be made")

    seen = []
    with pytest.raises(ValueError, match="part two"), closing(_computed_ahead(parts())) as items:
        for item in items:
            seen.append(item)
    assert seen == [1]
    assert _workers() == []


def test_a_failure_while_writing_stops_the_computing() -> None:
    made = []
    first_taken = threading.Event()

    def parts() -> Iterator[int]:
        for i in range(100):
            made.append(i)
            yield i
            # The caller fails on the first item; wait for it so that the stop can be seen.
            first_taken.wait(timeout=5)

    with pytest.raises(RuntimeError), closing(_computed_ahead(parts())) as items:
        for _ in items:
            first_taken.set()
            raise RuntimeError("the database refused the part")
    # The thread has ended, after the item it was on: at most one more was made.
    assert _workers() == []
    assert len(made) <= 2


def test_a_part_failing_in_the_thread_is_set_aside_like_any_other(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = make_employee(session)
    articles = [make_article(session) for _ in range(3)]
    day = utcnow().date() - timedelta(days=1)
    for article in articles:
        add_events(session, [reader], "article_opened", article.id, day)
    poisoned = articles[1].id
    aggregate = rollup_job.aggregate

    def fails_after_the_first_part(events, campaigns, topics):  # type: ignore[no-untyped-def]
        parts = aggregate(events, campaigns, topics)
        yield next(parts)  # the segment days: written before the failure below
        if poisoned in events.article.tolist():
            raise ValueError("a row no rule foresaw")
        yield from parts

    monkeypatch.setattr(rollup_job, "aggregate", fails_after_the_first_part)
    assert roll(session) == 2
    assert quarantine.summary(session) == [("could not be rolled up (ValueError)", 1)]
    # The failed windows' segment days were rolled back with them: each event once or not at
    # all (the three share one segment day).
    assert session.scalar(select(func.sum(SegmentDay.events))) == 2
    lives = {row.key: row.events for row in session.scalars(select(ArticleLife))}
    assert lives == {str(articles[0].id): 1, str(articles[2].id): 1}
    assert _workers() == []
