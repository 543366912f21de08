"""``coffeemug bench analytics``: the command (the benchmark itself: coffeemug.bench.analytics)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from coffeemug.bench.analytics import API_ONLY, BENCH_DATABASE, parse_sizes, run_bench
from coffeemug.errors import BadRequest


def register(app: typer.Typer) -> None:
    @app.command("analytics")
    def analytics(
        events: int = typer.Option(1_000_000, min=1_000, help="Events to generate and ingest."),
        employees: int = typer.Option(365_000, min=100, help="Employees in the newsroom."),
        articles: int = typer.Option(10_000, min=10, help="Articles in the newsroom."),
        database_url: str | None = typer.Option(
            None,
            help="PostgreSQL server URL; the benchmark uses (and recreates) its database "
            f"'{BENCH_DATABASE}' there. Defaults to COFFEEMUG_DATABASE_URL's server.",
        ),
        seed: int = typer.Option(7, help="Seed of the event generator."),
        measure_at: str | None = typer.Option(
            None,
            help="Also time the queries at these smaller totals (comma-separated, e.g. "
            "1e6,1e7): events are ingested and rolled up in steps ending at each.",
        ),
        drop_rolled_up: bool = typer.Option(
            False, help="Truncate the raw events after each step's rollup (saves disk)."
        ),
        verify: bool = typer.Option(
            False,
            help="Recompute every shown reach, impressions and opens figure of the breakdowns "
            "and one-filter views from the raw events with plain SQL (not with "
            "--drop-rolled-up).",
        ),
        as_json: bool = typer.Option(
            False,
            "--json",
            help="One JSON line per measured size as it is measured, and one of the headline "
            "figures at the end.",
        ),
    ) -> None:
        """Ingest N generated events, roll them up, and time the dashboard's queries."""
        if employees < 5:
            raise BadRequest("need at least 5 employees")
        sizes = parse_sizes(measure_at)
        result = run_bench(
            events,
            database_url,
            employees,
            articles,
            seed,
            sizes,
            drop_rolled_up,
            verify,
            on_measured=_report_size(as_json),
        )
        console = Console()
        table = Table(title=f"analytics benchmark, {events:,} events")
        table.add_column("measure")
        table.add_column("value", justify="right")
        table.add_column("target", justify="right")
        table.add_row("ingest (COPY)", f"{result['ingest_events_per_s']:,} events/s", "")
        table.add_row("rollup", f"{result['rollup_events_per_s']:,} events/s", ">= 100,000")
        table.add_row("rollup lag (10k new events)", f"{result['rollup_lag_seconds']} s", "")
        table.add_row("VACUUM ANALYZE after each step", f"{result['vacuum_seconds']} s", "")
        for name, value in result["query_p95_by_name_ms"].items():
            label = f"p95 {name}" + (" (API only)" if name in API_ONLY else "")
            table.add_row(label, f"{value} ms", "< 100")
        table.add_row(
            "filtered article rows / reach rows",
            f"{result['filtered_article_rows']:,} / {result['reach_rows']:,}",
            "",
        )
        sets, size = result["member_set_rows"], result["member_set_bytes"]
        table.add_row(
            "member sets: rows / bytes per row", f"{sets:,} / {size / max(sets, 1):,.0f}", ""
        )
        if "figures_checked" in result:
            table.add_row(
                "figures recomputed from raw events: checked / wrong",
                f"{result['figures_checked']:,} / {result['figures_wrong']:,}",
                "0 wrong",
            )
        console.print(table)
        by_size = result["query_p95_by_size_ms"]
        if len(by_size) > 1:
            growth = Table(title="dashboard query p95 (ms) by rolled-up events")
            growth.add_column("query")
            for size in by_size:
                growth.add_column(f"{size:,}", justify="right")
            for name in by_size[events]:
                growth.add_row(name, *(str(by_size[size][name]) for size in by_size))
            console.print(growth)
        if as_json:
            headline = {
                key: result[key]
                for key in (
                    "events",
                    "ingest_events_per_s",
                    "rollup_events_per_s",
                    "query_p95_ms",
                    "database",
                    *(("figures_checked", "figures_wrong") if verify else ()),
                )
            }
            typer.echo(json.dumps(headline))


def _report_size(as_json: bool) -> Callable[[dict[str, Any]], None]:
    """Print each measured size's figures at once: a stopped long run keeps what it measured."""

    def report(figures: dict[str, Any]) -> None:
        if as_json:
            typer.echo(json.dumps(figures))
            return
        p95 = {k: v for k, v in figures["query_p95_ms"].items() if k not in API_ONLY}
        worst = max(p95, key=p95.__getitem__)
        typer.echo(
            f"{figures['events_so_far']:,} events rolled up: rollup "
            f"{figures['rollup_events_per_s']:,} events/s so far, worst dashboard p95 "
            f"{p95[worst]} ms ({worst})"
        )

    return report
