"""Due dates of must-reads (API and desk, progress from the rollups, k-suppressed) and the time
zone setting."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from analytics.analytics_factories import add_events, roll
from coffeemug.analytics.service import article_figures, due_progress
from coffeemug.db import utcnow
from coffeemug.events.models import EventType
from coffeemug.people.models import Preferences
from coffeemug.settings import Settings
from factories import identity, make_article, make_employee, make_topic
from web.client_tools import assert_translated, sign_in, token_of
from web.newsroom import Newsroom


def _article(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "title": "Travel policy 2027",
        "language": "en",
        "topics": ["security"],
        "status": "published",
        "must_read": True,
    }
    body.update(overrides)
    return body


def test_a_must_read_takes_a_due_date_after_its_publish_time(
    client: TestClient, session: Session
) -> None:
    make_topic(session, "security")
    editor = make_employee(session, roles=("editor",))
    headers = identity(editor)
    due = (utcnow() + timedelta(days=5)).isoformat()
    created = client.post("/api/articles", json=_article(due_at=due), headers=headers)
    assert created.status_code == 201, created.text
    assert created.json()["due_at"][:16] == due[:16]

    not_must = client.post(
        "/api/articles", json=_article(must_read=False, due_at=due), headers=headers
    )
    assert not_must.status_code == 422
    assert not_must.json()["detail"] == "due_at: only a must-read has a due date"
    early = (utcnow() - timedelta(days=1)).isoformat()
    before = client.post("/api/articles", json=_article(due_at=early), headers=headers)
    assert before.status_code == 422 and before.json()["field"] == "due_at"
    # Dropping must-read leaves a due date behind it: refused too.
    article_id = created.json()["id"]
    patched = client.patch(
        f"/api/articles/{article_id}", json={"must_read": False}, headers=headers
    )
    assert patched.status_code == 422


def test_the_desk_sets_a_due_date_and_shows_progress_only_from_k_on(
    client: TestClient, room: Newsroom, session: Session
) -> None:
    sign_in(client, "editor-1")
    token = token_of(client.get("/desk/new").text)
    form = {
        "csrf_token": token,
        "title": "Read me by Friday",
        "language": "en",
        "topics": ["security"],
        "publish_at": "",
        "expires_at": "",
        "due_at": "2020-01-01T09:00",
        "must_read": "on",
        "action": "draft",
    }
    refused = client.post("/desk/new", data=form)
    assert refused.status_code == 422
    assert "The due date must come after the publish time." in refused.text
    due = (utcnow() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    saved = client.post("/desk/new", data={**form, "due_at": due}, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    page = client.get("/desk")
    assert_translated(page.text)
    assert "Acknowledge by" in page.text and "Progress hidden" in page.text


def test_progress_against_the_due_date_is_suppressed_on_either_side_below_k(
    session: Session, settings: Settings
) -> None:
    now = utcnow()
    people = [make_employee(session, region="Spain") for _ in range(12)]
    day = now.date() - timedelta(days=1)
    articles = {}
    for acknowledging in (3, 6, 9):
        article = make_article(
            session,
            f"Policy {acknowledging}",
            must_read=True,
            audience_regions=("Spain",),
            due_at=now + timedelta(days=1),
        )
        # Everyone saw it (its figures are shown); some acknowledged it.
        add_events(session, people, EventType.article_impressed.value, article.id, day)
        add_events(
            session, people[:acknowledging], EventType.article_acknowledged.value, article.id, day
        )
        articles[acknowledging] = article
    ids = [a.id for a in articles.values()]
    # The progress reads the rollups, as every figure of the desk: nothing before the rollup.
    before = article_figures(session, settings, ids)
    progress = due_progress(session, settings, list(articles.values()), before, now)
    assert not any(p.shown for p in progress.values())
    roll(session)

    figures = article_figures(session, settings, ids)
    assert all(f.shown for f in figures.values())
    progress = due_progress(session, settings, list(articles.values()), figures, now)
    few = progress[articles[3].id]  # three who did: too few
    assert not few.shown and few.acknowledged == 0
    shown = progress[articles[6].id]  # six did, six did not
    assert shown.shown and (shown.acknowledged, shown.audience) == (6, 12)
    most = progress[articles[9].id]  # three did not: they would be pointed at
    assert not most.shown and not most.overdue


def test_employees_choose_their_time_zone_for_the_digest(
    client: TestClient, room: Newsroom, session: Session
) -> None:
    sign_in(client, room.reader.external_id)
    page = client.get("/settings")
    assert "Europe/Berlin" in page.text and 'list="time-zones"' in page.text
    form = {
        "csrf_token": token_of(page.text),
        "followed_topics": ["sustainability"],
        "volume": "7",
        "digest": "daily",
        "languages": ["en"],
        "time_zone": "Mars/Olympus",
    }
    wrong = client.post("/settings", data=form)
    assert wrong.status_code == 422 and "Choose a time zone from the list" in wrong.text
    saved = client.post(
        "/settings", data={**form, "time_zone": "America/New_York"}, follow_redirects=False
    )
    assert saved.status_code == 303
    session.expire_all()
    assert session.get(Preferences, room.reader.id).time_zone == "America/New_York"
    api = client.put("/api/me/preferences", json={"time_zone": None}, headers=identity(room.reader))
    assert api.status_code == 200 and api.json()["time_zone"] is None
    bad = client.put(
        "/api/me/preferences", json={"time_zone": "Nowhere"}, headers=identity(room.reader)
    )
    assert bad.status_code == 422
