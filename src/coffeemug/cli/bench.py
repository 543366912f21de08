"""``coffeemug bench``: quality and speed benchmarks."""

from __future__ import annotations

import typer

from coffeemug.cli._plugins import register_all

app = typer.Typer(help="Measure feed quality and speed.", no_args_is_help=True)

register_all(
    app,
    (
        "coffeemug.bench.mind",
        "coffeemug.bench.replay",
        "coffeemug.bench.simulate",
        "coffeemug.bench.feed",
        "coffeemug.bench.analytics",
        "coffeemug.bench.all",
    ),
)
