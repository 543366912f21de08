"""Every router of the application, in one list, so adding a module touches one line."""

from __future__ import annotations

from fastapi import FastAPI

from coffeemug import health
from coffeemug.advocacy import api as advocacy_api
from coffeemug.analytics import api as analytics_api
from coffeemug.content import api as content_api
from coffeemug.events import api as events_api
from coffeemug.feed import api as feed_api
from coffeemug.listening import api as listening_api
from coffeemug.orchestration import api as orchestration_api
from coffeemug.people import api as people_api
from coffeemug.search import api as search_api
from coffeemug.web import routes as web_routes

ROUTER_MODULES = (
    health,
    content_api,
    people_api,
    events_api,
    feed_api,
    analytics_api,
    listening_api,
    advocacy_api,
    orchestration_api,
    search_api,
    web_routes,
)


def include_routers(app: FastAPI) -> None:
    for module in ROUTER_MODULES:
        app.include_router(module.router)
