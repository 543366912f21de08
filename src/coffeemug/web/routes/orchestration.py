"""Newsroom orchestration pages: campaigns with their reports, the planning calendar."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from coffeemug.access import Audience, allow
from coffeemug.deps import SessionDep, SettingsDep
from coffeemug.fields import DbId
from coffeemug.orchestration import service as campaigns
from coffeemug.web.pages import PageRoute
from coffeemug.web.routes.analytics import PageAnalyst
from coffeemug.web.templating import render

router = APIRouter(route_class=PageRoute)


@router.get("/campaigns")
@allow(Audience.analytics)
def campaign_list(request: Request, session: SessionDep, reader: PageAnalyst) -> Response:
    return render(
        request, "orchestration/campaigns.html", {"campaigns": campaigns.list_campaigns(session)}
    )


@router.get("/campaigns/{campaign_id}")
@allow(Audience.analytics)
def campaign_page(
    request: Request,
    campaign_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    reader: PageAnalyst,
) -> Response:
    report = campaigns.campaign_report(session, settings, campaign_id)
    best = max((w.score or 0.0 for w in report.weeks), default=0.0)
    scale = max(best, report.campaign.goal_score or 0.0, 1.0)
    return render(request, "orchestration/campaign.html", {"report": report, "scale": scale})
