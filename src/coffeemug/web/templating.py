"""Jinja2 templates shared by every server-rendered page (the feed, the desk, analytics)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from coffeemug.people.models import Employee, Role
from coffeemug.web import i18n, labels
from coffeemug.web.csrf import issue_token

TEMPLATE_DIR = Path(__file__).parent / "templates"

templates = Jinja2Templates(directory=str(TEMPLATE_DIR))
templates.env.globals["Role"] = Role
templates.env.globals["labels"] = labels


def current_employee(request: Request) -> Employee | None:
    """The employee a page dependency stored on the request (None on the identity picker)."""
    return getattr(request.state, "employee", None)


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """Render ``template`` with the employee, the UI language, ``t()`` and formatters added.

    The employee comes from ``context["employee"]`` or, if absent, from ``request.state.employee``
    (set by the web page dependencies), so other modules' pages can extend ``base.html``.
    """
    ctx = dict(context or {})
    employee = ctx.get("employee") or current_employee(request)
    lang = i18n.request_language(request, employee)
    settings = request.app.state.settings
    ctx.update(
        request=request,
        employee=employee,
        lang=lang,
        fmt=i18n.Formatter(lang),
        **i18n.gettext_functions(lang),
        demo_mode=settings.demo_mode,
        is_editor=bool(employee and employee.has_role(Role.editor)),
        is_moderator=bool(employee and employee.has_role(Role.moderator)),
        # The analytics dashboard admits analysts and editors (see web.routes.analytics).
        can_see_analytics=bool(
            employee and (employee.has_role(Role.analyst) or employee.has_role(Role.editor))
        ),
    )
    token = issue_token(settings.secret_key, employee.id if employee else None)
    ctx.setdefault("csrf_token", token)
    return templates.TemplateResponse(request, template, ctx, status_code=status_code)
