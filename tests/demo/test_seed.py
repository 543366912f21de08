"""Seeding the demo newsroom into a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coffeemug.advocacy.training import lessons
from coffeemug.content.models import Article, Campaign, Topic, article_topics
from coffeemug.demo.generator import generate_people
from coffeemug.demo.service import SeedOptions, seed
from coffeemug.demo.simulation import SimArticle, SimulatedEmployee, interest
from coffeemug.errors import BadRequest, Conflict
from coffeemug.events.models import Event
from coffeemug.feed import learning
from coffeemug.feed.models import ArticleStats, LearnedProfile
from coffeemug.feed.ranker import Feedback, Profile, engagement_weight
from coffeemug.feed.service import get_feed
from coffeemug.people.models import Employee, Preferences
from coffeemug.settings import Settings
from coffeemug.text.embeddings import from_bytes, get_encoder

NOW = datetime(2026, 3, 2, tzinfo=UTC)
SMALL = SeedOptions(employees=60, articles=80, days=6, seed=5, now=NOW)


def _seed(session: Session, settings: Settings, options: SeedOptions = SMALL, **kw: Any):  # type: ignore[no-untyped-def]
    return seed(session, options, get_encoder("hashing"), settings=settings, **kw)


def test_seed_fills_a_varied_newsroom(session: Session, settings: Settings) -> None:
    report = _seed(session, settings)
    assert (report.employees, report.articles) == (66, 80)
    assert report.events == session.scalar(select(func.count(Event.id))) > 0
    # The generated articles and the corporate influencers' training lessons.
    assert session.scalar(select(func.count(Article.id))) == 80 + len(lessons())
    assert session.scalar(select(func.count(Topic.id))) >= 12
    assert session.scalar(select(func.count(Campaign.id))) >= 3
    assert session.scalar(select(func.count(Preferences.employee_id))) == 66
    mandatory = set(session.scalars(select(Topic.id).where(Topic.mandatory)))
    assert {"security", "leadership"} <= mandatory

    employees = session.scalars(select(Employee)).all()
    roles = {e.external_id: e.roles for e in employees}
    assert roles["editor-1"] == ["editor"] and roles["admin-1"] == ["admin"]
    assert "demo-0001" in roles and "demo-0060" in roles
    assert len({e.region for e in employees}) >= 5
    assert len({e.business_unit for e in employees}) >= 5

    articles = session.scalars(select(Article)).all()
    assert {a.language for a in articles} == {"de", "en"}
    assert all(a.embedding is not None for a in articles)
    editors = {e.id for e in employees if "editor" in e.roles}
    assert {a.author_id for a in articles} <= editors
    assert any(a.must_read for a in articles)
    assert any(a.audience_regions or a.audience_business_units for a in articles)
    tagged = session.scalar(select(func.count(func.distinct(article_topics.c.topic_id))))
    assert tagged >= 8

    types = Counter(session.scalars(select(Event.type)))
    for kind in ("article_impressed", "article_opened", "article_read", "article_liked"):
        assert types[kind] > 0, kind
    times = session.execute(select(func.min(Event.occurred_at), func.max(Event.occurred_at))).one()
    assert NOW - timedelta(days=6) <= times[0] and times[1] < NOW


def test_counters_and_profiles_are_what_the_product_makes_of_the_events(
    session: Session, settings: Settings
) -> None:
    _seed(session, settings)
    events = session.scalars(select(Event)).all()
    expected: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for e in events:
        if e.type == "article_impressed":
            expected[e.article_id][0] += 1
        elif e.type in learning.FEEDBACK_KINDS:
            kind = learning.FEEDBACK_KINDS[e.type]
            expected[e.article_id][1] += engagement_weight(kind, e.dwell_seconds)
    stored = {
        s.article_id: [s.impressions, s.engagements]
        for s in session.scalars(select(ArticleStats).where(ArticleStats.segment == "*"))
    }
    assert stored.keys() == expected.keys()
    for article_id, (impressions, engagements) in expected.items():
        assert stored[article_id] == [impressions, pytest.approx(engagements)]

    articles = {a.id: a for a in session.scalars(select(Article))}
    topics: dict[int, list[str]] = defaultdict(list)
    for article_id, topic_id in session.execute(select(article_topics)).all():
        topics[article_id].append(topic_id)
    by_employee: dict[int, list[Event]] = defaultdict(list)
    for e in events:
        if e.type in learning.FEEDBACK_KINDS:
            by_employee[e.employee_id].append(e)
    profiles = {p.employee_id: p for p in session.scalars(select(LearnedProfile))}
    assert profiles.keys() == by_employee.keys()
    busiest = sorted(by_employee, key=lambda k: -len(by_employee[k]))[:5]
    for employee_id in busiest:
        ordered = sorted(by_employee[employee_id], key=lambda e: (e.occurred_at, e.position or 0))
        replayed = learning.learner().learn_many(
            Profile.empty(),
            [
                Feedback(
                    kind=learning.FEEDBACK_KINDS[e.type],
                    article_id=e.article_id,
                    topics=tuple(topics[e.article_id]),
                    occurred_at=e.occurred_at,
                    embedding=from_bytes(articles[e.article_id].embedding),
                    dwell_seconds=e.dwell_seconds,
                )
                for e in ordered
            ],
        )
        profile = Profile.from_dict(profiles[employee_id].state)
        assert profile.feedback_count == replayed.feedback_count == len(ordered)
        mine, theirs = profile.topic_affinities(NOW), replayed.topic_affinities(NOW)
        assert mine.keys() == theirs.keys()
        assert mine == pytest.approx(theirs, abs=1e-9)


def _snapshot(session: Session) -> dict[str, Any]:
    """The database's content with generated ids replaced by external ids."""
    employees = dict(session.execute(select(Employee.id, Employee.external_id)).all())
    articles = dict(session.execute(select(Article.id, Article.external_id)).all())
    return {
        "employees": sorted(
            session.execute(
                select(Employee.external_id, Employee.display_name, Employee.region)
            ).all()
        ),
        "articles": sorted(
            session.execute(
                select(Article.external_id, Article.title, Article.publish_at, Article.embedding)
            ).all()
        ),
        "events": sorted(
            # Clicks on shared links name no employee.
            (e.id, e.type, employees.get(e.employee_id), articles[e.article_id], e.occurred_at)
            for e in session.scalars(select(Event))
        ),
        "profiles": sorted(
            (employees[p.employee_id], repr(sorted(_external_shown(p.state, articles).items())))
            for p in session.scalars(select(LearnedProfile))
        ),
    }


def _external_shown(state: dict[str, Any], articles: dict[int, str]) -> dict[str, Any]:
    """The profile state with the articles it remembers as shown named by external id."""
    shown = [[articles[a], n] for a, n in state.get("shown") or ()]
    return {**state, "shown": shown}


def test_same_seed_gives_the_same_database(session: Session, settings: Settings) -> None:
    options = SeedOptions(employees=30, articles=40, days=3, seed=11, now=NOW)
    snapshots = []
    for _ in range(2):
        attempt = session.begin_nested()
        _seed(session, settings, options)
        snapshots.append(_snapshot(session))
        attempt.rollback()
    assert snapshots[0] == snapshots[1]
    assert snapshots[0]["events"]

    attempt = session.begin_nested()
    _seed(session, settings, SeedOptions(employees=30, articles=40, days=3, seed=12, now=NOW))
    other = _snapshot(session)
    attempt.rollback()
    assert other["articles"] != snapshots[0]["articles"]
    assert other["events"] != snapshots[0]["events"]


def test_if_empty_leaves_a_seeded_database_alone(session: Session, settings: Settings) -> None:
    options = SeedOptions(employees=10, articles=12, days=1, seed=1, now=NOW)
    assert not _seed(session, settings, options, if_empty=True).skipped
    before = session.scalar(select(func.count(Event.id)))
    report = _seed(session, settings, options, if_empty=True)
    assert report.skipped and report.articles == 0
    assert session.scalar(select(func.count(Article.id))) == 12 + len(lessons())
    assert session.scalar(select(func.count(Event.id))) == before
    with pytest.raises(Conflict, match="employee 'editor-1' exists already"):
        _seed(session, settings, options)


def test_bad_sizes_are_refused(session: Session, settings: Settings) -> None:
    with pytest.raises(BadRequest, match="articles"):
        _seed(session, settings, SeedOptions(articles=0))
    assert session.scalar(select(func.count(Employee.id))) == 0


def test_feed_of_seeded_employees_is_personalised(session: Session, settings: Settings) -> None:
    options = SeedOptions(employees=60, articles=120, days=10, seed=3, now=NOW)
    _seed(session, settings, options)
    hidden = {p.external_id: p for p in generate_people(options.employees, options.seed)}
    employees = session.scalars(
        select(Employee).where(Employee.external_id.like("demo-%")).order_by(Employee.id)
    ).all()
    learned = {p.employee_id: p for p in session.scalars(select(LearnedProfile))}
    articles = {a.id: a for a in session.scalars(select(Article))}
    live = [
        a
        for a in articles.values()
        if a.status == "published"
        and a.publish_at <= NOW
        and (a.expires_at is None or a.expires_at > NOW)
        and not a.must_read
    ]
    topics: dict[int, list[str]] = defaultdict(list)
    for article_id, topic_id in session.execute(select(article_topics)).all():
        topics[article_id].append(topic_id)
    top: list[float] = []
    pool: list[float] = []
    for employee in employees:
        if employee.id not in learned:
            continue
        assert Profile.from_dict(learned[employee.id].state).topic_affinities(NOW)
        spec = hidden[employee.external_id]
        sim = SimulatedEmployee(employee.id, spec.interests, spec.languages)
        feed = get_feed(session, employee, limit=20, more=True, now=NOW, settings=settings)
        ranked = [i for i in feed.items if not i.must_read]
        top += [
            interest(sim, SimArticle(i.article_id, tuple(i.topics), i.language)) for i in ranked[:5]
        ]
        pool += [
            interest(sim, SimArticle(a.id, tuple(topics[a.id]), a.language))
            for a in live
            if a.language in spec.languages
        ]
        assert all(articles[i.article_id].status == "published" for i in feed.items)
    assert len(top) >= 50
    # The head of the feed matches the hidden interests clearly better than a random pick.
    assert sum(top) / len(top) > 1.2 * sum(pool) / len(pool)
