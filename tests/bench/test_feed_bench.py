"""The speed benchmark runs end to end on a tiny newsroom and reports every figure."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from coffeemug.cli import app, main
from database_support import make_database

TINY = [
    "--employees", "200", "--articles", "50", "--duration", "2", "--requests", "40",
    "--concurrency", "4", "--workers", "1", "--rank-samples", "10", "--ingest-events", "300",
    "--batch-size", "100", "--history-events", "400",
]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_bench_feed_on_a_tiny_newsroom(backend: str, tmp_path: Path) -> None:
    url, cleanup = make_database(backend, tmp_path)
    try:
        result = CliRunner().invoke(
            app,
            ["bench", "feed", *TINY, "--database-url", url, "--out", str(tmp_path), "--json"],
        )
        assert result.exit_code == 0, result.output
        data = json.loads(result.output.strip().splitlines()[-1])
        assert data == json.loads((tmp_path / "feed.json").read_text())
        assert data["employees"] == 200 and data["articles"] == 50
        assert data["ranking"]["samples"] == 10
        assert 0 < data["ranking"]["candidates_median"] <= 50
        assert data["ranking"]["ranker"]["median_ms"] > 0
        assert data["http"]["requests"] > 0 and data["http"]["errors"] == 0
        assert data["http"]["p99_ms"] >= data["http"]["p50_ms"] > 0
        assert data["http"]["memory"]["max_worker_mb"] > 0
        assert data["ingest"]["events"] == 300
        # Ingested events come on top of the history and of the feeds' logged impressions.
        assert data["ingest"]["events_in_table"] >= 400 + 300
        assert set(data["targets"]) == {
            "ranking_median_ms",
            "ranking_p99_ms",
            "http_requests_per_s",
            "http_p99_ms",
            "ingest_events_per_s",
            "peak_rss_mb",
        }
        assert data["missed"] == [n for n, t in data["targets"].items() if not t["met"]]
        assert "target ingestion" in result.output

        engine = create_engine(url)
        with engine.connect() as conn:
            employees = conn.execute(text("SELECT count(*) FROM employees")).scalar_one()
            profiles = conn.execute(text("SELECT count(*) FROM learned_profiles")).scalar_one()
        engine.dispose()
        assert employees == 200
        assert profiles > 0
    finally:
        cleanup()


def test_bench_feed_refuses_a_database_that_holds_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url, cleanup = make_database("sqlite", tmp_path)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO employees (id, external_id, display_name, region, business_unit, "
                "languages, roles, created_at) VALUES (1, 'x', 'X', 'r', 'b', '[]', '[]', "
                "'2026-01-01 00:00:00')"
            )
        )
    engine.dispose()
    monkeypatch.setattr(sys, "argv", ["coffeemug", "bench", "feed", *TINY, "--database-url", url])
    with pytest.raises(SystemExit) as exit_info:
        main()
    cleanup()
    assert exit_info.value.code == 2
    assert (
        "error: --database-url: the database already holds 1 employees" in capsys.readouterr().err
    )
