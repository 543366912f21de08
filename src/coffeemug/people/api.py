"""HTTP routes of the calling employee: record, preferences, export (what the feed learned
and saved items are served by feed.api and events.api under the same /api/me prefix)."""

from __future__ import annotations

from fastapi import APIRouter

from coffeemug.access import Audience, allow
from coffeemug.deps import CurrentEmployee, SessionDep
from coffeemug.errors import NotAuthenticated, ValidationFailed, error_responses
from coffeemug.people import service
from coffeemug.people.schemas import (
    EmployeeRead,
    ExportRead,
    MeRead,
    PreferencesRead,
    PreferencesUpdate,
)

router = APIRouter(prefix="/api/me", tags=["me"])

AUTH = error_responses(NotAuthenticated)


@router.get("", response_model=MeRead, responses=AUTH)
@allow(Audience.employee)
def me(session: SessionDep, employee: CurrentEmployee) -> MeRead:
    """Who is calling, with their preferences."""
    return MeRead(
        employee=EmployeeRead.model_validate(employee),
        preferences=PreferencesRead.model_validate(service.get_preferences(session, employee)),
    )


@router.get("/preferences", response_model=PreferencesRead, responses=AUTH)
@allow(Audience.employee)
def get_preferences(session: SessionDep, employee: CurrentEmployee) -> PreferencesRead:
    """The employee's topics, volume, digest cadence and languages (defaults on first use)."""
    return PreferencesRead.model_validate(service.get_preferences(session, employee))


@router.put(
    "/preferences",
    response_model=PreferencesRead,
    responses=error_responses(NotAuthenticated, ValidationFailed),
)
@allow(Audience.employee)
def put_preferences(
    data: PreferencesUpdate, session: SessionDep, employee: CurrentEmployee
) -> PreferencesRead:
    """Change preferences; fields sent replace the stored ones, others stay."""
    return PreferencesRead.model_validate(service.update_preferences(session, employee, data))


@router.get("/export", response_model=ExportRead, responses=AUTH)
@allow(Audience.employee)
def export(session: SessionDep, employee: CurrentEmployee) -> ExportRead:
    """All data stored about the employee, as JSON."""
    return service.export(session, employee)
