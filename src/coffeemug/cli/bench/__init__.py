"""``coffeemug bench``: quality and speed benchmarks (the benchmarks live in coffeemug.bench)."""

from __future__ import annotations

import typer

from coffeemug.cli.bench import (
    ablation,
    analytics,
    coach,
    dashboard,
    digest,
    feed,
    mind,
    moderation,
    orchestration,
    replay,
    shares,
    simulate,
    text,
)
from coffeemug.cli.bench import all as bench_all

app = typer.Typer(help="Measure feed and text quality and speed.", no_args_is_help=True)

for _module in (
    mind,
    replay,
    ablation,
    simulate,
    feed,
    analytics,
    text,
    digest,
    dashboard,
    moderation,
    coach,
    shares,
    orchestration,
    bench_all,
):
    _module.register(app)
