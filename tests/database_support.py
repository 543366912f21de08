"""Real databases for tests: a fresh migrated SQLite file or PostgreSQL database per call.

Kept outside conftest.py so any test module can import it by one unambiguous name.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from coffeemug.migrate import upgrade_to_head

PG_ADMIN_URL = os.environ.get(
    "COFFEEMUG_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


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


def make_database(backend: str, tmp_dir: Path) -> tuple[str, Callable[[], None]]:
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
