"""``coffeemug import``: bring articles and external metrics in from files."""

from __future__ import annotations

import typer

from coffeemug.analytics import importers as analytics_importers
from coffeemug.content import importer as article_importer

app = typer.Typer(help="Import data files (idempotent).", no_args_is_help=True)

for _module in (article_importer, analytics_importers):
    _module.register(app)
