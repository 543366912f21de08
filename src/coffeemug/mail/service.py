"""Mail logic: who is due a digest or a reminder, what each message says, the ledger's rules.

Services only flush; ``delivery`` owns the transactions, because sending at most once needs a
commit before a message leaves and another after.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy.orm import Session

from coffeemug.content.models import Article
from coffeemug.db import utcnow
from coffeemug.errors import Conflict, NotFound, ValidationFailed
from coffeemug.events import service as events_service
from coffeemug.events.models import Channel, EventType
from coffeemug.events.schemas import EventCreate
from coffeemug.feed import live, reasons
from coffeemug.feed import service as feed_service
from coffeemug.feed.ranker.candidates import epoch_seconds
from coffeemug.i18n import Formatter
from coffeemug.mail import compose, links, repository
from coffeemug.mail.models import MailKind, MailSend
from coffeemug.people import service as people_service
from coffeemug.people.models import DigestCadence, Employee, Preferences
from coffeemug.people.schemas import PreferencesUpdate
from coffeemug.settings import Settings, is_time_zone

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Must-reads whose due date passed longer ago than this get no reminder any more.
REMINDER_WINDOW = timedelta(days=7)
# Scheduled articles that went live longer ago than this get no notice any more.
NOTICE_WINDOW = timedelta(days=1)

Due = tuple[int, str]  # (employee id, ref)


# ------------------------------------------------------------------ who is due


def digest_period(cadence: str, local: datetime, settings: Settings) -> str | None:
    """The period a digest sent at local time ``local`` belongs to, or None if not yet due:
    a daily digest from the digest hour on, a weekly one from that hour of its weekday on
    (and for the rest of that week, should the workers have been down)."""
    if cadence == DigestCadence.daily.value:
        return local.date().isoformat() if local.hour >= settings.digest_hour else None
    if cadence == DigestCadence.weekly.value:
        weekday = WEEKDAYS.index(settings.digest_weekday)
        if local.weekday() < weekday or (
            local.weekday() == weekday and local.hour < settings.digest_hour
        ):
            return None
        year, week, _ = local.isocalendar()
        return f"{year}-W{week:02d}"
    return None


def cadence_of(ref: str) -> str:
    return DigestCadence.weekly.value if "-W" in ref else DigestCadence.daily.value


def zone_of(time_zone: str | None, settings: Settings) -> ZoneInfo:
    chosen = time_zone if time_zone and is_time_zone(time_zone) else settings.default_time_zone
    return ZoneInfo(chosen)


def due_digests(session: Session, settings: Settings, now: datetime) -> list[Due]:
    """Every employee whose digest for the current period (in their time zone) is due and not
    yet recorded."""
    due: list[Due] = []
    for cadence, time_zone in repository.digest_groups(session):
        period = digest_period(cadence, now.astimezone(zone_of(time_zone, settings)), settings)
        if period is not None:
            due += [
                (e, period) for e in repository.due_for_digest(session, cadence, time_zone, period)
            ]
    return due


class _Visibility:
    """Whether an employee may see an article in their feed now: the feed's own rule (audience,
    reading languages, live), computed once per audience."""

    def __init__(self, session: Session, now: datetime) -> None:
        self.articles = live.live_articles(session, now)
        self.now = epoch_seconds(now)
        self._rows: dict[tuple[str, ...], dict[int, int]] = {}
        self._hidden: dict[tuple[str, str, tuple[str, ...]], np.ndarray] = {}

    def sees(self, article_id: int, region: str, unit: str, languages: tuple[str, ...]) -> bool:
        rows = self._rows.get(languages)
        if rows is None:
            ids = self.articles.language_set(languages).candidates.article_ids
            rows = self._rows[languages] = {int(a): i for i, a in enumerate(ids.tolist())}
        row = rows.get(article_id)
        if row is None:
            return False
        key = (region, unit, languages)
        hidden = self._hidden.get(key)
        if hidden is None:
            hidden = self._hidden[key] = self.articles.hidden(region, unit, languages, self.now)
        return not bool(hidden[row])


def due_reminders(session: Session, settings: Settings, now: datetime) -> list[Due]:
    """Employees who may see a must-read whose due date has passed, have not acknowledged it
    and were not reminded of it yet."""
    if not settings.must_read_reminders:
        return []
    articles = repository.reminder_articles(session, now, now - REMINDER_WINDOW)
    if not articles:
        return []
    visibility = _Visibility(session, now)
    readers = repository.readers(session)
    due: list[Due] = []
    for article in articles:
        ref = str(article.id)
        skip = repository.acknowledged_by(session, article.id) | repository.recorded(
            session, MailKind.reminder.value, ref
        )
        for employee_id, region, unit, directory, chosen in readers:
            if employee_id in skip:
                continue
            languages = tuple(sorted(people_service.reading_languages(directory, chosen)))
            if visibility.sees(article.id, region, unit, languages):
                due.append((employee_id, ref))
    return due


def went_live(session: Session, now: datetime) -> list[Due]:
    """Authors of scheduled articles that went live and whom nobody told yet."""
    return [
        (a.author_id, str(a.id))
        for a in repository.went_live(session, now, now - NOTICE_WINDOW)
        if a.author_id is not None
    ]


# ------------------------------------------------------------------ what a message says


def _recipient(
    session: Session, employee: Employee, prefs: Preferences | None = None
) -> compose.Recipient | None:
    if not employee.email:
        return None
    prefs = prefs or people_service.get_preferences(session, employee)
    return compose.Recipient(
        employee.id, employee.display_name, employee.email, reasons.language_of(prefs.languages)
    )


def digest_message(
    session: Session,
    settings: Settings,
    employee: Employee,
    ref: str,
    now: datetime,
    prefs: Preferences | None = None,
    held: feed_service.HeldCounters | None = None,
) -> tuple[compose.Outgoing, int] | None:
    """The employee's digest: the top of their own feed (same ranker, budget and reasons;
    shown items are logged as impressions on the e-mail channel), must-reads first; None if
    there is nothing to send or they switched the digest off meanwhile. ``held`` takes the
    colleagues' counter increments if the caller writes them later."""
    cadence = cadence_of(ref)
    prefs = prefs or people_service.get_preferences(session, employee)
    recipient = _recipient(session, employee, prefs)
    if recipient is None or prefs.digest != cadence:
        return None
    feed = feed_service.get_feed(
        session,
        employee,
        limit=settings.digest_items,
        now=now,
        settings=settings,
        channel=Channel.email,
        language=recipient.language,
        held=held,
    )
    ordered = sorted(feed.items, key=lambda item: not item.must_read)
    if not ordered:
        return None
    items = [
        compose.Item(
            title=item.title,
            summary=item.summary,
            reason=item.reason,
            url=links.open_url(
                settings,
                links.OpenLink(employee.id, item.article_id, MailKind.digest.value, ref, position),
            ),
            must_read=item.must_read,
        )
        for position, item in enumerate(ordered)
    ]
    unsubscribe = links.unsubscribe_url(settings, employee.id)
    return compose.digest(settings, recipient, cadence, ref, items, unsubscribe), len(items)


def reminder_message(
    session: Session, settings: Settings, employee: Employee, article: Article
) -> tuple[compose.Outgoing, int] | None:
    """The reminder about one must-read; None if acknowledged meanwhile."""
    recipient = _recipient(session, employee)
    if recipient is None or employee.id in repository.acknowledged_by(session, article.id):
        return None
    url = links.open_url(
        settings,
        links.OpenLink(employee.id, article.id, MailKind.reminder.value, str(article.id), 0),
    )
    due = Formatter(recipient.language).datetime(article.due_at)
    message = compose.reminder(
        settings, recipient, article.id, article.title, article.summary, url, due
    )
    return message, 1


def published_message(
    session: Session, settings: Settings, employee: Employee, article: Article
) -> tuple[compose.Outgoing, int] | None:
    recipient = _recipient(session, employee)
    if recipient is None:
        return None
    at = Formatter(recipient.language).datetime(article.publish_at)
    return compose.published(settings, recipient, article.id, article.title, at), 1


def approval_message(
    session: Session, settings: Settings, employee: Employee, article: Article
) -> tuple[compose.Outgoing, int] | None:
    recipient = _recipient(session, employee)
    if recipient is None:
        return None
    since = Formatter(recipient.language).datetime(article.updated_at)
    return compose.approval(settings, recipient, article.id, article.title, since), 1


def message_for(
    session: Session,
    settings: Settings,
    kind: str,
    employee: Employee,
    ref: str,
    articles: dict[int, Article],
    now: datetime,
    prefs: Preferences | None = None,
    held: feed_service.HeldCounters | None = None,
) -> tuple[compose.Outgoing, int] | None:
    """The message of ``kind`` about ``ref`` for one employee, or None if there is none;
    ``prefs`` are the employee's preferences if already read; ``held`` as in digest_message."""
    if kind == MailKind.digest.value:
        return digest_message(session, settings, employee, ref, now, prefs, held)
    article = articles.get(int(ref))
    if article is None:
        return None
    if kind == MailKind.reminder.value:
        return reminder_message(session, settings, employee, article)
    if kind == MailKind.approval.value:
        return approval_message(session, settings, employee, article)
    return published_message(session, settings, employee, article)


# ------------------------------------------------------------------ clicks and unsubscribes


def record_open(session: Session, settings: Settings, link: links.OpenLink) -> None:
    """A click on a link in an e-mail: ``article_opened`` on the e-mail channel, for the
    employee it was sent to (the feed learns from it; analytics count it per channel). A second
    click on the same link is the same open."""
    employee = repository.employees(session, [link.employee_id]).get(link.employee_id)
    if employee is None:
        raise NotFound("this link is not valid any more")
    event = EventCreate(
        id=link.event_id,
        type=EventType.article_opened,
        article_id=link.article_id,
        occurred_at=utcnow(),
        channel=Channel.email,
        position=link.position,
        request_id=f"{link.kind}:{link.ref}"[:64],
    )
    try:
        with session.begin_nested():
            events_service.ingest_for(session, employee, [event], settings)
    except Conflict:
        pass  # clicked before: the open is stored already (with the first click's time)
    except ValidationFailed as exc:
        raise NotFound("the article of this link does not exist any more") from exc


def unsubscribe(session: Session, employee_id: int) -> Employee:
    """Set the employee's digest to never (the one-click unsubscribe)."""
    employee = repository.employees(session, [employee_id]).get(employee_id)
    if employee is None:
        raise NotFound("this unsubscribe link is not valid any more")
    people_service.update_preferences(
        session, employee, PreferencesUpdate(digest=DigestCadence.none)
    )
    return employee


def sends_of(session: Session, employee: Employee) -> list[dict[str, object]]:
    """What was mailed to the employee (for their data export)."""
    return [_send_row(s) for s in repository.sends_of(session, employee.id)]


def _send_row(send: MailSend) -> dict[str, object]:
    return {
        "kind": send.kind,
        "ref": send.ref,
        "status": send.status,
        "address": send.address,
        "created_at": send.created_at.isoformat(),
        "sent_at": send.sent_at.isoformat() if send.sent_at else None,
    }


def purge(session: Session, before: datetime) -> int:
    """Forget mail records, bounces and counters older than ``before``."""
    return repository.purge(session, before)


def articles_by_id(session: Session, ids: Sequence[int]) -> dict[int, Article]:
    """The articles still there among ``ids`` (reminders and notices are about one each)."""
    from coffeemug.content import service as content_service

    found = {}
    for article_id in set(ids):
        try:
            found[article_id] = content_service.get_article(session, article_id)
        except NotFound:
            continue
    return found
