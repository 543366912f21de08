"""What the demo seed needs of orchestration: plans, slots, claims, reviews and tasks written
straight from its specification (no workflow checks: it builds a state, not a history)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coffeemug.content.models import Article, Campaign, Topic, article_topics
from coffeemug.orchestration import repository
from coffeemug.orchestration.models import (
    ArticleReview,
    ArticleTransition,
    CalendarSlot,
    CampaignPlan,
    ReviewState,
    Story,
    Task,
    TaskKind,
)
from coffeemug.people.models import Employee


def campaign_named(session: Session, name: str) -> Campaign | None:
    return repository.campaign_named(session, name)


def upsert_plan(session: Session, campaign_id: int, **values: Any) -> None:
    plan = session.get(CampaignPlan, campaign_id) or CampaignPlan(campaign_id=campaign_id)
    for key, value in values.items():
        setattr(plan, key, value)
    plan.updated_at = datetime.now(UTC)
    session.add(plan)


def editor_ids(session: Session) -> list[int]:
    return [e.id for e in repository.editors(session) if "editor" in e.roles]


def business_units(session: Session) -> list[str]:
    return sorted(u for u in session.scalars(select(Employee.business_unit).distinct()).all() if u)


def add_slot(
    session: Session, day: date, region: str, country: str, topic_id: str
) -> CalendarSlot | None:
    if repository.slot_at(session, day, region, topic_id) is not None:
        return None
    slot = CalendarSlot(day=day, region=region, country=country, topic_id=topic_id)
    session.add(slot)
    return slot


def article_on(session: Session, topic_id: str, day: date) -> int | None:
    start = datetime.combine(day, time(), UTC)
    return session.scalar(
        select(Article.id)
        .join(article_topics, article_topics.c.article_id == Article.id)
        .where(article_topics.c.topic_id == topic_id)
        .where(Article.publish_at >= start, Article.publish_at < start + timedelta(days=1))
        .order_by(Article.id)
        .limit(1)
    )


def claim(
    session: Session,
    slot: CalendarSlot,
    unit: str,
    article_id: int | None,
    editor_id: int | None,
) -> None:
    slot.business_unit, slot.article_id = unit, article_id
    slot.claimed_by, slot.claimed_at = editor_id, datetime.now(UTC)


def drafts(session: Session, limit: int) -> Sequence[Article]:
    return session.scalars(
        select(Article).where(Article.status == "draft").order_by(Article.id).limit(limit)
    ).all()


def upcoming(session: Session, now: datetime, limit: int) -> Sequence[Article]:
    return session.scalars(
        select(Article)
        .where(Article.status.in_(("draft", "published")), Article.publish_at >= now)
        .order_by(Article.publish_at, Article.id)
        .limit(limit)
    ).all()


def review(
    session: Session,
    article: Article,
    state: ReviewState,
    author_id: int,
    approver_id: int,
    requested: datetime,
) -> None:
    if session.get(ArticleReview, article.id) is not None:
        return
    session.add(
        ArticleReview(
            article_id=article.id,
            state=state.value,
            steps_required=1,
            steps_done=1 if state == ReviewState.approved else 0,
            approver_id=approver_id,
            requested_at=requested,
        )
    )
    session.add(
        ArticleTransition(
            article_id=article.id,
            from_state="draft",
            to_state="in_review",
            actor_id=author_id,
            at=requested,
            comment="",
        )
    )
    if state == ReviewState.approved:
        session.add(
            ArticleTransition(
                article_id=article.id,
                from_state="in_review",
                to_state="approved",
                actor_id=approver_id,
                at=requested + timedelta(hours=1),
                comment="",
            )
        )


def add_task(
    session: Session,
    kind: TaskKind,
    title: str,
    article_id: int,
    assignee_id: int,
    due_at: datetime,
) -> None:
    session.add(
        Task(
            kind=kind.value,
            title=title,
            article_id=article_id,
            assignee_id=assignee_id,
            due_at=due_at,
            created_at=datetime.now(UTC),
        )
    )


def some_employees(session: Session, count: int, rng: Any) -> list[int]:
    ids = list(
        session.scalars(
            select(Employee.id).where(Employee.external_id.like("demo-%")).order_by(Employee.id)
        ).all()
    )
    return rng.sample(ids, count) if len(ids) >= count else []


def employee(session: Session, employee_id: int) -> Employee:
    found = session.get(Employee, employee_id)
    assert found is not None
    return found


def topic_exists(session: Session, topic_id: str = "learnfromit") -> bool:
    return session.get(Topic, topic_id) is not None


def article_keyed(session: Session, key: str) -> bool:
    return session.scalar(select(Article.id).where(Article.external_id == key)) is not None


def publish_with_consent(
    session: Session, article_id: int, teller_id: int, now: datetime, days_ago: int, key: str
) -> None:
    story = session.get(Story, article_id)
    article = session.get(Article, article_id)
    assert story is not None and article is not None
    when = now - timedelta(days=days_ago)
    story.consent_at, story.consent_by = when - timedelta(hours=2), teller_id
    article.status, article.publish_at, article.updated_at = "published", when, when
    # A stable key, as every demo article has one (seeding again finds it).
    article.external_id = key
