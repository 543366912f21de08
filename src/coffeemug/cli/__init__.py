"""The ``coffeemug`` command line: one Typer app, one sub-app per area."""

from __future__ import annotations

import typer

from coffeemug.cli import (
    advocacy,
    analytics,
    bench,
    db,
    demo,
    imports,
    jobs,
    moderation,
    server,
    text,
)
from coffeemug.errors import CoffeeMugError
from coffeemug.startup import connect

app = typer.Typer(
    help="Coffee Mug: receiver-oriented internal news.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _start() -> None:
    # Every command stores or reads through the services: wire them up first.
    connect()


app.add_typer(db.app, name="db")
app.add_typer(demo.app, name="demo")
app.add_typer(imports.app, name="import")
app.add_typer(bench.app, name="bench")
app.add_typer(analytics.app, name="analytics")
app.add_typer(text.app, name="text")
app.add_typer(jobs.app, name="jobs")
app.add_typer(moderation.app, name="moderation")
app.add_typer(advocacy.app, name="advocacy")
server.register(app)
jobs.register_worker(app)


def main() -> None:
    """Entry point: our own errors become a one-line message and exit code 2."""
    try:
        app()
    except CoffeeMugError as exc:
        typer.secho(f"error: {exc.detail}", err=True, fg=typer.colors.RED)
        raise SystemExit(2) from exc
