"""``coffeemug advocacy``: the business conduct rules the share composer checks posts against."""

from __future__ import annotations

from pathlib import Path

import typer

from coffeemug.db import session_scope
from coffeemug.errors import DataFileError

app = typer.Typer(help="Corporate influencers: guideline rules.", no_args_is_help=True)


@app.command("import-rules")
def import_rules(
    file: Path = typer.Argument(
        ..., help="CSV (kind,language,value,severity,clause,clause_url) or JSON list of rules."
    ),
) -> None:
    """Add or update guideline rules from a file, all or nothing."""
    from coffeemug.advocacy import rules_file, service

    try:
        data = file.read_bytes()
    except OSError as exc:
        raise DataFileError(str(file), f"cannot be read: {exc.strerror}") from exc
    rules = rules_file.parse(data, file.name)
    with session_scope() as session:
        created, updated = service.import_rules(session, rules)
    typer.echo(f"{created} rules created, {updated} updated")


@app.command("rules")
def list_rules() -> None:
    """The guideline rules, one per line: kind, language, severity, value, clause."""
    from coffeemug.advocacy import service

    with session_scope() as session:
        for rule in service.list_rules(session):
            typer.echo(
                f"{rule.kind}\t{rule.language}\t{rule.severity}\t{rule.value}\t{rule.clause}"
            )
