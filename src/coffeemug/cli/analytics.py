"""``coffeemug analytics``: roll events up, purge old raw events, show the rollup state."""

from __future__ import annotations

import typer

from coffeemug.analytics import audit, quarantine, rollup
from coffeemug.db import session_scope, utcnow
from coffeemug.settings import get_settings

app = typer.Typer(help="Newsroom analytics: rollups and retention.", no_args_is_help=True)

DatabaseUrl = typer.Option(None, help="Database URL; defaults to COFFEEMUG_DATABASE_URL.")


@app.command("rollup")
def rollup_command(
    database_url: str | None = DatabaseUrl,
    settle_seconds: float = typer.Option(
        rollup.SETTLE_SECONDS, min=0, help="Leave events younger than this for the next run."
    ),
) -> None:
    """Roll up every event ingested since the last run (safe to run again, e.g. every minute)."""
    url = database_url or get_settings().database_url
    with (
        typer.progressbar(length=1, label="rolling up events") as bar,
        session_scope(url) as session,
    ):
        result = rollup.run_rollup(session, settle_seconds=settle_seconds)
        bar.update(1)
    typer.echo(
        f"rolled up {result.events} events ingested up to {result.high.isoformat()} "
        f"(lag {result.lag_seconds:.1f} s)"
    )
    if result.set_aside:
        typer.echo(
            f"set aside {result.set_aside} events the rollup cannot process "
            "(see coffeemug analytics status)"
        )


@app.command()
def rebuild(database_url: str | None = DatabaseUrl) -> None:
    """Empty the rollups and roll up the whole event log again (after changing the reporting
    time zone or upgrading to exact reach); days whose raw events were purged are lost."""
    url = database_url or get_settings().database_url
    with session_scope(url) as session:
        result = rollup.rebuild(session)
    typer.echo(f"rebuilt the rollups from {result.events} events")


@app.command()
def purge(
    database_url: str | None = DatabaseUrl,
    retention_days: int | None = typer.Option(
        None, min=1, help="Keep raw events this many days; defaults to COFFEEMUG_RETENTION_DAYS."
    ),
) -> None:
    """Delete rolled-up raw events and export-log entries older than the retention period."""
    settings = get_settings()
    days = retention_days or settings.retention_days
    with session_scope(database_url or settings.database_url) as session:
        deleted = rollup.purge(session, days)
        exports = audit.purge(session, days)
    typer.echo(
        f"deleted {deleted} raw events and {exports} export-log entries older than {days} days "
        "(rollups kept)"
    )


@app.command()
def status(database_url: str | None = DatabaseUrl) -> None:
    """Show how far events are rolled up, the lag behind now, and the events set aside."""
    with session_scope(database_url or get_settings().database_url) as session:
        mark = rollup.watermark(session)
        aside = quarantine.summary(session)
    if mark is None:
        typer.echo("nothing rolled up yet")
    else:
        lag = (utcnow() - mark).total_seconds()
        typer.echo(f"events rolled up to {mark.isoformat()} (lag {lag:.1f} s)")
    total = sum(count for _, count in aside)
    typer.echo(f"events set aside (quarantined, not in any figure): {total}")
    for reason, count in aside:
        typer.echo(f"  {count:>8}  {reason}")
