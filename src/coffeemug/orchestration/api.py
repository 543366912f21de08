"""HTTP routes of campaigns, approvals, the calendar, tasks and iCalendar feeds."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Response, status

from coffeemug.access import Audience, allow
from coffeemug.analytics.api import AnalyticsReader
from coffeemug.deps import (
    AdminEmployee,
    CurrentEmployee,
    EditorEmployee,
    SessionDep,
    SettingsDep,
)
from coffeemug.errors import (
    Conflict,
    Forbidden,
    NotAuthenticated,
    NotFound,
    ValidationFailed,
    error_responses,
)
from coffeemug.fields import Day, DbId, Text
from coffeemug.orchestration import approvals, feeds, service, stories, tasks
from coffeemug.orchestration import calendar as planning
from coffeemug.orchestration.schemas import (
    CalendarRead,
    CampaignCreate,
    CampaignRead,
    CampaignReport,
    FeedCreate,
    FeedRead,
    ModeRead,
    ModeUpdate,
    ReviewDecision,
    ReviewRead,
    ReviewRequest,
    SlotClaim,
    SlotCreate,
    SlotRead,
    StoryCreate,
    StoryRead,
    TaskCreate,
    TaskDone,
    TaskRead,
)
from coffeemug.text.embeddings import get_encoder

router = APIRouter(prefix="/api", tags=["orchestration"])

FeedToken = Text(64)

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


# ------------------------------------------------------------------ approvals


@router.get("/approvals/mode", response_model=ModeRead, responses=READ_ERRORS)
@allow(Audience.editor)
def approval_mode(session: SessionDep, settings: SettingsDep, editor: EditorEmployee) -> ModeRead:
    """The newsroom's approval mode: none, optional, required or two_step."""
    return ModeRead(mode=approvals.mode(session, settings))  # type: ignore[arg-type]


@router.put("/approvals/mode", response_model=ModeRead, responses=WRITE_ERRORS)
@allow(Audience.admin)
def set_approval_mode(data: ModeUpdate, session: SessionDep, admin: AdminEmployee) -> ModeRead:
    """Choose the newsroom's approval mode (admins)."""
    return ModeRead(mode=approvals.set_mode(session, data.mode, admin))  # type: ignore[arg-type]


@router.get("/articles/{article_id}/review", response_model=ReviewRead, responses=READ_ERRORS)
@allow(Audience.editor)
def article_review(
    article_id: DbId, session: SessionDep, settings: SettingsDep, editor: EditorEmployee
) -> ReviewRead:
    """The article's workflow state, approval steps and every transition (who, when, why)."""
    return approvals.review_read(session, article_id, settings)


@router.post(
    "/articles/{article_id}/review/submit", response_model=ReviewRead, responses=WRITE_ERRORS
)
@allow(Audience.editor)
def submit_for_review(
    article_id: DbId,
    data: ReviewRequest,
    session: SessionDep,
    settings: SettingsDep,
    editor: EditorEmployee,
) -> ReviewRead:
    """Ask for approval, naming an approver and a deputy (optional); 409 where the state or
    the newsroom's mode does not allow it."""
    return approvals.submit(
        session, settings, article_id, editor, data.approver_id, data.deputy_id, data.comment
    )


@router.post(
    "/articles/{article_id}/review/approve", response_model=ReviewRead, responses=WRITE_ERRORS
)
@allow(Audience.editor)
def approve_article(
    article_id: DbId,
    data: ReviewDecision,
    session: SessionDep,
    settings: SettingsDep,
    editor: EditorEmployee,
) -> ReviewRead:
    """Approve one step (the named approver, the deputy after the reminder); 409 for one's own
    article, an article not in review, or the same person twice in a two-step approval."""
    return approvals.approve(session, settings, article_id, editor, data.comment)


@router.post(
    "/articles/{article_id}/review/reject", response_model=ReviewRead, responses=WRITE_ERRORS
)
@allow(Audience.editor)
def reject_article(
    article_id: DbId,
    data: ReviewDecision,
    session: SessionDep,
    settings: SettingsDep,
    editor: EditorEmployee,
) -> ReviewRead:
    """Reject with a comment saying why (422 without one)."""
    return approvals.reject(session, settings, article_id, editor, data.comment)


# ------------------------------------------------------------------ calendar


@router.get("/calendar", response_model=CalendarRead, responses=READ_ERRORS)
@allow(Audience.editor)
def calendar(
    session: SessionDep,
    settings: SettingsDep,
    editor: EditorEmployee,
    view: Literal["week", "month"] = "week",
    day: Day | None = None,
) -> CalendarRead:
    """The week or month around ``day`` in the caller's time zone: articles, campaign windows,
    daily-topic slots, tasks and conflicts per day."""
    zone = planning.zone_of(session, editor, settings)
    start, end = planning.period(view, day or datetime.now(zone).date())
    return planning.view_read(planning.build(session, start, end, zone))


@router.post(
    "/calendar/slots",
    response_model=SlotRead,
    status_code=status.HTTP_201_CREATED,
    responses=WRITE_ERRORS,
)
@allow(Audience.editor)
def create_slot(data: SlotCreate, session: SessionDep, editor: EditorEmployee) -> SlotRead:
    """A daily topic for a region on a day (409 if the region has it that day already)."""
    return SlotRead.model_validate(planning.create_slot(session, data))


@router.post("/calendar/slots/{slot_id}/claim", response_model=SlotRead, responses=WRITE_ERRORS)
@allow(Audience.editor)
def claim_slot(
    slot_id: DbId, data: SlotClaim, session: SessionDep, editor: EditorEmployee
) -> SlotRead:
    """A business unit claims the slot with a planned article (409 if another unit has it)."""
    return SlotRead.model_validate(planning.claim_slot(session, slot_id, data, editor))


@router.delete(
    "/calendar/slots/{slot_id}/claim",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=WRITE_ERRORS,
)
@allow(Audience.editor)
def release_slot(slot_id: DbId, session: SessionDep, editor: EditorEmployee) -> Response:
    """Give the slot free again."""
    planning.release_slot(session, slot_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# ------------------------------------------------------------------ iCalendar feeds


def _feed_read(token, settings) -> FeedRead:  # type: ignore[no-untyped-def]
    return FeedRead(
        id=token.id,
        scope=token.scope,
        value=token.value,
        time_zone=token.time_zone,
        created_at=token.created_at,
        url=f"{settings.public_url}/api/calendar.ics?token={token.token}",
    )


@router.get("/calendar/feeds", response_model=list[FeedRead], responses=READ_ERRORS)
@allow(Audience.editor)
def list_feeds(
    session: SessionDep, settings: SettingsDep, editor: EditorEmployee
) -> list[FeedRead]:
    """The caller's calendar feeds that are not revoked."""
    return [_feed_read(t, settings) for t in feeds.tokens_of(session, editor)]


@router.post(
    "/calendar/feeds",
    response_model=FeedRead,
    status_code=status.HTTP_201_CREATED,
    responses=WRITE_ERRORS,
)
@allow(Audience.editor)
def create_feed(
    data: FeedCreate, session: SessionDep, settings: SettingsDep, editor: EditorEmployee
) -> FeedRead:
    """A new iCalendar feed (person: the caller's own; business_unit or campaign: name it),
    in the caller's time zone."""
    zone = planning.zone_of(session, editor, settings)
    token = feeds.create_token(session, editor, data.scope, data.value.strip(), zone)
    return _feed_read(token, settings)


@router.delete(
    "/calendar/feeds/{feed_id}", status_code=status.HTTP_204_NO_CONTENT, responses=WRITE_ERRORS
)
@allow(Audience.editor)
def revoke_feed(feed_id: DbId, session: SessionDep, editor: EditorEmployee) -> Response:
    """Revoke a feed: its address stops working at once."""
    feeds.revoke(session, editor, feed_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/calendar.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}, **error_responses(NotFound)},
)
@allow(Audience.anyone)
def calendar_feed(
    session: SessionDep,
    token: FeedToken = "",
) -> Response:
    """The iCalendar feed the token opens (the token is the only key: no sign-in)."""
    if not token:
        raise NotFound("no calendar feed for this token")
    return Response(
        feeds.feed(session, token),
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, max-age=300"},
    )


# ------------------------------------------------------------------ tasks


@router.post(
    "/tasks", response_model=TaskRead, status_code=status.HTTP_201_CREATED, responses=WRITE_ERRORS
)
@allow(Audience.editor)
def create_task(data: TaskCreate, session: SessionDep, editor: EditorEmployee) -> TaskRead:
    """A task (write, graphics, video, translation, legal review) on an article or a campaign,
    with an assignee and a due date; it shows on the calendar."""
    return TaskRead.model_validate(tasks.create_task(session, data))


@router.post("/tasks/{task_id}/done", response_model=TaskRead, responses=WRITE_ERRORS)
@allow(Audience.editor)
def task_done(
    task_id: DbId, data: TaskDone, session: SessionDep, editor: EditorEmployee
) -> TaskRead:
    """Mark a task done (or open again with ``done: false``)."""
    return TaskRead.model_validate(tasks.mark_done(session, task_id, data.done))


# ------------------------------------------------------------------ stories


@router.post(
    "/stories",
    response_model=StoryRead,
    status_code=status.HTTP_201_CREATED,
    responses=WRITE_ERRORS,
)
@allow(Audience.editor)
def create_story(
    data: StoryCreate, session: SessionDep, settings: SettingsDep, editor: EditorEmployee
) -> StoryRead:
    """A #learnfromit story from the three-part template (a draft article); the names listed
    are replaced in the text; publishing waits for the teller's consent (409 until then)."""
    return stories.create_story(session, editor, data, get_encoder(settings.embedder))


@router.get("/stories/{article_id}", response_model=StoryRead, responses=READ_ERRORS)
@allow(Audience.editor)
def get_story(article_id: DbId, session: SessionDep, editor: EditorEmployee) -> StoryRead:
    """A story's parts, its teller and whether they consented."""
    return stories.get_story(session, article_id)


@router.post("/stories/{article_id}/consent", response_model=StoryRead, responses=WRITE_ERRORS)
@allow(Audience.employee)
def consent_to_story(article_id: DbId, session: SessionDep, employee: CurrentEmployee) -> StoryRead:
    """The teller agrees to their story being published (403 for anyone else)."""
    return stories.consent(session, article_id, employee)
