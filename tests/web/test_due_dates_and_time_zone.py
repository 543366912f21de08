"""Due dates of must-reads (API and desk, progress k-suppressed) and the time zone setting."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from coffeemug.events.models import Event, EventType
from coffeemug.people.models import Preferences
from coffeemug.web import desk_stats
from factories import identity, make_article, make_employee, make_event, make_topic
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
    session: Session,
) -> None:
    now = utcnow()
    article = make_article(
        session,
        "Policy",
        must_read=True,
        audience_regions=("Spain",),
        due_at=now + timedelta(days=1),
    )
    people = [make_employee(session, region="Spain") for _ in range(12)]

    def acknowledge(count: int) -> desk_stats.DueProgress:
        for person in people[:count]:
            make_event(session, person, EventType.article_acknowledged.value, article.id)
        session.flush()
        return desk_stats.due_progress(session, [article], 5, now)[article.id]

    few = acknowledge(3)  # three who did: too few
    assert not few.shown and few.acknowledged == 0
    session.query(Event).delete()
    shown = acknowledge(6)  # six did, six did not
    assert shown.shown and (shown.acknowledged, shown.audience) == (6, 12)
    session.query(Event).delete()
    most = acknowledge(9)  # three did not: they would be pointed at
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
