"""The web pages' own read-only queries (the picker's search and the desk's first numbers)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import String, case, cast, distinct, func, or_, select
from sqlalchemy.orm import Session

from coffeemug.content.models import Article
from coffeemug.events.models import Event, EventType
from coffeemug.people.models import Employee


def search_employees(session: Session, query: str, limit: int = 24) -> Sequence[Employee]:
    """Employees whose external id or name contains ``query``; staff roles first."""
    stmt = select(Employee)
    if query:
        like = f"%{query.lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(Employee.external_id).like(like),
                func.lower(Employee.display_name).like(like),
            )
        )
    staff_first = case((Employee.external_id.in_(("editor-1", "analyst-1", "admin-1")), 0), else_=1)
    return session.scalars(stmt.order_by(staff_first, Employee.external_id).limit(limit)).all()


def employees_by_external_id(session: Session, ids: Sequence[str]) -> Sequence[Employee]:
    if not ids:
        return []
    return session.scalars(select(Employee).where(Employee.external_id.in_(ids))).all()


def desk_articles(
    session: Session, author_id: int | None, limit: int, offset: int
) -> tuple[Sequence[Article], int]:
    """One page of articles, newest first (by one author, or all), and how many there are."""
    stmt = select(Article)
    if author_id is not None:
        stmt = stmt.where(Article.author_id == author_id)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(
        stmt.order_by(Article.publish_at.desc(), Article.id.desc()).limit(limit).offset(offset)
    ).all()
    return rows, total


def article_numbers(session: Session, article_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """Per article: event counts and distinct employees per event type (totals only)."""
    if not article_ids:
        return {}
    wanted = [
        EventType.article_impressed,
        EventType.article_opened,
        EventType.article_liked,
        EventType.article_dismissed,
        EventType.article_acknowledged,
    ]
    stmt = (
        select(
            Event.article_id,
            Event.type,
            func.count(Event.id),
            func.count(distinct(cast(Event.employee_id, String))),
        )
        .where(Event.article_id.in_(article_ids), Event.type.in_([w.value for w in wanted]))
        .group_by(Event.article_id, Event.type)
    )
    numbers: dict[int, dict[str, int]] = {}
    for article_id, kind, events, people in session.execute(stmt):
        per = numbers.setdefault(article_id, {})
        per[f"{kind}:events"] = events
        per[f"{kind}:people"] = people
    return numbers


def audience_size(
    session: Session,
    regions: Sequence[str],
    business_units: Sequence[str],
    languages: Sequence[str],
) -> int:
    """How many employees an audience reaches (empty lists mean everyone)."""
    if not languages:
        count = select(func.count()).select_from(Employee)
        return session.scalar(_narrowed(count, regions, business_units)) or 0
    # Languages live in a JSON list; filter in Python over the (already narrowed) rows.
    rows = session.execute(_narrowed(select(Employee.languages), regions, business_units)).scalars()
    wanted = set(languages)
    return sum(1 for langs in rows if wanted & set(langs or []))


def _narrowed(stmt, regions: Sequence[str], business_units: Sequence[str]):  # type: ignore[no-untyped-def]
    if regions:
        stmt = stmt.where(Employee.region.in_(regions))
    if business_units:
        stmt = stmt.where(Employee.business_unit.in_(business_units))
    return stmt


def regions_and_units(session: Session) -> tuple[list[str], list[str]]:
    regions = session.scalars(select(Employee.region).distinct().order_by(Employee.region)).all()
    units = session.scalars(
        select(Employee.business_unit).distinct().order_by(Employee.business_unit)
    ).all()
    return list(regions), list(units)


def not_shareable(session: Session, article_ids: Sequence[int]) -> set[int]:
    """Which of these articles the editors marked as not to be shared."""
    if not article_ids:
        return set()
    stmt = select(Article.id).where(Article.id.in_(article_ids), Article.shareable.is_(False))
    return set(session.scalars(stmt))


def reacted(session: Session, employee_id: int, article_ids: Sequence[int]) -> dict[str, set[int]]:
    """Which of these articles the employee already liked or saved (to show buttons pressed)."""
    found: dict[str, set[int]] = {EventType.article_liked: set(), EventType.article_saved: set()}
    if not article_ids:
        return found
    stmt = (
        select(Event.type, Event.article_id)
        .where(
            Event.employee_id == employee_id,
            Event.article_id.in_(article_ids),
            Event.type.in_(list(found)),
        )
        .distinct()
    )
    for kind, article_id in session.execute(stmt):
        found[kind].add(article_id)
    return found
