"""Sending at most once: claim and compose, commit; then per message: mark, send, record.

This module owns its transactions, as a request or a CLI command does. A chunk of messages is
claimed in the ledger together with what composing them logged (the digest's impressions) and
committed. Each message is then marked ``sending`` (committed) right before it is handed to the
mail server and ``sent`` (committed) right after. A job that fails gives back the claims it did
not hand over, so its retry sends exactly those; a worker that dies leaves at most the one
message it was handing over as ``sending``: marked ``interrupted`` later and never sent again."""

import logging
import time
import uuid
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
from coffeemug.mail.transport import SmtpTransport
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
        items = [list(pair) for pair in batch]
        defer("mail.send_batch", {"kind": kind, "items": items, "batch": uuid.uuid4().hex})
        batches += 1
    return batches


def _clean(units: Units, now: datetime) -> str:
    with units() as session:
        freed, interrupted = repository.clean_stale(session, now - STALE_CLAIM)
    return (
        f"{freed} stale claims freed, {interrupted} interrupted sends"
        if freed or interrupted
        else ""
    )


def schedule_digests(units: Units, settings: Settings, now: datetime, defer: Defer) -> str:
    """Hand every due digest to the workers, in batches."""
    if not settings.smtp_url:
        return MAIL_OFF
    cleaned = _clean(units, now)
    with units() as session:
        due = service.due_digests(session, settings, now)
    batches = _hand_out(defer, MailKind.digest.value, due)
    return "; ".join(filter(None, [f"{len(due)} digests due in {batches} batches", cleaned]))


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
    return send_batch(units, settings, MailKind.published.value, due, uuid.uuid4().hex)


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
    batch: str,
    chunk: Sequence[tuple[int, str]],
    tally: Counter[str],
) -> list[_Pending]:
    """Claim the chunk and compose what this batch holds; one bad employee is recorded as
    failed and the rest go on."""
    now = utcnow()
    pending: list[_Pending] = []
    with units() as session:
        claimed = repository.claim(session, kind, batch, chunk, now)
        tally["already recorded"] += len(chunk) - len(claimed)
        mine = [pair for pair in chunk if pair in claimed]
        employees = repository.employees(session, [e for e, _ in mine])
        articles = (
            {}
            if kind == MailKind.digest.value
            else service.articles_by_id(session, [int(ref) for _, ref in mine])
        )
        addresses = [e.email for e in employees.values() if e.email]
        suppressed = repository.suppressed(session, addresses, settings.mail_bounce_limit)
        for employee_id, ref in mine:
            employee = employees.get(employee_id)
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
                repository.mark(
                    session,
                    kind,
                    employee_id,
                    ref,
                    status=SendStatus.failed.value,
                    error=str(exc)[:500],
                )
                tally["failed"] += 1
                continue
            if made is None or employee is None or employee.email in suppressed:
                reason = "address suppressed after bounces" if made else "nothing to send"
                repository.mark(
                    session, kind, employee_id, ref, status=SendStatus.skipped.value, error=reason
                )
                tally["skipped"] += 1
                continue
            message, items = made
            language = str(message["Content-Language"])
            pending.append(
                _Pending(employee_id, ref, employee.email or "", message, items, language)
            )
    return pending


def _hand_over(
    units: Units, smtp: SmtpTransport, kind: str, item: _Pending, tally: Counter[str]
) -> None:
    """Mark, send, record one message, each step committed."""
    with units() as session:
        repository.mark(
            session,
            kind,
            item.employee_id,
            item.ref,
            status=SendStatus.sending.value,
            created_at=utcnow(),
        )
    try:
        refusal = smtp.send(item.message, item.address)
    except Exception as exc:
        # Perhaps delivered, perhaps not: never again.
        with units() as session:
            repository.mark(
                session,
                kind,
                item.employee_id,
                item.ref,
                status=SendStatus.interrupted.value,
                error=str(exc)[:500],
            )
        raise
    now = utcnow()
    outcome: dict[str, Any] = {
        "address": item.address,
        "language": item.language,
        "items": item.items,
    }
    with units() as session:
        if refusal is None:
            outcome.update(status=SendStatus.sent.value, sent_at=now)
            repository.forget_bounces(session, [item.address])
        else:
            outcome.update(status=SendStatus.failed.value, error=refusal.error)
            if refusal.permanent:
                repository.record_bounce(session, item.address, refusal.error, now)
        repository.mark(session, kind, item.employee_id, item.ref, **outcome)
    tally["sent" if refusal is None else "refused"] += 1


def _send(
    units: Units,
    smtp: SmtpTransport,
    kind: str,
    batch: str,
    pending: list[_Pending],
    tally: Counter[str],
) -> None:
    for done, item in enumerate(pending):
        try:
            _hand_over(units, smtp, kind, item, tally)
        except Exception:
            # Give back what was not handed over: the retry of this batch sends exactly those.
            with units() as session:
                rest = [(p.employee_id, p.ref) for p in pending[done + 1 :]]
                repository.release(session, kind, batch, rest)
            raise


def send_batch(
    units: Units,
    settings: Settings,
    kind: str,
    items: Sequence[tuple[int, str]],
    batch: str,
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
            pending = _compose(units, settings, kind, batch, chunk, tally)
            _send(units, smtp, kind, batch, pending, tally)
    return ", ".join(f"{n} {what}" for what, n in sorted(tally.items())) or "nothing to do"
