"""``coffeemug bench shares``: redirects per second and p99 latency of ``/s/<token>``."""

from __future__ import annotations

import json
from dataclasses import asdict

import typer


def register(app: typer.Typer) -> None:
    @app.command("shares")
    def shares(
        clicks: int = typer.Option(10_000, "--clicks", min=1, help="Requests to send."),
        database_url: str | None = typer.Option(
            None,
            "--database-url",
            help="Database to use as it is (e.g. sqlite:///bench.db); unset: a fresh PostgreSQL "
            "database on the server of COFFEEMUG_BENCH_POSTGRES_URL.",
        ),
        database_name: str = typer.Option(
            "coffeemug_bench_shares", help="PostgreSQL database to build afresh."
        ),
        workers: int = typer.Option(2, min=1, help="uvicorn worker processes."),
        concurrency: int = typer.Option(32, min=1, help="Connections sending at once."),
        share_count: int = typer.Option(1_000, "--shares", min=1, help="Shares to click."),
        as_json: bool = typer.Option(
            False, "--json", help="Print the result as one JSON object on the last line."
        ),
    ) -> None:
        """The tracked share link under load: every click must redirect and be stored once."""
        from coffeemug.bench import shares as bench

        result = bench.run(
            clicks,
            database_url=database_url,
            database_name=database_name,
            workers=workers,
            concurrency=concurrency,
            shares=share_count,
        )
        typer.echo(
            f"{result.clicks} clicks on {result.database}, {result.workers} workers, "
            f"{result.concurrency} connections: {result.redirects_per_s} redirects/s, "
            f"p50 {result.p50_ms} ms, p99 {result.p99_ms} ms; {result.errors} errors, "
            f"{result.stored_clicks} clicks stored"
        )
        typer.echo(
            f"CPU per redirect: server {result.server_cpu_ms} ms, database "
            f"{result.database_cpu_ms} ms, load generator {result.load_cpu_ms} ms; "
            f"two free cores: ~{result.free_cores_rate} redirects/s"
        )
        if result.stored_clicks != result.clicks - result.errors:
            typer.echo("error: stored clicks differ from redirects answered", err=True)
            raise typer.Exit(1)
        if as_json:
            typer.echo(json.dumps({**asdict(result), "free_cores_rate": result.free_cores_rate}))
            typer.echo(json.dumps(result.summary()))
