"""The request's own transaction, as served outside the test's rolled-back connection: what a
route writes is committed when it succeeds and undone when it fails."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from coffeemug.app import create_app
from coffeemug.content.models import Article
from coffeemug.events.models import Event
from coffeemug.feed import live
from coffeemug.people.models import Employee, Preferences
from coffeemug.settings import Settings
from factories import event_payload, identity, make_article, make_employee


@pytest.fixture
def committed(engine: Engine) -> Iterator[tuple[Employee, Article]]:
    """An employee and an article committed for real, removed again afterwards."""
    with Session(engine, expire_on_commit=False) as session:
        employee = make_employee(session)
        article = make_article(session, "Committed for the request test")
        session.commit()
    try:
        yield employee, article
    finally:
        with Session(engine) as session:
            session.execute(delete(Event).where(Event.employee_id == employee.id))
            session.execute(delete(Article).where(Article.id == article.id))
            session.execute(delete(Employee).where(Employee.id == employee.id))
            session.commit()
        live.clear()


def _events(engine: Engine, employee: Employee) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).where(Event.employee_id == employee.id)) or 0


def test_routes_commit_on_success_and_roll_back_on_failure(
    engine: Engine, settings: Settings, committed: tuple[Employee, Article]
) -> None:
    employee, article = committed
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        feed = client.get("/api/feed", headers=identity(employee))
        assert feed.status_code == 200, feed.text
        shown = len(feed.json()["items"])
        assert shown >= 1
        # The impressions were committed by the feed's own worker-thread call.
        assert _events(engine, employee) == shown

        # A plain route: its first use stores the default preferences, committed at the end.
        assert client.get("/api/me/preferences", headers=identity(employee)).status_code == 200
        with Session(engine) as session:
            assert session.get(Preferences, employee.id) is not None

        good = event_payload("article_liked", article.id)
        bad = event_payload("article_liked", article.id + 10_000)
        refused = client.post(
            "/api/events", json={"events": [good, bad]}, headers=identity(employee)
        )
        assert refused.status_code == 422
        assert _events(engine, employee) == shown
        stored = client.post("/api/events", json=good, headers=identity(employee))
        assert stored.status_code == 201, stored.text
        assert _events(engine, employee) == shown + 1

        unknown = client.get("/api/feed", headers={"X-Employee-Id": "nobody-by-this-id"})
        assert unknown.status_code == 401
        assert unknown.json()["error"] == "not_authenticated"
