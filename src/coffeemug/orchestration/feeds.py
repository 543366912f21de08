"""iCalendar feeds of the plan, per person, business unit or campaign.

A feed is opened by a revocable token (calendar programs cannot sign in): whoever holds the
link sees the titles and times of what is planned, embargoed articles included, so only editors
create tokens, each can be revoked, and an unknown or revoked token answers as not found. Times
carry the owner's time zone as TZID, with its VTIMEZONE, so calendar programs show an article's
embargo (its publish time) right on both sides of a daylight-saving change.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event
from sqlalchemy.orm import Session

from coffeemug.content.models import Article
from coffeemug.db import utcnow
from coffeemug.errors import NotFound, ValidationFailed
from coffeemug.orchestration import feed_repository as repository
from coffeemug.orchestration.models import CalendarFeedToken, FeedScope, Task
from coffeemug.people.models import Employee

PAST = timedelta(days=30)
AHEAD = timedelta(days=180)
ARTICLE_MINUTES = 30
PRODID = "-//Coffee Mug//Newsroom calendar//EN"


def create_token(
    session: Session, owner: Employee, scope: FeedScope, value: str, zone: ZoneInfo
) -> CalendarFeedToken:
    """A new feed for the owner; a business unit or campaign feed names which one."""
    if scope == FeedScope.person:
        value = str(owner.id)
    elif not value:
        raise ValidationFailed(f"value: name the {scope.value} of the feed", field="value")
    elif scope == FeedScope.campaign and (
        not value.isdigit() or not repository.campaign_exists(session, int(value))
    ):
        raise ValidationFailed(f"value: unknown campaign {value!r}", field="value")
    token = CalendarFeedToken(
        token=secrets.token_urlsafe(32),
        owner_id=owner.id,
        scope=scope.value,
        value=value,
        time_zone=zone.key,
        created_at=utcnow(),
    )
    session.add(token)
    session.flush()
    return token


def tokens_of(session: Session, owner: Employee) -> Sequence[CalendarFeedToken]:
    return repository.tokens_of(session, owner.id)


def revoke(session: Session, owner: Employee, feed_id: int) -> None:
    """Revoke one of the owner's feeds; the link stops working at once."""
    token = repository.token_by_id(session, feed_id)
    if token is None or token.owner_id != owner.id or token.revoked_at is not None:
        raise NotFound(f"feed {feed_id} not found")
    token.revoked_at = utcnow()
    session.flush()


def _token(session: Session, secret: str) -> CalendarFeedToken:
    token = repository.token_row(session, secret)
    if token is None or token.revoked_at is not None:
        raise NotFound("no calendar feed for this token")
    return token


def _event(uid: str, start: datetime, minutes: int, summary: str, zone: ZoneInfo) -> Event:
    event = Event()
    event.add("uid", f"{uid}@coffeemug")
    event.add("dtstamp", utcnow())
    event.add("dtstart", start.astimezone(zone))
    event.add("dtend", (start + timedelta(minutes=minutes)).astimezone(zone))
    event.add("summary", summary)
    return event


def _article_event(article: Article, zone: ZoneInfo) -> Event:
    event = _event(
        f"article-{article.id}", article.publish_at, ARTICLE_MINUTES, article.title, zone
    )
    lines = [f"Embargo until {article.publish_at.astimezone(zone).isoformat()}"]
    if article.must_read:
        lines.append("Must read")
    event.add("description", "\n".join(lines))
    event.add("categories", ["must-read" if article.must_read else "article"])
    return event


def _task_event(task: Task, zone: ZoneInfo) -> Event:
    return _event(f"task-{task.id}", task.due_at, 15, f"{task.kind}: {task.title}", zone)


def _items(
    session: Session, token: CalendarFeedToken, start: datetime, end: datetime
) -> tuple[Iterable[Article], Iterable[Task]]:
    if token.scope == FeedScope.person.value:
        owner = int(token.value)
        return (
            repository.articles_by_author(session, owner, start, end),
            repository.tasks_of(session, start, end, assignee_id=owner),
        )
    if token.scope == FeedScope.business_unit.value:
        return repository.articles_of_unit(session, token.value, start, end), []
    campaign = int(token.value)
    return (
        repository.articles_of_campaign(session, campaign, start, end),
        repository.tasks_of(session, start, end, campaign_id=campaign),
    )


def feed(session: Session, secret: str, now: datetime | None = None) -> bytes:
    """The feed's iCalendar text: articles scheduled or published (their publish time is
    the embargo), tasks due, and for a campaign its window as all-day event."""
    token = _token(session, secret)
    zone = ZoneInfo(token.time_zone)
    now = now or utcnow()
    start, end = now - PAST, now + AHEAD
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Coffee Mug: {token.scope} {token.value}")
    cal.add("x-wr-timezone", zone.key)
    articles, tasks = _items(session, token, start, end)
    for article in articles:
        cal.add_component(_article_event(article, zone))
    for task in tasks:
        cal.add_component(_task_event(task, zone))
    if token.scope == FeedScope.campaign.value:
        window = repository.campaign(session, int(token.value))
        if window is not None and window.starts_at and window.ends_at:
            event = Event()
            event.add("uid", f"campaign-{window.id}@coffeemug")
            event.add("dtstamp", utcnow())
            event.add("dtstart", window.starts_at.astimezone(zone).date())
            event.add("dtend", window.ends_at.astimezone(zone).date() + timedelta(days=1))
            event.add("summary", window.name)
            cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
