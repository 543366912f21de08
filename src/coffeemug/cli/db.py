"""``coffeemug db``: schema migrations."""

from __future__ import annotations

import typer

from coffeemug.migrate import upgrade_to_head

app = typer.Typer(help="Database schema.", no_args_is_help=True)


@app.command()
def upgrade() -> None:
    """Bring the database schema to the latest version (safe to run again)."""
    revision = upgrade_to_head()
    typer.echo(f"database at revision {revision}")
