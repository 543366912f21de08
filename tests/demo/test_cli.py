"""``coffeemug demo seed`` end to end, on its own database per backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from coffeemug.advocacy.training import lessons
from coffeemug.cli import app
from coffeemug.content.models import Article
from coffeemug.db import get_engine, session_scope
from coffeemug.errors import Conflict
from coffeemug.events.models import Event
from coffeemug.settings import get_settings
from database_support import make_database

SMALL = ["--employees", "20", "--articles", "30", "--days", "2", "--seed", "4", "--no-progress"]


@pytest.fixture(params=["sqlite", "postgresql"])
def demo_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    url, cleanup = make_database(request.param, tmp_path)
    monkeypatch.setenv("COFFEEMUG_DATABASE_URL", url)
    monkeypatch.setenv("COFFEEMUG_EMBEDDER", "hashing")
    get_settings.cache_clear()
    yield url
    get_engine(url).dispose()
    get_settings.cache_clear()
    cleanup()


def _counts(url: str) -> tuple[int, int]:
    with session_scope(url) as session:
        return (
            session.scalar(select(func.count(Article.id))) or 0,
            session.scalar(select(func.count(Event.id))) or 0,
        )


def test_seed_then_if_empty_does_nothing(demo_url: str) -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["demo", "seed", *SMALL, "--if-empty"])
    assert first.exit_code == 0, first.output
    assert "seeded 26 employees, 30 articles and" in first.output
    articles, events = _counts(demo_url)
    # The generated articles and the corporate influencers' training lessons.
    assert articles == 30 + len(lessons()) and events > 0
    # The whole simulated history is rolled up, so the analytics dashboard has figures at once.
    assert f"({events} rolled up for analytics)" in first.output

    again = runner.invoke(app, ["demo", "seed", *SMALL, "--if-empty"])
    assert again.exit_code == 0, again.output
    assert "nothing seeded" in again.output
    assert _counts(demo_url) == (articles, events)

    clash = runner.invoke(app, ["demo", "seed", *SMALL])
    assert isinstance(clash.exception, Conflict)
    assert _counts(demo_url) == (articles, events)


def test_out_of_range_options_are_refused() -> None:
    result = CliRunner().invoke(app, ["demo", "seed", "--employees", "0"])
    assert result.exit_code == 2
    assert "employees" in result.output
