"""Shared fixtures: every database test runs on SQLite and on PostgreSQL.

Each test runs inside a transaction that is rolled back afterwards; the app under test gets a
session joined to that transaction, so its commits become savepoints and nothing leaks.
Under ``CI=true`` an unreachable PostgreSQL fails the run instead of skipping.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.orm import Session

from coffeemug.app import create_app
from coffeemug.db import make_engine
from coffeemug.deps import get_session
from coffeemug.migrate import upgrade_to_head
from coffeemug.settings import Settings

os.environ.setdefault("COFFEEMUG_EMBEDDER", "hashing")

PG_ADMIN_URL = os.environ.get(
    "COFFEEMUG_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def _postgres_available() -> str | None:
    try:
        engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:  # any failure to connect means "not available"
        return str(exc).splitlines()[0]


def _fresh_postgres_database(name: str) -> str:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def _drop_postgres_database(name: str) -> None:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def make_database(backend: str, tmp_dir: Path) -> tuple[str, callable]:
    """A new, migrated, empty database; returns its URL and a function that removes it."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_dir / f'cm-{uuid.uuid4().hex[:8]}.db'}"
        upgrade_to_head(url)
        return url, lambda: None
    problem = _postgres_available()
    if problem:
        message = f"PostgreSQL not reachable at {PG_ADMIN_URL}: {problem}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    name = f"coffeemug_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    url = _fresh_postgres_database(name)
    upgrade_to_head(url)
    return url, lambda: _drop_postgres_database(name)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """A migrated database per backend, shared by the tests of a session."""
    url, cleanup = make_database(request.param, tmp_path_factory.mktemp("db"))
    yield url
    cleanup()


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    eng = make_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    conn = engine.connect()
    outer = conn.begin()
    yield conn
    outer.rollback()
    conn.close()


@pytest.fixture
def session(connection: Connection) -> Iterator[Session]:
    """A session inside the test's transaction; its commits are savepoints."""
    sess = Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    yield sess
    sess.close()


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, embedder="hashing", ranker_seed=7)


@pytest.fixture
def client(settings: Settings, connection: Connection) -> Iterator[TestClient]:
    """The app in process, its request sessions joined to the test's transaction."""
    app = create_app(settings)

    def _session() -> Iterator[Session]:
        sess = Session(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        try:
            yield sess
            sess.commit()
        except BaseException:
            sess.rollback()
            raise
        finally:
            sess.close()

    app.dependency_overrides[get_session] = _session
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def shared_data() -> Path:
    """The evaluation data folder; tests that need it skip with a message where it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"evaluation data not found at {SHARED_DATA}")
    return SHARED_DATA
