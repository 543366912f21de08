"""All SQL for employees and preferences."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from coffeemug.content.models import Topic
from coffeemug.db import dialect_insert
from coffeemug.people.models import Employee, Preferences


def get_employee(session: Session, employee_id: int) -> Employee | None:
    return session.get(Employee, employee_id)


def get_employee_by_external_id(session: Session, external_id: str) -> Employee | None:
    return session.scalars(select(Employee).where(Employee.external_id == external_id)).first()


def get_preferences(session: Session, employee_id: int) -> Preferences | None:
    return session.get(Preferences, employee_id)


def topic_flags(session: Session) -> list[tuple[str, bool, bool]]:
    """(id, mandatory, followed_by_default) of every topic."""
    rows = session.execute(select(Topic.id, Topic.mandatory, Topic.followed_by_default))
    return [(r[0], bool(r[1]), bool(r[2])) for r in rows]


def insert_preferences_if_absent(session: Session, employee_id: int, values: dict) -> None:
    """Create the row unless a concurrent request already did (no error either way)."""
    table = Preferences.__table__
    row = {"employee_id": employee_id, **values}
    insert = dialect_insert(session)
    session.execute(insert(table).values(row).on_conflict_do_nothing())
