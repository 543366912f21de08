"""HTTP routes of the calling employee: record, preferences, learned state, export, saved."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from coffeemug.access import Audience, allow
from coffeemug.deps import CurrentEmployee, SessionDep
from coffeemug.errors import NotAuthenticated, ValidationFailed, error_responses
from coffeemug.feed import service as feed_service
from coffeemug.people import service
from coffeemug.people.schemas import (
    EmployeeRead,
    ExportRead,
    LearnedRead,
    MeRead,
    PreferencesRead,
    PreferencesUpdate,
    SavedItem,
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


@router.get("/learned", response_model=LearnedRead, responses=AUTH)
@allow(Audience.employee)
def get_learned(session: SessionDep, employee: CurrentEmployee) -> LearnedRead:
    """What the feed learned about the employee, per topic, in numbers and words."""
    return feed_service.get_learned(session, employee)


@router.delete("/learned", status_code=status.HTTP_204_NO_CONTENT, responses=AUTH)
@allow(Audience.employee)
def reset_learned(session: SessionDep, employee: CurrentEmployee) -> Response:
    """Forget what the feed learned; preferences and events stay."""
    feed_service.reset_learned(session, employee)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/export", response_model=ExportRead, responses=AUTH)
@allow(Audience.employee)
def export(session: SessionDep, employee: CurrentEmployee) -> ExportRead:
    """All data stored about the employee, as JSON."""
    return service.export(session, employee)


@router.get("/saved", response_model=list[SavedItem], responses=AUTH)
@allow(Audience.employee)
def saved(session: SessionDep, employee: CurrentEmployee) -> list[SavedItem]:
    """Articles the employee saved."""
    return service.saved_items(session, employee)
