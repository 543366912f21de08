"""Mount commands that live next to the code they exercise.

A module listed here defines ``register(app: typer.Typer)``; one not written yet is skipped,
one that fails to import fails loudly.
"""

from __future__ import annotations

from importlib import import_module

import typer


def register_all(app: typer.Typer, module_paths: tuple[str, ...]) -> None:
    for path in module_paths:
        try:
            module = import_module(path)
        except ModuleNotFoundError as exc:
            if exc.name != path:
                raise
            continue
        module.register(app)
