"""All SQL for employees and preferences."""

from __future__ import annotations

from sqlalchemy import Boolean, String, column, select, table
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
