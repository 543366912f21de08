"""The FastAPI application: routers, middleware and the one error handler."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from coffeemug.errors import HTTP_KINDS, CoffeeMugError, from_database_error, unreadable_body
from coffeemug.security_headers import SECURITY_HEADERS
from coffeemug.settings import Settings, get_settings

log = logging.getLogger(__name__)


def _field_path(err: dict) -> str:
    """``("body", "events", 1, "id")`` -> ``events.1.id``; the body itself is ``body``."""
    return ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(CoffeeMugError)
    async def _ours(request: Request, exc: CoffeeMugError) -> JSONResponse:
        return JSONResponse(exc.to_dict(), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        detail = "; ".join(f"{_field_path(e)}: {e.get('msg', 'invalid')}" for e in errors)
        return JSONResponse(
            {
                "error": "validation_error",
                "detail": detail or "invalid request",
                "fields": [_field_path(e) for e in errors],
            },
            status_code=422,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        unreadable = unreadable_body(exc)
        if unreadable is not None:
            return JSONResponse(unreadable.to_dict(), status_code=unreadable.status)
        kind = HTTP_KINDS.get(exc.status_code, "http_error")
        return JSONResponse(
            {"error": kind, "detail": str(exc.detail)},
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # This handler answers outside the middleware stack: it adds the headers itself.
        raced = from_database_error(exc)
        if raced is not None:
            return JSONResponse(raced.to_dict(), status_code=raced.status, headers=SECURITY_HEADERS)
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return JSONResponse(
            {"error": "internal_error", "detail": "unexpected server error; it has been logged"},
            status_code=500,
            headers=SECURITY_HEADERS,
        )


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application; ``settings`` defaults to the environment's."""
    settings = settings or get_settings()
    from coffeemug.jobs.runtime import lifespan
    from coffeemug.startup import connect

    connect()
    docs = settings.docs_enabled
    app = FastAPI(
        lifespan=lifespan,
        title="Coffee Mug",
        version="0.1.0",
        description="Receiver-oriented internal news: a personal feed that learns, "
        "an editors' desk and newsroom analytics.",
        openapi_url="/openapi.json" if docs else None,
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
    )
    app.state.settings = settings
    _install_error_handlers(app)

    from coffeemug.db import get_sessionmaker
    from coffeemug.middleware import BodySizeLimit
    from coffeemug.security_headers import SecurityHeaders
    from coffeemug.web.tracked_links import TrackedLinks

    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    # Added last, so outermost: a tracked link is answered before the rest of the stack.
    app.state.link_sessions = get_sessionmaker(settings.database_url)
    app.add_middleware(TrackedLinks)

    from coffeemug.routers import include_routers

    include_routers(app)
    _describe_api(app)
    return app


def create_served_app() -> FastAPI:
    """The application as ``coffeemug serve`` runs it: built once in each worker process."""
    from coffeemug.startup import settle_long_running_process

    app = create_app()
    settle_long_running_process()
    return app


def _describe_api(app: FastAPI) -> None:
    """Serve the OpenAPI description as the API really answers (see coffeemug.openapi)."""
    from coffeemug.openapi import build_openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            app.openapi_schema = build_openapi(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
