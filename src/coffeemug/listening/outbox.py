"""The publisher: replies to external items leave through the outbox.

A source with a configured URL (``COFFEEMUG_LISTENING_PUBLISH_URLS``) receives each reply as a
JSON POST signed like the webhook (``X-Coffeemug-Signature: sha256=<HMAC of the body>`` with
the source's secret) and carrying ``reply_id`` as idempotency key: a reply whose answer was lost
may be posted again, and the receiver drops the repeat. Sources without a URL get "copy and
mark as sent" on the item page."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable

from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from coffeemug.listening import repository
from coffeemug.listening.ingest import SIGNATURE_HEADER, sign
from coffeemug.listening.models import Item, Reply, ReplyStatus
from coffeemug.settings import Settings

BATCH = 100
TIMEOUT_SECONDS = 10.0

Poster = Callable[[str, bytes, dict[str, str]], None]


class PublishFailed(Exception):
    """At least one reply could not be delivered; the job retries it."""


def http_post(url: str, body: bytes, headers: dict[str, str]) -> None:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
        response.read()


def payload(reply: Reply, item: Item) -> bytes:
    return json.dumps(
        {
            "reply_id": reply.id,
            "source": item.source,
            "in_reply_to": item.external_id,
            "url": item.url,
            "language": reply.language,
            "body": reply.body,
        },
        ensure_ascii=False,
        sort_keys=True,
    ).encode("utf-8")


def deliver(session: Session, settings: Settings, post: Poster = http_post) -> int:
    """Send queued replies; answers how many went out. Failures are counted on the reply and
    raise after the batch so the job retries them."""
    failed = 0
    sent = 0
    for reply in repository.outbox(session, BATCH):
        item = session.get(Item, reply.item_id)
        url = settings.listening_publish_urls.get(item.source) if item else None
        secret = settings.listening_webhook_secrets.get(item.source, "") if item else ""
        if item is None or not url:
            reply.status = ReplyStatus.manual.value
            continue
        body = payload(reply, item)
        headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(secret, body)}
        reply.attempts += 1
        try:
            post(url, body, headers)
        except (OSError, urllib.error.URLError) as exc:
            reply.last_error = str(exc)[:500]
            failed += 1
            continue
        reply.status, reply.sent_at, reply.last_error = ReplyStatus.sent.value, utcnow(), None
        sent += 1
    session.flush()
    if failed:
        raise PublishFailed(f"{failed} replies could not be delivered (sent {sent})")
    return sent
