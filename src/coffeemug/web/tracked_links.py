"""``GET /s/<token>``, the tracked share link, answered in front of the middleware stack.

A viral post sends its visitors here, each costing one redirect. Through the framework (routing
over every route, the request's dependencies and session, two middlewares) a redirect cost
about 3.8 ms of CPU, almost all of it machinery, so this path is plain ASGI: it reads the token
and the User-Agent, hands the click to a group commit (clicks arriving together are stored in
one transaction by ``advocacy.service.follow_links``) and answers once its transaction committed.
It sets the headers every response of the application carries (``headers_for``) itself, since
the middleware that adds them sits behind it. Anything else goes on to the application.

``app.state.link_sessions`` opens the sessions the clicks are stored with (tests join them to
their own transaction).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy.orm import Session
from starlette.datastructures import Headers
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from coffeemug.advocacy import service
from coffeemug.db import unit_of_work
from coffeemug.errors import NotFound
from coffeemug.group_commit import GroupCommit
from coffeemug.security_headers import headers_for

PREFIX = "/s/"
METHODS = ("GET", "HEAD")

Click = tuple[str, bool]  # (token, counted)


class TrackedLinks:
    """ASGI middleware answering ``GET``/``HEAD /s/<token>``: 302 to the public page, or 404."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._clicks: GroupCommit[Click, str | None] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        token = path[len(PREFIX) :] if path.startswith(PREFIX) else ""
        if not token or "/" in token or scope["method"] not in METHODS:
            # Not a tracked link (a deeper path is the router's ordinary 404).
            await self.app(scope, receive, send)
            return
        response = await self._answer(scope, path, token)
        await response(scope, receive, send)

    async def _answer(self, scope: Scope, path: str, token: str) -> Response:
        headers = headers_for(path)
        target = None
        if service.possible_token(token):
            counted = not service.is_link_preview(Headers(scope=scope).get("user-agent"))
            target = await self._recorder(scope).submit((token, counted))
        if target is None:
            return JSONResponse(NotFound("link not found").to_dict(), 404, headers=headers)
        return RedirectResponse(target, 302, headers={**headers, "Cache-Control": "no-store"})

    def _recorder(self, scope: Scope) -> GroupCommit[Click, str | None]:
        if self._clicks is None:
            self._clicks = GroupCommit(_storing(scope["app"].state.link_sessions))
        return self._clicks


def _storing(
    sessions: Callable[[], Session],
) -> Callable[[Sequence[Click]], list[str | None]]:
    """One batch of clicks, one transaction."""

    def store(clicks: Sequence[Click]) -> list[str | None]:
        with unit_of_work(sessions()) as session:
            return service.follow_links(session, clicks)

    return store
