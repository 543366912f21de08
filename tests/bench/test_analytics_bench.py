"""The analytics benchmark's options (the run itself needs a PostgreSQL server of its own)."""

from __future__ import annotations

import json
import sys

import pytest

from coffeemug.bench.analytics import BENCH_DATABASE, parse_sizes
from coffeemug.cli import main
from coffeemug.errors import BadRequest
from database_support import _drop_postgres_database, make_database


def test_measure_at_takes_plain_and_scientific_counts() -> None:
    assert parse_sizes("1e6,10_000_000, 2000") == [1_000_000, 10_000_000, 2000]
    assert parse_sizes(None) == []


@pytest.mark.parametrize("bad", ["ten", "1e6,-5"])
def test_measure_at_rejects_what_is_not_a_positive_count(bad: str) -> None:
    with pytest.raises(BadRequest):
        parse_sizes(bad)


def test_cli_reports_a_bad_measure_at_with_exit_code_2(monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "argv", ["coffeemug", "bench", "analytics", "--measure-at", "many"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 2
    assert "error: --measure-at" in capsys.readouterr().err


def test_each_measured_size_is_reported_as_soon_as_it_is_measured(
    monkeypatch, capsys, tmp_path
) -> None:
    # The server of a fresh test database (skipped without PostgreSQL, a failure under CI);
    # the benchmark recreates its own database there.
    url, drop = make_database("postgresql", tmp_path)
    argv = ["coffeemug", "bench", "analytics", "--events", "2000", "--measure-at", "1000"]
    argv += ["--employees", "100", "--articles", "20", "--json", "--database-url", url]
    monkeypatch.setattr(sys, "argv", argv)
    try:
        with pytest.raises(SystemExit) as exit_info:
            main()
    finally:
        drop()
        _drop_postgres_database(BENCH_DATABASE)
    assert exit_info.value.code == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line[:1] == "{"]
    assert [line.get("events_so_far", line.get("events")) for line in lines] == [1000, 2000, 2000]
    first, at_end, headline = lines
    assert set(first["query_p95_ms"]) == set(at_end["query_p95_ms"]) >= {"by_topic", "overview"}
    assert first["rollup_events_per_s"] > 0 and headline["events"] == 2000
