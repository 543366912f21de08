"""``coffeemug bench moderation``: the command (the benchmark: coffeemug.bench.moderation)."""

from __future__ import annotations

import json
from dataclasses import asdict

import typer

from coffeemug.bench.moderation import run

TARGET_INGEST_PER_S = 500
TARGET_P95_MS = 100


def register(app: typer.Typer) -> None:
    @app.command("moderation")
    def moderation(
        items: int = typer.Option(10_000, min=1, help="External items to ingest and query."),
        stored: int | None = typer.Option(
            None,
            min=1,
            help="Fill the store to this many items (copies of the analysed ones) before the "
            "inbox queries, e.g. 1000000.",
        ),
        database_url: str | None = typer.Option(
            None, help="Database to fill (default: a new SQLite file in a temporary folder)."
        ),
        as_json: bool = typer.Option(
            False, "--json", help="Print the result as one JSON object on the last line."
        ),
    ) -> None:
        """Webhook ingestion including analysis (items/s) and inbox query p95 (ms)."""
        result = run(items, database_url, stored=stored)
        typer.echo(
            f"{result.items:,} items stored on {result.database}: ingestion of {items:,} "
            f"{result.ingest_items_per_s} "
            f"items/s (target >= {TARGET_INGEST_PER_S}); inbox query p95 "
            f"{result.inbox_query_p95_ms} ms (target < {TARGET_P95_MS} at 1,000,000 items on "
            "PostgreSQL)"
        )
        if as_json:
            typer.echo(json.dumps(asdict(result)))
