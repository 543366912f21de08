"""Shared fixtures: every database test runs on SQLite and on PostgreSQL.

Each test runs inside a transaction that is rolled back afterwards; the app under test gets a
session joined to that transaction, so its commits become savepoints and nothing leaks.
Under ``CI=true`` an unreachable PostgreSQL fails the run instead of skipping.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import Request
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from coffeemug.app import create_app
from coffeemug.db import make_engine, unit_of_work
from coffeemug.deps import get_session, keeps_writes
from coffeemug.settings import Settings
from coffeemug.startup import connect
from database_support import make_database

os.environ.setdefault("COFFEEMUG_EMBEDDER", "hashing")
# Tests that want background jobs start them themselves (tests/jobs, the browser tests).
os.environ.setdefault("COFFEEMUG_JOBS_IN_PROCESS", "false")
# Article pictures the tests store (the demo seed draws some) go to a scratch folder.
os.environ.setdefault("COFFEEMUG_PICTURE_FOLDER", tempfile.mkdtemp(prefix="coffeemug-pictures-"))

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="session", autouse=True)
def _connected() -> None:
    """Services are wired as at start-up (event subscribers, export parts)."""
    connect()


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


def _joined_session(connection: Connection) -> Session:
    return Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )


@pytest.fixture
def session(connection: Connection) -> Iterator[Session]:
    """A session inside the test's transaction; its commits are savepoints."""
    sess = _joined_session(connection)
    yield sess
    sess.close()


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, embedder="hashing", ranker_seed=7)


@pytest.fixture
def client(settings: Settings, connection: Connection) -> Iterator[TestClient]:
    """The app in process, its request sessions joined to the test's transaction."""
    app = create_app(settings)

    def _session(request: Request) -> Iterator[Session]:
        # As deps.get_session does: commit unless the request discarded its writes.
        with unit_of_work(_joined_session(connection)) as sess:
            yield sess
            if not keeps_writes(request):
                sess.rollback()

    app.dependency_overrides[get_session] = _session
    app.state.link_sessions = lambda: _joined_session(connection)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def shared_data() -> Path:
    """The evaluation data folder; tests that need it skip with a message where it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"evaluation data not found at {SHARED_DATA}")
    return SHARED_DATA
