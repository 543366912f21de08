"""Seeding the demo newsroom: taxonomy, people, articles and days of simulated feed use."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.orm import Session

from coffeemug.content.service import embedding_text
from coffeemug.db import utcnow
from coffeemug.demo import catalogue, history, planning, repository
from coffeemug.demo.advocacy import seed_advocacy
from coffeemug.demo.analytics import seed_conversion_events, seed_external_analytics
from coffeemug.demo.generator import (
    ArticleSpec,
    PersonSpec,
    generate_articles,
    generate_people,
)
from coffeemug.demo.pictures import seed_pictures
from coffeemug.errors import BadRequest, Conflict
from coffeemug.people.service import mandatory_topics
from coffeemug.pictures.storage import storage_for
from coffeemug.settings import Settings, get_settings
from coffeemug.text.embeddings import Encoder, to_bytes

EMBED_BATCH = 64
LIMITS = {"employees": (1, 100_000), "articles": (1, 20_000), "days": (0, 365)}


class Tracker(Protocol):
    """Where progress goes: ``phase`` starts a phase and returns its ``advance(n)``."""

    def phase(self, description: str, total: int) -> Callable[[int], None]: ...


class _Silent:
    def phase(self, description: str, total: int) -> Callable[[int], None]:
        return lambda _: None


@dataclass(frozen=True, slots=True)
class SeedOptions:
    employees: int = 3000
    articles: int = 600
    days: int = 30
    seed: int = 42
    # The moment the demo is built around; by default midnight UTC today, so seeding twice on
    # one day with one seed gives the same database.
    now: datetime | None = None


@dataclass
class SeedReport:
    employees: int = 0
    articles: int = 0
    events: int = 0
    skipped: bool = False
    seconds: dict[str, float] = field(default_factory=dict)


def _check(options: SeedOptions) -> None:
    for name, (low, high) in LIMITS.items():
        value = getattr(options, name)
        if not low <= value <= high:
            raise BadRequest(f"{name}: must be between {low} and {high}, got {value}")


def _topic_rows(session: Session) -> list[dict[str, object]]:
    existing = repository.existing_topic_ids(session)
    return [t.row() for t in catalogue.TOPICS if t.slug not in existing]


def _campaign_rows(now: datetime) -> list[dict[str, object]]:
    return [
        {
            "name": name,
            "description": description,
            "starts_at": now - timedelta(days=60 - 10 * i),
            "ends_at": now + timedelta(days=30 + 20 * i),
            "created_at": now - timedelta(days=70),
        }
        for i, (name, description) in enumerate(catalogue.CAMPAIGNS)
    ]


def _people(session: Session, people: Sequence[PersonSpec], now: datetime) -> dict[str, int]:
    taken = set(repository.existing_external_ids(session, [p.external_id for p in people]))
    if taken:
        first = next(p.external_id for p in people if p.external_id in taken)
        raise Conflict(
            f"employee '{first}' exists already: seed an empty database "
            "(or pass --if-empty to leave a seeded one alone)"
        )
    ids = repository.insert_employees(
        session,
        [
            {
                "external_id": p.external_id,
                "display_name": p.display_name,
                "region": p.region,
                "business_unit": p.business_unit,
                "languages": list(p.languages),
                "roles": list(p.roles),
                "email": f"{p.external_id}@coffeemug.example",
                "created_at": now - timedelta(days=90),
            }
            for p in people
        ],
    )
    repository.insert_preferences(
        session,
        [
            {
                "employee_id": ids[p.external_id],
                "followed_topics": list(p.followed_topics),
                "muted_topics": list(p.muted_topics),
                "volume": p.volume,
                "digest": p.digest,
                "languages": list(p.languages),
                "onboarded": p.onboarded,
                "updated_at": now - timedelta(days=60),
            }
            for p in people
        ],
    )
    return ids


def _articles(
    session: Session,
    articles: Sequence[ArticleSpec],
    people: dict[str, int],
    campaigns: dict[str, int],
    encoder: Encoder,
    now: datetime,
    advance: Callable[[int], None],
) -> dict[str, int]:
    vectors = []
    for start in range(0, len(articles), EMBED_BATCH):
        chunk = articles[start : start + EMBED_BATCH]
        vectors.extend(encoder.encode([embedding_text(a.title, a.summary) for a in chunk]))
        advance(len(chunk))
    rows = [
        {
            "external_id": a.external_id,
            "title": a.title,
            "summary": a.summary,
            "body": a.body,
            "language": a.language,
            "author_id": people[a.author],
            "status": a.status,
            "publish_at": a.publish_at,
            "expires_at": a.expires_at,
            "must_read": a.must_read,
            # Must-reads are to be acknowledged within five days (reminders after that).
            "due_at": a.publish_at + timedelta(days=5) if a.must_read else None,
            "shareable": a.shareable,
            "priority": a.priority,
            "campaign_id": campaigns[a.campaign] if a.campaign else None,
            "audience_regions": list(a.audience_regions),
            "audience_business_units": list(a.audience_business_units),
            "audience_languages": list(a.audience_languages),
            "embedding": to_bytes(vector),
            # Written a few hours before publication (scheduled ones: before today).
            "created_at": min(a.publish_at, now) - timedelta(hours=3),
            "updated_at": min(a.publish_at, now) - timedelta(hours=1),
        }
        for a, vector in zip(articles, vectors, strict=True)
    ]
    return repository.insert_articles(session, rows, [a.topics for a in articles])


def _pictures(
    session: Session,
    articles: Sequence[ArticleSpec],
    article_ids: dict[str, int],
    seed: int,
    settings: Settings,
) -> None:
    """Drawn pictures for some articles (demo.pictures), in the configured picture storage."""
    rows = [(article_ids[a.external_id], a.title, a.language) for a in articles]
    seed_pictures(session, storage_for(settings), rows, seed)


def seed(
    session: Session,
    options: SeedOptions,
    encoder: Encoder,
    *,
    if_empty: bool = False,
    tracker: Tracker | None = None,
    settings: Settings | None = None,
) -> SeedReport:
    """Fill the database with the demo newsroom in the caller's transaction (flush only)."""
    _check(options)
    tracker = tracker or _Silent()
    settings = settings or get_settings()
    report = SeedReport()
    if if_empty and repository.article_count(session) > 0:
        report.skipped = True
        return report
    now = history.start_of_day(options.now or utcnow())

    clock = time.perf_counter()
    advance = tracker.phase("Newsroom and people", options.employees)
    repository.insert_topics(session, _topic_rows(session))
    campaigns = repository.insert_campaigns(session, _campaign_rows(now))
    people = generate_people(options.employees, options.seed)
    employee_ids = _people(session, people, now)
    advance(options.employees)
    report.employees = len(people)
    report.seconds["people"] = time.perf_counter() - clock

    clock = time.perf_counter()
    advance = tracker.phase("Articles and embeddings", options.articles)
    articles = generate_articles(options.articles, options.days, options.seed, now)
    article_ids = _articles(session, articles, employee_ids, campaigns, encoder, now, advance)
    session.flush()
    report.articles = len(articles)
    report.seconds["articles"] = time.perf_counter() - clock
    _pictures(session, articles, article_ids, options.seed, settings)

    clock = time.perf_counter()
    advance = tracker.phase(f"Simulating {options.days} days of reading", options.days)
    report.events = history.simulate(
        session,
        history.readers(session, people, employee_ids, frozenset(mandatory_topics(session))),
        history.sim_articles(articles, article_ids),
        days=options.days,
        until=now,
        seed=options.seed,
        settings=settings,
        advance=advance,
    )
    report.seconds["behaviour"] = time.perf_counter() - clock

    clock = time.perf_counter()
    advance = tracker.phase("Comments and mentions", 1)
    _listening(session, settings, encoder, options, now, employee_ids, article_ids, articles)
    advance(1)
    report.seconds["listening"] = time.perf_counter() - clock

    clock = time.perf_counter()
    advance = tracker.phase("Corporate influencers", 1)
    report.events += seed_advocacy(
        session,
        people,
        employee_ids,
        articles,
        article_ids,
        encoder,
        settings,
        now=now,
        days=options.days,
        seed=options.seed,
    )
    advance(1)
    report.seconds["advocacy"] = time.perf_counter() - clock

    clock = time.perf_counter()
    planning.seed_planning(session, now, options.seed, days=max(options.days, 14))
    planning.seed_stories(session, now, encoder, options.seed, options.articles)
    report.seconds["planning"] = time.perf_counter() - clock
    published = sorted(
        (a for a in articles if a.status == "published" and a.publish_at <= now),
        key=lambda a: a.publish_at,
        reverse=True,
    )
    recent = [(article_ids[a.external_id], a.campaign) for a in published]
    seed_external_analytics(session, campaigns, recent, now, options.seed)
    report.events += seed_conversion_events(
        session, list(employee_ids.values()), recent, now, options.seed
    )
    return report


def _listening(
    session: Session,
    settings: Settings,
    encoder: Encoder,
    options: SeedOptions,
    now: datetime,
    employee_ids: dict[str, int],
    article_ids: dict[str, int],
    articles: Sequence[ArticleSpec],
) -> None:
    """The moderation inbox: comments under live articles and mentions from outside."""
    from coffeemug.demo.listening import seed_listening
    from coffeemug.people.models import Employee

    staff = {"editor-1", "editor-2", "editor-3", "admin-1", "analyst-1", "moderator-1"}
    reader_ids = [i for e, i in employee_ids.items() if e not in staff][:300]
    readers = [r for r in (session.get(Employee, i) for i in reader_ids) if r is not None]
    live = [
        (article_ids[a.external_id], a.title)
        for a in articles
        if a.status == "published"
        and a.publish_at <= now
        and (a.expires_at is None or a.expires_at > now)
        and not (a.audience_regions or a.audience_business_units or a.audience_languages)
    ]
    seed_listening(
        session, settings, encoder, seed=options.seed, now=now, readers=readers, articles=live[-40:]
    )
