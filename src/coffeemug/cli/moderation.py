"""``coffeemug moderation``: checks of the moderation audit log and listening imports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from coffeemug.db import session_scope
from coffeemug.errors import DataFileError
from coffeemug.listening import audit, ingest
from coffeemug.settings import get_settings

app = typer.Typer(help="Listening and moderation.", no_args_is_help=True)


@app.command("verify-audit")
def verify_audit(
    database_url: Annotated[str | None, typer.Option(help="Database URL.")] = None,
) -> None:
    """Check the hash chain of the moderation audit log; exit code 1 if it is broken."""
    with session_scope(database_url or get_settings().database_url) as session:
        verdict = audit.verify_log(session)
    if verdict.ok:
        typer.echo(f"audit log intact: {verdict.entries} entries")
        return
    typer.secho(
        f"audit log broken at entry {verdict.broken_at}: {verdict.problem}",
        err=True,
        fg=typer.colors.RED,
    )
    raise typer.Exit(1)


@app.command("import")
def import_items(
    file: Annotated[Path, typer.Argument(help="JSON Lines or CSV file (docs/import-formats.md).")],
    source: Annotated[str, typer.Option(help="The external source the items come from.")],
    fmt: Annotated[str | None, typer.Option("--format", help="csv or jsonl.")] = None,
    database_url: Annotated[str | None, typer.Option(help="Database URL.")] = None,
) -> None:
    """Import mentions and comments of an external source (idempotent by external_id)."""
    settings = get_settings()
    if not file.is_file():
        raise DataFileError(str(file), "file not found")
    content = file.read_text(encoding="utf-8-sig")
    with session_scope(database_url or settings.database_url) as session:
        result = ingest.import_file(session, settings, source, str(file), content, fmt)
    typer.echo(f"{result.stored} stored, {result.duplicates} already stored")
