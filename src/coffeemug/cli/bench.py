"""``coffeemug bench``: quality and speed benchmarks."""

from __future__ import annotations

import typer

from coffeemug.bench import all as bench_all
from coffeemug.bench import analytics, digest, feed, mind, replay, simulate

app = typer.Typer(help="Measure feed quality and speed.", no_args_is_help=True)

# Each benchmark lives next to what it measures and mounts its own command.
for _module in (mind, replay, simulate, feed, analytics, digest, bench_all):
    _module.register(app)
