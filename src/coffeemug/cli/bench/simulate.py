"""``coffeemug bench simulate``: the command (the benchmark itself: coffeemug.bench.simulate)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from coffeemug.bench.simulate import JSON_NAME, LABELS, PNG_NAME, simulate_to


def register(app: typer.Typer) -> None:
    @app.command("simulate")
    def simulate(
        employees: int = typer.Option(2000, min=1, help="Simulated employees."),
        rounds: int = typer.Option(30, min=2, help="Days of feed use (one feed of 5 a day)."),
        seed: int = typer.Option(7, help="Seed for the population, reactions and the ranker."),
        out: Path = typer.Option(Path("docs"), help=f"Folder for {JSON_NAME} and {PNG_NAME}."),
        as_json: bool = typer.Option(
            False, "--json", help="Print the result as one JSON object on the last line."
        ),
    ) -> None:
        """Learning curve: hit rate at 5 per day for our ranker and three baselines."""
        data = simulate_to(out, employees=employees, rounds=rounds, seed=seed)
        typer.echo(f"hit rate at 5 ({employees} employees, {rounds} days, seed {seed})")
        typer.echo(f"{'policy':<32} {'day 1':>8} {'last days':>10} {'diversity':>10} {'topics':>8}")
        for name, row in data["summary"].items():
            div = data["diversity"][name]
            typer.echo(
                f"{LABELS[name]:<32} {row['first']:>8.3f} {row['last']:>10.3f}"
                f" {div['ild']:>10.3f} {div['topic_coverage']:>8.3f}"
            )
        typer.echo(
            "diversity: mean cosine distance between the items of a list (intra-list "
            "diversity); topics: distinct topics per item of a list (topic coverage)"
        )
        typer.echo(f"wrote {out / JSON_NAME} and {out / PNG_NAME}")
        if as_json:
            typer.echo(json.dumps(data))
