"""Event ingestion over HTTP: idempotency, all-or-nothing batches, errors naming the field."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from coffeemug.events.catalogue import EVENTS
from coffeemug.events.models import Event
from coffeemug.events.repository import insert_events
from coffeemug.events.schemas import EventCreate
from coffeemug.events.service import to_row
from coffeemug.feed.models import ArticleStats, LearnedProfile
from factories import event_payload, identity, make_article, make_employee


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Event)) or 0


def test_single_event_is_stored_once(client: TestClient, session: Session) -> None:
    employee = make_employee(session, region="Nordics", business_unit="Mobility")
    article = make_article(session, topics=["ai"])
    event = event_payload("article_liked", article.id)
    first = client.post("/api/events", json=event, headers=identity(employee))
    assert first.status_code == 201, first.text
    assert first.json()["results"][0]["status"] == "stored"
    retry = client.post("/api/events", json=event, headers=identity(employee))
    assert retry.status_code == 200
    assert retry.json() == {
        "stored": 0,
        "duplicates": 1,
        "results": [{"index": 0, "id": event["id"], "status": "duplicate"}],
    }
    stored = session.get(Event, event["id"])
    assert stored is not None
    assert (stored.region, stored.business_unit) == ("Nordics", "Mobility")
    assert stored.employee_id == employee.id

    changed = {**event, "type": "article_dismissed"}
    conflict = client.post("/api/events", json=changed, headers=identity(employee))
    assert conflict.status_code == 409
    assert "id" in conflict.json()["detail"]


def test_every_event_type_is_accepted(client: TestClient, session: Session) -> None:
    employee = make_employee(session)
    article = make_article(session)
    extra = {
        "article_impressed": {"position": 0, "request_id": "r1", "score": 0.4, "propensity": 0.9},
        "article_read": {"dwell_seconds": 42.5},
        "article_dismissed": {"reason": "not my field"},
        "conversion_recorded": {"kind": "meeting_booked", "value": 250.0},
    }
    sent = [spec.type for spec in EVENTS if spec.from_clients]
    events = [event_payload(t, article.id, **extra.get(t, {})) for t in sent]
    events.append(event_payload("conversion_recorded", kind="form_submitted"))
    for channel in ("email", "app", "social"):
        events.append(event_payload("article_opened", article.id, channel=channel))
    response = client.post("/api/events", json={"events": events}, headers=identity(employee))
    assert response.status_code == 201, response.text
    assert response.json()["stored"] == len(events)
    impressed = session.get(Event, events[0]["id"])
    assert impressed.position == 0
    assert impressed.properties == {"request_id": "r1", "score": 0.4, "propensity": 0.9}
    read = session.get(Event, events[2]["id"])
    assert read.dwell_seconds == 42.5


def test_server_recorded_types_are_refused_from_clients(
    client: TestClient, session: Session
) -> None:
    employee = make_employee(session)
    article = make_article(session)
    click = event_payload("share_clicked", article.id, network="linkedin")
    response = client.post("/api/events", json=click, headers=identity(employee))
    assert response.status_code == 422
    assert "share_clicked is recorded by the server" in response.json()["detail"]
    assert _count(session) == 0


def test_batch_reports_stored_and_duplicates(client: TestClient, session: Session) -> None:
    employee = make_employee(session)
    article = make_article(session)
    old = event_payload("article_opened", article.id)
    client.post("/api/events", json=old, headers=identity(employee))
    new = event_payload("article_liked", article.id)
    response = client.post(
        "/api/events", json={"events": [old, new, new]}, headers=identity(employee)
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["stored"], body["duplicates"]) == (1, 2)
    assert [r["status"] for r in body["results"]] == ["duplicate", "stored", "duplicate"]


def test_invalid_batch_stores_nothing_and_names_the_items(
    client: TestClient, session: Session
) -> None:
    employee = make_employee(session)
    article = make_article(session)
    before = _count(session)
    good = event_payload("article_opened", article.id)
    future = event_payload("article_opened", article.id, occurred_at=utcnow() + timedelta(hours=2))
    unknown_article = event_payload("article_liked", 987654)
    response = client.post(
        "/api/events",
        json={"events": [good, future, unknown_article]},
        headers=identity(employee),
    )
    assert response.status_code == 422
    body = response.json()
    assert "events[1].occurred_at" in body["detail"]
    assert [(i["index"], i["field"]) for i in body["items"]] == [
        (1, "occurred_at"),
        (2, "article_id"),
    ]
    assert "987654" in body["items"][1]["detail"]
    assert _count(session) == before

    bad_type = {**event_payload("article_opened", article.id), "type": "article_teleported"}
    response = client.post(
        "/api/events", json={"events": [good, bad_type]}, headers=identity(employee)
    )
    assert response.status_code == 422
    assert response.json()["items"][0]["index"] == 1
    assert "type" in response.json()["detail"]
    assert _count(session) == before


def test_single_event_errors_name_the_field(client: TestClient, session: Session) -> None:
    employee = make_employee(session)
    article = make_article(session)
    headers = identity(employee)
    naive = event_payload("article_opened", article.id)
    naive["occurred_at"] = "2026-03-01T10:00:00"
    cases = [
        ({**event_payload("article_opened", article.id), "type": "article_sniffed"}, "type"),
        (naive, "occurred_at"),
        ({**event_payload("article_opened", article.id), "id": "not-a-uuid"}, "id"),
        (
            event_payload("article_opened", article.id, occurred_at=utcnow() + timedelta(days=1)),
            "occurred_at",
        ),
        (event_payload("article_opened", 424242), "424242"),
        (event_payload("article_opened"), "article_id"),
        (event_payload("article_opened", article.id, channel="fax"), "channel"),
        (event_payload("article_read", article.id), "dwell_seconds"),
        (event_payload("article_liked", article.id, dwell_seconds=3), "dwell_seconds"),
        (event_payload("article_opened", article.id, propensity=0.5), "propensity"),
        (event_payload("article_impressed", article.id, propensity=1.5), "propensity"),
        (event_payload("conversion_recorded", value=3.0), "kind"),
        (event_payload("article_opened", article.id, employee_id=5), "employee_id"),
    ]
    for payload, mention in cases:
        response = client.post("/api/events", json=payload, headers=headers)
        assert response.status_code == 422, (mention, response.text)
        assert response.json()["error"] == "validation_error"
        assert mention in response.json()["detail"], (mention, response.json())
    assert client.post("/api/events", json=[1, 2], headers=headers).status_code == 422
    response = client.post(
        "/api/events", content=b"{not json", headers={**headers, "content-type": "application/json"}
    )
    assert response.status_code == 422


def test_batch_size_limit(client: TestClient, session: Session, settings) -> None:  # type: ignore[no-untyped-def]
    employee = make_employee(session)
    article = make_article(session)
    events = [
        event_payload("article_opened", article.id) for _ in range(settings.max_batch_events + 1)
    ]
    response = client.post("/api/events", json={"events": events}, headers=identity(employee))
    assert response.status_code == 413
    assert "events" in response.json()["detail"]
    empty = client.post("/api/events", json={"events": []}, headers=identity(employee))
    assert empty.status_code == 422


def test_events_need_identity(client: TestClient) -> None:
    response = client.post("/api/events", json=event_payload("article_opened", 1))
    assert response.status_code == 401


def test_feedback_updates_stats_and_profile(client: TestClient, session: Session) -> None:
    employee = make_employee(session, region="Americas", business_unit="Mobility")
    article = make_article(session, topics=["mobility"])
    events = [
        event_payload("article_impressed", article.id, position=0),
        event_payload("article_opened", article.id),
        event_payload("article_liked", article.id),
    ]
    response = client.post("/api/events", json={"events": events}, headers=identity(employee))
    assert response.status_code == 201
    stats = {
        s.segment: (s.impressions, s.engagements)
        for s in session.scalars(select(ArticleStats).where(ArticleStats.article_id == article.id))
    }
    assert set(stats) == {"*", "region:Americas", "bu:Mobility"}
    assert stats["*"][0] == 1.0 and stats["*"][1] > 0
    assert stats["*"] == stats["bu:Mobility"] == stats["region:Americas"]
    profile = session.get(LearnedProfile, employee.id)
    assert profile is not None and profile.version >= 1
    # A retry changes nothing: neither counters nor the profile learn twice.
    version = profile.version
    client.post("/api/events", json={"events": events}, headers=identity(employee))
    session.expire_all()
    assert session.get(LearnedProfile, employee.id).version == version
    again = session.get(ArticleStats, (article.id, "*"))
    assert (again.impressions, again.engagements) == stats["*"]


def test_a_racing_duplicate_insert_fails_as_integrity_error(session: Session) -> None:
    employee = make_employee(session)
    article = make_article(session)
    event = EventCreate.model_validate(event_payload("article_liked", article.id))
    row = to_row(employee, event, utcnow())
    insert_events(session, [row])
    # What a second request that checked before the first committed would do next; the
    # service turns this error into a 409 Conflict.
    with pytest.raises(IntegrityError), session.begin_nested():
        insert_events(session, [row])
    assert session.get(Event, row["id"]) is not None
