"""The planning benchmark runs on a small seeded newsroom and times every read it names."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from analytics.analytics_factories import fresh_sqlite
from coffeemug.bench.orchestration import run
from coffeemug.db import session_scope
from coffeemug.demo.service import SeedOptions, seed
from coffeemug.settings import Settings
from coffeemug.text.embeddings import get_encoder


def test_bench_times_reports_calendar_and_feeds(tmp_path: Path) -> None:
    url = fresh_sqlite(tmp_path)
    settings = Settings(database_url=url, embedder="hashing")
    with session_scope(url) as session:
        options = SeedOptions(employees=40, articles=60, days=3, seed=3, now=datetime.now(UTC))
        seed(session, options, get_encoder("hashing"), settings=settings)
    result = run(settings, repeat=2)
    names = [t.name for t in result.timings]
    assert result.campaigns >= 3
    assert names[:2] == ["calendar week", "calendar month"]
    assert sum(n.startswith("campaign report") for n in names) == result.campaigns
    assert "iCalendar feed (person)" in names and "iCalendar feed (campaign)" in names
    assert all(t.median_ms > 0 and t.p95_ms >= t.median_ms for t in result.timings)
