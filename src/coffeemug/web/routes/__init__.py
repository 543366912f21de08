"""Server-rendered pages: the employees' feed, their settings, and the editors' desk."""

from __future__ import annotations

from fastapi import APIRouter

from coffeemug.web.pages import PageRoute
from coffeemug.web.routes import desk, feed, identity, mail, me

router = APIRouter(route_class=PageRoute, include_in_schema=False)
for _module in (identity, feed, me, desk, mail):
    router.include_router(_module.router)
