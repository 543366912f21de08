"""The planning calendar: articles, campaign windows, daily-topic slots and tasks per day in the
viewer's time zone, with the conflicts an editor should see before the day comes.

Conflicts: two must-reads on one day; two articles for the same targeted audience on one day
(untargeted articles are the ordinary feed and never conflict); a slot on a public holiday of
its region's country (from the ``holidays`` library).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy.orm import Session

from coffeemug.content import service as content
from coffeemug.content.models import Article, ArticleStatus, Campaign
from coffeemug.content.schemas import ArticleUpdate
from coffeemug.db import utcnow
from coffeemug.errors import Conflict, NotFound, ValidationFailed
from coffeemug.orchestration import repository
from coffeemug.orchestration.models import CalendarSlot, Task
from coffeemug.orchestration.schemas import (
    CalendarDay,
    CalendarItem,
    CalendarRead,
    CampaignWindow,
    ConflictRead,
    SlotClaim,
    SlotCreate,
    SlotRead,
    TaskRead,
)
from coffeemug.people import service as people
from coffeemug.people.models import Employee
from coffeemug.settings import Settings, is_time_zone
from coffeemug.text.embeddings import Encoder

WEEK = 7


@dataclass
class DayPlan:
    day: date
    articles: list[Article] = field(default_factory=list)
    slots: list[CalendarSlot] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    # (kind, detail): must_reads, same_audience, holiday
    conflicts: list[tuple[str, str]] = field(default_factory=list)
    holidays: dict[str, str] = field(default_factory=dict)  # country -> holiday name


@dataclass
class CalendarView:
    start: date
    end: date
    zone: str
    days: list[DayPlan]
    campaigns: list[Campaign]
    paused: set[int]  # scheduled articles on a topic in crisis mode
    slot_articles: dict[int, Article]


def zone_of(session: Session, employee: Employee, settings: Settings) -> ZoneInfo:
    """The viewer's time zone: their own choice, else the newsroom's default."""
    chosen = people.get_preferences(session, employee).time_zone
    return ZoneInfo(chosen if chosen and is_time_zone(chosen) else settings.default_time_zone)


def period(view: str, anchor: date) -> tuple[date, date]:
    """Monday to Sunday of the anchor's week, or the whole weeks covering its month."""
    if view == "month":
        first = anchor.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        start = first - timedelta(days=first.weekday())
        last = following - timedelta(days=1)
        return start, last + timedelta(days=WEEK - 1 - last.weekday())
    start = anchor - timedelta(days=anchor.weekday())
    return start, start + timedelta(days=WEEK - 1)


@lru_cache(maxsize=64)
def _holidays(country: str, year: int, language: str) -> dict[date, str]:
    try:
        found = holidays.country_holidays(country, years=year, language=language)
    except NotImplementedError:
        return {}
    return dict(found.items())


def holiday(country: str | None, day: date, language: str = "en") -> str | None:
    """The public holiday of that country on that day, named in the language if it can."""
    if not country:
        return None
    names = _holidays(country, day.year, "de" if language == "de" else "en_US")
    return names.get(day) or _holidays(country, day.year, "en_US").get(day)


def _local_day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def _audience_key(article: Article) -> tuple[tuple[str, ...], ...] | None:
    parts = (
        tuple(sorted(article.audience_regions)),
        tuple(sorted(article.audience_business_units)),
        tuple(sorted(article.audience_languages)),
    )
    return parts if any(parts) else None


def _conflicts(plan: DayPlan, language: str) -> None:
    must_reads = [a for a in plan.articles if a.must_read]
    if len(must_reads) > 1:
        plan.conflicts.append(("must_reads", ", ".join(a.title for a in must_reads)))
    by_audience: dict[tuple[tuple[str, ...], ...], list[Article]] = defaultdict(list)
    for article in plan.articles:
        key = _audience_key(article)
        if key is not None:
            by_audience[key].append(article)
    for group in by_audience.values():
        if len(group) > 1:
            plan.conflicts.append(("same_audience", ", ".join(a.title for a in group)))
    for slot in plan.slots:
        name = holiday(slot.country, plan.day, language)
        if name:
            plan.holidays[slot.country or ""] = name
            plan.conflicts.append(("holiday", f"{slot.region}: {name}"))


def build(
    session: Session, start: date, end: date, zone: ZoneInfo, language: str = "en"
) -> CalendarView:
    """Everything planned from ``start`` to ``end`` (days in ``zone``)."""
    begin = datetime.combine(start, time(), zone).astimezone(UTC)
    finish = datetime.combine(end + timedelta(days=1), time(), zone).astimezone(UTC)
    days = {
        start + timedelta(days=i): DayPlan(start + timedelta(days=i))
        for i in range((end - start).days + 1)
    }
    slots = repository.slots_between(session, start, end)
    linked = {s.article_id for s in slots if s.article_id}
    for article in repository.articles_between(session, begin, finish):
        # Drafts show only where a slot plans them; published ones (live or scheduled) always.
        if article.status == ArticleStatus.published.value or article.id in linked:
            days[_local_day(article.publish_at, zone)].articles.append(article)
    for slot in slots:
        days[slot.day].slots.append(slot)
    for task in repository.tasks_between(session, begin, finish):
        days[_local_day(task.due_at, zone)].tasks.append(task)
    for plan in days.values():
        _conflicts(plan, language)
    slot_articles = {
        a.id: a for a in (repository.get_article(session, i) for i in linked) if a is not None
    }
    return CalendarView(
        start=start,
        end=end,
        zone=zone.key,
        days=list(days.values()),
        campaigns=list(repository.campaigns_overlapping(session, begin, finish)),
        paused=_paused(session, [a for d in days.values() for a in d.articles]),
        slot_articles=slot_articles,
    )


def _paused(session: Session, articles: Sequence[Article]) -> set[int]:
    """Scheduled articles on a topic in crisis mode (publishing holds them back)."""
    crisis = content.topic_ids_in_crisis(session)
    if not crisis:
        return set()
    now = utcnow()
    return {
        a.id
        for a in articles
        if a.publish_at > now and {t.id for t in content.get_article(session, a.id).topics} & crisis
    }


# ------------------------------------------------------------------ slots


def create_slot(session: Session, data: SlotCreate) -> CalendarSlot:
    """A daily topic for a region on a day; 409 if that region has the topic that day."""
    content.resolve_topics(session, [data.topic_id])
    if repository.slot_at(session, data.day, data.region, data.topic_id) is not None:
        raise Conflict(f"slot: {data.region} has {data.topic_id} on {data.day} already")
    slot = CalendarSlot(
        day=data.day, region=data.region, country=data.country, topic_id=data.topic_id
    )
    session.add(slot)
    session.flush()
    return slot


def _slot(session: Session, slot_id: int) -> CalendarSlot:
    slot = repository.get_slot(session, slot_id)
    if slot is None:
        raise NotFound(f"slot {slot_id} not found")
    return slot


def claim_slot(session: Session, slot_id: int, data: SlotClaim, editor: Employee) -> CalendarSlot:
    """A business unit claims the slot with a planned article (409 if another unit has it)."""
    slot = _slot(session, slot_id)
    if slot.business_unit and slot.business_unit != data.business_unit:
        raise Conflict(f"slot: claimed by {slot.business_unit} already")
    if data.article_id is not None and repository.get_article(session, data.article_id) is None:
        raise ValidationFailed(f"article_id: unknown article {data.article_id}", field="article_id")
    slot.business_unit, slot.article_id = data.business_unit, data.article_id
    slot.claimed_by, slot.claimed_at = editor.id, utcnow()
    session.flush()
    return slot


def release_slot(session: Session, slot_id: int) -> CalendarSlot:
    slot = _slot(session, slot_id)
    slot.business_unit = slot.article_id = slot.claimed_by = slot.claimed_at = None
    session.flush()
    return slot


def reschedule(
    session: Session,
    article_id: int,
    day: date,
    zone: ZoneInfo,
    editor: Employee,
    encoder: Encoder,
) -> Article:
    """Move an article to another day, keeping its local time of day (drag and drop, or the
    keyboard's date field); expiry and due date move by as much."""
    article = content.get_article(session, article_id)
    local = article.publish_at.astimezone(zone)
    moved = datetime.combine(day, local.time().replace(tzinfo=None), zone).astimezone(UTC)
    shift = moved - article.publish_at
    changes: dict[str, object] = {"publish_at": moved}
    if article.expires_at is not None:
        changes["expires_at"] = article.expires_at + shift
    if article.due_at is not None:
        changes["due_at"] = article.due_at + shift
    update = ArticleUpdate.model_validate(changes)
    return content.update_article(session, article_id, update, encoder, actor=editor)


def view_read(view: CalendarView) -> CalendarRead:
    """The API shape of a calendar view."""
    return CalendarRead(
        start=view.start,
        end=view.end,
        time_zone=view.zone,
        campaigns=[
            CampaignWindow(id=c.id, name=c.name, starts_at=c.starts_at, ends_at=c.ends_at)
            for c in view.campaigns
        ],
        days=[
            CalendarDay(
                day=plan.day,
                articles=[
                    CalendarItem(
                        article_id=a.id,
                        title=a.title,
                        status=a.status,
                        publish_at=a.publish_at,
                        must_read=a.must_read,
                        paused=a.id in view.paused,
                    )
                    for a in plan.articles
                ],
                slots=[SlotRead.model_validate(s) for s in plan.slots],
                tasks=[TaskRead.model_validate(t) for t in plan.tasks],
                conflicts=[ConflictRead(kind=k, detail=d) for k, d in plan.conflicts],
            )
            for plan in view.days
        ],
    )


def plannable_articles(session: Session, limit: int = 200) -> list[Article]:
    """Articles a slot can be claimed with: drafts and scheduled ones, the newest first."""
    return list(repository.plannable_articles(session, utcnow(), limit))
