"""All SQL of listening and moderation."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from coffeemug.analytics.models import Mention
from coffeemug.listening.models import (
    Alert,
    Approval,
    AuditEntry,
    Comment,
    FactCard,
    Item,
    ItemStatus,
    Reply,
    ReplyStatus,
    Thread,
)

_CHUNK = 900


# ------------------------------------------------------------------ comments


def comments_of_article(session: Session, article_id: int) -> Sequence[Comment]:
    return session.scalars(
        select(Comment).where(Comment.article_id == article_id).order_by(Comment.id)
    ).all()


def comments_by_author(session: Session, author_id: int) -> Sequence[Comment]:
    return session.scalars(
        select(Comment).where(Comment.author_id == author_id).order_by(Comment.id)
    ).all()


# ------------------------------------------------------------------ threads


def thread_by_key(session: Session, source: str, external_id: str) -> Thread | None:
    return session.scalars(
        select(Thread).where(Thread.source == source, Thread.external_id == external_id)
    ).first()


def threads_by_id(session: Session, ids: Iterable[int]) -> dict[int, Thread]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    return {t.id: t for t in session.scalars(select(Thread).where(Thread.id.in_(wanted)))}


def executive_threads_since(session: Session, since: datetime) -> Sequence[Thread]:
    return session.scalars(
        select(Thread).where(Thread.executive.is_(True), Thread.posted_at >= since)
    ).all()


# ------------------------------------------------------------------ items


def existing_item_keys(session: Session, source: str, external_ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    ids = list(dict.fromkeys(external_ids))
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        found.update(
            session.scalars(
                select(Item.external_id).where(Item.source == source, Item.external_id.in_(chunk))
            )
        )
    return found


def existing_mention_ids(session: Session, ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        found.update(session.scalars(select(Mention.id).where(Mention.id.in_(chunk))))
    return found


def mentions_without_item(session: Session, brand: str, limit: int) -> Sequence[Mention]:
    """Our mentions imported for share of buzz that moderation has not seen yet."""
    return session.scalars(
        select(Mention)
        .outerjoin(Item, Item.mention_id == Mention.id)
        .where(Mention.brand == brand, Mention.text != "", Item.id.is_(None))
        .order_by(Mention.day, Mention.id)
        .limit(limit)
    ).all()


@dataclass(frozen=True)
class ItemFilter:
    status: str | None = None
    label: str | None = None
    source: str | None = None
    topic: str | None = None
    language: str | None = None
    team: str | None = None
    assignee_id: int | None = None
    thread_id: int | None = None
    limit: int = 50
    offset: int = 0


_LABELS: dict[str, Any] = {
    "abuse": Item.abuse.is_not(None),
    "spam": Item.spam.is_(True),
    "criticism": Item.criticism.is_(True),
    "question": Item.question.is_(True),
    "praise": (Item.sentiment == "positive") & Item.abuse.is_(None),
}
LABELS = tuple(_LABELS)


def list_items(session: Session, f: ItemFilter) -> Sequence[Item]:
    query = select(Item)
    for column, value in (
        (Item.status, f.status),
        (Item.source, f.source),
        (Item.topic_id, f.topic),
        (Item.language, f.language),
        (Item.team, f.team),
        (Item.assignee_id, f.assignee_id),
        (Item.thread_id, f.thread_id),
    ):
        if value is not None:
            query = query.where(column == value)
    if f.label is not None:
        query = query.where(_LABELS[f.label])
    query = query.order_by(Item.priority.desc(), Item.id).limit(f.limit).offset(f.offset)
    return session.scalars(query).all()


def open_items(session: Session, limit: int) -> Sequence[Item]:
    open_states = [ItemStatus.open.value, ItemStatus.assigned.value, ItemStatus.escalated.value]
    return session.scalars(
        select(Item)
        .where(Item.status.in_(open_states))
        .order_by(Item.priority.desc(), Item.id)
        .limit(limit)
    ).all()


def items_in_hours(session: Session, hours: Sequence[datetime]) -> Sequence[Any]:
    """(posted_at, topic_id, thread_id, sentiment) of items posted in these one-hour windows."""
    if not hours:
        return []
    windows = [
        (Item.posted_at >= hour) & (Item.posted_at < hour + timedelta(hours=1)) for hour in hours
    ]
    return session.execute(
        select(Item.posted_at, Item.topic_id, Item.thread_id, Item.sentiment).where(or_(*windows))
    ).all()


def open_items_since(session: Session, since: datetime) -> Sequence[Item]:
    """Open items posted since ``since`` (whose age still changes their priority)."""
    open_states = [ItemStatus.open.value, ItemStatus.assigned.value, ItemStatus.escalated.value]
    return session.scalars(
        select(Item).where(Item.status.in_(open_states), Item.posted_at >= since)
    ).all()


# ------------------------------------------------------------------ replies and approvals


def replies_of_items(session: Session, item_ids: Iterable[int]) -> Sequence[Reply]:
    ids = sorted(set(item_ids))
    if not ids:
        return []
    return session.scalars(select(Reply).where(Reply.item_id.in_(ids)).order_by(Reply.id)).all()


def outbox(session: Session, limit: int) -> Sequence[Reply]:
    return session.scalars(
        select(Reply)
        .where(Reply.status == ReplyStatus.queued.value)
        .order_by(Reply.id)
        .limit(limit)
    ).all()


def pending_approvals(session: Session) -> Sequence[Approval]:
    return session.scalars(
        select(Approval).where(Approval.approved_by.is_(None)).order_by(Approval.id)
    ).all()


def pending_approval_for(session: Session, item_id: int, action: str) -> Approval | None:
    return session.scalars(
        select(Approval).where(
            Approval.item_id == item_id,
            Approval.action == action,
            Approval.approved_by.is_(None),
        )
    ).first()


# ------------------------------------------------------------------ fact cards


def list_facts(session: Session) -> Sequence[FactCard]:
    return session.scalars(select(FactCard).order_by(FactCard.id)).all()


def facts_by_id(session: Session, ids: Iterable[int]) -> dict[int, FactCard]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    return {f.id: f for f in session.scalars(select(FactCard).where(FactCard.id.in_(wanted)))}


# ------------------------------------------------------------------ audit


def last_audit_hash(session: Session) -> str | None:
    return session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))


def audit_entries(session: Session) -> Iterable[AuditEntry]:
    return session.scalars(select(AuditEntry).order_by(AuditEntry.id)).yield_per(1000)


def audit_page(session: Session, limit: int, before: int | None) -> Sequence[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if before is not None:
        query = query.where(AuditEntry.id < before)
    return session.scalars(query).all()


# ------------------------------------------------------------------ alerts


def last_alert(session: Session, scope: str, key: str) -> Alert | None:
    return session.scalars(
        select(Alert)
        .where(Alert.scope == scope, Alert.key == key)
        .order_by(Alert.hour.desc())
        .limit(1)
    ).first()


def recent_alerts(session: Session, since: datetime) -> Sequence[Alert]:
    return session.scalars(
        select(Alert).where(Alert.created_at >= since).order_by(Alert.id.desc())
    ).all()


def unsent_alerts(session: Session) -> Sequence[Alert]:
    return session.scalars(select(Alert).where(Alert.sent_at.is_(None)).order_by(Alert.id)).all()


# ------------------------------------------------------------------ analytics


def team_rows(session: Session, start: datetime, end: datetime) -> Sequence[Any]:
    """(team, posted_at, first_response_at, criticism, answered, replier) per item and reply
    of items posted in [start, end)."""
    return session.execute(
        select(
            func.coalesce(Reply.team, Item.team),
            Item.posted_at,
            Item.first_response_at,
            Item.criticism,
            Item.status == ItemStatus.answered.value,
            Reply.author_id,
        )
        .outerjoin(Reply, Reply.item_id == Item.id)
        .where(Item.posted_at >= start, Item.posted_at < end)
    ).all()


def topic_rows(session: Session, start: datetime, end: datetime) -> Sequence[Any]:
    return session.execute(
        select(Item.topic_id, Item.posted_at, Item.sentiment, Item.author_pseudonym).where(
            Item.posted_at >= start, Item.posted_at < end
        )
    ).all()


def first_replies_per_thread(session: Session, start: datetime, end: datetime) -> Sequence[Any]:
    return session.execute(
        select(Item.thread_id, func.min(Reply.created_at))
        .join(Reply, Reply.item_id == Item.id)
        .where(Item.thread_id.is_not(None), Reply.created_at >= start, Reply.created_at < end)
        .group_by(Item.thread_id)
    ).all()


def thread_items(session: Session, thread_id: int, start: datetime, end: datetime) -> Sequence[Any]:
    return session.execute(
        select(Item.posted_at, Item.sentiment).where(
            Item.thread_id == thread_id, Item.posted_at >= start, Item.posted_at < end
        )
    ).all()
