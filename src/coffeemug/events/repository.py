"""All SQL for the event log."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import orjson
from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session, selectinload

from coffeemug.content.models import Article
from coffeemug.events.models import Event

_CHUNK = 900  # stays below SQLite's limit of bound parameters per statement


def events_by_id(session: Session, event_ids: Iterable[str]) -> dict[str, Event]:
    ids = list(set(event_ids))
    found: dict[str, Event] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        found.update({e.id: e for e in session.scalars(select(Event).where(Event.id.in_(chunk)))})
    return found


_COLUMNS = (
    ("id", "varchar"),
    ("type", "varchar"),
    ("employee_id", "integer"),
    ("article_id", "integer"),
    ("channel", "varchar"),
    ("region", "varchar"),
    ("business_unit", "varchar"),
    ("occurred_at", "timestamptz"),
    ("ingested_at", "timestamptz"),
    ("dwell_seconds", "float8"),
    ("value", "float8"),
    ("position", "integer"),
    ("properties", "json"),
)
# PostgreSQL: one statement with one array per column, whatever the batch size (executemany
# would cost a round trip per row).
_PG_INSERT = text(
    f"INSERT INTO events ({', '.join(c for c, _ in _COLUMNS)}) SELECT * FROM unnest("
    + ", ".join(f"CAST(:{c} AS {t}[])" for c, t in _COLUMNS)
    + ")"
)


def insert_events(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Bulk insert without loading ORM objects."""
    if not rows:
        return
    if session.get_bind().dialect.name != "postgresql":
        session.execute(insert(Event.__table__), list(rows))
        return
    params: dict[str, list[Any]] = {c: [r[c] for r in rows] for c, _ in _COLUMNS}
    params["properties"] = [orjson.dumps(p or {}).decode() for p in params["properties"]]
    session.execute(_PG_INSERT, params)


def article_ids_of_types(session: Session, employee_id: int, types: Sequence[str]) -> set[int]:
    rows = session.scalars(
        select(Event.article_id)
        .where(Event.employee_id == employee_id, Event.type.in_(list(types)))
        .distinct()
    )
    return {r for r in rows if r is not None}


def article_types_of(
    session: Session, employee_id: int, types: Sequence[str]
) -> set[tuple[int, str]]:
    """Distinct (article_id, type) pairs of this employee's events of the given types."""
    rows = session.execute(
        select(Event.article_id, Event.type)
        .where(Event.employee_id == employee_id, Event.type.in_(list(types)))
        .distinct()
    )
    return {(r[0], r[1]) for r in rows if r[0] is not None}


def events_of_employee(session: Session, employee_id: int) -> Sequence[Event]:
    return session.scalars(
        select(Event).where(Event.employee_id == employee_id).order_by(Event.occurred_at, Event.id)
    ).all()


def saved_articles(session: Session, employee_id: int) -> list[tuple[Article, Any]]:
    """Articles the employee saved with the last time they saved each, newest first."""
    last_saved = (
        select(Event.article_id, func.max(Event.occurred_at).label("saved_at"))
        .where(Event.employee_id == employee_id, Event.type == "article_saved")
        .group_by(Event.article_id)
        .subquery()
    )
    rows = session.execute(
        select(Article, last_saved.c.saved_at)
        .join(last_saved, last_saved.c.article_id == Article.id)
        .options(selectinload(Article.topics))
        .order_by(last_saved.c.saved_at.desc())
    ).all()
    return [(r[0], r[1]) for r in rows]
