"""Server-rendered pages: the employees' feed, their settings, the editors' desk and the
newsroom's analytics dashboard."""

from __future__ import annotations

from fastapi import APIRouter

from coffeemug.web.pages import PageRoute
from coffeemug.web.routes import (
    advocacy,
    analytics,
    desk,
    feed,
    identity,
    listening,
    mail,
    me,
    orchestration,
    pictures,
    search,
)

router = APIRouter(route_class=PageRoute, include_in_schema=False)
for _module in (
    identity,
    feed,
    me,
    desk,
    analytics,
    mail,
    search,
    pictures,
    listening,
    advocacy,
    orchestration,
):
    router.include_router(_module.router)
