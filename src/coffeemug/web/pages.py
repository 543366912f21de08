"""What every page shares: errors rendered as HTML pages, identity and role checks, CSRF."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Form, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException

from coffeemug.deps import SessionDep, SettingsDep, discard_writes, identify
from coffeemug.errors import (
    HTTP_KINDS,
    CoffeeMugError,
    Forbidden,
    NotAuthenticated,
    from_database_error,
    unreadable_body,
)
from coffeemug.people.models import Employee, Role
from coffeemug.web.csrf import CsrfFailed, check_token
from coffeemug.web.labels import ERROR_PAGES
from coffeemug.web.templating import render

log = logging.getLogger(__name__)

# Which message a page shows for an error status (the detail is shown below it).
_ERROR_KINDS = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    409: "conflict",
    413: "too_large",
    422: "invalid",
}


def error_page(request: Request, status: int, detail: str, kind: str) -> Response:
    page = "csrf" if kind == CsrfFailed.kind else _ERROR_KINDS.get(status, "unexpected")
    title, help_text = ERROR_PAGES[page]
    return render(
        request,
        "error.html",
        {"status": status, "title": title, "help": help_text, "detail": detail, "kind": kind},
        status_code=status,
    )


class PageRoute(APIRoute):
    """A route whose errors are pages for people, not JSON: a stale form gets a clear message,
    a reader on the desk a 'not allowed' page, and nobody a stack trace."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def _handle(request: Request) -> Response:
            try:
                return await handler(request)
            except Exception as exc:
                # The page answers instead of the error propagating: what the request wrote
                # must still be rolled back.
                discard_writes(request)
                return _error_response(request, exc)

        return _handle


def _error_response(request: Request, exc: Exception) -> Response:
    """The page (or sign-in redirect) for an error raised while handling a page request."""
    if isinstance(exc, NotAuthenticated):
        settings = request.app.state.settings
        if settings.demo_mode and request.method == "GET":
            query = "?" + request.url.query if request.url.query else ""
            target = quote(request.url.path + query)
            return RedirectResponse(f"/login?next={target}", status_code=303)
    exc = from_database_error(exc) or exc
    if isinstance(exc, CoffeeMugError):
        return error_page(request, exc.status, exc.detail, exc.kind)
    if isinstance(exc, RequestValidationError):
        where = ", ".join(".".join(str(p) for p in err.get("loc", ())) for err in exc.errors())
        status = 404 if any(e.get("loc", ("",))[0] == "path" for e in exc.errors()) else 422
        return error_page(request, status, f"invalid value: {where}", "validation_error")
    if isinstance(exc, StarletteHTTPException):
        unreadable = unreadable_body(exc)
        if unreadable is not None:
            return error_page(request, unreadable.status, unreadable.detail, unreadable.kind)
        kind = HTTP_KINDS.get(exc.status_code, "http_error")
        return error_page(request, exc.status_code, str(exc.detail), kind)
    log.exception("unexpected error on page %s", request.url.path, exc_info=exc)
    return error_page(request, 500, "", "internal_error")


def page_employee(request: Request, session: SessionDep, settings: SettingsDep) -> Employee:
    """The signed-in employee, kept on the request so templates see who is reading."""
    employee = identify(request, session, settings)
    if employee is None:
        raise NotAuthenticated("please sign in")
    request.state.employee = employee
    return employee


PageEmployee = Annotated[Employee, Depends(page_employee)]


def page_editor(employee: PageEmployee) -> Employee:
    # Same rule as the API's EditorEmployee: editors, and admins who hold every role.
    if not employee.has_role(Role.editor):
        raise Forbidden("this page is for editors")
    return employee


PageEditor = Annotated[Employee, Depends(page_editor)]


def checked_form(
    employee: PageEmployee,
    settings: SettingsDep,
    csrf_token: Annotated[str | None, Form()] = None,
) -> Employee:
    """The signed-in employee, if the form's token is theirs, fresh and untampered."""
    check_token(settings.secret_key, csrf_token, employee.id)
    return employee


FormEmployee = Annotated[Employee, Depends(checked_form)]


def checked_editor_form(employee: FormEmployee) -> Employee:
    return page_editor(employee)


FormEditor = Annotated[Employee, Depends(checked_editor_form)]


def checked_anonymous_form(
    settings: SettingsDep, csrf_token: Annotated[str | None, Form()] = None
) -> None:
    """The token check for the one form posted before anyone is signed in (the picker)."""
    check_token(settings.secret_key, csrf_token, None)
