"""Replies to external items: an executive thread's reply waits for a second person, then goes
to the outbox and is delivered to a local receiver, signed; without a publisher it is copied
and marked as sent."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import pytest
from sqlalchemy.orm import Session

from coffeemug.listening import ingest, outbox, replies, service
from coffeemug.listening.models import Reply
from coffeemug.listening.schemas import ExternalItem, ReplyCreate
from coffeemug.settings import Settings
from listening.conftest import SECRET, Room


class Receiver(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[bytes, str]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.received.append((body, self.headers[ingest.SIGNATURE_HEADER]))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[str]:
    Receiver.received = []
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/replies"
    server.shutdown()


def _external_item(session: Session, settings: Settings, executive: bool) -> int:
    item = ExternalItem(
        external_id="post-77",
        text="Why is the CEO ignoring the night shift?",
        posted_at="2026-12-01T09:00:00+00:00",
        url="https://social.example/p/77",
        thread_id="ceo-1",
        thread_executive=executive,
    )
    ingest.store(session, settings, "social", [item])
    return service.list_items(session, service.ItemFilter())[0].id


def test_an_executive_reply_waits_for_a_second_person_then_is_delivered_signed(
    session: Session, settings: Settings, room: Room, receiver: str
) -> None:
    settings = settings.model_copy(update={"listening_publish_urls": {"social": receiver}})
    item_id = _external_item(session, settings, executive=True)
    body = ReplyCreate(body="Night shifts get 3 extra days.")
    made = replies.reply(session, settings, room.moderator, item_id, body)
    assert made.status == "awaiting_approval" and made.approval_id is not None
    assert outbox.deliver(session, settings) == 0  # nothing leaves before the approval
    waiting = replies.pending(session)
    assert [(a.action, a.text) for a in waiting] == [("reply", body.body)]
    with pytest.raises(Exception, match="second person"):
        replies.approve(session, settings, room.moderator, made.approval_id)
    replies.approve(session, settings, room.second_moderator, made.approval_id)
    assert session.get(Reply, made.id).status == "queued"

    assert outbox.deliver(session, settings) == 1
    body, signature = Receiver.received[0]
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert signature == expected
    sent = json.loads(body)
    assert (sent["reply_id"], sent["in_reply_to"]) == (made.id, "post-77")
    assert session.get(Reply, made.id).status == "sent"
    assert service.read_item(session, item_id).status == "answered"


def test_without_a_publisher_a_reply_is_copied_and_marked_as_sent(
    session: Session, settings: Settings, room: Room
) -> None:
    item_id = _external_item(session, settings, executive=False)
    made = replies.reply(session, settings, room.moderator, item_id, ReplyCreate(body="Facts."))
    assert made.status == "manual"
    assert replies.mark_sent(session, room.moderator, made.id).status == "sent"
    # The author's handle is not kept once the item is closed.
    assert service.read_item(session, item_id).author is None


def test_a_receiver_that_is_down_leaves_the_reply_queued(
    session: Session, settings: Settings, room: Room
) -> None:
    settings = settings.model_copy(
        update={"listening_publish_urls": {"social": "http://127.0.0.1:9/down"}}
    )
    item_id = _external_item(session, settings, executive=False)
    made = replies.reply(session, settings, room.moderator, item_id, ReplyCreate(body="Facts."))
    with pytest.raises(outbox.PublishFailed):
        outbox.deliver(session, settings)
    row = session.get(Reply, made.id)
    assert (row.status, row.attempts) == ("queued", 1) and row.last_error
