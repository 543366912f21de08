"""Every router of the application, in one list, so adding a module touches one line."""

from __future__ import annotations

from importlib import import_module

from fastapi import FastAPI

# Module paths with a module-level ``router``; a module not written yet is skipped quietly
# only while it is absent, never when it fails to import.
ROUTER_MODULES = (
    "coffeemug.health",
    "coffeemug.content.api",
    "coffeemug.people.api",
    "coffeemug.events.api",
    "coffeemug.feed.api",
    "coffeemug.analytics.api",
    "coffeemug.web.routes",
)


def include_routers(app: FastAPI) -> None:
    for path in ROUTER_MODULES:
        try:
            module = import_module(path)
        except ModuleNotFoundError as exc:
            if exc.name == path:
                continue
            raise
        app.include_router(module.router)
