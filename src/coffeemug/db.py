"""Engine, sessions and the declarative base.

One owner of the transaction: the request dependency or the CLI command's ``session_scope``
commits or rolls back; services only ``flush()``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache

from sqlalchemy import DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from coffeemug.settings import get_settings

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def dialect_insert(session: Session):  # type: ignore[no-untyped-def]
    """The dialect's ``insert`` that knows ON CONFLICT (SQLite and PostgreSQL share the syntax)."""
    if is_postgres(session):
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def utcnow() -> datetime:
    return datetime.now(UTC)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            # WAL lets server workers read while one writes; SQLite leaves foreign keys off.
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(engine, "savepoint")
        def _write_lock_first(conn, _name):  # type: ignore[no-untyped-def]
            # A savepoint outside a transaction opens a deferred one, whose reads fix a
            # snapshot; a write after another connection's commit then fails at once with
            # "database is locked" (no busy wait helps). Savepoints guard writes here, so
            # take the write lock first, waiting for it like any other write.
            driver = conn.connection.dbapi_connection
            if not driver.in_transaction:
                driver.execute("BEGIN IMMEDIATE")

        return engine
    engine = create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)

    @event.listens_for(engine, "connect")
    def _postgres_settings(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        # psycopg prepares a statement on its fifth run, and PostgreSQL may then switch to a
        # plan made without the parameters' values. For the analytics reads (a period's rows
        # out of years of them) such a plan took 100 ms instead of 38 from the eleventh run
        # on; planning with the values costs a fraction of a millisecond. JIT compilation
        # starts at an estimated cost that large rollup tables reach with queries of a few
        # milliseconds, and then adds 40-50 ms of compiling to each. Set by statements, not
        # connection options, which PgBouncer refuses.
        with dbapi_conn.cursor() as cur:
            cur.execute("SET plan_cache_mode = force_custom_plan")
            cur.execute("SET jit = off")
        dbapi_conn.commit()

    return engine


@lru_cache
def get_engine(url: str | None = None) -> Engine:
    return make_engine(url or get_settings().database_url)


@lru_cache
def get_sessionmaker(url: str | None = None) -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(url), expire_on_commit=False)


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """The CLI's unit of work: commit on success, roll back on any error."""
    with unit_of_work(get_sessionmaker(url)()) as session:
        yield session


@contextmanager
def unit_of_work(session: Session) -> Iterator[Session]:
    """Commit ``session`` if the block succeeds, roll back on any error, always close it."""
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
