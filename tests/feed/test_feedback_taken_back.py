"""Feedback can be taken back: a like withdrawn is not a like, a save removed leaves Saved,
an undone "Not interested" brings the article back, and "less of this topic" names one."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from coffeemug.feed.models import LearnedProfile
from coffeemug.feed.ranker import Feedback, FeedbackKind, Profile, Ranker
from factories import event_payload, identity, make_article, make_employee, make_preferences


def _send(client: TestClient, employee, kind: str, article_id: int, **extra: object) -> None:  # type: ignore[no-untyped-def]
    payload = event_payload(kind, article_id, **extra)
    sent = client.post("/api/events", json=payload, headers=identity(employee))
    assert sent.status_code == 201, sent.text


def _profile(session: Session, employee_id: int) -> Profile:
    session.expire_all()
    row = session.get(LearnedProfile, employee_id)
    return Profile.from_dict(row.state if row else {})


def _feed_ids(client: TestClient, employee) -> list[int]:  # type: ignore[no-untyped-def]
    feed = client.get("/api/feed", params={"limit": 50}, headers=identity(employee)).json()
    return [i["article_id"] for i in feed["items"]]


def test_the_ranker_unlearns_a_withdrawn_like() -> None:
    now = utcnow()
    ranker = Ranker(seed=0)
    emb = [1.0, 0.0, 0.0, 0.0]
    liked = ranker.learn(Profile.empty(), Feedback(FeedbackKind.liked, 1, ("ai",), now, emb))
    assert liked.topic_affinities(now)["ai"] > 0.4 and liked.likes is not None
    back = ranker.learn(
        liked, Feedback(FeedbackKind.unliked, 1, ("ai",), now + timedelta(seconds=1), emb)
    )
    assert abs(back.topic_affinities(now)["ai"]) < 1e-9, "a like withdrawn is not a like"
    assert back.likes is None and back.recent is None
    assert (liked.reactions, back.reactions) == (1, 0)
    # Withdrawing what was never given teaches nothing: it is not a dislike.
    never = ranker.learn(Profile.empty(), Feedback(FeedbackKind.unliked, 2, ("hr",), now, emb))
    assert never.topic_affinities(now).get("hr", 0.0) == 0.0


def test_unlike_over_the_api_takes_the_like_back(client: TestClient, session: Session) -> None:
    employee = make_employee(session)
    make_preferences(session, employee)
    article = make_article(session, "solar grid", topics=["energy"])
    _send(client, employee, "article_liked", article.id)
    assert _profile(session, employee.id).topic_affinities(utcnow())["energy"] > 0.4
    _send(client, employee, "article_unliked", article.id)
    profile = _profile(session, employee.id)
    assert abs(profile.topic_affinities(utcnow())["energy"]) < 1e-9
    assert profile.reactions == 0


def test_less_of_one_topic_spares_the_other(client: TestClient, session: Session) -> None:
    employee = make_employee(session)
    make_preferences(session, employee, followed=["sustainability"])
    article = make_article(session, "e-bus fleet", topics=["mobility", "sustainability"])
    _send(client, employee, "article_dismissed", article.id, topic="mobility")
    affinities = _profile(session, employee.id).topic_affinities(utcnow())
    assert affinities["mobility"] < -0.4 and "sustainability" not in affinities
    other = make_article(session, "train timetable", topics=["mobility", "sustainability"])
    _send(client, employee, "article_dismissed", other.id, topic="none")
    assert set(_profile(session, employee.id).topic_affinities(utcnow())) == {"mobility"}


def test_undo_not_interested_brings_the_article_back(client: TestClient, session: Session) -> None:
    employee = make_employee(session)
    make_preferences(session, employee)
    articles = [make_article(session, f"story {i}", topics=["ai", "people"]) for i in range(3)]
    before = _feed_ids(client, employee)
    victim = articles[1].id
    learned = _profile(session, employee.id).topic_affinities(utcnow())["ai"]
    _send(client, employee, "article_dismissed", victim, topic="ai")
    assert victim not in _feed_ids(client, employee)
    _send(client, employee, "article_dismissal_undone", victim, topic="ai")
    assert _feed_ids(client, employee) == before, "back where it was"
    after = _profile(session, employee.id).topic_affinities(utcnow())["ai"]
    assert abs(after - learned) < 1e-6, "and the dislike is unlearned"
