"""The pages: the comment box and thread under an article, the moderators' inbox and an item's
composer with fact-card insertion, in German and English."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from listening.conftest import CRITICISM_DE, INSULT_EN, Room, as_
from web.client_tools import assert_translated, sign_in, token_of


def _post_comment_on_page(client: TestClient, room: Room, body: str) -> None:
    sign_in(client, room.reader.external_id)
    page = client.get(f"/articles/{room.article.id}")
    assert page.status_code == 200 and 'id="comments"' in page.text
    posted = client.post(
        f"/articles/{room.article.id}/comments",
        data={"csrf_token": token_of(page.text), "body": body},
        follow_redirects=False,
    )
    assert posted.status_code == 303


def test_a_reader_comments_on_the_article_page_and_sees_a_held_comment_explained(
    client: TestClient, room: Room
) -> None:
    _post_comment_on_page(client, room, CRITICISM_DE)
    _post_comment_on_page(client, room, INSULT_EN)
    page = client.get(f"/articles/{room.article.id}").text
    assert CRITICISM_DE in page and "data-held" in page
    sign_in(client, room.other_reader.external_id)
    other = client.get(f"/articles/{room.article.id}").text
    assert CRITICISM_DE in other and INSULT_EN not in other


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_inbox_and_an_item_page_in_both_languages(
    client: TestClient, room: Room, lang: str
) -> None:
    _post_comment_on_page(client, room, CRITICISM_DE)
    sign_in(client, room.reader.external_id, lang)
    assert client.get("/moderation", follow_redirects=False).status_code == 403
    sign_in(client, room.moderator.external_id, lang)
    inbox = client.get("/moderation")
    assert inbox.status_code == 200 and CRITICISM_DE in inbox.text
    # The filter form as a browser sends it, "all" as empty values.
    everything = client.get("/moderation?status=&label=&topic=&language=&source=")
    assert everything.status_code == 200 and CRITICISM_DE in everything.text
    criticism = client.get("/moderation?status=open&label=criticism&topic=&language=de&source=")
    assert criticism.status_code == 200 and CRITICISM_DE in criticism.text
    assert client.get("/moderation?label=nonsense").status_code == 422
    assert_translated(inbox.text)
    item_id = client.get("/api/moderation/items", headers=as_(room.moderator)).json()["items"][0][
        "id"
    ]
    page = client.get(f"/moderation/items/{item_id}")
    assert page.status_code == 200 and "data-reply-form" in page.text
    assert_translated(page.text)
    replied = client.post(
        f"/moderation/items/{item_id}/reply",
        data={"csrf_token": token_of(page.text), "body": "Die Preise stiegen um 0,40 EUR."},
        follow_redirects=False,
    )
    assert replied.status_code == 303
    sign_in(client, room.other_reader.external_id, lang)
    article = client.get(f"/articles/{room.article.id}").text
    assert "Die Preise stiegen um 0,40 EUR." in article
    assert_translated(article)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_map_figures_facts_and_crisis_pages(client: TestClient, room: Room, lang: str) -> None:
    _post_comment_on_page(client, room, CRITICISM_DE)
    sign_in(client, room.moderator.external_id, lang)
    for path in ("/moderation/map", "/moderation/stats", "/moderation/facts", "/moderation/crisis"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert_translated(page.text)
    crisis = client.get("/moderation/crisis").text
    started = client.post(
        "/moderation/crisis/canteen",
        data={"csrf_token": token_of(crisis), "reason": "Recall"},
        follow_redirects=False,
    )
    assert started.status_code == 303
    assert "Recall" in client.get("/moderation/crisis").text


def test_a_reply_to_a_network_without_integration_is_copied_and_marked_sent(
    client: TestClient, room: Room
) -> None:
    import json

    from coffeemug.listening import ingest
    from listening.conftest import SECRET

    body = json.dumps({"items": [{"external_id": "n1", "text": "Warum so teuer?",
                                  "posted_at": "2026-12-01T09:00:00+00:00"}]}).encode()  # fmt: skip
    headers = {ingest.SIGNATURE_HEADER: ingest.sign(SECRET, body)}
    assert client.post("/api/listening/webhook/social", content=body, headers=headers).is_success
    item_id = client.get("/api/moderation/items", headers=as_(room.moderator)).json()["items"][0][
        "id"
    ]
    sign_in(client, room.moderator.external_id, "de")
    page = client.get(f"/moderation/items/{item_id}").text
    client.post(
        f"/moderation/items/{item_id}/reply",
        data={"csrf_token": token_of(page), "body": "Weil die Lieferanten teurer wurden."},
    )
    page = client.get(f"/moderation/items/{item_id}").text
    assert 'data-status="manual"' in page
    assert_translated(page)
    reply_id = page.split('data-reply="')[1].split('"')[0]
    client.post(f"/moderation/replies/{reply_id}/sent", data={"csrf_token": token_of(page)})
    assert 'data-status="sent"' in client.get(f"/moderation/items/{item_id}").text


def test_an_item_is_handed_to_a_team(client: TestClient, room: Room) -> None:
    _post_comment_on_page(client, room, CRITICISM_DE)
    sign_in(client, room.moderator.external_id)
    item_id = client.get("/api/moderation/items", headers=as_(room.moderator)).json()["items"][0][
        "id"
    ]
    page = client.get(f"/moderation/items/{item_id}").text
    client.post(
        f"/moderation/items/{item_id}/assign", data={"csrf_token": token_of(page), "team": "hr"}
    )
    item = client.get(f"/api/moderation/items/{item_id}", headers=as_(room.moderator)).json()
    assert (item["status"], item["team"], item["assignee_id"]) == ("assigned", "hr", None)
    assert len(client.get("/api/moderation/items?team=hr", headers=as_(room.moderator)).json()[
        "items"
    ]) == 1  # fmt: skip
