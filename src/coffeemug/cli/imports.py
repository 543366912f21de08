"""``coffeemug import``: bring articles and external metrics in from files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress

from coffeemug.analytics.importers import detect_format, import_text
from coffeemug.content.importer import import_lines, parse_file
from coffeemug.db import session_scope
from coffeemug.errors import DataFileError
from coffeemug.settings import get_settings

app = typer.Typer(help="Import data files (idempotent).", no_args_is_help=True)


@app.command("articles")
def articles(
    file: Annotated[
        Path, typer.Argument(help="JSON Lines file, one article per line.", show_default=False)
    ],
) -> None:
    """Import articles from JSON Lines; a file with any invalid line imports nothing."""
    lines = parse_file(file)
    with session_scope() as session, Progress(transient=True) as progress:
        result = import_lines(session, file, lines, progress)
    typer.echo(
        f"{result.created} created, {result.updated} updated, "
        f"{result.unchanged} unchanged ({len(lines)} lines)"
    )


def _metrics_command(kind: str) -> Callable[..., None]:
    def run(
        file: Path = typer.Argument(..., help="CSV (with header) or JSON Lines file."),
        fmt: str | None = typer.Option(
            None, "--format", help="csv or jsonl; by default taken from the file name."
        ),
        database_url: str | None = typer.Option(
            None, help="Database URL; defaults to COFFEEMUG_DATABASE_URL."
        ),
    ) -> None:
        settings = get_settings()
        name = str(file)
        if not file.is_file():
            raise DataFileError(name, "file not found")
        try:
            content = file.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DataFileError(name, f"not UTF-8 text ({exc.reason})") from exc
        chosen = detect_format(name, fmt)
        with session_scope(database_url or settings.database_url) as session:
            report = import_text(session, settings, kind, name, content, chosen)
        typer.echo(
            f"{kind}: {report.rows} rows, {report.stored_new} new, "
            f"{report.updated_or_unchanged} already stored (updated or unchanged), "
            f"{len(report.errors)} rejected"
        )
        for error in report.errors:
            typer.secho(f"error: {error}", err=True, fg=typer.colors.RED)
        if report.errors:
            raise typer.Exit(2)

    run.__doc__ = f"Import {kind} from FILE (idempotent)."
    return run


for _kind, _help in (
    ("social-metrics", "Import per-post social metrics (network, post_id, date, counts)."),
    ("conversions", "Import web conversions (id, date, kind, source channel, value)."),
    ("mentions", "Import media and social mentions of us or configured competitors."),
    ("paid-impressions", "Import ad impressions per campaign, day, network and medium."),
    ("event-visits", "Import trade-fair and event visits per campaign, day and event."),
):
    app.command(_kind, help=_help)(_metrics_command(_kind))
