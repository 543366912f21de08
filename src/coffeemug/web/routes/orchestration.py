"""Newsroom orchestration pages: campaigns with their reports, the planning calendar."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from coffeemug.access import Audience, allow
from coffeemug.deps import SessionDep, SettingsDep
from coffeemug.errors import BadRequest
from coffeemug.fields import INT32_MAX, DbId, is_clean
from coffeemug.orchestration import approvals
from coffeemug.orchestration import service as campaigns
from coffeemug.web.pages import FormEditor, PageRoute
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


def _optional_id(value: object) -> int | None:
    text = value.strip() if isinstance(value, str) else ""
    return int(text) if text.isdigit() and 0 < int(text) <= INT32_MAX else None


@router.post("/desk/{article_id}/review")
@allow(Audience.editor)
async def review_action(
    request: Request,
    article_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    editor: FormEditor,
) -> Response:
    """The desk's approval buttons: ask for review, approve, reject (with a comment). A refusal
    of the workflow (409, 403, 422) comes back as the error page with its reason."""
    form = await request.form()
    action = form.get("action")
    comment = form.get("comment")
    comment = comment[:2000] if isinstance(comment, str) and is_clean(comment) else ""
    if action == "submit":
        approvals.submit(
            session,
            settings,
            article_id,
            editor,
            _optional_id(form.get("approver_id")),
            _optional_id(form.get("deputy_id")),
        )
    elif action == "approve":
        approvals.approve(session, settings, article_id, editor, comment)
    elif action == "reject":
        approvals.reject(session, settings, article_id, editor, comment)
    else:
        raise BadRequest("action: use submit, approve or reject")
    return RedirectResponse(f"/desk/{article_id}/edit#review", status_code=303)
