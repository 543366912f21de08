"""The append-only, hash-chained moderation audit log.

Each entry's hash covers its own content and the previous entry's hash, so changing, removing
or reordering any entry breaks every hash after it; ``verify`` finds the first break."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from coffeemug.listening import repository
from coffeemug.listening.models import AuditEntry

GENESIS = "0" * 64


def entry_hash(
    previous: str, at: datetime, actor_id: int | None, action: str, subject: str, detail: Any
) -> str:
    canonical = json.dumps(
        {
            "previous": previous,
            "at": at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "actor": actor_id,
            "action": action,
            "subject": subject,
            "detail": detail,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def record(
    session: Session,
    actor_id: int | None,
    action: str,
    subject: str,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry after the newest. Two writers appending after the same entry collide
    on the unique previous hash; the later one's request answers 409 and may retry."""
    previous = repository.last_audit_hash(session) or GENESIS
    at = utcnow()
    detail = detail or {}
    entry = AuditEntry(
        at=at,
        actor_id=actor_id,
        action=action,
        subject=subject,
        detail=detail,
        previous_hash=previous,
        hash=entry_hash(previous, at, actor_id, action, subject, detail),
    )
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class Verdict:
    entries: int
    broken_at: int | None  # id of the first entry that does not match
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify(entries: Iterable[AuditEntry]) -> Verdict:
    previous = GENESIS
    count = 0
    for entry in entries:
        count += 1
        if entry.previous_hash != previous:
            return Verdict(count, entry.id, "does not follow the entry before it")
        expected = entry_hash(
            previous, entry.at, entry.actor_id, entry.action, entry.subject, entry.detail
        )
        if entry.hash != expected:
            return Verdict(count, entry.id, "its content was changed after it was written")
        previous = entry.hash
    return Verdict(count, None, None)


def verify_log(session: Session) -> Verdict:
    return verify(repository.audit_entries(session))
