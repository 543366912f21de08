"""``coffeemug bench all``: the command (the benchmark itself: coffeemug.bench.all)."""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer

from coffeemug.bench.all import DATA, Step, machine, quality_steps, run_command
from coffeemug.bench.feed import FeedBenchConfig, describe, run_feed_bench
from coffeemug.bench.simulate import simulate_to


def register(app: typer.Typer) -> None:
    @app.command("all")
    def run_all(
        out: Path = typer.Option(Path("docs/benchmarks"), help="Folder for the JSON results."),
        data: Path = typer.Option(DATA, help="Evaluation data folder (MIND files)."),
        employees: int = typer.Option(
            100_000,
            min=1,
            help="Employees for the speed benchmark (bench feed alone defaults to 365,000).",
        ),
        articles: int = typer.Option(10_000, min=1, help="Articles for the speed benchmark."),
        sim_employees: int = typer.Option(500, min=1, help="Employees in the learning curve."),
        sim_rounds: int = typer.Option(20, min=2, help="Days in the learning curve."),
        analytics_events: int = typer.Option(
            1_000_000, min=1_000, help="Events for the analytics benchmark."
        ),
        skip: list[str] = typer.Option(
            [], help="Skip a step by name (mind-valid, replay-demo, simulate, feed, ...)."
        ),
    ) -> None:
        """Quality (MIND, replay), learning curve, speed and analytics; JSON results in --out."""
        out.mkdir(parents=True, exist_ok=True)
        results = _Results(out)
        for step in quality_steps(data):
            if step.name not in skip:
                _quality(results, step)
        if "simulate" not in skip:
            _simulate(results, sim_employees, sim_rounds)
        if "feed" not in skip:
            _feed(results, employees, articles)
        if "analytics" not in skip:
            step = Step("analytics", ("analytics", "--events", str(analytics_events), "--verify"))
            typer.echo(f"[analytics] {analytics_events:,} events")
            entry = run_command(step)
            entry.pop("output", None)
            results.record("analytics", entry)
        results.finish()


class _Results:
    """One JSON file per step in ``out`` and a summary with the machine and the load."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.began = time.perf_counter()
        self.summary: dict[str, Any] = {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            "steps": {},
        }

    def record(self, name: str, entry: dict[str, Any]) -> None:
        self.summary["steps"][name] = entry
        (self.out / f"{name}.json").write_text(json.dumps(entry, indent=2) + "\n")
        typer.echo(f"[{name}] {entry['status']} ({entry.get('seconds', 0)} s)")

    def finish(self) -> None:
        summary = self.summary
        summary["seconds"] = round(time.perf_counter() - self.began, 1)
        summary["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
        (self.out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
        failed = [n for n, s in summary["steps"].items() if s["status"] not in ("ok", "skipped")]
        typer.echo(f"all benchmarks done in {summary['seconds']} s; results in {self.out}")
        if failed:
            typer.echo("steps that did not finish: " + ", ".join(failed))


def _quality(results: _Results, step: Step) -> None:
    typer.echo(f"[{step.name}] running coffeemug bench {' '.join(step.args)}")
    entry = run_command(step)
    for line in entry.get("output", []):
        typer.echo(f"  {line}")
    entry.pop("output", None)
    results.record(step.name, entry)


def _simulate(results: _Results, employees: int, rounds: int) -> None:
    typer.echo(f"[simulate] {employees} employees, {rounds} days")
    started = time.perf_counter()
    curve = simulate_to(results.out, employees=employees, rounds=rounds, seed=7)
    for name, row in curve["summary"].items():
        typer.echo(f"  {name:<12} day 1 {row['first']:.3f}  last {row['last']:.3f}")
    results.record(
        "simulate",
        {
            "status": "ok",
            "seconds": round(time.perf_counter() - started, 1),
            "result": curve["summary"],
            "files": ["learning-curve.json", "learning-curve.png"],
        },
    )


def _feed(results: _Results, employees: int, articles: int) -> None:
    typer.echo(f"[feed] {employees:,} employees, {articles:,} articles")
    started = time.perf_counter()
    config = FeedBenchConfig(
        employees=employees,
        articles=articles,
        duration=20.0,
        rank_samples=300,
        ingest_events=50_000,
        ingest_seconds=45.0,
    )
    result = run_feed_bench(config)
    for line in describe(result):
        typer.echo(f"  {line}")
    results.record(
        "feed", {"status": "ok", "seconds": round(time.perf_counter() - started, 1), **result}
    )
