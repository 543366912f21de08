"""``coffeemug worker`` and ``coffeemug jobs``: run the background jobs and see how they fare."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import datetime

import typer
from rich.console import Console
from rich.table import Table

from coffeemug.db import session_scope, utcnow
from coffeemug.jobs import engine, runtime, service
from coffeemug.settings import get_settings

app = typer.Typer(
    help="Background jobs: what each kind did last, what is next, failures and lag.",
    invoke_without_command=True,
)


def _when(value: datetime | None, now: datetime) -> str:
    if value is None:
        return "–"
    seconds = (value - now).total_seconds()
    words = f"in {seconds:.0f} s" if seconds >= 0 else f"{-seconds:.0f} s ago"
    return f"{value:%Y-%m-%d %H:%M:%S} ({words})"


@app.callback()
def jobs(ctx: typer.Context) -> None:
    """List every kind of job: last run, next run, failures, parked jobs and lag."""
    if ctx.invoked_subcommand is not None:
        return
    settings = get_settings()
    engine.check_schedules(settings)
    now = utcnow()
    with session_scope(settings.database_url) as session:
        rows = service.statuses(session, settings, now)
        parked = service.parked_jobs(session)
    table = Table(title=f"Jobs (UTC, {now:%Y-%m-%d %H:%M:%S})")
    for column in (
        "kind",
        "schedule",
        "last run",
        "result",
        "next run",
        "runs",
        "failures",
        "parked",
        "lag",
    ):
        table.add_column(column)
    for row in rows:
        result = row.last_status or "never ran"
        if row.last_status == "failed" and row.last_error:
            result += f": {row.last_error[:60]}"
        elif row.last_summary:
            result += f": {row.last_summary[:60]}"
        table.add_row(
            row.kind,
            row.schedule or "when handed work",
            _when(row.last_started_at, now),
            result,
            _when(row.next_run_at, now),
            str(row.runs),
            f"{row.failures} ({row.consecutive_failures} in a row)",
            str(row.parked),
            "–" if row.lag_seconds is None else f"{row.lag_seconds:.0f} s",
        )
    console = Console(width=200)
    console.print(table)
    for job in parked:
        console.print(f"parked #{job.id} {job.kind} {json.dumps(job.args)[:80]}: {job.error[:120]}")
    if parked:
        console.print("Run one again with: coffeemug jobs retry ID")


@app.command("run")
def run_job(
    kind: str = typer.Argument(..., help="The kind of job, e.g. analytics.rollup."),
) -> None:
    """Run one job of a kind now, in this process (its fan-out runs here too)."""
    summary = engine.run_now(get_settings(), kind)
    typer.echo(f"{kind}: {summary or 'done'}")


@app.command("retry")
def retry(parked_id: int = typer.Argument(..., help="Number of the parked job.")) -> None:
    """Run a parked job again now, in this process; it is resolved if it succeeds."""
    settings = get_settings()
    with session_scope(settings.database_url) as session:
        kind, arguments = service.open_parked(session, parked_id)
    summary = engine.run_now(settings, kind, arguments)
    with session_scope(settings.database_url) as session:
        service.resolve_retried(session, parked_id)
    typer.echo(f"parked job #{parked_id} ({kind}) ran again: {summary or 'done'}")


def register_worker(root: typer.Typer) -> None:
    @root.command()
    def worker(
        concurrency: int = typer.Option(
            1, min=1, max=64, help="Jobs this process runs at the same time (threads)."
        ),
    ) -> None:
        """Run background jobs until stopped; start as many as you like on PostgreSQL."""
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
        settings = get_settings()
        engine.check_schedules(settings)
        if settings.is_sqlite:
            typer.echo(
                "SQLite: jobs run in one process at a time (lock "
                f"{runtime.lock_path(settings)}); 'coffeemug serve' runs them too."
            )
        from coffeemug.startup import settle_long_running_process

        settle_long_running_process()
        asyncio.run(runtime.run_jobs(settings, concurrency, name="worker"))
