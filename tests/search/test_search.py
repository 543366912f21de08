"""Search finds what a reader may read, by inflected words in German and English, and never a
draft, a scheduled article or one targeted at others."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from factories import identity, make_article, make_employee, make_preferences


def _search(client: TestClient, employee, **params: object) -> list[int]:  # type: ignore[no-untyped-def]
    response = client.get("/api/search", params=params, headers=identity(employee))
    assert response.status_code == 200, response.text
    return [hit["article_id"] for hit in response.json()["hits"]]


def test_a_german_inflected_word_finds_the_german_article_and_no_draft(
    client: TestClient, session: Session
) -> None:
    reader = make_employee(session)
    make_preferences(session, reader, languages=["de", "en"])
    german = make_article(
        session,
        "Neue Regeln für Mitarbeiter im Homeoffice",
        language="de",
        topics=["people"],
        body="Die Sommerfeste der Standorte finden im August statt.",
    )
    english = make_article(session, "Summer parties at every site", topics=["people"])
    draft = make_article(session, "Mitarbeiter-Umfrage (Entwurf)", language="de", status="draft")
    later = make_article(
        session, "Mitarbeiterversammlung", language="de", publish_at=utcnow() + timedelta(days=2)
    )
    assert _search(client, reader, q="Mitarbeitern") == [german.id]
    assert _search(client, reader, q="Sommerfest") == [german.id]
    assert _search(client, reader, q="party") == [english.id]
    assert draft.id not in _search(client, reader, q="Mitarbeiter")
    assert later.id not in _search(client, reader, q="Mitarbeiterversammlung")
    assert _search(client, reader, q="Mitarbeiter", language="en") == []
    assert _search(client, reader, q="summer", topic="ai") == []


def test_search_sees_edits_and_only_targeted_articles(client: TestClient, session: Session) -> None:
    reader = make_employee(session, region="EMEA")
    make_preferences(session, reader, languages=["en"])
    article = make_article(session, "Quarterly results")
    assert _search(client, reader, q="results") == [article.id]
    article.title = "Annual report"
    article.updated_at = utcnow() + timedelta(seconds=1)
    session.flush()
    assert _search(client, reader, q="results") == []
    assert _search(client, reader, q="report") == [article.id]
    elsewhere = make_article(session, "Report for Asia only")
    elsewhere.audience_regions = ["APAC"]
    session.flush()
    assert elsewhere.id not in _search(client, reader, q="report")


def test_search_needs_a_query_and_identity(client: TestClient, session: Session) -> None:
    reader = make_employee(session)
    assert client.get("/api/search", params={"q": "x"}).status_code == 401
    empty = client.get("/api/search", params={"q": ""}, headers=identity(reader))
    assert empty.status_code == 422 and empty.json()["error"]
    odd = _search(client, reader, q='"AND OR NEAR( *')
    assert odd == []
