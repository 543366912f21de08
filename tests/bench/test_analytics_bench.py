"""The analytics benchmark's options (the run itself needs a PostgreSQL server of its own)."""

from __future__ import annotations

import sys

import pytest

from coffeemug.bench.analytics import parse_sizes
from coffeemug.cli import main
from coffeemug.errors import BadRequest


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
