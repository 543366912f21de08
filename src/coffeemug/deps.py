"""Request dependencies: the session that owns the transaction, and who is asking.

The dependencies that need no database are ``async``: FastAPI runs a plain ``def`` dependency
in the thread pool, and each such hop costs about as much CPU as a small query.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Annotated, TypeVar

from anyio import CapacityLimiter, to_thread
from fastapi import Depends, Request
from sqlalchemy.orm import Session

from coffeemug import demo_identity
from coffeemug.db import get_sessionmaker
from coffeemug.errors import Forbidden, NotAuthenticated
from coffeemug.people.models import Employee, Role
from coffeemug.people.repository import get_employee_by_external_id
from coffeemug.settings import Settings

T = TypeVar("T")


async def get_request_settings(request: Request) -> Settings:
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_request_settings)]


def _end(session: Session, commit: bool) -> None:
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()


def discard_writes(request: Request) -> None:
    """Roll back what this request wrote although it answers without raising: for routes that
    turn an error into a page (the page routes) instead of letting it propagate."""
    request.state.discard_writes = True


def keeps_writes(request: Request) -> bool:
    """Whether the request's writes are to be committed (unless ``discard_writes`` was called)."""
    return not getattr(request.state, "discard_writes", False)


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One transaction per request, committed when the handler returns and *before* the response
    is sent (``SessionDep`` runs this with ``scope="function"``), rolled back on any error.

    A 2xx therefore always means committed: a commit that fails (a unique key taken by a
    concurrent request, say) becomes the request's error instead of a lost write after a 201.
    Opening a session touches no connection, so it happens on the event loop; the end needs
    the database only if the handler left a transaction open (``run_and_commit`` does not).
    """
    session = get_sessionmaker(request.app.state.settings.database_url)()
    ok = False
    try:
        yield session
        ok = keeps_writes(request)
    finally:
        if session.in_transaction():
            await to_thread.run_sync(_end, session, ok)
        else:
            session.close()


# ``scope="function"``: the session ends (commits) when the route function returns, before the
# response goes out. Every route that takes ``SessionDep`` gets this without doing anything.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


async def run_and_commit(
    session: Session, work: Callable[[], T], limiter: CapacityLimiter | None = None
) -> T:
    """Run blocking database work off the event loop and commit it there, in one hop.

    The request's session dependency still owns the transaction: on an error it rolls back.
    """

    def work_then_commit() -> T:
        result = work()
        session.commit()
        return result

    return await to_thread.run_sync(work_then_commit, limiter=limiter)


def external_id_of(request: Request, settings: Settings) -> str | None:
    """The identity header (demo header or the SSO proxy's), or, for pages in demo mode, the
    signed identity cookie set by the demo picker."""
    external_id = request.headers.get(settings.identity_header)
    if not external_id and settings.demo_mode:
        cookie = request.cookies.get(demo_identity.COOKIE)
        external_id = demo_identity.external_id_from(settings.secret_key, cookie)
    return external_id or None


def identify(request: Request, session: Session, settings: Settings) -> Employee | None:
    """The employee behind a request, or None when it names none."""
    external_id = external_id_of(request, settings)
    if external_id is None:
        return None
    return get_employee_by_external_id(session, external_id)


async def get_external_id(request: Request, settings: SettingsDep) -> str:
    """The caller's external id, checked for presence only (no database): for routes that look
    the employee up inside their own worker-thread call with ``known_employee``."""
    external_id = external_id_of(request, settings)
    if external_id is None:
        raise NotAuthenticated(f"missing identity: send header {settings.identity_header}")
    return external_id


ExternalId = Annotated[str, Depends(get_external_id)]


def known_employee(session: Session, external_id: str, settings: Settings) -> Employee:
    employee = get_employee_by_external_id(session, external_id)
    if employee is None:
        raise NotAuthenticated(
            f"no employee with the id given in header {settings.identity_header}"
        )
    return employee


def get_current_employee(
    session: SessionDep, external_id: ExternalId, settings: SettingsDep
) -> Employee:
    return known_employee(session, external_id, settings)


CurrentEmployee = Annotated[Employee, Depends(get_current_employee)]


def require_role(role: Role):  # type: ignore[no-untyped-def]
    """Dependency factory: the current employee, if they hold ``role`` (admins hold all)."""

    async def _check(employee: CurrentEmployee) -> Employee:
        if not employee.has_role(role):
            raise Forbidden(f"this needs the role '{role.value}'")
        return employee

    return _check


EditorEmployee = Annotated[Employee, Depends(require_role(Role.editor))]
AdminEmployee = Annotated[Employee, Depends(require_role(Role.admin))]
AnalystEmployee = Annotated[Employee, Depends(require_role(Role.analyst))]
ModeratorEmployee = Annotated[Employee, Depends(require_role(Role.moderator))]
