"""Work as projects: tasks on articles and campaigns with assignees and due dates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from coffeemug.errors import NotFound, ValidationFailed
from coffeemug.orchestration import repository
from coffeemug.orchestration.models import Task
from coffeemug.orchestration.schemas import TaskCreate


def create_task(session: Session, data: TaskCreate) -> Task:
    """A task on an article or a campaign (exactly one of the two)."""
    if (data.article_id is None) == (data.campaign_id is None):
        raise ValidationFailed("article_id: give exactly one of article_id or campaign_id")
    if data.article_id is not None and repository.get_article(session, data.article_id) is None:
        raise ValidationFailed(f"article_id: unknown article {data.article_id}", field="article_id")
    if (
        data.campaign_id is not None
        and repository.campaign_with_plan(session, data.campaign_id) is None
    ):
        raise ValidationFailed(
            f"campaign_id: unknown campaign {data.campaign_id}", field="campaign_id"
        )
    if data.assignee_id is not None and not repository.employee_exists(session, data.assignee_id):
        raise ValidationFailed(
            f"assignee_id: unknown employee {data.assignee_id}", field="assignee_id"
        )
    task = Task(
        kind=data.kind.value,
        title=data.title,
        article_id=data.article_id,
        campaign_id=data.campaign_id,
        assignee_id=data.assignee_id,
        due_at=data.due_at,
        created_at=utcnow(),
    )
    session.add(task)
    session.flush()
    return task


def mark_done(session: Session, task_id: int, done: bool) -> Task:
    task = repository.get_task(session, task_id)
    if task is None:
        raise NotFound(f"task {task_id} not found")
    task.done_at = utcnow() if done else None
    session.flush()
    return task


def tasks_between(
    session: Session, start: datetime, end: datetime, assignee_id: int | None = None
) -> Sequence[Task]:
    return repository.tasks_between(session, start, end, assignee_id)


def due_today(session: Session, employee_id: int, zone: ZoneInfo) -> list[Task]:
    """The employee's open tasks due today in their time zone, and overdue ones."""
    today = datetime.now(zone).date()
    end = datetime.combine(today + timedelta(days=1), time(), zone).astimezone(UTC)
    start = end - timedelta(days=30)
    return [
        t for t in repository.tasks_between(session, start, end, employee_id) if t.done_at is None
    ]
