"""Who may use each route, declared once, right next to the route.

Every API and web route states its audience with ``@allow(...)`` under its router decorator:

    @router.get("/desk")
    @allow(Audience.editor)
    def desk(request: Request, editor: PageEditor) -> Response: ...

The declaration does not enforce anything: the route's dependencies do that (``CurrentEmployee``,
``EditorEmployee``, ``PageEditor``, ...). The authorization matrix test (tests/trust/) calls
every route of the application as anonymous, an unknown id, a reader, an editor, an analyst and
an admin, and checks the answers against the declaration; a route without a declaration fails
that test. The OpenAPI description shows the audience of each operation as ``x-audience``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts

F = TypeVar("F", bound=Callable[..., object])

_ATTRIBUTE = "__coffeemug_audience__"


class Audience(StrEnum):
    """Who may use a route (admins hold every role)."""

    anyone = "anyone"  # no identity needed (health, static files, sign-in, language switch)
    employee = "employee"  # any known employee
    analytics = "analytics"  # analysts and editors
    editor = "editor"
    analyst = "analyst"
    moderation = "moderation"  # moderators (listening and moderation)
    moderation_figures = "moderation_figures"  # moderators, analysts and editors (k-suppressed)
    admin = "admin"


# Roles that satisfy each audience that needs one.
_ROLES: dict[Audience, frozenset[str]] = {
    Audience.analytics: frozenset({"analyst", "editor", "admin"}),
    Audience.editor: frozenset({"editor", "admin"}),
    Audience.analyst: frozenset({"analyst", "admin"}),
    Audience.moderation: frozenset({"moderator", "admin"}),
    Audience.moderation_figures: frozenset({"moderator", "analyst", "editor", "admin"}),
    Audience.admin: frozenset({"admin"}),
}

# Routes the framework adds itself (the API description and its pages, development only).
FRAMEWORK_ROUTES: dict[str, Audience] = {
    "/openapi.json": Audience.anyone,
    "/docs": Audience.anyone,
    "/docs/oauth2-redirect": Audience.anyone,
    "/redoc": Audience.anyone,
}


def allow(audience: Audience) -> Callable[[F], F]:
    """Declare who may use the decorated route function."""

    def declare(endpoint: F) -> F:
        setattr(endpoint, _ATTRIBUTE, audience)
        return endpoint

    return declare


@dataclass(frozen=True)
class RouteEntry:
    """One route of the application as served: full path, methods and declared audience."""

    path: str
    methods: frozenset[str]
    endpoint: Callable[..., Any] | None
    audience: Audience | None


def route_table(app: FastAPI) -> list[RouteEntry]:
    """Every route of ``app`` (included routers flattened) with its declared audience."""
    table = []
    for context in iter_route_contexts(app.routes):
        path = context.path_format or context.path or ""
        endpoint = context.endpoint
        audience = getattr(endpoint, _ATTRIBUTE, None) or FRAMEWORK_ROUTES.get(path)
        methods = frozenset(context.methods or ()) - {"HEAD"}
        table.append(RouteEntry(path, methods, endpoint, audience))
    return table


def permits(audience: Audience, roles: Collection[str] | None) -> bool:
    """Whether someone with ``roles`` (None: anonymous or unknown) may use the route."""
    if audience is Audience.anyone:
        return True
    if roles is None:
        return False
    if audience is Audience.employee:
        return True
    return bool(_ROLES[audience] & set(roles))
