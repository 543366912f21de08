"""All SQL of orchestration (the feeds' in feed_repository): campaigns with their plans,
reviews, the calendar, tasks, stories."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import String, select
from sqlalchemy.orm import Session

from coffeemug.content.models import Article, Campaign
from coffeemug.orchestration.models import (
    ApprovalSetting,
    ArticleReview,
    ArticleTransition,
    CalendarSlot,
    CampaignPlan,
    Story,
    Task,
)
from coffeemug.people.models import Employee

# ------------------------------------------------------------------ campaigns


def campaigns_with_plans(session: Session) -> list[tuple[Campaign, CampaignPlan | None]]:
    rows = session.execute(
        select(Campaign, CampaignPlan)
        .outerjoin(CampaignPlan, CampaignPlan.campaign_id == Campaign.id)
        .order_by(Campaign.starts_at.desc(), Campaign.id)
    ).all()
    return [(row[0], row[1]) for row in rows]


def campaign_with_plan(
    session: Session, campaign_id: int
) -> tuple[Campaign, CampaignPlan | None] | None:
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        return None
    return campaign, session.get(CampaignPlan, campaign_id)


def campaign_named(session: Session, name: str) -> Campaign | None:
    return session.scalars(select(Campaign).where(Campaign.name == name)).first()


def employee_exists(session: Session, employee_id: int) -> bool:
    return session.get(Employee, employee_id) is not None


def campaign_articles(session: Session, campaign_id: int) -> Sequence[Article]:
    return session.scalars(
        select(Article)
        .where(Article.campaign_id == campaign_id)
        .order_by(Article.publish_at, Article.id)
    ).all()


def campaign_names(session: Session) -> list[tuple[int, str]]:
    return [(r[0], r[1]) for r in session.execute(select(Campaign.id, Campaign.name)).all()]


# ------------------------------------------------------------------ reviews


def approval_setting(session: Session) -> ApprovalSetting | None:
    return session.get(ApprovalSetting, 1)


def get_article(session: Session, article_id: int) -> Article | None:
    return session.get(Article, article_id)


def review_of(session: Session, article_id: int) -> ArticleReview | None:
    return session.get(ArticleReview, article_id)


def transitions_of(session: Session, article_id: int) -> Sequence[ArticleTransition]:
    return session.scalars(
        select(ArticleTransition)
        .where(ArticleTransition.article_id == article_id)
        .order_by(ArticleTransition.at, ArticleTransition.id)
    ).all()


def reviews_waiting_since(session: Session, before: datetime) -> Sequence[ArticleReview]:
    """Reviews still in review, requested before ``before`` and not yet reminded."""
    return session.scalars(
        select(ArticleReview).where(
            ArticleReview.state == "in_review",
            ArticleReview.requested_at < before,
            ArticleReview.reminded_at.is_(None),
        )
    ).all()


def reviews_for(session: Session, employee_id: int) -> Sequence[ArticleReview]:
    """Reviews waiting for this approver, or for them as a deputy once the approver was
    reminded, or for anyone where nobody was named."""
    return session.scalars(
        select(ArticleReview)
        .where(ArticleReview.state == "in_review")
        .where(
            (ArticleReview.approver_id == employee_id)
            | (ArticleReview.approver_id.is_(None))
            | ((ArticleReview.deputy_id == employee_id) & ArticleReview.reminded_at.is_not(None))
        )
        .order_by(ArticleReview.requested_at)
    ).all()


def states_of(session: Session, article_ids: Sequence[int]) -> dict[int, str]:
    if not article_ids:
        return {}
    rows = session.execute(
        select(ArticleReview.article_id, ArticleReview.state).where(
            ArticleReview.article_id.in_(list(article_ids))
        )
    ).all()
    return {int(r[0]): str(r[1]) for r in rows}


# ------------------------------------------------------------------ calendar


def slots_between(session: Session, start: date, end: date) -> Sequence[CalendarSlot]:
    return session.scalars(
        select(CalendarSlot)
        .where(CalendarSlot.day >= start, CalendarSlot.day <= end)
        .order_by(CalendarSlot.day, CalendarSlot.region, CalendarSlot.topic_id)
    ).all()


def get_slot(session: Session, slot_id: int) -> CalendarSlot | None:
    return session.get(CalendarSlot, slot_id)


def slot_at(session: Session, day: date, region: str, topic_id: str) -> CalendarSlot | None:
    return session.scalars(
        select(CalendarSlot).where(
            CalendarSlot.day == day,
            CalendarSlot.region == region,
            CalendarSlot.topic_id == topic_id,
        )
    ).first()


def articles_between(session: Session, start: datetime, end: datetime) -> Sequence[Article]:
    """Articles of every status but archived whose publish time falls in the range, oldest
    first."""
    return session.scalars(
        select(Article)
        .where(Article.publish_at >= start, Article.publish_at < end)
        .where(Article.status != "archived")
        .order_by(Article.publish_at, Article.id)
    ).all()


def campaigns_overlapping(session: Session, start: datetime, end: datetime) -> Sequence[Campaign]:
    return session.scalars(
        select(Campaign)
        .where(Campaign.starts_at.is_not(None), Campaign.starts_at < end)
        .where((Campaign.ends_at.is_(None)) | (Campaign.ends_at >= start))
        .order_by(Campaign.starts_at, Campaign.id)
    ).all()


# ------------------------------------------------------------------ tasks


def tasks_between(
    session: Session, start: datetime, end: datetime, assignee_id: int | None = None
) -> Sequence[Task]:
    stmt = select(Task).where(Task.due_at >= start, Task.due_at < end)
    if assignee_id is not None:
        stmt = stmt.where(Task.assignee_id == assignee_id)
    return session.scalars(stmt.order_by(Task.due_at, Task.id)).all()


def get_task(session: Session, task_id: int) -> Task | None:
    return session.get(Task, task_id)


def editors(session: Session) -> Sequence[Employee]:
    """Employees holding the editor (or admin) role, by name."""
    roles = Employee.roles.cast(String)
    return session.scalars(
        select(Employee)
        .where(roles.like('%"editor"%') | roles.like('%"admin"%'))
        .order_by(Employee.display_name, Employee.id)
    ).all()


def plannable_articles(session: Session, now: datetime, limit: int) -> Sequence[Article]:
    return session.scalars(
        select(Article)
        .where(
            (Article.status == "draft")
            | ((Article.status == "published") & (Article.publish_at > now))
        )
        .order_by(Article.updated_at.desc(), Article.id.desc())
        .limit(limit)
    ).all()


def story_of(session: Session, article_id: int) -> Story | None:
    return session.get(Story, article_id)


def strictly_moderated(session: Session) -> set[int]:
    return set(session.scalars(select(Story.article_id).where(Story.strict_moderation)).all())


def is_strictly_moderated(session: Session, article_id: int) -> bool:
    found = select(Story.article_id).where(Story.article_id == article_id, Story.strict_moderation)
    return session.scalar(found) is not None


def story_article_ids(session: Session) -> set[int]:
    return set(session.scalars(select(Story.article_id)).all())


def stories_among(session: Session, article_ids: set[int]) -> set[int]:
    if not article_ids:
        return set()
    return set(
        session.scalars(select(Story.article_id).where(Story.article_id.in_(article_ids))).all()
    )


def tasks_of_article(session: Session, article_id: int) -> Sequence[Task]:
    return session.scalars(
        select(Task).where(Task.article_id == article_id).order_by(Task.due_at, Task.id)
    ).all()


def display_name(session: Session, employee_id: int) -> str | None:
    employee = session.get(Employee, employee_id)
    return employee.display_name if employee else None
