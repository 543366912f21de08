"""``coffeemug bench digest``: the command (the benchmark itself: coffeemug.bench.digest)."""

from __future__ import annotations

import json
from dataclasses import asdict

import typer

from coffeemug.bench.digest import BENCH_DATABASE, TARGET_PEAK_MB, TARGET_PER_SECOND, run


def register(app: typer.Typer) -> None:
    @app.command("digest")
    def digest(
        employees: int = typer.Option(100_000, min=1, help="Employees, each due a digest."),
        articles: int = typer.Option(2_000, min=1, help="Live articles."),
        workers: int = typer.Option(2, min=1, help="'coffeemug worker' processes."),
        concurrency: int = typer.Option(1, min=1, help="Jobs per worker process at once."),
        database_name: str = typer.Option(
            BENCH_DATABASE,
            help="PostgreSQL database to build afresh (server from COFFEEMUG_BENCH_POSTGRES_URL).",
        ),
        timeout: float = typer.Option(3600.0, min=1, help="Give up after this many seconds."),
        as_json: bool = typer.Option(
            False, "--json", help="Print the result as one JSON object on the last line."
        ),
    ) -> None:
        """Digests composed and sent per second to a local SMTP sink, and peak memory."""
        result = run(employees, articles, workers, concurrency, database_name, timeout)
        verdicts = result.verdicts()
        typer.echo(
            f"{result.sent:,} digests sent in {result.seconds} s: {result.digests_per_s} "
            f"digests/s (target >= {TARGET_PER_SECOND:.0f}: "
            f"{'met' if verdicts['digests_per_s'] else 'missed'}); workers' peak memory "
            f"{result.peak_rss_mb_total} MiB (target < {TARGET_PEAK_MB:.0f}: "
            f"{'met' if verdicts['peak_rss_mb_total'] else 'missed'}); the sink received "
            f"{result.received_by_sink:,}; skipped {result.skipped}, failed {result.failed}; "
            f"CPU per digest {result.cpu_ms_per_digest} ms (workers {result.worker_cpu_s} s, "
            f"PostgreSQL {result.postgres_cpu_s} s), i.e. "
            f"{result.digests_per_s_on_2_cores_from_cpu} digests/s if 2 cores did nothing else"
        )
        if as_json:
            typer.echo(json.dumps({**asdict(result), "targets_met": verdicts}))
