"""Comments, the inbox and the moderators' actions: assign, reply, hide, approve, crisis mode.

Every action is written to the audit log in the same transaction; services only ``flush()``."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from coffeemug.content import service as content
from coffeemug.db import utcnow
from coffeemug.errors import Conflict, NotFound, ValidationFailed
from coffeemug.events import service as events
from coffeemug.events.models import Channel, EventType
from coffeemug.events.schemas import EventCreate
from coffeemug.listening import audit, repository
from coffeemug.listening.analysis import Labelled, analyse_texts, priority
from coffeemug.listening.models import (
    CLOSED_STATUSES,
    INTRANET,
    Approval,
    Comment,
    CommentStatus,
    HideReason,
    Item,
    ItemStatus,
    Thread,
)
from coffeemug.listening.schemas import CommentRead, CrisisRead, ItemRead
from coffeemug.people.models import Employee, Role
from coffeemug.people.repository import get_employee
from coffeemug.settings import Settings
from coffeemug.text.understanding import Topic

HELD_FOR_REVIEW = "abuse_suspected"
# Articles whose comments a moderator sees before anyone else (e.g. #learnfromit stories).
PRE_MODERATED = "pre_moderated"
StrictArticles = Callable[[Session, int], bool]
_strict: dict[str, StrictArticles] = {}


def moderate_strictly(name: str, provider: StrictArticles) -> None:
    """Register at start-up who says an article's comments are held for a moderator first
    (orchestration: stories with stricter moderation); listening imports none of them."""
    _strict[name] = provider


def _held_first(session: Session, article_id: int) -> bool:
    return any(provider(session, article_id) for provider in _strict.values())


# The inbox's filter and label names, for the pages.
ItemFilter = repository.ItemFilter
LABELS = repository.LABELS


def is_moderator(employee: Employee) -> bool:
    return employee.has_role(Role.moderator)


def pseudonym(settings: Settings, source: str, author: str) -> str:
    """A keyed hash of the author: the same author is recognisable, the handle is not."""
    key = settings.secret_key.encode("utf-8")
    return hmac.new(key, f"{source}\x00{author}".encode(), hashlib.sha256).hexdigest()[:32]


def understanding_topics(session: Session) -> list[Topic]:
    return [
        Topic(id=t.id, names={"de": t.name_de, "en": t.name_en})
        for t in content.list_topics(session)
    ]


# ------------------------------------------------------------------ items


@dataclass(frozen=True)
class NewItem:
    source: str
    external_id: str
    text: str
    posted_at: datetime
    author: str = ""
    reach: int = 0
    language: str | None = None
    url: str | None = None
    thread: Thread | None = None
    comment_id: int | None = None
    mention_id: str | None = None


def item_row(settings: Settings, new: NewItem, found: Labelled, now: datetime) -> Item:
    executive = bool(new.thread and new.thread.executive)
    return Item(
        source=new.source,
        external_id=new.external_id,
        comment_id=new.comment_id,
        mention_id=new.mention_id,
        thread_id=new.thread.id if new.thread else None,
        text=new.text,
        language=found.language,
        url=new.url,
        reach=new.reach,
        author_pseudonym=pseudonym(settings, new.source, new.author) if new.author else "",
        author_handle=new.author or None,
        posted_at=new.posted_at,
        sentiment=found.sentiment,
        negative=found.negative,
        abuse=found.abuse,
        abuse_score=found.abuse_score,
        question=found.question,
        criticism=found.criticism,
        spam=found.spam,
        topic_id=found.topic_ids[0] if found.topic_ids else None,
        topic_ids=found.topic_ids,
        reasons=found.reasons,
        model_version=found.model_version,
        priority=priority(
            found.negative,
            new.reach,
            executive,
            found.question,
            found.abuse is not None,
            new.posted_at,
            now,
        ),
        status=ItemStatus.open.value,
        created_at=now,
    )


def build_items(settings: Settings, new: Sequence[NewItem], topics: Sequence[Topic]) -> list[Item]:
    """Analysed item rows for new items, not yet added to the session."""
    found = analyse_texts([n.text for n in new], [n.language for n in new], topics)
    now = utcnow()
    return [item_row(settings, n, f, now) for n, f in zip(new, found, strict=True)]


def add_items(
    session: Session, settings: Settings, new: Sequence[NewItem], topics: Sequence[Topic]
) -> list[Item]:
    """Analyse and store new items (the caller has ruled out duplicates)."""
    rows = build_items(settings, new, topics)
    session.add_all(rows)
    session.flush()
    return rows


def get_item(session: Session, item_id: int) -> Item:
    item = session.get(Item, item_id)
    if item is None:
        raise NotFound(f"item {item_id} not found")
    return item


def item_read(item: Item, thread: Thread | None, article_id: int | None = None) -> ItemRead:
    is_open = item.status not in {s.value for s in CLOSED_STATUSES}
    return ItemRead(
        id=item.id,
        source=item.source,
        text=item.text,
        language=item.language,
        sentiment=item.sentiment,
        labels=item.labels(),
        priority=item.priority,
        status=item.status,
        thread_id=item.thread_id,
        thread_title=thread.title if thread else None,
        executive_thread=bool(thread and thread.executive),
        topic_id=item.topic_id,
        topic_ids=list(item.topic_ids or []),
        reach=item.reach,
        url=item.url,
        posted_at=item.posted_at,
        author=item.author_handle if is_open else None,
        author_pseudonym=item.author_pseudonym,
        assignee_id=item.assignee_id,
        team=item.team,
        reason_code=item.reason_code,
        abuse_score=item.abuse_score,
        reasons=list(item.reasons or []),
        article_id=article_id,
    )


def list_items(session: Session, filters: repository.ItemFilter) -> list[ItemRead]:
    items = repository.list_items(session, filters)
    threads = repository.threads_by_id(session, [i.thread_id for i in items if i.thread_id])
    return [item_read(i, threads.get(i.thread_id or 0), _article_of(threads, i)) for i in items]


def _article_of(threads: dict[int, Thread], item: Item) -> int | None:
    thread = threads.get(item.thread_id or 0)
    if thread is None or thread.source != INTRANET:
        return None
    return int(thread.external_id.removeprefix("article-"))


def read_item(session: Session, item_id: int) -> ItemRead:
    item = get_item(session, item_id)
    threads = repository.threads_by_id(session, [item.thread_id] if item.thread_id else [])
    return item_read(item, threads.get(item.thread_id or 0), _article_of(threads, item))


def close(item: Item, status: ItemStatus, reason_code: str, now: datetime) -> None:
    """Give the item its disposition; the author's handle is not kept beyond this point."""
    item.status = status.value
    item.reason_code = reason_code
    item.closed_at = now
    item.author_handle = None


# ------------------------------------------------------------------ comments


def article_thread(session: Session, article_id: int, title: str) -> Thread:
    key = f"article-{article_id}"
    thread = repository.thread_by_key(session, INTRANET, key)
    if thread is None:
        thread = Thread(source=INTRANET, external_id=key, title=title, posted_at=utcnow())
        session.add(thread)
        session.flush()
    return thread


def post_comment(
    session: Session, settings: Settings, employee: Employee, article_id: int, body: str
) -> CommentRead:
    """A reader's comment: visible at once, unless the classifier is confident it is abuse."""
    article = content.get_article_for(session, employee, article_id)
    topics = understanding_topics(session)
    found = analyse_texts([body], [None], topics)[0]
    abuse = found.abuse is not None and found.abuse_score >= settings.listening_hold_abuse_score
    strict = not abuse and _held_first(session, article.id)
    held = abuse or strict
    comment = Comment(
        article_id=article.id,
        author_id=employee.id,
        body=body,
        language=found.language,
        status=CommentStatus.held.value if held else CommentStatus.visible.value,
        status_reason=HELD_FOR_REVIEW if abuse else PRE_MODERATED if strict else None,
        created_at=utcnow(),
    )
    session.add(comment)
    session.flush()
    thread = article_thread(session, article.id, article.title)
    new = NewItem(
        source=INTRANET,
        external_id=f"comment-{comment.id}",
        text=body,
        posted_at=comment.created_at,
        author=employee.display_name,
        language=found.language if found.language != "und" else None,
        thread=thread,
        comment_id=comment.id,
    )
    item = item_row(settings, new, found, utcnow())
    session.add(item)
    session.flush()
    if held:
        reason = {"score": found.abuse_score, "reason": comment.status_reason}
        audit.record(session, None, "comment_held", f"item:{item.id}", reason)
    _record_comment_event(session, settings, employee, article.id)
    return _comment_read(comment, employee, {})


def _record_comment_event(
    session: Session, settings: Settings, employee: Employee, article_id: int
) -> None:
    event = EventCreate(
        id=uuid.uuid4(),
        type=EventType.comment_posted,
        article_id=article_id,
        occurred_at=utcnow(),
        channel=Channel.intranet,
    )
    events.ingest_for(session, employee, [event], settings)


def _comment_read(
    comment: Comment, viewer: Employee, children: dict[int, list[Comment]]
) -> CommentRead:
    mine = comment.author_id == viewer.id
    return CommentRead(
        id=comment.id,
        body=comment.body,
        status=comment.status,
        reason=comment.status_reason if (mine or is_moderator(viewer)) else None,
        official=comment.official,
        mine=mine,
        language=comment.language,
        created_at=comment.created_at,
        replies=[_comment_read(c, viewer, children) for c in children.get(comment.id, [])],
    )


def comments_for(session: Session, employee: Employee, article_id: int) -> list[CommentRead]:
    """The article's thread as this employee may see it: visible comments with the newsroom's
    replies under them; held or hidden ones only to their author (with the reason) and to
    moderators."""
    content.get_article_for(session, employee, article_id)
    shown = [
        c
        for c in repository.comments_of_article(session, article_id)
        if c.status == CommentStatus.visible.value
        or c.author_id == employee.id
        or is_moderator(employee)
    ]
    children: dict[int, list[Comment]] = {}
    for c in shown:
        if c.parent_id is not None:
            children.setdefault(c.parent_id, []).append(c)
    return [_comment_read(c, employee, children) for c in shown if c.parent_id is None]


def comments_of(session: Session, employee: Employee) -> list[dict[str, object]]:
    """The employee's own comments (for their data export)."""
    return [
        {
            "id": c.id,
            "article_id": c.article_id,
            "body": c.body,
            "status": c.status,
            "reason": c.status_reason,
            "created_at": c.created_at.isoformat(),
        }
        for c in repository.comments_by_author(session, employee.id)
    ]


# ------------------------------------------------------------------ assignment and disposition


def assign(
    session: Session, actor: Employee, item_id: int, assignee_id: int | None, team: str | None
) -> ItemRead:
    item = get_item(session, item_id)
    check_open(item)
    if assignee_id is not None:
        assignee = get_employee(session, assignee_id)
        if assignee is None or not is_moderator(assignee):
            raise ValidationFailed("assignee_id: not a moderator", field="assignee_id")
    if assignee_id is None and team is None:
        raise ValidationFailed("give an assignee_id or a team", fields=["assignee_id", "team"])
    item.assignee_id, item.team = assignee_id, team
    item.status = ItemStatus.assigned.value
    audit.record(
        session, actor.id, "assign", f"item:{item.id}", {"assignee": assignee_id, "team": team}
    )
    session.flush()
    return read_item(session, item.id)


def set_disposition(
    session: Session, actor: Employee, item_id: int, status: str, reason_code: str
) -> ItemRead:
    """Escalate an item, or close it without action (which releases a held comment)."""
    item = get_item(session, item_id)
    check_open(item)
    now = utcnow()
    if status == ItemStatus.escalated.value:
        item.status, item.reason_code = status, reason_code
    else:
        close(item, ItemStatus.no_action, reason_code, now)
        if item.comment_id is not None:
            comment = session.get(Comment, item.comment_id)
            if comment is not None and comment.status == CommentStatus.held.value:
                comment.status, comment.status_reason = CommentStatus.visible.value, None
    audit.record(session, actor.id, status, f"item:{item.id}", {"reason_code": reason_code})
    session.flush()
    return read_item(session, item.id)


def check_open(item: Item) -> None:
    if item.status in {s.value for s in CLOSED_STATUSES}:
        raise Conflict(f"item {item.id} is already {item.status}", rule="item_closed")


# ------------------------------------------------------------------ hiding


def may_hide_without_approval(item: Item) -> bool:
    return item.abuse is not None or item.spam


def hide(
    session: Session, actor: Employee, item_id: int, reason: HideReason, request_approval: bool
) -> tuple[str, int | None]:
    """Hide an item labelled abuse or spam; anything else needs a second moderator.

    Answers (status, approval id). Nothing is deleted: the text stays, with the reason."""
    item = get_item(session, item_id)
    check_open(item)
    if may_hide_without_approval(item):
        apply_hide(session, item, reason.value, utcnow())
        audit.record(session, actor.id, "hide", f"item:{item.id}", {"reason": reason.value})
        return item.status, None
    if not request_approval:
        what = "criticism" if item.criticism else "not labelled abuse or spam"
        raise Conflict(
            f"item {item.id} is {what}: hiding it needs a second moderator's approval "
            "(criticism is answered, not hidden); send request_approval: true to ask for it",
            rule="second_approval_required",
        )
    approval = repository.pending_approval_for(session, item.id, "hide")
    if approval is None:
        approval = Approval(
            item_id=item.id, action="hide", reason=reason.value, requested_by=actor.id
        )
        session.add(approval)
        session.flush()
        audit.record(
            session, actor.id, "hide_requested", f"item:{item.id}", {"reason": reason.value}
        )
    return item.status, approval.id


def apply_hide(session: Session, item: Item, reason: str, now: datetime) -> None:
    close(item, ItemStatus.hidden, reason, now)
    if item.comment_id is not None:
        comment = session.get(Comment, item.comment_id)
        if comment is not None:
            comment.status, comment.status_reason = CommentStatus.hidden.value, reason
    session.flush()


def check_second_person(approval: Approval, actor: Employee) -> None:
    if approval.approved_by is not None:
        raise Conflict(f"approval {approval.id} was already given", rule="already_approved")
    if approval.requested_by == actor.id:
        raise Conflict(
            "the approval must come from a second person, not from who asked for it",
            rule="second_person",
        )


# ------------------------------------------------------------------ crisis mode


def set_crisis(session: Session, actor: Employee, topic_id: str, reason: str | None) -> CrisisRead:
    """Start or lift crisis mode on a topic; who and why go to the audit log."""
    topic = content.set_crisis_mode(session, topic_id, reason)
    action = "crisis_started" if reason is not None else "crisis_lifted"
    audit.record(session, actor.id, action, f"topic:{topic.id}", {"reason": reason})
    return CrisisRead(
        topic_id=topic.id,
        in_crisis=topic.crisis_since is not None,
        since=topic.crisis_since,
        reason=topic.crisis_reason,
    )
