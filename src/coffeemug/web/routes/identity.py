"""Who is reading: the demo picker, the language switch, and the pages' static files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request, Response
from fastapi.responses import FileResponse, RedirectResponse

from coffeemug import demo_identity
from coffeemug.access import Audience, allow
from coffeemug.deps import SessionDep, SettingsDep, identify
from coffeemug.errors import NotFound
from coffeemug.fields import Text, is_clean
from coffeemug.people import service as people
from coffeemug.web import i18n
from coffeemug.web.csrf import issue_token
from coffeemug.web.pages import PageRoute, checked_anonymous_form
from coffeemug.web.templating import render

router = APIRouter(route_class=PageRoute)

DEMO_COOKIE = demo_identity.COOKIE
STATIC_DIR = (Path(__file__).resolve().parent.parent / "static").resolve()
_CONTENT_TYPES = {".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml"}
# The demo's staff accounts, always offered by the picker.
STAFF_IDS = ("editor-1", "analyst-1", "admin-1")


def safe_next(target: str | None) -> str:
    """Only same-site paths: an open redirect would let a link send people anywhere."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


Target = Text(2000)
SearchText = Text(100)
ExternalIdText = Text(128)


@router.get("/static/web/{path:path}", name="web_static")
@allow(Audience.anyone)
def static_file(path: str) -> FileResponse:
    # A NUL byte (``app.css%00.js``) makes the file system call fail: not a file we serve.
    if not is_clean(path):
        raise NotFound("no static file with that name")
    file = (STATIC_DIR / path).resolve()
    if not file.is_file() or STATIC_DIR not in file.parents:
        raise NotFound(f"no static file {path}")
    return FileResponse(
        file,
        media_type=_CONTENT_TYPES.get(file.suffix, "application/octet-stream"),
        headers={"Cache-Control": "public, max-age=3600"},
    )


@router.get("/lang/{code}")
@allow(Audience.anyone)
def switch_language(code: str, next: Target | None = None) -> RedirectResponse:
    response = RedirectResponse(safe_next(next), status_code=303)
    if code in i18n.LANGUAGES:
        response.set_cookie(i18n.LANG_COOKIE, code, max_age=365 * 86400, samesite="lax")
    return response


@router.get("/login")
@allow(Audience.anyone)
def login_page(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    q: Annotated[SearchText, Query()] = "",
    next: Target | None = None,
) -> Response:
    if not settings.demo_mode:
        # Production: the single-sign-on proxy says who this is; there is nothing to pick.
        employee = identify(request, session, settings)
        request.state.employee = employee
        return render(request, "login_sso.html", {"next": safe_next(next)})
    current = identify(request, session, settings)
    request.state.employee = current
    staff = people.employees_by_external_id(session, STAFF_IDS)
    found = people.search_employees(session, q.strip(), staff_first=STAFF_IDS)
    return render(
        request,
        "login.html",
        {
            "q": q,
            "staff": staff,
            "people": found,
            "next": safe_next(next),
            # Anonymous token: whoever is signed in now is about to become someone else.
            "csrf_token": issue_token(settings.secret_key, None),
        },
    )


@router.post("/login", dependencies=[Depends(checked_anonymous_form)])
@allow(Audience.anyone)
def login(
    session: SessionDep,
    settings: SettingsDep,
    external_id: Annotated[ExternalIdText, Form()],
    next: Annotated[Target, Form()] = "/",
) -> Response:
    if not settings.demo_mode:
        raise NotFound("sign-in is handled by single sign-on")
    if not people.employees_by_external_id(session, [external_id]):
        raise NotFound(f"no employee with id {external_id}")
    response = RedirectResponse(safe_next(next), status_code=303)
    value = demo_identity.cookie_value(settings.secret_key, external_id)
    response.set_cookie(DEMO_COOKIE, value, max_age=30 * 86400, samesite="lax", httponly=True)
    return response
