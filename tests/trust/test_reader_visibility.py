"""Readers see only live articles targeted at them, on every read path, search included;
events on anything else are refused exactly like events on an unknown article."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coffeemug.content.models import Article
from factories import event_payload, identity, make_article
from trust.trust_room import TrustRoom
from web.client_tools import sign_in

UNKNOWN = 2_000_000_000


def _hidden_from_the_reader(trust: TrustRoom) -> list[Article]:
    return [trust.draft, trust.scheduled, trust.elsewhere]


def test_the_api_answers_hidden_articles_as_unknown(client: TestClient, trust: TrustRoom) -> None:
    reader = identity(trust.reader)
    unknown = client.get(f"/api/articles/{UNKNOWN}", headers=reader)
    assert unknown.status_code == 404
    for article in _hidden_from_the_reader(trust):
        answer = client.get(f"/api/articles/{article.id}", headers=reader)
        assert answer.status_code == 404, article.title
        assert answer.json()["detail"] == f"article {article.id} not found"
    assert client.get(f"/api/articles/{trust.live.id}", headers=reader).status_code == 200
    # Editors see every article, whatever its schedule and audience.
    for article in _hidden_from_the_reader(trust):
        editor = client.get(f"/api/articles/{article.id}", headers=identity(trust.editor))
        assert editor.status_code == 200


def test_list_and_search_show_readers_only_what_is_theirs(
    client: TestClient, trust: TrustRoom
) -> None:
    reader = identity(trust.reader)
    listed = client.get("/api/articles", params={"limit": 500}, headers=reader).json()
    ids = {item["id"] for item in listed["items"]}
    assert trust.live.id in ids and listed["total"] == len(ids)
    assert not ids & {a.id for a in _hidden_from_the_reader(trust)}
    for article in _hidden_from_the_reader(trust):
        found = client.get("/api/articles", params={"q": article.title[:12]}, headers=reader)
        assert found.json()["items"] == [], article.title
    # The US reader does see what is targeted at the US.
    outsider = identity(trust.room.outsider)
    found = client.get("/api/articles", params={"q": "United States"}, headers=outsider).json()
    assert [item["id"] for item in found["items"]] == [trust.elsewhere.id]


def test_the_article_page_hides_them_and_records_no_open(
    client: TestClient, trust: TrustRoom, session: Session
) -> None:
    sign_in(client, trust.reader.external_id)
    for article in _hidden_from_the_reader(trust):
        page = client.get(f"/articles/{article.id}")
        assert page.status_code == 404, article.title
    export = client.get("/api/me/export", headers=identity(trust.reader)).json()
    assert not [e for e in export["events"] if e["type"] == "article_opened"]
    assert client.get(f"/articles/{trust.live.id}").status_code == 200


def test_events_on_hidden_articles_answer_like_unknown_ones(
    client: TestClient, trust: TrustRoom
) -> None:
    reader = identity(trust.reader)
    unknown = client.post(
        "/api/events", json=event_payload("article_opened", UNKNOWN), headers=reader
    )
    assert unknown.status_code == 422
    expected = unknown.json()["detail"].replace(str(UNKNOWN), "{id}")
    for article in _hidden_from_the_reader(trust):
        answer = client.post(
            "/api/events", json=event_payload("article_opened", article.id), headers=reader
        )
        assert answer.status_code == 422, article.title
        assert answer.json()["detail"] == expected.replace("{id}", str(article.id))
    ok = client.post(
        "/api/events", json=event_payload("article_opened", trust.live.id), headers=reader
    )
    assert ok.status_code == 201


def test_events_may_still_arrive_for_articles_since_expired_or_archived(
    client: TestClient, trust: TrustRoom, session: Session
) -> None:
    seen = make_article(session, "Seen, then archived", topics=["ai"], status="archived")
    reader = identity(trust.reader)
    late = client.post(
        "/api/events", json=event_payload("article_read", seen.id, dwell_seconds=30), headers=reader
    )
    assert late.status_code == 201, late.text
    assert client.get(f"/api/articles/{seen.id}", headers=reader).status_code == 404


def test_saved_items_show_only_what_the_reader_may_still_see(
    client: TestClient, trust: TrustRoom, session: Session
) -> None:
    reader = identity(trust.reader)
    for article in (trust.live, trust.room.articles[2]):
        saved = client.post(
            "/api/events", json=event_payload("article_saved", article.id), headers=reader
        )
        assert saved.status_code == 201
    trust.room.articles[2].status = "archived"
    session.flush()
    items = client.get("/api/me/saved", headers=reader).json()
    assert [item["article_id"] for item in items] == [trust.live.id]
