"""Answering items: a reply under the intranet comment, or one for the source's outbox;
replies on an executive's thread wait for a second person; approvals carry out what waited."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from coffeemug.errors import NotFound
from coffeemug.listening import audit, facts, repository
from coffeemug.listening.models import (
    INTRANET,
    Approval,
    Comment,
    CommentStatus,
    Item,
    ItemStatus,
    Reply,
    ReplyStatus,
)
from coffeemug.listening.schemas import ApprovalRead, ReplyCreate, ReplyRead
from coffeemug.listening.service import (
    apply_hide,
    check_open,
    check_second_person,
    close,
    get_item,
)
from coffeemug.people.models import Employee
from coffeemug.settings import Settings


def reply_read(reply: Reply, approval_id: int | None = None) -> ReplyRead:
    return ReplyRead(
        id=reply.id,
        item_id=reply.item_id,
        body=reply.body,
        language=reply.language,
        fact_ids=list(reply.fact_ids or []),
        status=reply.status,
        approval_id=approval_id,
        created_at=reply.created_at,
        sent_at=reply.sent_at,
    )


def needs_approval(session: Session, settings: Settings, item: Item) -> bool:
    if not settings.listening_executive_replies_need_approval or item.thread_id is None:
        return False
    thread = repository.threads_by_id(session, [item.thread_id]).get(item.thread_id)
    return bool(thread and thread.executive)


def reply(
    session: Session, settings: Settings, actor: Employee, item_id: int, data: ReplyCreate
) -> ReplyRead:
    item = get_item(session, item_id)
    check_open(item)
    facts.checked_facts(session, data.fact_ids)
    now = utcnow()
    row = Reply(
        item_id=item.id,
        body=data.body,
        language=item.language,
        fact_ids=list(data.fact_ids),
        team=data.team or item.team,
        author_id=actor.id,
        status=ReplyStatus.awaiting_approval.value,
        created_at=now,
    )
    session.add(row)
    session.flush()
    audit.record(
        session, actor.id, "reply", f"item:{item.id}", {"reply": row.id, "facts": row.fact_ids}
    )
    if needs_approval(session, settings, item):
        approval = Approval(item_id=item.id, action="reply", reply_id=row.id, requested_by=actor.id)
        session.add(approval)
        session.flush()
        return reply_read(row, approval.id)
    publish(session, settings, item, row, now)
    return reply_read(row)


def publish(session: Session, settings: Settings, item: Item, row: Reply, now: datetime) -> None:
    """The reply leaves: under the comment on the intranet, else into the outbox (or to be
    copied by hand where the source has no publisher)."""
    if item.source == INTRANET and item.comment_id is not None:
        parent = session.get(Comment, item.comment_id)
        if parent is None:
            raise NotFound(f"the comment of item {item.id} no longer exists")
        official = Comment(
            article_id=parent.article_id,
            parent_id=parent.id,
            official=True,
            body=row.body,
            language=row.language,
            status=CommentStatus.visible.value,
            created_at=now,
        )
        session.add(official)
        session.flush()
        row.comment_id, row.status, row.sent_at = official.id, ReplyStatus.published.value, now
    elif item.source in settings.listening_publish_urls:
        row.status = ReplyStatus.queued.value
    else:
        row.status = ReplyStatus.manual.value
    item.first_response_at = item.first_response_at or now
    close(item, ItemStatus.answered, "answered", now)
    session.flush()


def replies_of(session: Session, item_id: int) -> list[ReplyRead]:
    """The replies to an item, oldest first (for the item page's outbox)."""
    return [reply_read(r) for r in repository.replies_of_items(session, [item_id])]


def mark_sent(session: Session, actor: Employee, reply_id: int) -> ReplyRead:
    """'Copy and mark as sent': a moderator posted the reply on a network by hand."""
    row = session.get(Reply, reply_id)
    if row is None or row.status not in (ReplyStatus.manual.value, ReplyStatus.queued.value):
        raise NotFound(f"no reply {reply_id} waiting to be sent")
    row.status, row.sent_at = ReplyStatus.sent.value, utcnow()
    audit.record(session, actor.id, "reply_marked_sent", f"reply:{row.id}", {})
    session.flush()
    return reply_read(row)


def approval_read(a: Approval, text: str = "") -> ApprovalRead:
    return ApprovalRead(
        text=text,
        id=a.id,
        item_id=a.item_id,
        action=a.action,
        reason=a.reason,
        reply_id=a.reply_id,
        requested_by=a.requested_by,
        approved_by=a.approved_by,
        created_at=a.created_at,
    )


def pending(session: Session) -> list[ApprovalRead]:
    out = []
    for a in repository.pending_approvals(session):
        reply = session.get(Reply, a.reply_id) if a.reply_id else None
        item = session.get(Item, a.item_id)
        out.append(approval_read(a, reply.body if reply else (item.text if item else "")))
    return out


def approve(
    session: Session, settings: Settings, actor: Employee, approval_id: int
) -> ApprovalRead:
    """A second moderator approves: the hiding or the reply that waited is carried out."""
    approval = session.get(Approval, approval_id)
    if approval is None:
        raise NotFound(f"approval {approval_id} not found")
    check_second_person(approval, actor)
    item = get_item(session, approval.item_id)
    check_open(item)
    now = utcnow()
    approval.approved_by, approval.decided_at = actor.id, now
    if approval.action == "hide":
        apply_hide(session, item, approval.reason or "abuse", now)
    else:
        row = session.get(Reply, approval.reply_id)
        if row is None:
            raise NotFound(f"the reply of approval {approval.id} no longer exists")
        publish(session, settings, item, row, now)
    audit.record(
        session,
        actor.id,
        "approve",
        f"item:{item.id}",
        {"approval": approval.id, "action": approval.action},
    )
    session.flush()
    return approval_read(approval)
