"""HTTP routes of campaigns, approvals, the calendar, tasks and iCalendar feeds."""

from __future__ import annotations

from fastapi import APIRouter, status

from coffeemug.access import Audience, allow
from coffeemug.analytics.api import AnalyticsReader
from coffeemug.deps import EditorEmployee, SessionDep, SettingsDep
from coffeemug.errors import (
    Conflict,
    Forbidden,
    NotAuthenticated,
    NotFound,
    ValidationFailed,
    error_responses,
)
from coffeemug.fields import DbId
from coffeemug.orchestration import service
from coffeemug.orchestration.schemas import CampaignCreate, CampaignRead, CampaignReport

router = APIRouter(prefix="/api", tags=["orchestration"])

READ_ERRORS = error_responses(NotAuthenticated, Forbidden, NotFound)
WRITE_ERRORS = error_responses(NotAuthenticated, Forbidden, NotFound, Conflict, ValidationFailed)


@router.get("/campaigns", response_model=list[CampaignRead], responses=READ_ERRORS)
@allow(Audience.analytics)
def list_campaigns(session: SessionDep, reader: AnalyticsReader) -> list[CampaignRead]:
    """Every campaign with its goal, key messages, audience, owner, window and planned effort."""
    return service.list_campaigns(session)


@router.post(
    "/campaigns",
    response_model=CampaignRead,
    status_code=status.HTTP_201_CREATED,
    responses=WRITE_ERRORS,
)
@allow(Audience.editor)
def create_campaign(
    data: CampaignCreate, session: SessionDep, editor: EditorEmployee
) -> CampaignRead:
    """Plan a campaign (editors): name, goal, key messages, audience, window, planned effort."""
    return service.create_campaign(session, data)


@router.get("/campaigns/{campaign_id}/report", response_model=CampaignReport, responses=READ_ERRORS)
@allow(Audience.analytics)
def campaign_report(
    campaign_id: DbId, session: SessionDep, settings: SettingsDep, reader: AnalyticsReader
) -> CampaignReport:
    """Plan against actual: the sums of the campaign's articles' figures, its Engagement Score
    per week against the goal, effort and ROI; k-suppressed like all analytics."""
    return service.campaign_report(session, settings, campaign_id)
