"""Linked language versions: one story in German and English; each reader gets one version in
their language, the desk adds their figures up (hidden where a version is hidden)."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from analytics.analytics_factories import add_events, roll
from coffeemug.db import utcnow
from coffeemug.orchestration import versions
from factories import identity, make_article, make_employee, make_preferences, make_topic


def _link(client: TestClient, editor, original: int, **body) -> int:
    payload = {
        "title": "Solardächer für jedes Werk",
        "language": "de",
        "topics": ["energy"],
        "status": "published",
        "translation_of": original,
        **body,
    }
    response = client.post("/api/articles", json=payload, headers=identity(editor))
    assert response.status_code == 201, response.text
    return response.json()["id"]


def _feed_ids(client: TestClient, employee) -> set[int]:
    response = client.get("/api/feed", params={"limit": 50}, headers=identity(employee))
    assert response.status_code == 200, response.text
    return {item["article_id"] for item in response.json()["items"]}


def _listed_ids(client: TestClient, employee) -> set[int]:
    response = client.get("/api/articles", params={"limit": 100}, headers=identity(employee))
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["items"]}


def test_each_reader_gets_one_version(client: TestClient, session: Session) -> None:
    make_topic(session, "energy")
    editor = make_employee(session, roles=("editor",))
    original = make_article(session, "Solar roofs on every plant", topics=["energy"])
    german = _link(client, editor, original.id)
    bilingual = make_employee(session)
    make_preferences(session, bilingual, languages=["en", "de"])
    german_only = make_employee(session)
    make_preferences(session, german_only, languages=["de"])
    english_only = make_employee(session)
    make_preferences(session, english_only, languages=["en"])
    assert {original.id, german} & _feed_ids(client, bilingual) == {original.id}
    assert {original.id, german} & _feed_ids(client, german_only) == {german}
    assert {original.id, german} & _feed_ids(client, english_only) == {original.id}
    # The article list too: one version per story, in a language the reader reads.
    assert {original.id, german} & _listed_ids(client, bilingual) == {original.id}
    assert {original.id, german} & _listed_ids(client, german_only) == {german}
    assert {original.id, german} & _listed_ids(client, english_only) == {original.id}
    read = client.get(f"/api/articles/{german}", headers=identity(editor)).json()
    assert read["translation_of"] == original.id


def test_version_rules(client: TestClient, session: Session) -> None:
    make_topic(session, "energy")
    editor = make_employee(session, roles=("editor",))
    original = make_article(session, "Solar roofs", topics=["energy"])
    german = _link(client, editor, original.id)
    again = client.post(
        "/api/articles",
        json={
            "title": "Noch eine",
            "language": "de",
            "topics": ["energy"],
            "translation_of": original.id,
        },
        headers=identity(editor),
    )
    assert again.status_code == 409
    same_language = client.post(
        "/api/articles",
        json={
            "title": "Other",
            "language": "en",
            "topics": ["energy"],
            "translation_of": original.id,
        },
        headers=identity(editor),
    )
    assert same_language.status_code == 422
    chained = client.post(
        "/api/articles",
        json={"title": "Chain", "language": "en", "topics": ["energy"], "translation_of": german},
        headers=identity(editor),
    )
    assert chained.status_code == 422 and chained.json()["field"] == "translation_of"


def test_desk_adds_the_versions_figures_up(client: TestClient, session: Session, settings) -> None:  # type: ignore[no-untyped-def]
    make_topic(session, "energy")
    editor = make_employee(session, roles=("editor",))
    original = make_article(session, "Solar roofs", topics=["energy"], author=editor)
    german = make_article(
        session,
        "Solardächer",
        topics=["energy"],
        language="de",
        translation_of=original.id,
        author=editor,
    )
    day = utcnow().date() - timedelta(days=1)
    english_readers = [make_employee(session) for _ in range(7)]
    german_readers = [make_employee(session) for _ in range(6)]
    add_events(session, english_readers, "article_impressed", original.id, day)
    add_events(session, english_readers[:5], "article_liked", original.id, day)
    add_events(session, german_readers, "article_impressed", german.id, day)
    add_events(session, german_readers, "article_liked", german.id, day)
    roll(session)
    figures = versions.story_figures(session, settings, [original, german])
    assert figures[original.id].shown and figures[original.id].impressions == 13
    assert figures[german.id].likes == 11 and figures[original.id].languages == ("en", "de")
    few = make_article(session, "Kleine Fassung", topics=["energy"], language="de")
    lonely = make_article(session, "Small story", topics=["energy"])
    few.translation_of = lonely.id
    session.flush()
    add_events(session, english_readers, "article_impressed", lonely.id, day)
    add_events(session, german_readers[:2], "article_impressed", few.id, day)
    roll(session)
    hidden = versions.story_figures(session, settings, [lonely])
    assert hidden[lonely.id].shown is False and hidden[lonely.id].impressions == 0
