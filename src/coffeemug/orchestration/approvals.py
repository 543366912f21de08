"""The approval workflow: Draft → In review → Approved → Scheduled → Published → Archived,
and Rejected with a comment.

The newsroom chooses the mode (``COFFEEMUG_APPROVAL_MODE``): none, optional, required or two
steps (must-reads need a second approval by another person). The rules hold wherever an
article's status changes (API, desk, imports), because content calls ``check_status_change``
and ``content_edited`` through what ``startup.connect()`` registers. Every transition is
recorded with who and when.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from coffeemug.content.models import Article, ArticleStatus
from coffeemug.db import utcnow
from coffeemug.errors import Conflict, Forbidden, NotFound, ValidationFailed
from coffeemug.orchestration import repository
from coffeemug.orchestration.models import (
    ApprovalMode,
    ApprovalSetting,
    ArticleReview,
    ArticleTransition,
    ReviewState,
)
from coffeemug.orchestration.schemas import ReviewRead, TransitionRead
from coffeemug.people.models import Employee, Role
from coffeemug.settings import Settings, get_settings

BUSINESS_START, BUSINESS_END = time(9), time(17)


def mode(session: Session, settings: Settings | None = None) -> str:
    """The newsroom's approval mode: as an admin chose it, else the setting."""
    row = repository.approval_setting(session)
    return row.mode if row is not None else (settings or get_settings()).approval_mode


def set_mode(session: Session, value: ApprovalMode, actor: Employee | None) -> str:
    """Choose the newsroom's approval mode (admins)."""
    row = repository.approval_setting(session)
    if row is None:
        row = ApprovalSetting(id=1, mode=value.value)
        session.add(row)
    row.mode, row.updated_at = value.value, utcnow()
    row.updated_by = actor.id if actor else None
    session.flush()
    return row.mode


def workflow_state(article: Article, review: ArticleReview | None, now: datetime) -> str:
    """Where the article stands: its publishing status first, then its review."""
    if article.status == ArticleStatus.archived.value:
        return "archived"
    if article.status == ArticleStatus.published.value:
        return "scheduled" if article.publish_at > now else "published"
    return review.state if review is not None else ReviewState.draft.value


def _record(
    session: Session,
    article_id: int,
    old: str,
    new: str,
    actor: Employee | None,
    comment: str = "",
) -> None:
    session.add(
        ArticleTransition(
            article_id=article_id,
            from_state=old,
            to_state=new,
            actor_id=actor.id if actor else None,
            at=utcnow(),
            comment=comment,
        )
    )


def _review(session: Session, article_id: int) -> ArticleReview:
    review = repository.review_of(session, article_id)
    if review is None:
        review = ArticleReview(
            article_id=article_id, state=ReviewState.draft.value, steps_required=1, steps_done=0
        )
        session.add(review)
    return review


def _article(session: Session, article_id: int) -> Article:
    article = repository.get_article(session, article_id)
    if article is None:
        raise NotFound(f"article {article_id} not found")
    return article


def review_read(session: Session, article_id: int, settings: Settings) -> ReviewRead:
    article = _article(session, article_id)
    review = repository.review_of(session, article_id)
    return ReviewRead(
        article_id=article_id,
        state=workflow_state(article, review, utcnow()),
        mode=mode(session, settings),
        steps_required=review.steps_required if review else 0,
        steps_done=review.steps_done if review else 0,
        approver_id=review.approver_id if review else None,
        deputy_id=review.deputy_id if review else None,
        requested_at=review.requested_at if review else None,
        reminded_at=review.reminded_at if review else None,
        transitions=[
            TransitionRead.model_validate(t) for t in repository.transitions_of(session, article_id)
        ],
    )


def _editor(session: Session, employee_id: int | None, field: str) -> None:
    if employee_id is None:
        return
    employee = session.get(Employee, employee_id)
    if employee is None or not employee.has_role(Role.editor):
        raise ValidationFailed(f"{field}: {employee_id} is not an editor", field=field)


def submit(
    session: Session,
    settings: Settings,
    article_id: int,
    actor: Employee,
    approver_id: int | None = None,
    deputy_id: int | None = None,
    comment: str = "",
) -> ReviewRead:
    """Ask for approval of a draft (or of a rejected article, once reworked)."""
    chosen = mode(session, settings)
    if chosen == "none":
        raise Conflict("approvals are switched off in this newsroom (COFFEEMUG_APPROVAL_MODE)")
    article = _article(session, article_id)
    review = _review(session, article_id)
    state = workflow_state(article, review, utcnow())
    if state not in (ReviewState.draft.value, ReviewState.rejected.value):
        raise Conflict(f"state: an article that is {state} cannot be sent to review")
    _editor(session, approver_id, "approver_id")
    _editor(session, deputy_id, "deputy_id")
    two_steps = chosen == "two_step" and article.must_read
    review.state = ReviewState.in_review.value
    review.steps_required = 2 if two_steps else 1
    review.steps_done = 0
    review.approver_id, review.deputy_id = approver_id, deputy_id
    review.requested_at, review.reminded_at = utcnow(), None
    _record(session, article_id, state, review.state, actor, comment)
    session.flush()
    return review_read(session, article_id, settings)


def may_decide(review: ArticleReview, actor: Employee) -> bool:
    """The named approver; the deputy once the approver was reminded; any editor where nobody
    was named; admins always."""
    if actor.has_role(Role.admin) or review.approver_id is None:
        return True
    if actor.id == review.approver_id:
        return True
    return actor.id == review.deputy_id and review.reminded_at is not None


def _waiting(session: Session, article_id: int, actor: Employee) -> tuple[Article, ArticleReview]:
    article = _article(session, article_id)
    review = repository.review_of(session, article_id)
    if review is None or review.state != ReviewState.in_review.value:
        state = workflow_state(article, review, utcnow())
        raise Conflict(f"state: the article is {state}, not in review")
    if not may_decide(review, actor):
        raise Forbidden("only the named approver (or, after the reminder, the deputy) decides")
    return article, review


def approve(
    session: Session, settings: Settings, article_id: int, actor: Employee, comment: str = ""
) -> ReviewRead:
    """One approval step; the last one makes the article approved. Nobody approves their own
    article, and the two steps of a two-step approval need two people."""
    article, review = _waiting(session, article_id, actor)
    if article.author_id == actor.id:
        raise Conflict("approver: nobody approves their own article")
    earlier = [
        t.actor_id
        for t in repository.transitions_of(session, article_id)
        if t.to_state == "approval_step" and review.requested_at and t.at >= review.requested_at
    ]
    if actor.id in earlier:
        raise Conflict("approver: the second step needs another person")
    review.steps_done += 1
    if review.steps_done >= review.steps_required:
        review.state = ReviewState.approved.value
        _record(session, article_id, ReviewState.in_review.value, review.state, actor, comment)
    else:
        _record(session, article_id, ReviewState.in_review.value, "approval_step", actor, comment)
    session.flush()
    return review_read(session, article_id, settings)


def reject(
    session: Session, settings: Settings, article_id: int, actor: Employee, comment: str
) -> ReviewRead:
    """Send the article back to its author, saying why (a comment is required)."""
    if not comment.strip():
        raise ValidationFailed("comment: say why the article is rejected", field="comment")
    _, review = _waiting(session, article_id, actor)
    review.state = ReviewState.rejected.value
    review.steps_done = 0
    _record(session, article_id, ReviewState.in_review.value, review.state, actor, comment)
    session.flush()
    return review_read(session, article_id, settings)


# ------------------------------------------------------------------ the rules content calls


def check_status_change(
    session: Session, article: Article, old: str, new: str, actor: Employee | None
) -> None:
    """Refuse (409) to publish what the mode requires to be approved; record the change."""
    chosen = mode(session)
    if chosen == "none":
        return
    review = repository.review_of(session, article.id) if article.id else None
    before = workflow_state(article, review, utcnow())
    if new == ArticleStatus.published.value:
        if review is not None and review.state == ReviewState.in_review.value:
            raise Conflict("approval: the article is in review; wait for the decision")
        approved = review is not None and review.state == ReviewState.approved.value
        if chosen in ("required", "two_step") and not approved:
            kind = "must-read" if article.must_read else "article"
            raise Conflict(f"approval: this {kind} must be approved before it is published")
    after = "published" if new == ArticleStatus.published.value else new
    _record(session, article.id, before, after, actor)


def content_edited(session: Session, article: Article, actor: Employee | None) -> None:
    """An edit after approval (or during review) sends the article back to review."""
    if mode(session) == "none":
        return
    review = repository.review_of(session, article.id)
    if review is None or review.state not in (
        ReviewState.approved.value,
        ReviewState.in_review.value,
    ):
        return
    if article.status == ArticleStatus.published.value and review.state == "approved":
        # A correction of a live article keeps it live; it is recorded all the same.
        _record(session, article.id, "published", "published", actor, "edited")
        return
    old = review.state
    review.state = ReviewState.in_review.value
    review.steps_done = 0
    review.requested_at, review.reminded_at = utcnow(), None
    _record(session, article.id, old, review.state, actor, "edited after approval")


# ------------------------------------------------------------------ reminders


def business_hours_between(start: datetime, end: datetime, zone: ZoneInfo) -> float:
    """Hours between the two times that fall Monday to Friday, 9 to 17, in ``zone``."""
    if end <= start:
        return 0.0
    total = 0.0
    day = start.astimezone(zone).date()
    last = end.astimezone(zone).date()
    while day <= last:
        if day.weekday() < 5:
            opens = datetime.combine(day, BUSINESS_START, zone)
            closes = datetime.combine(day, BUSINESS_END, zone)
            overlap = min(closes, end) - max(opens, start)
            total += max(overlap.total_seconds(), 0.0) / 3600
        day += timedelta(days=1)
    return total


def remind_approvers(session: Session, settings: Settings, now: datetime) -> list[ArticleReview]:
    """Mark reviews waiting longer than the allowed business hours as reminded (from then on
    the deputy may act); returns them so the caller can tell the people concerned."""
    zone = ZoneInfo(settings.default_time_zone)
    hours = settings.approval_reminder_hours
    # No review can have waited N business hours in less than N hours.
    due = []
    for review in repository.reviews_waiting_since(session, now - timedelta(hours=hours)):
        assert review.requested_at is not None
        if business_hours_between(review.requested_at, now, zone) >= hours:
            review.reminded_at = now
            due.append(review)
    session.flush()
    return due


def reminder_recipients(reviews: Sequence[ArticleReview]) -> list[tuple[int, str]]:
    """(employee, article) pairs to remind by e-mail: each review's approver and deputy."""
    pairs = []
    for review in reviews:
        for person in (review.approver_id, review.deputy_id):
            if person is not None:
                pairs.append((person, str(review.article_id)))
    return sorted(set(pairs))


def waiting_for(session: Session, employee: Employee) -> list[Article]:
    """Articles in review that this editor may decide now, oldest request first."""
    articles = []
    for review in repository.reviews_for(session, employee.id):
        article = repository.get_article(session, review.article_id)
        if article is not None and article.author_id != employee.id:
            articles.append(article)
    return articles


def editors(session: Session) -> list[tuple[int, str]]:
    """(id, name) of everyone who may approve, for choosing an approver and a deputy."""
    return [(e.id, e.display_name) for e in repository.editors(session)]


def states(session: Session, articles: Sequence[Article], now: datetime) -> dict[int, str]:
    """The workflow state of each article (for lists: one query for all reviews)."""
    reviews = repository.states_of(session, [a.id for a in articles])
    result = {}
    for article in articles:
        review = reviews.get(article.id)
        stub = ArticleReview(state=review) if review else None
        result[article.id] = workflow_state(article, stub, now)
    return result
