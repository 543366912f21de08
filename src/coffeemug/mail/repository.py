"""All SQL of the mail ledger, and the reads that find who is due a message.

Finding due employees joins employees and preferences with the ledger in one query per time
zone and cadence, so a sweep over 365,000 employees is a handful of indexed scans.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import orjson
from sqlalchemy import String, and_, cast, delete, exists, func, or_, select, text, update
from sqlalchemy.orm import Session

from coffeemug.content.models import Article, ArticleStatus
from coffeemug.db import dialect_insert, is_postgres
from coffeemug.events.models import Event, EventType
from coffeemug.mail.models import MailBounce, MailKind, MailRate, MailSend, SendStatus, WebhookPost
from coffeemug.people.models import DigestCadence, Employee, Preferences

_CHUNK = 500


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


# ------------------------------------------------------------------ who is due


def digest_groups(session: Session) -> list[tuple[str, str | None]]:
    """The distinct (cadence, time zone) pairs of employees with an address and a digest;
    employees who never opened their settings have the default cadence (weekly)."""
    cadence = func.coalesce(Preferences.digest, DigestCadence.weekly.value)
    rows = session.execute(
        select(cadence, Preferences.time_zone)
        .select_from(Employee)
        .outerjoin(Preferences, Preferences.employee_id == Employee.id)
        .where(Employee.email.is_not(None), cadence != DigestCadence.none.value)
        .distinct()
    )
    return [(c, tz) for c, tz in rows]


def due_for_digest(session: Session, cadence: str, time_zone: str | None, period: str) -> list[int]:
    """Employees of one cadence and chosen time zone (None = the default) with an address and
    no digest recorded for ``period``."""
    chosen = func.coalesce(Preferences.digest, DigestCadence.weekly.value)
    zone = (
        Preferences.time_zone.is_(None) if time_zone is None else Preferences.time_zone == time_zone
    )
    recorded = exists().where(
        MailSend.kind == MailKind.digest.value,
        MailSend.ref == period,
        MailSend.employee_id == Employee.id,
    )
    rows = session.scalars(
        select(Employee.id)
        .outerjoin(Preferences, Preferences.employee_id == Employee.id)
        .where(Employee.email.is_not(None), chosen == cadence, zone, ~recorded)
        .order_by(Employee.id)
    )
    return list(rows)


def reminder_articles(session: Session, now: datetime, since: datetime) -> Sequence[Article]:
    """Published must-reads whose due date passed between ``since`` and ``now`` and that are
    still live."""
    return session.scalars(
        select(Article)
        .where(
            Article.must_read.is_(True),
            Article.status == ArticleStatus.published.value,
            Article.due_at.is_not(None),
            Article.due_at <= now,
            Article.due_at > since,
            or_(Article.expires_at.is_(None), Article.expires_at > now),
        )
        .order_by(Article.id)
    ).all()


def readers(session: Session) -> list[tuple[int, str, str, list[str] | None, list[str] | None]]:
    """Every employee with an address: id, region, business unit, directory and chosen
    languages (None where they never opened their settings)."""
    rows = session.execute(
        select(
            Employee.id,
            Employee.region,
            Employee.business_unit,
            Employee.languages,
            Preferences.languages,
        )
        .outerjoin(Preferences, Preferences.employee_id == Employee.id)
        .where(Employee.email.is_not(None))
        .order_by(Employee.id)
    )
    return [tuple(r) for r in rows]  # type: ignore[misc]


def acknowledged_by(session: Session, article_id: int) -> set[int]:
    rows = session.scalars(
        select(Event.employee_id).where(
            Event.article_id == article_id,
            Event.type == EventType.article_acknowledged.value,
            Event.employee_id.is_not(None),
        )
    )
    return set(rows)


def recorded(session: Session, kind: str, ref: str) -> set[int]:
    """Employees with a message of ``kind`` about ``ref`` already recorded (any status)."""
    rows = session.scalars(
        select(MailSend.employee_id).where(MailSend.kind == kind, MailSend.ref == ref)
    )
    return set(rows)


def went_live(session: Session, now: datetime, since: datetime) -> Sequence[Article]:
    """Scheduled articles (publish time well after writing) that went live since ``since`` and
    whose author has no notice yet."""
    noticed = exists().where(
        MailSend.kind == MailKind.published.value,
        MailSend.ref == cast(Article.id, String),
        MailSend.employee_id == Article.author_id,
    )
    return session.scalars(
        select(Article)
        .where(
            Article.status == ArticleStatus.published.value,
            Article.author_id.is_not(None),
            Article.publish_at <= now,
            Article.publish_at > since,
            Article.publish_at > Article.created_at,
            ~noticed,
        )
        .order_by(Article.id)
    ).all()


def employees(session: Session, ids: Sequence[int]) -> dict[int, Employee]:
    found: dict[int, Employee] = {}
    for chunk in _chunks(list(ids)):
        found.update(
            {e.id: e for e in session.scalars(select(Employee).where(Employee.id.in_(chunk)))}
        )
    return found


def preferences(session: Session, ids: Sequence[int]) -> dict[int, Preferences]:
    """The stored preferences of these employees (those who have any), read once per chunk
    instead of once per message."""
    found: dict[int, Preferences] = {}
    for chunk in _chunks(list(ids)):
        rows = session.scalars(select(Preferences).where(Preferences.employee_id.in_(chunk)))
        found.update({p.employee_id: p for p in rows})
    return found


# ------------------------------------------------------------------ the ledger


def claim(
    session: Session, kind: str, batch: str, pairs: Sequence[tuple[int, str]], now: datetime
) -> set[tuple[int, str]]:
    """Claim a message per (employee, ref) for ``batch``: a new row, or a claim this batch made
    in an earlier attempt and never handed over. Rows of other batches and every message that
    went to the mail server are left alone: never twice."""
    if not pairs:
        return set()
    insert = dialect_insert(session)
    rows = [
        {
            "kind": kind,
            "ref": ref,
            "employee_id": employee_id,
            "status": SendStatus.claimed.value,
            "batch": batch,
            "items": 0,
            "created_at": now,
        }
        for employee_id, ref in pairs
    ]
    claimed: set[tuple[int, str]] = set()
    for chunk in _chunks(rows):
        statement = (
            insert(MailSend)
            .values(list(chunk))
            .on_conflict_do_nothing(index_elements=["kind", "ref", "employee_id"])
            .returning(MailSend.employee_id, MailSend.ref)
        )
        claimed.update((e, r) for e, r in session.execute(statement))
    wanted = set(pairs)
    earlier = session.execute(
        select(MailSend.employee_id, MailSend.ref).where(
            MailSend.kind == kind,
            MailSend.batch == batch,
            MailSend.status == SendStatus.claimed.value,
        )
    )
    claimed.update(pair for pair in earlier if tuple(pair) in wanted)
    return {tuple(pair) for pair in claimed}  # type: ignore[misc]


def mark(session: Session, kind: str, employee_id: int, ref: str, **values: Any) -> None:
    """Set the outcome columns of one message (a Core statement: this runs per message)."""
    table = MailSend.__table__
    session.connection().execute(
        update(table)
        .where(table.c.kind == kind, table.c.ref == ref, table.c.employee_id == employee_id)
        .values(**values)
    )


# Several messages' outcome columns in one statement on PostgreSQL (a column a mark leaves
# out keeps its value): the per-message commit records the answer for one message and marks
# the next ``sending`` in a single round trip, which also asks for a synchronous commit (a
# round trip of its own cost more than the mark). The LIMIT tells the planner how few rows the
# document holds, so it looks each one up in the unique index; without it the planner guesses
# a hundred and scans every row of the sweep per message.
_PG_MARK_MANY = (
    "WITH marked AS (UPDATE mail_sends AS m SET status = v.status, "
    "address = coalesce(v.address, m.address), language = coalesce(v.language, m.language), "
    "items = coalesce(v.items, m.items), error = coalesce(v.error, m.error), "
    "created_at = coalesce(v.created_at, m.created_at), sent_at = coalesce(v.sent_at, m.sent_at) "
    "FROM (SELECT * FROM json_to_recordset(CAST(:marks AS json)) AS r(employee_id integer, "
    "ref varchar, status varchar, address varchar, language varchar, items integer, "
    "error varchar, created_at timestamptz, sent_at timestamptz) LIMIT {rows}) AS v "
    "WHERE m.kind = :kind AND m.ref = v.ref AND m.employee_id = v.employee_id RETURNING 1) "
    "SELECT (SELECT count(*) FROM marked), set_config('synchronous_commit', 'on', true)"
)


@lru_cache(maxsize=8)
def _pg_mark_many(rows: int) -> Any:
    return text(_PG_MARK_MANY.format(rows=int(rows)))


Mark = tuple[int, str, dict[str, Any]]  # employee id, ref, outcome columns


def mark_many(session: Session, kind: str, marks: Sequence[Mark]) -> None:
    """``mark`` for several messages, one statement on PostgreSQL.

    The transaction commits synchronously even where the feed's impressions in it asked for an
    asynchronous commit: a ``sending`` mark lost in a database crash would let a later sweep
    send that message a second time."""
    if not marks:
        return
    if not is_postgres(session):
        for employee_id, ref, values in marks:
            mark(session, kind, employee_id, ref, **values)
        return
    rows = [{"employee_id": e, "ref": r, **values} for e, r, values in marks]
    session.connection().execute(
        _pg_mark_many(len(rows)), {"kind": kind, "marks": orjson.dumps(rows).decode()}
    )


def release(session: Session, kind: str, batch: str, pairs: Sequence[tuple[int, str]]) -> None:
    """Delete claims of ``batch`` that never went to the mail server, so a retry sends them."""
    for employee_id, ref in pairs:
        session.execute(
            delete(MailSend).where(
                MailSend.kind == kind,
                MailSend.ref == ref,
                MailSend.employee_id == employee_id,
                MailSend.batch == batch,
                MailSend.status == SendStatus.claimed.value,
            )
        )


def clean_stale(session: Session, before: datetime) -> tuple[int, int]:
    """Claims older than ``before`` belong to batches that died: those never handed over are
    deleted (the next sweep hands them out again), those being handed over are marked
    ``interrupted`` (maybe delivered, so never again). Returns (freed, interrupted)."""
    freed = session.execute(
        delete(MailSend).where(
            MailSend.status == SendStatus.claimed.value, MailSend.created_at < before
        )
    ).rowcount
    interrupted = session.execute(
        update(MailSend)
        .where(MailSend.status == SendStatus.sending.value, MailSend.created_at < before)
        .values(status=SendStatus.interrupted.value)
    ).rowcount
    return freed or 0, interrupted or 0


def sends_of(session: Session, employee_id: int) -> Sequence[MailSend]:
    return session.scalars(
        select(MailSend).where(MailSend.employee_id == employee_id).order_by(MailSend.id)
    ).all()


def status_counts(session: Session, kind: str, ref: str) -> dict[str, int]:
    rows = session.execute(
        select(MailSend.status, func.count())
        .where(MailSend.kind == kind, MailSend.ref == ref)
        .group_by(MailSend.status)
    )
    return {status: count for status, count in rows}


def purge(session: Session, before: datetime) -> int:
    sends = session.execute(delete(MailSend).where(MailSend.created_at < before)).rowcount or 0
    session.execute(delete(MailBounce).where(MailBounce.last_failed_at < before))
    session.execute(delete(MailRate).where(MailRate.minute < int(before.timestamp() // 60)))
    session.execute(delete(WebhookPost).where(WebhookPost.posted_at < before))
    return sends


# ------------------------------------------------------------------ rate and bounces


def add_to_minute(session: Session, minute: int, count: int) -> int:
    """Add ``count`` to the minute's counter and return the new total (one upsert)."""
    insert = dialect_insert(session)
    statement = (
        insert(MailRate)
        .values(minute=minute, sent=count)
        .on_conflict_do_update(
            index_elements=[MailRate.minute], set_={"sent": MailRate.sent + count}
        )
        .returning(MailRate.sent)
    )
    return int(session.execute(statement).scalar_one())


def bounced(session: Session, addresses: Iterable[str]) -> dict[str, int]:
    """Refusals on record per address, for the addresses that have any."""
    wanted = list(set(addresses))
    found: dict[str, int] = {}
    for chunk in _chunks(wanted):
        rows = session.execute(
            select(MailBounce.address, MailBounce.failures).where(MailBounce.address.in_(chunk))
        )
        found.update({address: failures for address, failures in rows})
    return found


def record_bounce(session: Session, address: str, error: str, now: datetime) -> None:
    insert = dialect_insert(session)
    session.execute(
        insert(MailBounce)
        .values(address=address, failures=1, last_error=error, last_failed_at=now)
        .on_conflict_do_update(
            index_elements=[MailBounce.address],
            set_={"failures": MailBounce.failures + 1, "last_error": error, "last_failed_at": now},
        )
    )


def forget_bounces(session: Session, addresses: Iterable[str]) -> None:
    wanted = list(set(addresses))
    for chunk in _chunks(wanted):
        session.execute(delete(MailBounce).where(MailBounce.address.in_(chunk)))


def bounce_of(session: Session, address: str) -> MailBounce | None:
    return session.get(MailBounce, address)


# ------------------------------------------------------------------ team channels


def claim_webhook(session: Session, channel: str, day: date, now: datetime) -> bool:
    insert = dialect_insert(session)
    result = session.execute(
        insert(WebhookPost)
        .values(channel=channel, day=day, status=SendStatus.sending.value, posted_at=now)
        .on_conflict_do_nothing()
        .returning(WebhookPost.channel)
    )
    return result.first() is not None


def finish_webhook(
    session: Session, channel: str, day: date, status: str, error: str | None
) -> None:
    session.execute(
        update(WebhookPost)
        .where(and_(WebhookPost.channel == channel, WebhookPost.day == day))
        .values(status=status, error=error)
    )


def release_webhook(session: Session, channel: str, day: date) -> None:
    session.execute(
        delete(WebhookPost).where(WebhookPost.channel == channel, WebhookPost.day == day)
    )
