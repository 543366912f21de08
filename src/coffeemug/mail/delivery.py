"""Sending at most once: claim, then per message: compose and mark, send, record.

This module owns its transactions, as a request or a CLI command does. A chunk of messages is
claimed in the ledger and committed. Each message is then composed (its digest's impressions
logged) and marked ``sending`` in one short commit right before it is handed to the mail
server; the same commit records the server's answer for the message before it (one statement
for both marks), and the chunk's last answer is recorded after it. A job that fails gives back
the claims it did not hand over, so its retry sends exactly those; a worker that dies leaves at
most the one message it was handing over as ``sending``: marked ``interrupted`` later and never
sent again. The digests' increments of colleagues' counters are held and written once per
chunk (see ``HeldCounters``)."""

import logging
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from coffeemug.feed.service import HeldCounters
from coffeemug.mail import repository, service
from coffeemug.mail.compose import Outgoing
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
    message: Outgoing
    items: int
    bounced_before: bool  # the address has refusals on record (forgotten once it works)


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


# The clock of the per-minute budget (a test turns it).
clock: Callable[[], float] = time.time
pause: Callable[[float], None] = time.sleep


class _Allowance:
    """This batch's share of the per-minute budget all workers take from.

    Every reservation increments the minute's one counter row, so all workers queue on it;
    a batch therefore reserves a block of sends at once (up to what it still has to send,
    and at most a tenth of the minute's budget so that ten batches can share a minute) and
    takes from it without asking again. What a minute that has passed left over is not
    carried into the next (that would exceed the next minute's budget); what is left at the
    end of the batch is given back."""

    def __init__(self, units: Units, settings: Settings, total: int) -> None:
        self.units = units
        self.limit = settings.mail_rate_per_minute
        self.wanted = total  # sends of the batch not yet taken
        self.minute = -1
        self.left = 0

    def take(self, count: int) -> None:
        """Wait until ``count`` sends fit into the current minute's budget."""
        while True:
            minute = int(clock() // 60)
            if minute != self.minute:
                self.minute, self.left = minute, 0
            if self.left >= count:
                self.left -= count
                self.wanted -= count
                return
            needed = count - self.left
            block = max(needed, min(self.wanted, self.limit // 10) - self.left)
            # A whole block, or else just what this chunk needs.
            if self._reserve(minute, block) or (block > needed and self._reserve(minute, needed)):
                continue
            pause(max(0.5, (minute + 1) * 60 - clock()))

    def _reserve(self, minute: int, count: int) -> bool:
        with self.units() as session:
            if repository.add_to_minute(session, minute, count) > self.limit:
                repository.add_to_minute(session, minute, -count)
                return False
        self.left += count
        return True

    def give_back(self) -> None:
        """Return what this minute's reservation did not use."""
        if self.left and self.minute == int(clock() // 60):
            with self.units() as session:
                repository.add_to_minute(session, self.minute, -self.left)
        self.left = 0


@dataclass
class _Chunk:
    """What one claimed chunk needs to compose its messages, read once."""

    kind: str
    batch: str
    mine: list[tuple[int, str]]
    employees: dict[int, Any]
    preferences: dict[int, Any]
    articles: dict[int, Any]
    bounced: dict[str, int]
    # The digests' increments of colleagues' counters, written once per chunk.
    held: HeldCounters = field(default_factory=HeldCounters)


def _claim(
    units: Units, kind: str, batch: str, chunk: Sequence[tuple[int, str]], tally: Counter[str]
) -> _Chunk:
    with units() as session:
        claimed = repository.claim(session, kind, batch, chunk, utcnow())
        tally["already recorded"] += len(chunk) - len(claimed)
        mine = [pair for pair in chunk if pair in claimed]
        employees = repository.employees(session, [e for e, _ in mine])
        preferences = (
            repository.preferences(session, list(employees))
            if kind == MailKind.digest.value
            else {}
        )
        articles = (
            {}
            if kind == MailKind.digest.value
            else service.articles_by_id(session, [int(ref) for _, ref in mine])
        )
        bounced = repository.bounced(session, [e.email for e in employees.values() if e.email])
    return _Chunk(kind, batch, mine, employees, preferences, articles, bounced)


Answered = tuple[_Pending, Refusal | None] | None  # the message before and the server's answer


def _compose_one(
    session: Session,
    settings: Settings,
    chunk: _Chunk,
    employee_id: int,
    ref: str,
    held: HeldCounters,
) -> tuple[Outgoing, int] | str:
    """The message, or why there is none."""
    employee = chunk.employees.get(employee_id)
    if employee is None:
        return "employee gone"
    made = service.message_for(
        session,
        settings,
        chunk.kind,
        employee,
        ref,
        chunk.articles,
        utcnow(),
        chunk.preferences.get(employee_id),
        held,
    )
    if made is None:
        return "nothing to send"
    if chunk.bounced.get(made[0].to, 0) >= settings.mail_bounce_limit:
        return "address suppressed after bounces"
    return made


def _outcome(session: Session, item: _Pending, refusal: Refusal | None) -> dict[str, Any]:
    """The ledger columns of a message the server answered, and the address's bounce record."""
    now = utcnow()
    outcome: dict[str, Any] = {
        "address": item.message.to,
        "language": item.message.language,
        "items": item.items,
    }
    if refusal is None:
        if item.bounced_before:
            repository.forget_bounces(session, [item.message.to])
        return {**outcome, "status": SendStatus.sent.value, "sent_at": now}
    if refusal.bounce:
        repository.record_bounce(session, item.message.to, refusal.error, now)
    return {**outcome, "status": SendStatus.failed.value, "error": refusal.error}


def _answer(session: Session, answered: Answered) -> list[repository.Mark]:
    """The ledger mark of the message before (none if there was none)."""
    if answered is None:
        return []
    done, refusal = answered
    return [(done.employee_id, done.ref, _outcome(session, done, refusal))]


def _mark_of(made: tuple[Outgoing, int] | str) -> dict[str, Any]:
    if isinstance(made, str):
        return {"status": SendStatus.skipped.value, "error": made}
    return {"status": SendStatus.sending.value, "created_at": utcnow()}


def _compose_and_mark(
    units: Units, settings: Settings, chunk: _Chunk, pair: tuple[int, str], answered: Answered
) -> tuple[tuple[Outgoing, int] | str, HeldCounters]:
    """One short transaction: compose this message (its impressions), then one statement
    records the previous message's answer and marks this one ``sending`` (or skipped)."""
    employee_id, ref = pair
    held = HeldCounters()
    with units() as session:
        made = _compose_one(session, settings, chunk, employee_id, ref, held)
        marks = [*_answer(session, answered), (employee_id, ref, _mark_of(made))]
        repository.mark_many(session, chunk.kind, marks)
    return made, held


def _prepare(
    units: Units,
    settings: Settings,
    chunk: _Chunk,
    pair: tuple[int, str],
    answered: Answered,
    tally: Counter[str],
) -> _Pending | None:
    """This message composed and marked ``sending``; None when there is nothing to hand over.
    An error fails this one message only (recorded in a transaction of its own, with the
    previous answer): one bad row never stops the batch."""
    employee_id, ref = pair
    try:
        try:
            made, held = _compose_and_mark(units, settings, chunk, pair, answered)
        except OperationalError:
            # A conflict with a concurrent writer (a deadlock): the whole transaction again.
            made, held = _compose_and_mark(units, settings, chunk, pair, answered)
    except Exception as exc:
        log.exception("composing %s %s for employee %s failed", chunk.kind, ref, employee_id)
        failed = {"status": SendStatus.failed.value, "error": str(exc)[:500]}
        with units() as session:
            marks = [*_answer(session, answered), (employee_id, ref, failed)]
            repository.mark_many(session, chunk.kind, marks)
        tally["failed"] += 1
        return None
    chunk.held.take(held)
    if isinstance(made, str):
        tally["skipped"] += 1
        return None
    message, items = made
    return _Pending(employee_id, ref, message, items, message.to in chunk.bounced)


def _deliver(
    units: Units, settings: Settings, smtp: SmtpTransport, chunk: _Chunk, tally: Counter[str]
) -> None:
    """Compose and hand over the chunk's messages one by one, one commit each: the commit
    that marks a message ``sending`` also records the answer for the one before it."""
    answered: Answered = None
    for position, pair in enumerate(chunk.mine):
        item = _prepare(units, settings, chunk, pair, answered, tally)
        if item is None:
            answered = None
            continue
        try:
            refusal = smtp.send(item.message.data, item.message.to)
        except Exception as exc:
            with units() as session:
                # Perhaps delivered, perhaps not: never again.
                repository.mark(
                    session,
                    chunk.kind,
                    item.employee_id,
                    item.ref,
                    status=SendStatus.interrupted.value,
                    error=str(exc)[:500],
                )
                # Give back what was not handed over: the retry of this batch sends those.
                repository.release(session, chunk.kind, chunk.batch, chunk.mine[position + 1 :])
                chunk.held.write(session)
            raise
        tally["sent" if refusal is None else "refused"] += 1
        answered = (item, refusal)
    with units() as session:
        repository.mark_many(session, chunk.kind, _answer(session, answered))
        chunk.held.write(session)


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
    allowance = _Allowance(units, settings, len(items))
    with SmtpTransport(settings) as smtp:
        try:
            for chunk in _chunks(list(items), size):
                allowance.take(len(chunk))
                _deliver(units, settings, smtp, _claim(units, kind, batch, chunk, tally), tally)
        finally:
            allowance.give_back()
    return ", ".join(f"{n} {what}" for what, n in sorted(tally.items())) or "nothing to do"
