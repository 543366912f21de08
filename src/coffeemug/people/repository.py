"""All SQL for employees and preferences."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Boolean, String, case, column, func, or_, select, table
from sqlalchemy.orm import Session

from coffeemug.db import dialect_insert
from coffeemug.people.models import Employee, Preferences


def get_employee(session: Session, employee_id: int) -> Employee | None:
    return session.get(Employee, employee_id)


def get_employee_by_external_id(session: Session, external_id: str) -> Employee | None:
    return session.scalars(select(Employee).where(Employee.external_id == external_id)).first()


def get_preferences(session: Session, employee_id: int) -> Preferences | None:
    return session.get(Preferences, employee_id)


# The topic flags preferences depend on, read from content's table by name: content sits above
# people in the layers (articles have authors and audiences), so people imports none of it.
_TOPIC_FLAGS = table(
    "topics",
    column("id", String),
    column("mandatory", Boolean),
    column("followed_by_default", Boolean),
)


def topic_flags(session: Session) -> list[tuple[str, bool, bool]]:
    """(id, mandatory, followed_by_default) of every topic."""
    t = _TOPIC_FLAGS.c
    rows = session.execute(select(t.id, t.mandatory, t.followed_by_default))
    return [(r[0], bool(r[1]), bool(r[2])) for r in rows]


def insert_preferences_if_absent(session: Session, employee_id: int, values: dict) -> None:
    """Create the row unless a concurrent request already did (no error either way)."""
    table = Preferences.__table__
    row = {"employee_id": employee_id, **values}
    insert = dialect_insert(session)
    session.execute(insert(table).values(row).on_conflict_do_nothing())


def search_employees(
    session: Session, query: str, staff_first: Sequence[str], limit: int
) -> Sequence[Employee]:
    """Employees whose external id or name contains ``query``; ``staff_first`` ids first."""
    stmt = select(Employee)
    if query:
        like = f"%{query.lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(Employee.external_id).like(like),
                func.lower(Employee.display_name).like(like),
            )
        )
    first = case((Employee.external_id.in_(list(staff_first)), 0), else_=1)
    return session.scalars(stmt.order_by(first, Employee.external_id).limit(limit)).all()


def employees_by_external_id(session: Session, ids: Sequence[str]) -> Sequence[Employee]:
    if not ids:
        return []
    return session.scalars(select(Employee).where(Employee.external_id.in_(ids))).all()


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
