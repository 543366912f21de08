"""Request dependencies: the session that owns the transaction, and who is asking."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from coffeemug.db import session_scope
from coffeemug.errors import Forbidden, NotAuthenticated
from coffeemug.people.models import Employee, Role
from coffeemug.settings import Settings


def get_request_settings(request: Request) -> Settings:
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_request_settings)]


def get_session(request: Request) -> Iterator[Session]:
    """One transaction per request: committed when the handler returns, rolled back on error."""
    with session_scope(request.app.state.settings.database_url) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def identify(request: Request, session: Session, settings: Settings) -> Employee | None:
    """The employee behind a request: the identity header (demo header or the SSO proxy's),
    or, for pages in demo mode, the identity cookie set by the demo picker."""
    external_id = request.headers.get(settings.identity_header)
    if not external_id and settings.demo_mode:
        external_id = request.cookies.get("coffeemug_demo_employee")
    if not external_id:
        return None
    return session.scalars(select(Employee).where(Employee.external_id == external_id)).first()


def get_current_employee(request: Request, session: SessionDep, settings: SettingsDep) -> Employee:
    employee = identify(request, session, settings)
    if employee is None:
        header = settings.identity_header
        if request.headers.get(header):
            raise NotAuthenticated(f"no employee with the id given in header {header}")
        raise NotAuthenticated(f"missing identity: send header {header}")
    return employee


CurrentEmployee = Annotated[Employee, Depends(get_current_employee)]


def require_role(role: Role):  # type: ignore[no-untyped-def]
    """Dependency factory: the current employee, if they hold ``role`` (admins hold all)."""

    def _check(employee: CurrentEmployee) -> Employee:
        if not employee.has_role(role):
            raise Forbidden(f"this needs the role '{role.value}'")
        return employee

    return _check


EditorEmployee = Annotated[Employee, Depends(require_role(Role.editor))]
AdminEmployee = Annotated[Employee, Depends(require_role(Role.admin))]
AnalystEmployee = Annotated[Employee, Depends(require_role(Role.analyst))]
