"""The learning curve: the ranker learns from simulated feedback and beats every baseline."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from coffeemug.bench.simulate import run_simulation
from coffeemug.cli import app


def test_ranker_rises_with_feedback_and_ends_above_every_baseline() -> None:
    result = run_simulation(employees=120, rounds=10, seed=3)
    summary = result.summary()
    ours = summary["ours"]
    assert ours["last"] >= ours["first"] + 0.05, summary
    for baseline in ("random", "popularity", "followed"):
        assert ours["last"] >= summary[baseline]["last"] + 0.05, (baseline, summary)


def test_same_seed_gives_the_same_curve() -> None:
    first = run_simulation(employees=15, rounds=3, seed=11).hit_rate
    again = run_simulation(employees=15, rounds=3, seed=11).hit_rate
    assert first == again


def test_command_writes_json_and_chart(tmp_path: Path) -> None:
    out = tmp_path / "curve"
    result = CliRunner().invoke(
        app,
        ["bench", "simulate", "--employees", "12", "--rounds", "3", "--out", str(out), "--json"],
    )
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output.strip().splitlines()[-1])
    stored = json.loads((out / "learning-curve.json").read_text())
    assert printed == stored
    assert set(stored["hit_rate_at_5"]) == {"ours", "random", "popularity", "followed"}
    assert all(len(curve) == 3 for curve in stored["hit_rate_at_5"].values())
    assert (out / "learning-curve.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_too_few_rounds_is_refused() -> None:
    result = CliRunner().invoke(app, ["bench", "simulate", "--rounds", "1"])
    assert result.exit_code == 2
    assert "rounds" in result.output


def test_lists_report_their_diversity_and_topic_coverage() -> None:
    from coffeemug.bench.simulate import run_simulation

    result = run_simulation(employees=30, rounds=3, seed=3)
    for name in ("ours", "random", "popularity", "followed"):
        row = result.diversity[name]
        assert 0 < row["ild"] <= 2 and 0 < row["topic_coverage"] <= 1
    # Random lists spread over more topics than lists ranked by interest.
    assert result.diversity["random"]["topic_coverage"] > result.diversity["ours"]["topic_coverage"]
