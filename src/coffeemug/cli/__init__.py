"""The ``coffeemug`` command line: one Typer app, one sub-app per area."""

from __future__ import annotations

from importlib import import_module

import typer

from coffeemug.errors import CoffeeMugError

app = typer.Typer(
    help="Coffee Mug: receiver-oriented internal news.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# Each module defines a Typer ``app`` mounted under its name; modules not written yet are skipped.
SUBCOMMANDS = {
    "db": "coffeemug.cli.db",
    "demo": "coffeemug.cli.demo",
    "import": "coffeemug.cli.imports",
    "bench": "coffeemug.cli.bench",
    "analytics": "coffeemug.cli.analytics",
}

for _name, _path in SUBCOMMANDS.items():
    try:
        _module = import_module(_path)
    except ModuleNotFoundError as _exc:
        if _exc.name != _path:
            raise
        continue
    app.add_typer(_module.app, name=_name)

import_module("coffeemug.cli.server").register(app)


def main() -> None:
    """Entry point: our own errors become a one-line message and exit code 2."""
    try:
        app()
    except CoffeeMugError as exc:
        typer.secho(f"error: {exc.detail}", err=True, fg=typer.colors.RED)
        raise SystemExit(2) from exc
