"""All SQL of the demo seeder: bulk inserts of topics, people and articles, and counts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from coffeemug.content.models import Article, Campaign, Topic, article_topics
from coffeemug.events.models import Event
from coffeemug.feed.models import ArticleStats, LearnedProfile
from coffeemug.people.models import Employee, Preferences

_CHUNK = 500  # rows per INSERT; keeps statements well below SQLite's parameter limit


def _insert_rows(session: Session, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    for start in range(0, len(rows), _CHUNK):
        session.execute(insert(table), list(rows[start : start + _CHUNK]))


def article_count(session: Session) -> int:
    return session.scalar(select(func.count(Article.id))) or 0


def existing_external_ids(session: Session, external_ids: Sequence[str]) -> list[str]:
    """Which of these employee external ids are taken already."""
    found: list[str] = []
    for start in range(0, len(external_ids), _CHUNK):
        chunk = list(external_ids[start : start + _CHUNK])
        found += session.scalars(
            select(Employee.external_id).where(Employee.external_id.in_(chunk))
        ).all()
    return found


def existing_topic_ids(session: Session) -> set[str]:
    return set(session.scalars(select(Topic.id)))


def insert_topics(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    _insert_rows(session, Topic.__table__, rows)


def insert_campaigns(session: Session, rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Insert campaigns (skipping names that exist) and return every campaign's id by name."""
    existing = dict(session.execute(select(Campaign.name, Campaign.id)).all())
    _insert_rows(session, Campaign.__table__, [r for r in rows if r["name"] not in existing])
    return dict(session.execute(select(Campaign.name, Campaign.id)).all())


def _ids_by_external_id(
    session: Session, model: type[Employee] | type[Article], external_ids: Sequence[str]
) -> dict[str, int]:
    """Database ids of freshly inserted rows, looked up in chunks the drivers accept."""
    ids: dict[str, int] = {}
    for start in range(0, len(external_ids), _CHUNK):
        chunk = external_ids[start : start + _CHUNK]
        ids.update(
            session.execute(
                select(model.external_id, model.id).where(model.external_id.in_(chunk))
            ).all()
        )
    return ids


def insert_employees(session: Session, rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Insert employees and return their ids by external id."""
    _insert_rows(session, Employee.__table__, rows)
    return _ids_by_external_id(session, Employee, [r["external_id"] for r in rows])


def insert_preferences(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    _insert_rows(session, Preferences.__table__, rows)


def insert_articles(
    session: Session, rows: Sequence[dict[str, Any]], topics: Sequence[Sequence[str]]
) -> dict[str, int]:
    """Insert articles with their topics (aligned with ``rows``); ids by external id."""
    _insert_rows(session, Article.__table__, rows)
    ids = _ids_by_external_id(session, Article, [r["external_id"] for r in rows])
    links = [
        {"article_id": ids[row["external_id"]], "topic_id": topic}
        for row, article_topic_ids in zip(rows, topics, strict=True)
        for topic in article_topic_ids
    ]
    _insert_rows(session, article_topics, links)
    return ids


def employees_by_id(session: Session, employee_ids: Iterable[int]) -> dict[int, Employee]:
    ids = sorted(set(employee_ids))
    out: dict[int, Employee] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        out.update(
            {e.id: e for e in session.scalars(select(Employee).where(Employee.id.in_(chunk)))}
        )
    return out


def insert_events(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Plain executemany on the table: several times faster than the ORM's bulk insert."""
    connection = session.connection()
    statement = Event.__table__.insert()
    for start in range(0, len(rows), 5000):
        connection.execute(statement, list(rows[start : start + 5000]))


def insert_article_stats(
    session: Session, counters: Mapping[tuple[int, str], tuple[float, float]]
) -> None:
    rows = [
        {"article_id": a, "segment": s, "impressions": imp, "engagements": eng}
        for (a, s), (imp, eng) in sorted(counters.items())
    ]
    if rows:
        session.connection().execute(ArticleStats.__table__.insert(), rows)


def insert_profiles(
    session: Session, profiles: Sequence[tuple[int, dict[str, Any], datetime]]
) -> None:
    """Learned profiles of employees who have none yet: (employee_id, state, updated_at)."""
    rows = [
        {"employee_id": e, "state": state, "version": 1, "updated_at": at}
        for e, state, at in profiles
    ]
    if rows:
        session.connection().execute(LearnedProfile.__table__.insert(), rows)
