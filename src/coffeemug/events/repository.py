"""All SQL for the event log."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import orjson
import psycopg
from sqlalchemy import (
    ARRAY,
    Row,
    String,
    and_,
    case,
    cast,
    func,
    insert,
    literal,
    null,
    or_,
    select,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from coffeemug.content.models import Article
from coffeemug.db import is_postgres
from coffeemug.events.models import Event
from coffeemug.fields import EARLIEST, LATEST

_CHUNK = 900  # stays below SQLite's limit of bound parameters per statement


_STORED_COLUMNS = (
    Event.id,
    Event.type,
    Event.employee_id,
    Event.article_id,
    Event.channel,
    Event.occurred_at,
    Event.dwell_seconds,
    Event.value,
    Event.position,
    Event.properties,
)


def stored_events(session: Session, event_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The stored content of those ids that exist already (to tell retries from conflicts)."""
    ids = list(set(event_ids))
    found: dict[str, dict[str, Any]] = {}
    if is_postgres(session):
        # One array parameter instead of thousands of IN parameters.
        queries = [
            select(*_STORED_COLUMNS).where(
                Event.id == func.any(cast(literal(ids, ARRAY(String)), ARRAY(String)))
            )
        ]
    else:
        queries = [
            select(*_STORED_COLUMNS).where(Event.id.in_(ids[start : start + _CHUNK]))
            for start in range(0, len(ids), _CHUNK)
        ]
    for query in queries:
        for row in session.execute(query):
            found[row.id] = dict(row._mapping)
    return found


# Every stored column with its PostgreSQL type, in table order.
_PG_TYPES = (
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
_COLUMNS = tuple(name for name, _ in _PG_TYPES)
# For ``json_to_recordset``: event rows sent as one JSON document (see ``rows_json``).
PG_RECORDSET_COLUMNS = ", ".join(f'"{name}" {kind}' for name, kind in _PG_TYPES)
PG_COLUMN_LIST = ", ".join(f'"{name}"' for name in _COLUMNS)


def rows_json(rows: Sequence[dict[str, Any]]) -> str:
    """Event rows as one JSON array, for ``json_to_recordset(...) AS r(PG_RECORDSET_COLUMNS)``."""
    return orjson.dumps([{c: row[c] for c in _COLUMNS} for row in rows]).decode()


_PG_COPY = f"COPY events ({', '.join(_COLUMNS)}) FROM STDIN"


def insert_events(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Bulk insert without loading ORM objects."""
    with inserting_events(session, rows):
        pass


@contextmanager
def inserting_events(session: Session, rows: Sequence[dict[str, Any]]) -> Iterator[None]:
    """Bulk insert; on PostgreSQL the rows are streamed before the block runs and the database
    stores them while it does (the block must not use the connection), done on exit."""
    if not rows:
        yield
        return
    # A single row (a click on a shared link) goes faster as a plain INSERT than by COPY.
    if session.get_bind().dialect.name != "postgresql" or len(rows) == 1:
        session.execute(insert(Event.__table__), list(rows))
        yield
        return
    raw = session.connection().connection.driver_connection
    try:
        with raw.cursor() as cursor, cursor.copy(_PG_COPY) as copy:
            for row in rows:
                copy.write_row(
                    [row[c] for c in _COLUMNS[:-1]]
                    + [orjson.dumps(row["properties"] or {}).decode()]
                )
            yield
    except psycopg.errors.IntegrityError as exc:
        # Raised by the driver directly; callers handle SQLAlchemy's wrapper on every backend.
        raise IntegrityError(_PG_COPY, None, exc) from exc


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


def events_of_employee(session: Session, employee_id: int) -> Sequence[Row[Any]]:
    """The employee's events, oldest first. A time outside 1970-2100 (stored before the API
    refused such times) reads as None rather than failing the whole export."""
    occurred = case(
        (and_(Event.occurred_at >= EARLIEST, Event.occurred_at < LATEST), Event.occurred_at),
        else_=null(),
    ).label("occurred_at")
    columns = [c for c in Event.__table__.columns if c.name != "occurred_at"]
    return session.execute(
        select(*columns, occurred)
        .where(Event.employee_id == employee_id)
        .order_by(Event.occurred_at, Event.id)
    ).all()


def saved_articles(session: Session, employee_id: int) -> list[tuple[Article, Any]]:
    """Articles the employee saved (and did not remove from Saved since) with the last time
    they saved each, newest first."""
    last = (
        select(
            Event.article_id,
            func.max(case((Event.type == "article_saved", Event.occurred_at))).label("saved_at"),
            func.max(case((Event.type == "article_unsaved", Event.occurred_at))).label("gone_at"),
        )
        .where(
            Event.employee_id == employee_id,
            Event.type.in_(("article_saved", "article_unsaved")),
        )
        .group_by(Event.article_id)
        .subquery()
    )
    rows = session.execute(
        select(Article, last.c.saved_at)
        .join(last, last.c.article_id == Article.id)
        .where(
            last.c.saved_at.is_not(None),
            or_(last.c.gone_at.is_(None), last.c.gone_at < last.c.saved_at),
        )
        .options(selectinload(Article.topics))
        .order_by(last.c.saved_at.desc())
    ).all()
    return [(r[0], r[1]) for r in rows]


def last_times(
    session: Session, employee_id: int, types: Sequence[str], article_ids: Sequence[int] | None
) -> dict[tuple[int, str], Any]:
    """When the employee last had an event of each of ``types`` per article (all articles
    when ``article_ids`` is None): feedback and its withdrawal, whichever came last holds."""
    query = (
        select(Event.article_id, Event.type, func.max(Event.occurred_at))
        .where(
            Event.employee_id == employee_id,
            Event.type.in_(list(types)),
            Event.article_id.is_not(None),
        )
        .group_by(Event.article_id, Event.type)
    )
    if article_ids is not None:
        if not article_ids:
            return {}
        query = query.where(Event.article_id.in_(list(article_ids)))
    return {(r[0], r[1]): r[2] for r in session.execute(query)}


def reacted(
    session: Session, employee_id: int, article_ids: Sequence[int], types: Sequence[str]
) -> dict[str, set[int]]:
    """Which of these articles the employee has events of each of ``types`` for."""
    found: dict[str, set[int]] = {t: set() for t in types}
    if not article_ids:
        return found
    stmt = (
        select(Event.type, Event.article_id)
        .where(
            Event.employee_id == employee_id,
            Event.article_id.in_(article_ids),
            Event.type.in_(list(types)),
        )
        .distinct()
    )
    for kind, article_id in session.execute(stmt):
        found[kind].add(article_id)
    return found
