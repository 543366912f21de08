"""Security headers on every response: no inline script, no framing, no MIME sniffing.

Pages load their scripts and styles from our own origin only (``/static/web/app.js``, the
dashboard's ``plotly.min.js`` and ``dashboard.js``); a template must never carry a ``<script>``
block or an ``on…=`` handler, because the policy below makes the browser refuse them. Styles
may be inline (a few ``style=`` attributes, and plotly sets styles as it draws), which cannot
run code.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

# The interactive API docs (development only, see COFFEEMUG_API_DOCS) are FastAPI's pages: they
# load Swagger UI / ReDoc from a CDN and start it with an inline script.
DOCS_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net",
        "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com",
        "font-src 'self' https://fonts.gstatic.com",
        "img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly",
        "worker-src 'self' blob:",
        "frame-ancestors 'none'",
    )
)
DOCS_PATHS = ("/docs", "/redoc")

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # Same-origin pages still send their path (the feedback form goes back to where it was).
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def headers_for(path: str) -> dict[str, str]:
    """The headers a response to ``path`` carries."""
    if path.startswith(DOCS_PATHS):
        return {**SECURITY_HEADERS, "Content-Security-Policy": DOCS_POLICY}
    return SECURITY_HEADERS


class SecurityHeaders:
    """ASGI middleware adding ``headers_for(path)`` to every HTTP response (set if absent)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        wanted = headers_for(scope.get("path", ""))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in wanted.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
