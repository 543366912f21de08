"""Two app instances on one real database behave as two server workers: feedback given to one
shows in the feed served by the other on the very next request."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from coffeemug.app import create_app
from coffeemug.db import get_sessionmaker
from coffeemug.events.models import Event
from coffeemug.feed.models import LearnedProfile
from coffeemug.feed.ranker import Profile
from coffeemug.settings import Settings
from database_support import make_database
from factories import event_payload, identity, make_article, make_employee, make_preferences


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_feedback_reaches_the_other_worker(
    request: pytest.FixtureRequest, backend: str, tmp_path: Path
) -> None:
    url, cleanup = make_database(backend, tmp_path)
    try:
        with get_sessionmaker(url)() as session:
            employee = make_employee(session)
            make_preferences(session, employee)
            liked = make_article(session, "rail train signalling 1", topics=["mobility"])
            sibling = make_article(session, "rail train signalling 2", topics=["mobility"])
            other = make_article(session, "hospital imaging clinic", topics=["healthcare"])
            session.commit()
            headers = identity(employee)
            ids = (liked.id, sibling.id, other.id)
        settings = Settings(database_url=url, embedder="hashing", ranker_seed=7)
        with (
            TestClient(create_app(settings)) as first,
            TestClient(create_app(settings)) as second,
        ):
            before = {
                i["article_id"]: i["score"]
                for i in second.get("/api/feed", headers=headers).json()["items"]
            }
            response = first.post(
                "/api/events", json=event_payload("article_liked", ids[0]), headers=headers
            )
            assert response.status_code == 201
            after = {
                i["article_id"]: i["score"]
                for i in second.get("/api/feed", headers=headers).json()["items"]
            }
        assert ids[0] not in after
        assert after[ids[1]] > before[ids[1]]
        assert after[ids[1]] > after[ids[2]]
    finally:
        get_sessionmaker(url).kw["bind"].dispose()
        cleanup()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_concurrent_feedback_is_never_lost(
    request: pytest.FixtureRequest, backend: str, tmp_path: Path
) -> None:
    url, cleanup = make_database(backend, tmp_path)
    try:
        with get_sessionmaker(url)() as session:
            employee = make_employee(session)
            articles = [make_article(session, topics=["ai"]).id for _ in range(4)]
            session.commit()
            headers, employee_id = identity(employee), employee.id
        settings = Settings(database_url=url, embedder="hashing", ranker_seed=7)
        apps = [create_app(settings), create_app(settings)]
        statuses: list[int] = []

        def worker(index: int) -> None:
            with TestClient(apps[index % 2]) as client:
                for article_id in articles:
                    response = client.post(
                        "/api/events",
                        json=event_payload("article_liked", article_id),
                        headers=headers,
                    )
                    statuses.append(response.status_code)
                    client.get("/api/feed", headers=headers)

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert statuses == [201] * 16
        with get_sessionmaker(url)() as session:
            stored = session.get(LearnedProfile, employee_id)
            events = session.scalar(
                select(func.count()).select_from(Event).where(Event.employee_id == employee_id)
            )
            # Every stored event (16 likes and the feeds' impressions) was learned exactly once.
            assert Profile.from_dict(stored.state).feedback_count == events
    finally:
        get_sessionmaker(url).kw["bind"].dispose()
        cleanup()
