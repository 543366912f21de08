"""``coffeemug bench replay``: the command (the benchmark itself: coffeemug.bench.replay)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.progress import Progress

from coffeemug.bench._mind_data import read_behaviors
from coffeemug.bench.ablation import ranker_without
from coffeemug.bench.metrics import METRICS
from coffeemug.bench.replay import LABELS, POLICIES, beaten_by, metric_row, replay
from coffeemug.errors import BadRequest


def register(app: typer.Typer) -> None:
    @app.command("replay")
    def replay_command(
        data: Path = typer.Option(..., "--data", help="MIND behaviors.tsv (ids only)."),
        seed: int = typer.Option(0, help="Seed for presentation order and random baselines."),
        vw: bool = typer.Option(
            True, "--vw/--no-vw", help="Run Vowpal Wabbit's contextual bandit alongside."
        ),
        as_json: bool = typer.Option(
            False, "--json", help="Print the result as one JSON object on the last line."
        ),
        without: list[str] = typer.Option(
            [], "--without", help="Leave our ranker's signal out (repeatable), e.g. popular."
        ),
    ) -> None:
        """Online replay of a MIND log: ours vs random, popularity and Vowpal Wabbit."""
        ranker_without(without)  # unknown signal names fail before the log is read
        impressions = read_behaviors(data)
        if vw:
            try:
                import vowpalwabbit  # noqa: F401
            except ImportError as exc:
                raise BadRequest(
                    "Vowpal Wabbit is not installed (extra 'bench'); use --no-vw to skip it"
                ) from exc
        with Progress(transient=True) as progress:
            result = replay(impressions, seed=seed, with_vw=vw, progress=progress, without=without)
        scored = result["ours"]["impressions"]
        typer.echo(f"MIND replay {data.name}: {len(impressions)} impressions ({scored} scored)")
        typer.echo(f"{'':<34}" + "".join(f"{m:>9}" for m in METRICS))
        for name in POLICIES:
            if name in result:
                typer.echo(metric_row(LABELS[name], result[name]))
        for key, rows in result["by_feedback"].items():
            typer.echo(f"{key.replace('_', ' ')} of the log:")
            for name in POLICIES:
                if name in rows:
                    typer.echo(metric_row("  " + LABELS[name], rows[name]))
        losers = beaten_by(result)
        if losers:
            typer.echo("target missed: ours does not beat " + ", ".join(LABELS[n] for n in losers))
        else:
            typer.echo("ours beats every baseline on every metric")
        if as_json:
            typer.echo(json.dumps(result))
