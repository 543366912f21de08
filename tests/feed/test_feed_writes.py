"""What one feed request writes: the profile is read without a lock and saved only if nobody
changed it meanwhile (else learned again), and an article deleted while a worker still has it
cached never breaks the request."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from coffeemug.events.models import Event
from coffeemug.events.schemas import EventCreate
from coffeemug.events.service import ingest_many
from coffeemug.feed import live, repository
from coffeemug.feed.models import DailyBudget, LearnedProfile
from coffeemug.feed.ranker import Profile
from coffeemug.feed.service import get_feed
from coffeemug.settings import Settings
from factories import make_article, make_employee, make_preferences


def _events_of(session: Session, employee_id: int) -> int:
    return session.scalar(
        select(func.count()).select_from(Event).where(Event.employee_id == employee_id)
    )


def _learned(session: Session, employee_id: int) -> tuple[Profile, int]:
    session.expire_all()
    row = session.get(LearnedProfile, employee_id)
    assert row is not None
    return Profile.from_dict(row.state), row.version


def test_a_profile_changed_during_the_request_is_learned_again(
    session: Session, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    live.clear()
    employee = make_employee(session)
    make_preferences(session, employee, languages=["en"])
    articles = [
        make_article(session, f"grid solar storage {i}", topics=["energy"]) for i in range(24)
    ]
    now = utcnow()
    get_feed(session, employee, now=now, settings=settings)  # the profile row exists from here
    read_state = repository.feed_state

    def read_then_race(*args, **kwargs):  # type: ignore[no-untyped-def]
        state = read_state(*args, **kwargs)
        # Another request learns from a like after this one has read the profile.
        like = EventCreate(
            id=uuid.uuid4(), type="article_liked", article_id=articles[0].id, occurred_at=now
        )
        ingest_many(session, [(employee, like)], now=now, settings=settings)
        return state

    record = repository.record_feed
    outcomes: list[bool] = []

    def recording(*args, **kwargs):  # type: ignore[no-untyped-def]
        outcomes.append(record(*args, **kwargs))
        return outcomes[-1]

    monkeypatch.setattr(repository, "feed_state", read_then_race)
    monkeypatch.setattr(repository, "record_feed", recording)
    feed = get_feed(session, employee, now=now + timedelta(minutes=1), settings=settings, more=True)
    assert feed.items
    assert outcomes == [False, True]  # refused for the stale version, then learned again
    profile, _ = _learned(session, employee.id)
    # Every stored event (the like and both feeds' impressions) was learned exactly once.
    assert profile.feedback_count == _events_of(session, employee.id)


def test_the_guard_writes_nothing_for_a_stale_version(session: Session) -> None:
    employee = make_employee(session)
    article = make_article(session, "wind turbine", topics=["energy"])
    now = utcnow()
    row = {
        "id": str(uuid.uuid4()),
        "type": "article_impressed",
        "employee_id": employee.id,
        "article_id": article.id,
        "channel": "intranet",
        "region": employee.region,
        "business_unit": employee.business_unit,
        "occurred_at": now,
        "ingested_at": now,
        "dwell_seconds": None,
        "value": None,
        "position": 0,
        "properties": {"request_id": "r"},
    }
    write = {
        "employee_id": employee.id,
        "state": Profile.empty().to_dict(),
        "events": [row],
        "deltas": {(article.id, "*"): (1.0, 0.0)},
        "day": now.date(),
        "shown": 1,
    }
    assert repository.record_feed(session, version=None, **write)
    assert not repository.record_feed(session, version=None, **write)  # created meanwhile
    assert not repository.record_feed(session, version=7, **write)
    assert _events_of(session, employee.id) == 1
    assert session.get(DailyBudget, (employee.id, now.date())).shown == 1
    _, version = _learned(session, employee.id)
    assert repository.record_feed(session, version=version, **{**write, "events": []})
    assert (
        session.scalar(select(DailyBudget.shown).where(DailyBudget.employee_id == employee.id)) == 2
    )


def test_an_article_deleted_while_cached_is_skipped(session: Session, settings: Settings) -> None:
    live.clear()
    employee = make_employee(session)
    make_preferences(session, employee, languages=["en"])
    gone = make_article(session, "solar park opens", topics=["energy"])
    kept = make_article(session, "battery storage grows", topics=["energy"])
    now = utcnow()
    live.live_articles(session, now)  # the worker caches both
    session.delete(gone)  # not the newest article: only the count would notice, and not yet
    session.flush()
    feed = get_feed(session, employee, now=now, settings=settings)
    shown = {i.article_id for i in feed.items}
    assert shown == {gone.id, kept.id}
    stored = set(session.scalars(select(Event.article_id).where(Event.employee_id == employee.id)))
    assert stored == shown - {gone.id}
