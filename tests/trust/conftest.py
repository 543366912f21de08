"""The newsroom the trust tests start from, with every role, and a database that commits."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from coffeemug.db import get_sessionmaker
from database_support import make_database
from trust.trust_room import TrustRoom, build_trust_room


@pytest.fixture
def trust(session: Session) -> TrustRoom:
    return build_trust_room(session)


@pytest.fixture(params=["sqlite", "postgresql"])
def committed_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh migrated database of its own, for tests whose requests really commit."""
    url, cleanup = make_database(request.param, tmp_path)
    try:
        yield url
    finally:
        get_sessionmaker(url).kw["bind"].dispose()
        cleanup()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The figures of the trust suites (routes fuzzed, requests, cells, kills, ...)."""
    from trust.figures import summary

    lines = summary()
    if lines:
        terminalreporter.section("trust suites")
        for line in lines:
            terminalreporter.write_line(line)
