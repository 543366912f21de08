"""Items from outside: the signed webhook, file import (JSON Lines / CSV) and the mentions
imported for share of buzz.

External items live in ``analytics_mentions`` (the one store of mentions that share of buzz
reads) and each gets a ``listening_items`` row with what moderation adds. A mention's id there
is ``<source>:<external id>``, so a replayed delivery finds the item it already stored."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, time

from pydantic import ValidationError
from sqlalchemy.orm import Session

from coffeemug.analytics.models import OURS, Mention
from coffeemug.errors import DataFileError, NotAuthenticated, NotFound, ValidationFailed
from coffeemug.listening import repository
from coffeemug.listening.models import INTRANET, Thread
from coffeemug.listening.schemas import ExternalItem, IngestResult
from coffeemug.listening.service import (
    NewItem,
    add_items,
    build_items,
    understanding_topics,
)
from coffeemug.settings import Settings

SIGNATURE_HEADER = "X-Coffeemug-Signature"
MENTION_ID_LENGTH = 128
SYNC_BATCH = 1000


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def check_signature(settings: Settings, source: str, body: bytes, signature: str | None) -> None:
    """401 for a wrong or missing signature; 404 for a source without a configured secret."""
    secret = settings.listening_webhook_secrets.get(source)
    if source == INTRANET or not secret:
        raise NotFound(f"no external source {source!r} is configured")
    if not signature or not hmac.compare_digest(sign(secret, body), signature.strip()):
        raise NotAuthenticated(f"missing or wrong {SIGNATURE_HEADER} for source {source!r}")


def mention_id(source: str, external_id: str) -> str:
    key = f"{source}:{external_id}"
    if len(key) <= MENTION_ID_LENGTH:
        return key
    return f"{source}:sha256:{hashlib.sha256(external_id.encode()).hexdigest()}"[:MENTION_ID_LENGTH]


def _thread(
    session: Session, source: str, item: ExternalItem, seen: dict[str, Thread]
) -> Thread | None:
    if not item.thread_id:
        return None
    if item.thread_id in seen:  # a batch's items mostly react to a few threads
        return seen[item.thread_id]
    thread = repository.thread_by_key(session, source, item.thread_id)
    if thread is None:
        thread = Thread(
            source=source,
            external_id=item.thread_id,
            title=item.thread_title,
            url=item.thread_url,
            executive=item.thread_executive,
            posted_at=item.posted_at,
        )
        session.add(thread)
        session.flush()
    seen[item.thread_id] = thread
    return thread


def store(
    session: Session, settings: Settings, source: str, items: Sequence[ExternalItem]
) -> IngestResult:
    """Store new items (mention + moderation row), skip ones stored before; idempotent."""
    unique = list({i.external_id: i for i in items}.values())
    known = repository.existing_item_keys(session, source, [i.external_id for i in unique])
    fresh = [i for i in unique if i.external_id not in known]
    if not fresh:
        return IngestResult(stored=0, duplicates=len(items))
    topics = understanding_topics(session)
    topic_ids = {str(t.id) for t in topics}
    new = []
    threads: dict[str, Thread] = {}
    for item in fresh:
        key = mention_id(source, item.external_id)
        new.append(
            NewItem(
                source=source,
                external_id=item.external_id,
                text=item.text,
                posted_at=item.posted_at,
                author=item.author,
                reach=item.reach,
                language=item.language,
                url=item.url,
                thread=_thread(session, source, item, threads),
                mention_id=key,
            )
        )
    stored = build_items(settings, new, topics)
    have = repository.existing_mention_ids(session, [n.mention_id or "" for n in new])
    # The mention first: the item points at it.
    for row, item in zip(stored, fresh, strict=True):
        if row.mention_id in have:
            continue
        session.add(
            Mention(
                id=row.mention_id,
                day=item.posted_at.date(),
                source=source,
                author_reach=item.reach,
                text=item.text,
                brand=item.brand or OURS,
                topic_id=row.topic_id if row.topic_id in topic_ids else None,
            )
        )
    session.flush()
    session.add_all(stored)
    session.flush()
    return IngestResult(stored=len(stored), duplicates=len(items) - len(stored))


def sync_mentions(session: Session, settings: Settings) -> int:
    """Give our mentions imported for share of buzz (``coffeemug import mentions``) their place
    in the inbox: one store of mentions, seen by analytics and moderation alike."""
    mentions = repository.mentions_without_item(session, OURS, SYNC_BATCH)
    new = [
        NewItem(
            source=m.source[:64],
            external_id=m.id,
            text=m.text,
            # The import knows the day only: noon UTC stands for it.
            posted_at=datetime.combine(m.day, time(12), tzinfo=UTC),
            reach=m.author_reach,
            mention_id=m.id,
        )
        for m in mentions
    ]
    if new:
        add_items(session, settings, new, understanding_topics(session))
    return len(new)


# ------------------------------------------------------------------ files


def parse_file(name: str, content: str, fmt: str | None) -> Iterator[tuple[int, ExternalItem]]:
    """Rows of a JSON Lines or CSV file as validated items (docs/import-formats.md)."""
    kind = fmt or ("csv" if name.lower().endswith(".csv") else "jsonl")
    if kind == "csv":
        rows: Iterator[tuple[int, dict[str, object]]] = (
            (n, {k: v for k, v in row.items() if v not in ("", None)})
            for n, row in enumerate(csv.DictReader(io.StringIO(content)), start=2)
        )
    else:
        rows = _json_lines(name, content)
    for line, raw in rows:
        if "thread_executive" in raw and isinstance(raw["thread_executive"], str):
            raw["thread_executive"] = raw["thread_executive"].strip().lower() in (
                "1",
                "true",
                "yes",
            )
        try:
            yield line, ExternalItem.model_validate(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ()))
            raise DataFileError(name, f"{where}: {first.get('msg')}", line) from None


def _json_lines(name: str, content: str) -> Iterator[tuple[int, dict[str, object]]]:
    for number, text in enumerate(content.splitlines(), start=1):
        if not text.strip():
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DataFileError(name, f"not JSON: {exc.msg}", number) from None
        if not isinstance(value, dict):
            raise DataFileError(name, "each line must be a JSON object", number)
        yield number, value


def import_file(
    session: Session, settings: Settings, source: str, name: str, content: str, fmt: str | None
) -> IngestResult:
    if not source or source == INTRANET:
        raise ValidationFailed("source: name the external source the file comes from")
    items = [item for _, item in parse_file(name, content, fmt)]
    stored, duplicates = 0, 0
    for start in range(0, len(items), 500):
        result = store(session, settings, source, items[start : start + 500])
        stored, duplicates = stored + result.stored, duplicates + result.duplicates
    return IngestResult(stored=stored, duplicates=duplicates)
