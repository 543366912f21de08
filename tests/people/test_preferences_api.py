"""The employee's own record and preferences over HTTP."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from factories import identity, make_employee, make_topic


def _topics(session: Session) -> None:
    make_topic(session, "security", mandatory=True)
    make_topic(session, "sustainability", followed_by_default=True)
    make_topic(session, "ai")
    make_topic(session, "mobility")


def test_me_needs_identity(client: TestClient) -> None:
    response = client.get("/api/me")
    assert response.status_code == 401
    assert "X-Employee-Id" in response.json()["detail"]
    assert client.get("/api/me/preferences").status_code == 401


def test_defaults_follow_default_and_mandatory_topics(client: TestClient, session: Session) -> None:
    _topics(session)
    employee = make_employee(session, languages=["de", "fr"])
    response = client.get("/api/me/preferences", headers=identity(employee))
    assert response.status_code == 200
    prefs = response.json()
    assert sorted(prefs["followed_topics"]) == ["security", "sustainability"]
    assert prefs["muted_topics"] == []
    assert prefs["languages"] == ["de"]
    assert prefs["volume"] == 7
    me = client.get("/api/me", headers=identity(employee)).json()
    assert me["employee"]["id"] == employee.id
    assert me["preferences"] == prefs


def test_update_preferences(client: TestClient, session: Session) -> None:
    _topics(session)
    headers = identity(make_employee(session))
    response = client.put(
        "/api/me/preferences",
        json={
            "followed_topics": ["security", "ai"],
            "muted_topics": ["mobility"],
            "volume": None,
            "digest": "daily",
            "languages": ["en", "de"],
        },
        headers=headers,
    )
    assert response.status_code == 200, response.text
    prefs = client.get("/api/me/preferences", headers=headers).json()
    assert prefs["followed_topics"] == ["security", "ai"]
    assert prefs["muted_topics"] == ["mobility"]
    assert prefs["volume"] is None
    assert prefs["digest"] == "daily"
    assert prefs["languages"] == ["en", "de"]
    # Fields left out stay as they are.
    client.put("/api/me/preferences", json={"volume": 3}, headers=headers)
    prefs = client.get("/api/me/preferences", headers=headers).json()
    assert prefs["volume"] == 3 and prefs["digest"] == "daily"


def test_preference_errors_name_the_field(client: TestClient, session: Session) -> None:
    _topics(session)
    headers = identity(make_employee(session))
    cases = [
        ({"muted_topics": ["security"]}, "security"),
        ({"followed_topics": ["ai"]}, "security"),
        ({"followed_topics": ["security", "astrology"]}, "astrology"),
        ({"muted_topics": ["astrology"]}, "astrology"),
        ({"followed_topics": ["security", "ai"], "muted_topics": ["ai"]}, "ai"),
        ({"volume": 5}, "volume"),
        ({"digest": "hourly"}, "digest"),
        ({"languages": ["fr"]}, "languages"),
        ({"languages": []}, "languages"),
        ({"colour": "blue"}, "colour"),
    ]
    for payload, mention in cases:
        response = client.put("/api/me/preferences", json=payload, headers=headers)
        assert response.status_code == 422, (payload, response.text)
        assert mention in response.json()["detail"], (payload, response.json())
    prefs = client.get("/api/me/preferences", headers=headers).json()
    assert prefs["muted_topics"] == [], "a refused update stores nothing"
