"""Topics and articles over HTTP: roles, validation naming the field, CRUD."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coffeemug.content.models import Article
from coffeemug.db import utcnow
from coffeemug.text.embeddings import from_bytes
from factories import identity, make_article, make_employee, make_topic


def _article(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "title": "Solar roofs on every plant",
        "summary": "All plants get solar roofs by 2030.",
        "body": "# Solar\n\nMore text.",
        "language": "en",
        "topics": ["sustainability"],
        "status": "published",
    }
    body.update(overrides)
    return body


def test_topics_list_names_and_flags(client: TestClient, session: Session) -> None:
    make_topic(session, "sustainability", name_de="Nachhaltigkeit", name_en="Sustainability")
    make_topic(session, "security", mandatory=True, followed_by_default=True)
    reader = make_employee(session)
    response = client.get("/api/topics", headers=identity(reader))
    assert response.status_code == 200
    topics = {t["id"]: t for t in response.json()}
    assert topics["sustainability"]["name_de"] == "Nachhaltigkeit"
    assert topics["security"]["mandatory"] is True
    assert topics["security"]["followed_by_default"] is True


def test_only_admins_change_topics(client: TestClient, session: Session) -> None:
    reader = make_employee(session)
    editor = make_employee(session, roles=["editor"])
    admin = make_employee(session, roles=["admin"])
    new = {"id": "energy", "name_de": "Energie", "name_en": "Energy"}
    assert client.post("/api/topics", json=new).status_code == 401
    for who in (reader, editor):
        response = client.post("/api/topics", json=new, headers=identity(who))
        assert response.status_code == 403
        assert response.json()["error"] == "forbidden"
    created = client.post("/api/topics", json=new, headers=identity(admin))
    assert created.status_code == 201
    again = client.post("/api/topics", json=new, headers=identity(admin))
    assert again.status_code == 409
    patched = client.patch("/api/topics/energy", json={"mandatory": True}, headers=identity(admin))
    assert patched.status_code == 200 and patched.json()["mandatory"] is True
    assert (
        client.patch("/api/topics/energy", json={"mandatory": True}, headers=identity(reader))
    ).status_code == 403
    missing = client.patch("/api/topics/nope", json={"name_en": "x"}, headers=identity(admin))
    assert missing.status_code == 404
    bad_parent = client.patch(
        "/api/topics/energy", json={"parent_id": "nope"}, headers=identity(admin)
    )
    assert bad_parent.status_code == 422 and "parent_id" in bad_parent.json()["detail"]


def test_article_write_needs_identity_and_editor_role(client: TestClient, session: Session) -> None:
    make_topic(session, "sustainability")
    reader = make_employee(session)
    assert client.post("/api/articles", json=_article()).status_code == 401
    unknown = client.post("/api/articles", json=_article(), headers={"X-Employee-Id": "ghost"})
    assert unknown.status_code == 401
    forbidden = client.post("/api/articles", json=_article(), headers=identity(reader))
    assert forbidden.status_code == 403
    article = make_article(session, topics=["sustainability"])
    headers = identity(reader)
    assert client.patch(f"/api/articles/{article.id}", json={}, headers=headers).status_code == 403
    assert client.delete(f"/api/articles/{article.id}", headers=headers).status_code == 403
    assert client.post(f"/api/articles/{article.id}/archive", headers=headers).status_code == 403


def test_editor_creates_updates_archives_and_deletes(client: TestClient, session: Session) -> None:
    make_topic(session, "sustainability")
    make_topic(session, "energy")
    editor = make_employee(session, roles=["editor"])
    headers = identity(editor)
    created = client.post("/api/articles", json=_article(), headers=headers)
    assert created.status_code == 201, created.text
    article = created.json()
    assert article["topics"] == ["sustainability"]
    assert article["author_id"] == editor.id
    assert article["has_embedding"] is True
    stored = session.get(Article, article["id"])
    assert stored is not None
    before = from_bytes(stored.embedding)
    assert before is not None and abs(float(np.linalg.norm(before)) - 1.0) < 1e-4

    updated = client.patch(
        f"/api/articles/{article['id']}",
        json={"title": "Wind parks too", "topics": ["energy", "sustainability"]},
        headers=headers,
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["title"] == "Wind parks too"
    assert updated.json()["topics"] == ["energy", "sustainability"]
    session.expire_all()
    after = from_bytes(session.get(Article, article["id"]).embedding)
    assert not np.allclose(before, after), "a new title must be embedded again"

    got = client.get(f"/api/articles/{article['id']}", headers=headers)
    assert got.status_code == 200 and got.json()["title"] == "Wind parks too"

    archived = client.post(f"/api/articles/{article['id']}/archive", headers=headers)
    assert archived.status_code == 200 and archived.json()["status"] == "archived"

    deleted = client.delete(f"/api/articles/{article['id']}", headers=headers)
    assert deleted.status_code == 204
    assert client.get(f"/api/articles/{article['id']}", headers=headers).status_code == 404


def test_article_validation_names_the_field(client: TestClient, session: Session) -> None:
    make_topic(session, "sustainability")
    headers = identity(make_employee(session, roles=["editor"]))
    now = utcnow()
    cases = [
        (_article(title=""), "title"),
        (_article(title="x" * 201), "title"),
        (_article(language="fr"), "language"),
        (_article(topics=["sustainability", "astrology"]), "astrology"),
        (
            _article(publish_at=now.isoformat(), expires_at=(now - timedelta(days=1)).isoformat()),
            "expires_at",
        ),
        (_article(audience_languages=["xx"]), "audience_languages"),
        (_article(audience_regions=[""]), "audience_regions"),
        (_article(priority=3), "priority"),
        (_article(campaign_id=999999), "campaign_id"),
        (_article(publish_at="2026-01-01T10:00:00"), "publish_at"),
        (_article(colour="red"), "colour"),
    ]
    for payload, field in cases:
        response = client.post("/api/articles", json=payload, headers=headers)
        assert response.status_code == 422, (field, response.text)
        body = response.json()
        assert body["error"] == "validation_error"
        assert field in body["detail"], (field, body)


def test_update_checks_expiry_against_stored_publish_time(
    client: TestClient, session: Session
) -> None:
    article = make_article(session, publish_at=utcnow())
    headers = identity(make_employee(session, roles=["editor"]))
    response = client.patch(
        f"/api/articles/{article.id}",
        json={"expires_at": (utcnow() - timedelta(days=2)).isoformat()},
        headers=headers,
    )
    assert response.status_code == 422
    assert "expires_at" in response.json()["detail"]
    missing = client.patch("/api/articles/999999", json={"title": "x"}, headers=headers)
    assert missing.status_code == 404


def test_list_filters_and_readers_see_only_published(client: TestClient, session: Session) -> None:
    make_article(session, "Alpha news", topics=["ai"], language="en")
    make_article(session, "Beta Nachrichten", topics=["mobility"], language="de")
    make_article(session, "Gamma draft", topics=["ai"], status="draft")
    editor = identity(make_employee(session, roles=["editor"]))
    reader = identity(make_employee(session))

    def titles(params: dict[str, object], headers: dict[str, str]) -> set[str]:
        response = client.get("/api/articles", params=params, headers=headers)
        assert response.status_code == 200, response.text
        return {a["title"] for a in response.json()["items"]}

    assert {"Alpha news", "Gamma draft"} <= titles({"topic": "ai"}, editor)
    assert "Gamma draft" not in titles({"topic": "ai"}, reader)
    assert titles({"language": "de", "q": "nachricht"}, editor) == {"Beta Nachrichten"}
    assert titles({"status": "draft", "topic": "ai"}, editor) == {"Gamma draft"}
    draft = make_article(session, "Hidden", status="draft")
    assert client.get(f"/api/articles/{draft.id}", headers=reader).status_code == 404
    assert client.get(f"/api/articles/{draft.id}", headers=editor).status_code == 200


def test_openapi_lists_the_error_responses(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    post_article = spec["paths"]["/api/articles"]["post"]["responses"]
    assert {"401", "403", "422"} <= set(post_article)
    assert "413" in spec["paths"]["/api/events"]["post"]["responses"]
