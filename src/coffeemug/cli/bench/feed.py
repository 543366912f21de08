"""``coffeemug bench feed``: the command (the benchmark itself: coffeemug.bench.feed)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.progress import Progress

from coffeemug.bench.feed import (
    BENCH_DATABASE,
    FeedBenchConfig,
    describe,
    run_feed_bench,
    run_scaling,
    scaling_table,
)
from coffeemug.errors import BadRequest


def register(app: typer.Typer) -> None:
    @app.command("feed")
    def feed(
        employees: int = typer.Option(365_000, min=1, help="Employees in the newsroom."),
        articles: int = typer.Option(10_000, min=1, help="Live articles."),
        database_url: str | None = typer.Option(
            None,
            help="An empty database to build the newsroom in; default: a fresh PostgreSQL "
            f"database {BENCH_DATABASE} (server from COFFEEMUG_BENCH_POSTGRES_URL).",
        ),
        duration: float = typer.Option(20.0, min=0.1, help="Seconds of HTTP load at most."),
        requests: int = typer.Option(10_000, min=1, help="HTTP feed requests at most."),
        concurrency: int = typer.Option(32, min=1, help="Concurrent HTTP clients."),
        workers: int = typer.Option(2, min=1, help="Server worker processes."),
        rank_samples: int = typer.Option(
            500, min=1, help="Employees whose feed is ranked in process."
        ),
        ingest_events: int = typer.Option(100_000, min=1, help="Events to ingest in batches."),
        ingest_seconds: float = typer.Option(
            60.0, min=0.1, help="Stop ingesting after this many seconds, even if short of N."
        ),
        batch_size: int = typer.Option(1_000, min=1, help="Events per ingestion batch."),
        history_events: int | None = typer.Option(
            None, min=0, help="Past events written with the newsroom (default 3 per employee)."
        ),
        reuse: bool = typer.Option(
            False,
            "--reuse",
            help="Measure the newsroom an earlier run built in the database instead of building.",
        ),
        scaling: bool = typer.Option(
            False,
            "--scaling",
            help="Run the small grid (1,000-10,000 articles, 10,000-365,000 employees) instead.",
        ),
        seed: int = typer.Option(7, help="Seed for the newsroom, samples and the ranker."),
        out: Path | None = typer.Option(
            None, help="Also write the result as JSON into this folder."
        ),
        as_json: bool = typer.Option(
            False, "--json", help="Print the result as one JSON object on the last line."
        ),
    ) -> None:
        """Speed at company scale: ranking, HTTP feed under load, ingestion and memory."""
        config = FeedBenchConfig(
            employees=employees,
            articles=articles,
            database_url=database_url,
            duration=duration,
            max_requests=requests,
            concurrency=concurrency,
            workers=workers,
            rank_samples=rank_samples,
            ingest_events=ingest_events,
            ingest_seconds=ingest_seconds,
            batch_size=batch_size,
            history_events=history_events,
            reuse=reuse,
            seed=seed,
        )
        if scaling and (database_url or reuse):
            raise BadRequest("--scaling builds its own databases; drop --database-url and --reuse")
        with Progress(transient=True) as progress:
            task = progress.add_task("feed benchmark", total=None)

            def show(name: str) -> None:
                progress.update(task, description=name)

            data = run_scaling(config, show) if scaling else run_feed_bench(config, on_step=show)
        lines = scaling_table(data) if scaling else describe(data)
        for line in lines:
            typer.echo(line)
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            name = "feed-scaling.json" if scaling else "feed.json"
            (out / name).write_text(json.dumps(data, indent=2) + "\n")
            typer.echo(f"wrote {out / name}")
        if as_json:
            typer.echo(json.dumps(data))
