"""``coffeemug demo``: the demo newsroom."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from coffeemug.analytics.rollup import run_rollup
from coffeemug.db import session_scope
from coffeemug.demo.service import LIMITS, SeedOptions
from coffeemug.demo.service import seed as seed_demo
from coffeemug.settings import get_settings
from coffeemug.text.embeddings import get_encoder

app = typer.Typer(help="The demo newsroom.", no_args_is_help=True)


class _Bars:
    """One rich progress bar per seeding phase."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress

    def phase(self, description: str, total: int) -> Callable[[int], None]:
        task = self._progress.add_task(description, total=total)
        return lambda n: self._progress.advance(task, n)


@contextmanager
def _bars(show: bool) -> Iterator[_Bars]:
    progress = Progress(
        TextColumn("{task.description:<36}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        disable=not show,
    )
    with progress:
        yield _Bars(progress)


@app.command()
def seed(
    employees: int = typer.Option(
        3000, min=LIMITS["employees"][0], max=LIMITS["employees"][1], help="Employees to create."
    ),
    articles: int = typer.Option(
        600, min=LIMITS["articles"][0], max=LIMITS["articles"][1], help="Articles to write."
    ),
    days: int = typer.Option(
        30, min=LIMITS["days"][0], max=LIMITS["days"][1], help="Days of reading to simulate."
    ),
    seed: int = typer.Option(
        42, help="Random seed: the same seed on the same day gives the same data."
    ),
    if_empty: bool = typer.Option(
        False, "--if-empty", help="Do nothing if the database has articles already."
    ),
    progress: bool = typer.Option(True, help="Show progress bars."),
) -> None:
    """Fill the database with a demo newsroom: topics, people, articles and feed history."""
    settings = get_settings()
    started = time.perf_counter()
    with _bars(progress) as bars, session_scope(settings.database_url) as session:
        report = seed_demo(
            session,
            SeedOptions(employees=employees, articles=articles, days=days, seed=seed),
            get_encoder(settings.embedder),
            if_empty=if_empty,
            tracker=bars,
            settings=settings,
        )
    if report.skipped:
        typer.echo("database has articles already; nothing seeded")
        return
    # The dashboard reads rollups only, so the demo's history is rolled up right away.
    with session_scope(settings.database_url) as session:
        rolled = run_rollup(session, settle_seconds=0)
    typer.echo(
        f"seeded {report.employees} employees, {report.articles} articles and "
        f"{report.events} events ({rolled.events} rolled up for analytics) "
        f"in {time.perf_counter() - started:.1f} s"
    )
