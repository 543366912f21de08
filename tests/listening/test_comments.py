"""Comments on articles: shown at once, confident abuse held with the reason told to its
author, official replies threaded under the comment, the feed learns from the comment."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coffeemug.events.models import Event
from listening.conftest import CRITICISM_EN, INSULT_EN, Room, as_


def _post(client: TestClient, room: Room, body: str, who=None) -> dict:
    response = client.post(
        f"/api/articles/{room.article.id}/comments",
        json={"body": body},
        headers=as_(who or room.reader),
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_a_comment_is_visible_at_once_and_recorded_as_engagement(
    client: TestClient, session: Session, room: Room
) -> None:
    created = _post(client, room, CRITICISM_EN)
    assert created["status"] == "visible" and created["body"] == CRITICISM_EN
    seen = client.get(
        f"/api/articles/{room.article.id}/comments", headers=as_(room.other_reader)
    ).json()
    assert [c["body"] for c in seen["items"]] == [CRITICISM_EN]
    events = session.scalar(
        select(func.count()).select_from(Event).where(Event.type == "comment_posted")
    )
    assert events == 1


def test_confident_abuse_is_held_and_only_its_author_sees_why(
    client: TestClient, room: Room
) -> None:
    created = _post(client, room, INSULT_EN)
    assert created["status"] == "held" and created["reason"] == "abuse_suspected"
    url = f"/api/articles/{room.article.id}/comments"
    assert client.get(url, headers=as_(room.other_reader)).json()["items"] == []
    mine = client.get(url, headers=as_(room.reader)).json()["items"]
    assert [(c["status"], c["reason"], c["mine"]) for c in mine] == [
        ("held", "abuse_suspected", True)
    ]


def test_the_newsroom_reply_is_threaded_under_the_comment(client: TestClient, room: Room) -> None:
    _post(client, room, CRITICISM_EN)
    items = client.get("/api/moderation/items", headers=as_(room.moderator)).json()["items"]
    assert len(items) == 1 and "criticism" in items[0]["labels"]
    answer = "The price rose by 0.40 EUR because suppliers raised theirs by 18 %."
    replied = client.post(
        f"/api/moderation/items/{items[0]['id']}/reply",
        json={"body": answer},
        headers=as_(room.moderator),
    )
    assert replied.status_code == 201 and replied.json()["status"] == "published"
    thread = client.get(
        f"/api/articles/{room.article.id}/comments", headers=as_(room.other_reader)
    ).json()["items"]
    assert len(thread) == 1
    assert [(r["body"], r["official"]) for r in thread[0]["replies"]] == [(answer, True)]


def test_comments_on_an_article_the_reader_may_not_see_are_not_found(
    client: TestClient, session: Session, room: Room
) -> None:
    from factories import make_article

    draft = make_article(session, "Draft", topics=["canteen"], status="draft")
    session.flush()
    response = client.post(
        f"/api/articles/{draft.id}/comments", json={"body": "hi"}, headers=as_(room.reader)
    )
    assert response.status_code == 404


def test_an_empty_comment_is_refused(client: TestClient, room: Room) -> None:
    response = client.post(
        f"/api/articles/{room.article.id}/comments", json={"body": "  "}, headers=as_(room.reader)
    )
    assert response.status_code == 422


def test_the_authors_data_export_holds_their_comments(client: TestClient, room: Room) -> None:
    _post(client, room, INSULT_EN)
    exported = client.get("/api/me/export", headers=as_(room.reader)).json()
    assert [(c["body"], c["status"], c["reason"]) for c in exported["comments"]] == [
        (INSULT_EN, "held", "abuse_suspected")
    ]
    assert client.get("/api/me/export", headers=as_(room.other_reader)).json()["comments"] == []
