"""Batch ingestion learns exactly what ingesting the same events one by one learns."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from coffeemug.errors import Conflict
from coffeemug.events.models import Event, EventType
from coffeemug.events.schemas import EventCreate
from coffeemug.events.service import ingest_many
from coffeemug.feed.models import ArticleStats, LearnedProfile
from coffeemug.feed.ranker import Profile
from coffeemug.settings import Settings
from factories import event_payload, make_article, make_employee

KINDS = (
    "article_impressed",
    "article_opened",
    "article_read",
    "article_liked",
    "article_dismissed",
)


def _stats(session: Session, article_ids: list[int]) -> dict[tuple[int, str], tuple[float, float]]:
    rows = session.scalars(select(ArticleStats).where(ArticleStats.article_id.in_(article_ids)))
    return {(r.article_id, r.segment): (r.impressions, r.engagements) for r in rows}


def _profile(session: Session, employee_id: int) -> tuple[Profile, int]:
    row = session.get(LearnedProfile, employee_id)
    assert row is not None
    return Profile.from_dict(row.state), row.version


def test_one_batch_learns_what_single_events_learn(session: Session, settings: Settings) -> None:
    rng = random.Random(5)
    now = utcnow()
    # Two groups with the same segments, so their counters can be compared.
    bulk = [make_employee(session, region="France", business_unit="Mobility") for _ in range(3)]
    single = [make_employee(session, region="Spain", business_unit="Mobility") for _ in range(3)]
    articles = [make_article(session, f"Article {i}", topics=[f"t{i % 3}"]) for i in range(6)]
    plan = []
    for person in range(3):
        for step in range(8):
            kind = rng.choice(KINDS)
            at = now - timedelta(minutes=60 - step * 5 + rng.random())
            plan.append((person, rng.choice(articles).id, kind, at))

    def event(article_id: int, kind: str, at) -> EventCreate:  # type: ignore[no-untyped-def]
        extra = {"dwell_seconds": 40.0} if kind == "article_read" else {}
        return EventCreate.model_validate(event_payload(kind, article_id, occurred_at=at, **extra))

    items = [(bulk[p], event(a, k, at)) for p, a, k, at in plan]
    results = ingest_many(session, items, now=now, settings=settings)
    assert [r.status for r in results] == ["stored"] * len(plan)
    for p, a, k, at in plan:
        ingest_many(session, [(single[p], event(a, k, at))], now=now, settings=settings)

    stats = _stats(session, [a.id for a in articles])
    for (article_id, segment), value in stats.items():
        if segment == "region:France":
            assert stats[(article_id, "region:Spain")] == pytest.approx(value)
    assert sum(v[0] for k, v in stats.items() if k[1] == "region:France") == sum(
        1 for _, _, k, _ in plan if k == "article_impressed"
    )
    for person in range(3):
        at_once, version = _profile(session, bulk[person].id)
        one_by_one, single_version = _profile(session, single[person].id)
        # One locked read-modify-write per batch, one per single-event request.
        assert version == 1 and single_version == 8
        assert at_once.feedback_count == 8
        assert at_once.to_dict() == one_by_one.to_dict()


def test_retried_batch_learns_nothing_twice(session: Session, settings: Settings) -> None:
    now = utcnow()
    people = [make_employee(session) for _ in range(4)]
    article = make_article(session, topics=["energy"])
    items = [
        (person, EventCreate.model_validate(event_payload(kind, article.id, occurred_at=now)))
        for person in people
        for kind in ("article_impressed", "article_liked")
    ]
    ingest_many(session, items, now=now, settings=settings)
    before = _stats(session, [article.id]), [_profile(session, p.id)[1] for p in people]
    results = ingest_many(session, items, now=now, settings=settings)
    assert {r.status for r in results} == {"duplicate"}
    session.expire_all()
    after = _stats(session, [article.id]), [_profile(session, p.id)[1] for p in people]
    assert after == before
    assert before[0][(article.id, "*")][0] == 4.0


def test_batch_mixing_stored_and_new_events_learns_the_new_ones_once(
    session: Session, settings: Settings
) -> None:
    now = utcnow()
    person = make_employee(session)
    article = make_article(session, topics=["energy"])

    def payload(kind: str) -> EventCreate:
        return EventCreate.model_validate(event_payload(kind, article.id, occurred_at=now))

    first = [(person, payload("article_impressed"))]
    ingest_many(session, first, now=now, settings=settings)
    _, version = _profile(session, person.id)
    # The stored id makes the optimistic insert fail; the batch is sorted out and stored once.
    results = ingest_many(session, [*first, (person, payload("article_liked"))], settings=settings)
    assert [r.status for r in results] == ["duplicate", "stored"]
    session.expire_all()
    learned, after = _profile(session, person.id)
    assert after == version + 1
    assert learned.feedback_count == 2
    impressions, engagements = _stats(session, [article.id])[(article.id, "*")]
    assert impressions == 1.0 and engagements > 0


def test_batch_reusing_a_stored_id_for_other_content_stores_nothing(
    session: Session, settings: Settings
) -> None:
    now = utcnow()
    person = make_employee(session)
    article = make_article(session)
    liked = EventCreate.model_validate(event_payload("article_liked", article.id, occurred_at=now))
    ingest_many(session, [(person, liked)], now=now, settings=settings)
    clash = liked.model_copy(update={"type": EventType.article_dismissed})
    fresh = EventCreate.model_validate(event_payload("article_opened", article.id, occurred_at=now))
    with pytest.raises(Conflict) as raised:
        ingest_many(session, [(person, fresh), (person, clash)], now=now, settings=settings)
    assert raised.value.to_dict()["items"][0]["index"] == 1
    assert session.get(Event, str(fresh.id)) is None
