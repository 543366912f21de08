"""A fresh demo newsroom shows figures on every dashboard panel at once (SQLite, PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from coffeemug.analytics import tables
from coffeemug.analytics.periods import resolve_period
from coffeemug.analytics.rollup import run_rollup
from coffeemug.demo.service import SeedOptions, seed
from coffeemug.settings import Settings
from coffeemug.text.embeddings import get_encoder

NOW = datetime(2026, 3, 2, tzinfo=UTC)


def test_every_dashboard_panel_has_shown_figures(session: Session, settings: Settings) -> None:
    options = SeedOptions(employees=250, articles=60, days=21, seed=5, now=NOW)
    seed(session, options, get_encoder("hashing"), settings=settings)
    run_rollup(session, until=datetime.now(UTC), time_zone="UTC")
    start, end = resolve_period(NOW.date() - timedelta(days=20), NOW.date() - timedelta(days=1))
    period = tables.Period(session, Settings(), start, end, "en")
    overview = {r["kpi"]: r["value"] for r in tables.build("overview", period).rows}
    assert overview["reached"] and overview["paid_impressions"] and overview["event_visits"]
    for section in tables.SECTIONS:
        rows = tables.build(section.table, period, **section.params).rows
        shown = [row for row in rows if not row.get("suppressed")]
        # Every panel shows rows with a figure other than zero or empty.
        figures = [
            value
            for row in shown
            for key, value in row.items()
            if isinstance(value, int | float) and not isinstance(value, bool) and value
        ]
        assert shown and figures, section.id
