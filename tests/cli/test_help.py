"""Docs that tests keep honest: every command, option and setting explains itself."""

from __future__ import annotations

import typer
from typer.main import get_command

from coffeemug.cli import app
from coffeemug.settings import Settings


def _walk(command, path: str = "coffeemug"):  # type: ignore[no-untyped-def]
    yield path, command
    # Typer ships its own click; a group is anything with sub-commands.
    for name, sub in (getattr(command, "commands", None) or {}).items():
        yield from _walk(sub, f"{path} {name}")


def test_every_command_and_option_has_help() -> None:
    missing = []
    for path, command in _walk(get_command(app)):
        if not (command.help or command.short_help):
            missing.append(path)
        for param in command.params:
            if (
                getattr(param, "param_type_name", "") == "option"
                and param.name
                not in {
                    "help",
                    "install_completion",
                    "show_completion",
                }
                and not param.help
            ):
                missing.append(f"{path} --{param.name}")
    assert missing == [], f"commands or options without help text: {missing}"


def test_every_setting_is_described() -> None:
    undocumented = [name for name, f in Settings.model_fields.items() if not f.description]
    assert undocumented == []


def test_cli_knows_the_core_commands() -> None:
    names = {path for path, _ in _walk(get_command(app))}
    for expected in ("coffeemug serve", "coffeemug db upgrade", "coffeemug settings"):
        assert expected in names
    assert isinstance(app, typer.Typer)
