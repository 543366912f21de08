"""The moderators' rules: the inbox and its filters, hiding only by rule (409 on criticism
without a second approval), nothing deleted, fact cards (422 when expired), executive threads
need a second person, every action in the audit log."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from coffeemug.db import utcnow
from listening.conftest import CRITICISM_DE, CRITICISM_EN, INSULT_DE, Room, as_


def _comment(client: TestClient, room: Room, body: str) -> int:
    url = f"/api/articles/{room.article.id}/comments"
    assert client.post(url, json={"body": body}, headers=as_(room.reader)).status_code == 201
    items = client.get("/api/moderation/items", headers=as_(room.moderator)).json()["items"]
    return next(i["id"] for i in items if i["text"] == body)


def test_the_inbox_is_for_moderators_and_filters_by_label_and_language(
    client: TestClient, room: Room
) -> None:
    for body in (CRITICISM_EN, CRITICISM_DE, INSULT_DE):
        _comment(client, room, body)
    assert client.get("/api/moderation/items", headers=as_(room.reader)).status_code == 403
    get = lambda q: client.get(f"/api/moderation/items?{q}", headers=as_(room.moderator))  # noqa: E731
    everything = get("").json()["items"]
    assert len(everything) == 3
    assert {"id", "source", "text", "language", "sentiment", "labels", "priority", "status",
            "thread_id"} <= set(everything[0])  # fmt: skip
    assert [i["text"] for i in get("label=abuse").json()["items"]] == [INSULT_DE]
    assert {i["text"] for i in get("label=criticism").json()["items"]} == {
        CRITICISM_EN,
        CRITICISM_DE,
    }
    assert [i["text"] for i in get("language=en").json()["items"]] == [CRITICISM_EN]
    assert len(get("status=open&source=intranet&topic=canteen").json()["items"]) >= 1
    assert get("label=nonsense").status_code == 422


def test_hiding_criticism_needs_a_second_moderator(client: TestClient, room: Room) -> None:
    item_id = _comment(client, room, CRITICISM_EN)
    url = f"/api/moderation/items/{item_id}/hide"
    refused = client.post(url, json={"reason": "abuse"}, headers=as_(room.moderator))
    assert refused.status_code == 409
    assert refused.json()["rule"] == "second_approval_required"
    assert "criticism" in refused.json()["detail"]

    asked = client.post(
        url, json={"reason": "privacy", "request_approval": True}, headers=as_(room.moderator)
    ).json()
    approval = f"/api/moderation/approvals/{asked['approval_id']}/approve"
    same = client.post(approval, json={}, headers=as_(room.moderator))
    assert same.status_code == 409 and same.json()["rule"] == "second_person"
    assert client.post(approval, json={}, headers=as_(room.second_moderator)).status_code == 200

    item = client.get(f"/api/moderation/items/{item_id}", headers=as_(room.moderator)).json()
    assert (item["status"], item["reason_code"]) == ("hidden", "privacy")
    thread = f"/api/articles/{room.article.id}/comments"
    assert client.get(thread, headers=as_(room.other_reader)).json()["items"] == []
    own = client.get(thread, headers=as_(room.reader)).json()["items"]
    assert [(c["body"], c["status"], c["reason"]) for c in own] == [
        (CRITICISM_EN, "hidden", "privacy")
    ]


def test_abuse_is_hidden_at_once_with_its_reason(client: TestClient, room: Room) -> None:
    item_id = _comment(client, room, INSULT_DE)
    hidden = client.post(
        f"/api/moderation/items/{item_id}/hide", json={"reason": "abuse"},
        headers=as_(room.moderator),
    )  # fmt: skip
    assert hidden.status_code == 200 and hidden.json()["status"] == "hidden"
    again = client.post(
        f"/api/moderation/items/{item_id}/hide", json={"reason": "abuse"},
        headers=as_(room.moderator),
    )  # fmt: skip
    assert again.status_code == 409


def _fact(client: TestClient, room: Room, valid_until: str | None) -> int:
    response = client.post(
        "/api/moderation/facts",
        json={
            "title": "Canteen prices 2026",
            "statements": {
                "en": "Canteen prices rose by 0.40 EUR; suppliers raised theirs by 18 %.",
                "de": "Die Kantinenpreise stiegen um 0,40 EUR; Lieferanten erhöhten um 18 %.",
            },
            "figures": "+0.40 EUR, +18 %",
            "source_url": "https://intranet.example/canteen",
            "owner": "Facility Management",
            "valid_until": valid_until,
        },
        headers=as_(room.moderator),
    )
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_replies_cite_fact_cards_and_an_expired_card_is_refused(
    client: TestClient, room: Room
) -> None:
    item_id = _comment(client, room, CRITICISM_DE)
    expired = _fact(client, room, str((utcnow() - timedelta(days=1)).date()))
    valid = _fact(client, room, str((utcnow() + timedelta(days=30)).date()))
    suggestions = client.get(
        f"/api/moderation/items/{item_id}/suggestions", headers=as_(room.moderator)
    ).json()["items"]
    assert [s["fact"]["id"] for s in suggestions] == [valid]
    assert suggestions[0]["text"].startswith("Die Kantinenpreise")  # the item's language

    url = f"/api/moderation/items/{item_id}/reply"
    refused = client.post(
        url, json={"body": "Siehe Fakten", "fact_ids": [expired]}, headers=as_(room.moderator)
    )
    assert refused.status_code == 422 and refused.json()["rule"] == "fact_card_expired"
    made = client.post(
        url, json={"body": suggestions[0]["text"], "fact_ids": [valid]},
        headers=as_(room.moderator),
    )  # fmt: skip
    assert made.status_code == 201
    assert (made.json()["language"], made.json()["fact_ids"]) == ("de", [valid])


def test_every_action_is_in_the_audit_log_for_admins(client: TestClient, room: Room) -> None:
    item_id = _comment(client, room, CRITICISM_EN)
    client.post(
        f"/api/moderation/items/{item_id}/assign", json={"assignee_id": room.moderator.id},
        headers=as_(room.moderator),
    )  # fmt: skip
    client.post(
        "/api/moderation/topics/canteen/crisis", json={"reason": "Supplier recall"},
        headers=as_(room.moderator),
    )  # fmt: skip
    assert client.get("/api/moderation/audit", headers=as_(room.moderator)).status_code == 403
    log = client.get("/api/moderation/audit", headers=as_(room.admin)).json()
    assert log["chain_ok"] is True
    assert [e["action"] for e in log["items"]][:2] == ["crisis_started", "assign"]
    assert log["items"][0]["previous_hash"] == log["items"][1]["hash"]
