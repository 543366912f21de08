"""``coffeemug import``: bring articles and external metrics in from files."""

from __future__ import annotations

import typer

from coffeemug.cli._plugins import register_all

app = typer.Typer(help="Import data files (idempotent).", no_args_is_help=True)

register_all(app, ("coffeemug.content.importer", "coffeemug.analytics.importers"))
