"""External items: the signed webhook (401 on a wrong signature, idempotent replays, 202 only
after storing), file import, and the one store of mentions that share of buzz reads."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coffeemug.analytics.models import Mention
from coffeemug.listening import ingest
from coffeemug.listening.models import Item
from coffeemug.settings import Settings
from listening.conftest import SECRET, Room, as_

CEO_POST = {
    "thread_id": "ceo-post-1",
    "thread_title": "Our CEO on the new hybrid-work policy",
    "thread_executive": True,
}


def _items(*texts: str) -> list[dict]:
    return [
        {
            "external_id": f"ext-{n}",
            "text": text,
            "posted_at": "2026-12-01T09:00:00+00:00",
            "author": f"@user{n}",
            "reach": 1200,
            "url": f"https://social.example/p/{n}",
            **CEO_POST,
        }
        for n, text in enumerate(texts)
    ]


def _send(client: TestClient, body: bytes, signature: str | None, source: str = "social"):
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers[ingest.SIGNATURE_HEADER] = signature
    return client.post(f"/api/listening/webhook/{source}", content=body, headers=headers)


def test_a_signed_delivery_is_stored_before_202_and_a_replay_stores_nothing(
    client: TestClient, session: Session, room: Room
) -> None:
    body = json.dumps({"items": _items("Why does the office policy ignore parents?")}).encode()
    first = _send(client, body, ingest.sign(SECRET, body))
    assert first.status_code == 202 and first.json() == {"stored": 1, "duplicates": 0}
    assert session.scalar(select(func.count()).select_from(Item)) == 1
    again = _send(client, body, ingest.sign(SECRET, body))
    assert again.status_code == 202 and again.json() == {"stored": 0, "duplicates": 1}
    assert session.scalar(select(func.count()).select_from(Item)) == 1
    item = client.get("/api/moderation/items", headers=as_(room.moderator)).json()["items"][0]
    assert item["source"] == "social" and item["author"] == "@user0"
    assert item["executive_thread"] is True and "question" in item["labels"]
    stored = session.scalars(select(Item)).one()
    assert stored.author_pseudonym and stored.author_pseudonym != "@user0"


def test_wrong_or_missing_signatures_are_refused_and_nothing_is_stored(
    client: TestClient, session: Session, room: Room
) -> None:
    body = json.dumps({"items": _items("hello")}).encode()
    assert _send(client, body, None).status_code == 401
    assert _send(client, body, ingest.sign("wrong", body)).status_code == 401
    tampered = body.replace(b"hello", b"hullo")
    assert _send(client, tampered, ingest.sign(SECRET, body)).status_code == 401
    assert _send(client, body, ingest.sign(SECRET, body), source="unknown").status_code == 404
    assert session.scalar(select(func.count()).select_from(Item)) == 0


def test_a_bad_body_with_a_good_signature_is_a_clear_422(client: TestClient, room: Room) -> None:
    body = b'{"items": [{"text": "no id"}]}'
    response = _send(client, body, ingest.sign(SECRET, body))
    assert response.status_code == 422 and "external_id" in response.json()["detail"]


def test_external_items_are_mentions_for_share_of_buzz(
    session: Session, settings: Settings, room: Room
) -> None:
    from coffeemug.listening.schemas import ExternalItem

    items = [ExternalItem.model_validate(i) for i in _items("The canteen food is great")]
    ingest.store(session, settings, "social", items)
    mention = session.get(Mention, "social:ext-0")
    assert mention is not None and mention.brand == "ours" and mention.author_reach == 1200
    item = session.scalars(select(Item)).one()
    assert item.mention_id == "social:ext-0"


def test_mentions_imported_for_share_of_buzz_reach_the_inbox_once(
    session: Session, settings: Settings, room: Room
) -> None:
    session.add(
        Mention(id="press-1", day=datetime(2026, 12, 1, tzinfo=UTC).date(), source="press",
                author_reach=50000, text="Kantinenpreise steigen: Kritik der Belegschaft",
                brand="ours")
    )  # fmt: skip
    session.add(
        Mention(id="press-2", day=datetime(2026, 12, 1, tzinfo=UTC).date(), source="press",
                author_reach=10, text="Competitor news", brand="rival")
    )  # fmt: skip
    session.flush()
    assert ingest.sync_mentions(session, settings) == 1
    assert ingest.sync_mentions(session, settings) == 0
    item = session.scalars(select(Item)).one()
    assert (item.source, item.mention_id, item.language) == ("press", "press-1", "de")


def test_file_import_reads_json_lines_and_csv(
    session: Session, settings: Settings, room: Room
) -> None:
    jsonl = "\n".join(json.dumps(i) for i in _items("first", "second"))
    assert ingest.import_file(session, settings, "social", "a.jsonl", jsonl, None).stored == 2
    csv_text = (
        "external_id,text,posted_at,author,reach,thread_id,thread_executive\n"
        "c-1,Warum?,2026-12-01T10:00:00+01:00,@a,10,ceo-post-1,true\n"
    )
    result = ingest.import_file(session, settings, "social", "b.csv", csv_text, None)
    assert (result.stored, result.duplicates) == (1, 0)
    again = ingest.import_file(session, settings, "social", "a.jsonl", jsonl, None)
    assert (again.stored, again.duplicates) == (0, 2)
