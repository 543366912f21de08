"""The SQL of the iCalendar feeds: tokens and what each kind of feed lists."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from coffeemug.content.models import Article, Campaign
from coffeemug.orchestration.models import CalendarFeedToken, CalendarSlot, Task


def token_row(session: Session, token: str) -> CalendarFeedToken | None:
    return session.scalars(
        select(CalendarFeedToken).where(CalendarFeedToken.token == token)
    ).first()


def token_by_id(session: Session, feed_id: int) -> CalendarFeedToken | None:
    return session.get(CalendarFeedToken, feed_id)


def tokens_of(session: Session, owner_id: int) -> Sequence[CalendarFeedToken]:
    return session.scalars(
        select(CalendarFeedToken)
        .where(CalendarFeedToken.owner_id == owner_id, CalendarFeedToken.revoked_at.is_(None))
        .order_by(CalendarFeedToken.id)
    ).all()


def campaign_exists(session: Session, campaign_id: int) -> bool:
    return session.get(Campaign, campaign_id) is not None


def campaign(session: Session, campaign_id: int) -> Campaign | None:
    return session.get(Campaign, campaign_id)


def _planned(start: datetime, end: datetime):  # type: ignore[no-untyped-def]
    return (
        select(Article)
        .where(Article.status == "published")
        .where(Article.publish_at >= start, Article.publish_at < end)
        .order_by(Article.publish_at, Article.id)
    )


def articles_by_author(
    session: Session, author_id: int, start: datetime, end: datetime
) -> Sequence[Article]:
    return session.scalars(_planned(start, end).where(Article.author_id == author_id)).all()


def articles_of_campaign(
    session: Session, campaign_id: int, start: datetime, end: datetime
) -> Sequence[Article]:
    return session.scalars(_planned(start, end).where(Article.campaign_id == campaign_id)).all()


def articles_of_unit(session: Session, unit: str, start: datetime, end: datetime) -> list[Article]:
    """Articles a business unit planned in a slot, and those targeted at the unit."""
    claimed = set(
        session.scalars(
            select(CalendarSlot.article_id).where(
                CalendarSlot.business_unit == unit, CalendarSlot.article_id.is_not(None)
            )
        ).all()
    )
    # Targeting is a JSON list: compared here rather than in dialect-specific SQL.
    return [
        a
        for a in session.scalars(_planned(start, end)).all()
        if a.id in claimed or unit in (a.audience_business_units or [])
    ]


def tasks_of(
    session: Session,
    start: datetime,
    end: datetime,
    assignee_id: int | None = None,
    campaign_id: int | None = None,
) -> Sequence[Task]:
    stmt = select(Task).where(Task.due_at >= start, Task.due_at < end)
    if assignee_id is not None:
        stmt = stmt.where(Task.assignee_id == assignee_id)
    if campaign_id is not None:
        stmt = stmt.where(Task.campaign_id == campaign_id)
    return session.scalars(stmt.order_by(Task.due_at, Task.id)).all()
