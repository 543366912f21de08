"""``coffeemug bench dashboard``: the command (the benchmark itself: coffeemug.bench.dashboard)."""

from __future__ import annotations

import json
from dataclasses import asdict

import typer

from coffeemug.bench.dashboard import TARGET_BYTES, TARGET_SECONDS, run


def register(app: typer.Typer) -> None:
    @app.command("dashboard")
    def dashboard(
        loads: int = typer.Option(5, min=1, max=100, help="Cold loads to time."),
        employees: int = typer.Option(300, min=10, help="Employees of the demo newsroom."),
        articles: int = typer.Option(150, min=10, help="Articles of the demo newsroom."),
        days: int = typer.Option(30, min=1, max=365, help="Days of demo history."),
        as_json: bool = typer.Option(
            False, "--json", help="Print the result as one JSON object on the last line."
        ),
    ) -> None:
        """The analytics dashboard's bytes over the wire and cold load time in Chromium."""
        result = run(loads, employees, articles, days)
        verdicts = result.verdicts()
        typer.echo(
            f"/analytics, {result.loads} cold loads: {result.bytes_transferred:,} bytes "
            f"(target < {TARGET_BYTES:,}: {'met' if verdicts['bytes_transferred'] else 'missed'}), "
            f"median {result.seconds_median} s until {result.charts} charts are drawn "
            f"(range {result.seconds_min}–{result.seconds_max}; target < {TARGET_SECONDS:.0f} s: "
            f"{'met' if verdicts['seconds_median'] else 'missed'}), first byte "
            f"{result.first_byte_median} s"
        )
        if as_json:
            typer.echo(json.dumps({**asdict(result), "targets_met": verdicts}))
