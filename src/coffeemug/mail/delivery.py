"""Sending at most once: claim, compose, commit, send, record, commit.

This module owns its transactions, as a request or a CLI command does: each chunk of messages is
claimed in the ledger together with what composing them logged (the digest's impressions) and
committed before the first message leaves; the outcome of each message is committed after.
A job that fails releases the claims of messages it did not send, so its retry sends those; a
worker that dies leaves its claims as they are, and they are marked ``interrupted`` later,
never sent again (an employee never gets the same message twice).
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from coffeemug.mail import repository, service
from coffeemug.mail.models import MailKind, SendStatus
from coffeemug.mail.transport import Refusal, SmtpTransport
from coffeemug.settings import Settings

log = logging.getLogger(__name__)

Units = Callable[[], AbstractContextManager[Session]]
Defer = Callable[[str, dict[str, Any]], None]

BATCH = 500  # employees per mail.send_batch job: the unit workers share
CHUNK = 50  # messages claimed, composed and committed together
# A claim older than this whose message was never recorded belongs to a worker that died.
STALE_CLAIM = timedelta(minutes=15)
MAIL_OFF = "e-mail is off (COFFEEMUG_SMTP_URL is not set)"


@dataclass
class _Pending:
    employee_id: int
    ref: str
    address: str
    message: EmailMessage
    items: int
    language: str


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _hand_out(defer: Defer, kind: str, due: Sequence[tuple[int, str]]) -> int:
    batches = 0
    for batch in _chunks(due, BATCH):
        defer("mail.send_batch", {"kind": kind, "items": [list(pair) for pair in batch]})
        batches += 1
    return batches


def _interrupted(units: Units, now: datetime) -> int:
    with units() as session:
        return repository.mark_interrupted(session, now - STALE_CLAIM)


def schedule_digests(units: Units, settings: Settings, now: datetime, defer: Defer) -> str:
    """Hand every due digest to the workers, in batches."""
    if not settings.smtp_url:
        return MAIL_OFF
    interrupted = _interrupted(units, now)
    with units() as session:
        due = service.due_digests(session, settings, now)
    batches = _hand_out(defer, MailKind.digest.value, due)
    return f"{len(due)} digests due in {batches} batches; {interrupted} interrupted sends marked"


def schedule_reminders(units: Units, settings: Settings, now: datetime, defer: Defer) -> str:
    """Hand every due must-read reminder to the workers, in batches."""
    if not settings.smtp_url:
        return MAIL_OFF
    with units() as session:
        due = service.due_reminders(session, settings, now)
    batches = _hand_out(defer, MailKind.reminder.value, due)
    return f"{len(due)} reminders due in {batches} batches"


def publish_notices(units: Units, settings: Settings, now: datetime) -> str:
    """Tell the authors of scheduled articles that went live (few: sent right here)."""
    if not settings.smtp_url:
        return MAIL_OFF
    with units() as session:
        due = service.went_live(session, now)
    if not due:
        return "no scheduled article went live"
    return send_batch(units, settings, MailKind.published.value, due)


def _reserve(units: Units, settings: Settings, count: int) -> None:
    """Wait until the shared per-minute budget has room for ``count`` messages."""
    limit = settings.mail_rate_per_minute
    while True:
        minute = int(time.time() // 60)
        with units() as session:
            total = repository.add_to_minute(session, minute, count)
            if total <= limit:
                return
            repository.add_to_minute(session, minute, -count)
        time.sleep(max(0.5, (minute + 1) * 60 - time.time()))


def _compose(
    units: Units,
    settings: Settings,
    kind: str,
    chunk: Sequence[tuple[int, str]],
    tally: Counter[str],
) -> list[_Pending]:
    """Claim the chunk and compose what this call claimed; one bad employee is recorded as
    failed and the rest go on."""
    now = utcnow()
    pending: list[_Pending] = []
    outcomes: list[dict[str, Any]] = []
    with units() as session:
        claimed = repository.claim(session, kind, chunk, now)
        tally["already recorded"] += len(chunk) - len(claimed)
        mine = [pair for pair in chunk if pair in claimed]
        employees = repository.employees(session, [e for e, _ in mine])
        articles = (
            {}
            if kind == MailKind.digest.value
            else service.articles_by_id(session, [int(ref) for _, ref in mine])
        )
        suppressed = repository.suppressed(
            session, [e.email for e in employees.values() if e.email], settings.mail_bounce_limit
        )
        for employee_id, ref in mine:
            employee = employees.get(employee_id)
            outcome = {"employee_id": employee_id, "ref": ref}
            try:
                with session.begin_nested():
                    made = (
                        None
                        if employee is None
                        else service.message_for(
                            session, settings, kind, employee, ref, articles, now
                        )
                    )
            except Exception as exc:  # one bad row never stops the batch
                log.exception("composing %s %s for employee %s failed", kind, ref, employee_id)
                outcomes.append(
                    {**outcome, "status": SendStatus.failed.value, "error": str(exc)[:500]}
                )
                tally["failed"] += 1
                continue
            if made is None or employee is None or employee.email in suppressed:
                reason = "address suppressed after bounces" if made else "nothing to send"
                outcomes.append({**outcome, "status": SendStatus.skipped.value, "error": reason})
                tally["skipped"] += 1
                continue
            message, items = made
            language = str(message["Content-Language"])
            pending.append(
                _Pending(employee_id, ref, employee.email or "", message, items, language)
            )
        repository.finish(session, kind, outcomes)
    return pending


def _result(pending: _Pending, refusal: Refusal | None) -> dict[str, Any]:
    base = {
        "employee_id": pending.employee_id,
        "ref": pending.ref,
        "address": pending.address,
        "language": pending.language,
        "items": pending.items,
    }
    if refusal is None:
        return {**base, "status": SendStatus.sent.value, "sent_at": utcnow()}
    return {**base, "status": SendStatus.failed.value, "error": refusal.error}


def _record(
    units: Units,
    kind: str,
    sent: list[tuple[_Pending, Refusal | None]],
    unsent: Sequence[_Pending],
) -> None:
    now = utcnow()
    with units() as session:
        repository.finish(session, kind, [_result(p, r) for p, r in sent])
        repository.release(session, kind, [(p.employee_id, p.ref) for p in unsent])
        for pending, refusal in sent:
            if refusal is not None and refusal.permanent:
                repository.record_bounce(session, pending.address, refusal.error, now)
        repository.forget_bounces(session, [p.address for p, r in sent if r is None])


def _send(
    units: Units, smtp: SmtpTransport, kind: str, pending: list[_Pending], tally: Counter[str]
) -> None:
    done: list[tuple[_Pending, Refusal | None]] = []
    try:
        for item in pending:
            refusal = smtp.send(item.message, item.address)
            done.append((item, refusal))
            tally["sent" if refusal is None else "refused"] += 1
    except Exception:
        # Record what left, give back what did not: the retry sends exactly those.
        _record(units, kind, done, pending[len(done) :])
        raise
    _record(units, kind, done, [])


def send_batch(
    units: Units, settings: Settings, kind: str, items: Sequence[tuple[int, str]]
) -> str:
    """Compose and send one batch, each message at most once; refused addresses are recorded
    and the batch goes on, an unavailable server fails the job (it is retried later)."""
    if not settings.smtp_url:
        return MAIL_OFF
    tally: Counter[str] = Counter()
    size = min(CHUNK, settings.mail_rate_per_minute)
    with SmtpTransport(settings) as smtp:
        for chunk in _chunks(list(items), size):
            _reserve(units, settings, len(chunk))
            pending = _compose(units, settings, kind, chunk, tally)
            _send(units, smtp, kind, pending, tally)
    return ", ".join(f"{n} {what}" for what, n in sorted(tally.items())) or "nothing to do"
