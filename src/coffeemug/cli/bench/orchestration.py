"""``coffeemug bench orchestration``: the command (the benchmark: coffeemug.bench.orchestration)."""

from __future__ import annotations

import json
from dataclasses import asdict

import typer

from coffeemug.bench.orchestration import run
from coffeemug.settings import get_settings


def register(app: typer.Typer) -> None:
    @app.command("orchestration")
    def orchestration(
        repeat: int = typer.Option(5, min=1, max=1000, help="Runs of each read."),
        as_json: bool = typer.Option(
            False, "--json", help="Print the result as one JSON object on the last line."
        ),
    ) -> None:
        """Campaign reports, calendar week and month, iCalendar feeds on the configured
        database (seed it with 'coffeemug demo seed' first): median and p95 in ms."""
        result = run(get_settings(), repeat)
        typer.echo(f"{result.campaigns} campaigns")
        for timing in result.timings:
            typer.echo(
                f"{timing.name}: median {timing.median_ms} ms, p95 {timing.p95_ms} ms "
                f"({timing.runs} runs)"
            )
        if as_json:
            typer.echo(json.dumps(asdict(result)))
