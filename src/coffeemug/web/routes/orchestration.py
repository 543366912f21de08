"""Newsroom orchestration pages: campaigns with their reports, the planning calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

from babel.dates import format_date
from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import ValidationError

from coffeemug.access import Audience, allow
from coffeemug.content import service as content
from coffeemug.deps import SessionDep, SettingsDep
from coffeemug.errors import BadRequest, Forbidden, ValidationFailed
from coffeemug.fields import EARLIEST, INT32_MAX, LATEST, DbId, is_clean
from coffeemug.i18n import N_
from coffeemug.orchestration import approvals, feeds, stories
from coffeemug.orchestration import calendar as planning
from coffeemug.orchestration import service as campaigns
from coffeemug.orchestration.models import FeedScope
from coffeemug.orchestration.schemas import CampaignCreate, SlotClaim, SlotCreate, StoryCreate
from coffeemug.people import service as people
from coffeemug.text.embeddings import get_encoder
from coffeemug.web import labels
from coffeemug.web.i18n import request_language
from coffeemug.web.pages import FormEditor, FormEmployee, PageEditor, PageEmployee, PageRoute
from coffeemug.web.routes.analytics import PageAnalyst
from coffeemug.web.templating import render

router = APIRouter(route_class=PageRoute)


@router.get("/campaigns")
@allow(Audience.analytics)
def campaign_list(request: Request, session: SessionDep, reader: PageAnalyst) -> Response:
    context = {"campaigns": campaigns.list_campaigns(session), "today": date.today()}
    return render(request, "orchestration/campaigns.html", context)


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


# ------------------------------------------------------------------ the calendar


def _anchor(value: str | None) -> date:
    try:
        day = date.fromisoformat(value) if value else date.today()
    except ValueError:
        return date.today()
    return day if EARLIEST.date() < day < LATEST.date() - timedelta(days=62) else date.today()


@router.get("/calendar")
@allow(Audience.editor)
def calendar_page(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    editor: PageEditor,
    view: Literal["week", "month"] = "week",
    day: str | None = None,
) -> Response:
    zone = planning.zone_of(session, editor, settings)
    anchor = _anchor(day)
    start, end = planning.period(view, anchor)
    lang = request_language(request, editor)
    plan = planning.build(session, start, end, zone, lang)
    now = datetime.now(UTC)
    step = timedelta(days=7) if view == "week" else timedelta(days=31)
    _, units = people.regions_and_units(session)
    return render(
        request,
        "orchestration/calendar.html",
        {
            "plan": plan,
            "view": view,
            "anchor": anchor,
            "previous": (anchor - step).isoformat(),
            "next": (anchor + step).isoformat(),
            "today": datetime.now(zone).date(),
            "zone": zone,
            "units": units,
            "topics": {t.id: t for t in content.list_topics(session)},
            "plannable": planning.plannable_articles(session),
            "moved": request.query_params.get("moved"),
            "states": approvals.states(session, [a for d in plan.days for a in d.articles], now),
            "weekday": lambda d: format_date(d, "EEE d MMM", locale=lang),
            "local_time": lambda t: t.astimezone(zone).strftime("%H:%M"),
            "conflict_labels": labels.CALENDAR_CONFLICTS,
            "task_labels": labels.TASK_KINDS,
            "feeds": feeds.tokens_of(session, editor),
            "feed_labels": labels.FEED_SCOPES,
            "feed_base": f"{settings.public_url}/api/calendar.ics?token=",
            "campaigns": campaigns.campaign_choices(session),
        },
    )


def _back(form: Any) -> str:
    view = form.get("view") if form.get("view") in ("week", "month") else "week"
    day = _anchor(form.get("day") if isinstance(form.get("day"), str) else None)
    return f"/calendar?view={view}&day={day.isoformat()}"


@router.post("/calendar/slots/{slot_id}/claim")
@allow(Audience.editor)
async def claim_slot(
    request: Request, slot_id: DbId, session: SessionDep, editor: FormEditor
) -> Response:
    """Claim a daily-topic slot for a business unit with a planned article (or release it)."""
    form = await request.form()
    unit = form.get("business_unit")
    if form.get("action") == "release":
        planning.release_slot(session, slot_id)
    else:
        if not isinstance(unit, str) or not unit.strip() or not is_clean(unit) or len(unit) > 64:
            raise BadRequest("business_unit: choose a business unit")
        claim = SlotClaim(
            business_unit=unit.strip(), article_id=_optional_id(form.get("article_id"))
        )
        planning.claim_slot(session, slot_id, claim, editor)
    return RedirectResponse(_back(form), status_code=303)


@router.post("/calendar/articles/{article_id}/move")
@allow(Audience.editor)
async def move_article(
    request: Request,
    article_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    editor: FormEditor,
) -> Response:
    """Reschedule an article to another day (drag and drop posts this form, and so does the
    keyboard's date field and button)."""
    form = await request.form()
    target = form.get("to")
    try:
        day = date.fromisoformat(target) if isinstance(target, str) else None
    except ValueError:
        day = None
    if day is None or not EARLIEST.date() < day < LATEST.date():
        raise BadRequest("to: give the new day as YYYY-MM-DD")
    zone = planning.zone_of(session, editor, settings)
    planning.reschedule(session, article_id, day, zone, editor, get_encoder(settings.embedder))
    return RedirectResponse(_back(form) + f"&moved={article_id}", status_code=303)


# ------------------------------------------------------------------ #learnfromit stories

_STORY_FIELDS = ("title", "language", "what_happened", "what_we_learned", "what_we_changed")


@router.get("/desk/stories/new")
@allow(Audience.editor)
def new_story(request: Request, editor: PageEditor) -> Response:
    return render(request, "orchestration/story_form.html", {"form": {}, "errors": {}})


def _story_form(form: Any) -> dict[str, str]:
    values = {}
    for name in (*_STORY_FIELDS, "teller", "hide_names", "strict_moderation"):
        value = form.get(name)
        values[name] = value if isinstance(value, str) and is_clean(value) else ""
    return values


@router.post("/desk/stories/new")
@allow(Audience.editor)
async def create_story(
    request: Request, session: SessionDep, settings: SettingsDep, editor: FormEditor
) -> Response:
    """The #learnfromit template: a draft article, the teller asked for consent."""
    values = _story_form(await request.form())
    errors: dict[str, str] = {}
    teller = editor
    if values["teller"].strip():
        found = people.employees_by_external_id(session, [values["teller"].strip()])
        if not found:
            errors["teller"] = N_("No employee with this directory id.")
        else:
            teller = found[0]
    names = [n.strip() for n in values["hide_names"].split(",") if len(n.strip()) >= 2]
    try:
        data = StoryCreate(
            **{name: values[name] for name in _STORY_FIELDS},
            teller_id=teller.id,
            hide_names=names,
            strict_moderation=values["strict_moderation"] == "on",
        )
    except ValidationError as exc:
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else "form"
            errors.setdefault(field, N_("Please fill in this part."))
        data = None
    if errors or data is None:
        context = {"form": values, "errors": errors}
        return render(request, "orchestration/story_form.html", context, status_code=422)
    story = stories.create_story(session, editor, data, get_encoder(settings.embedder))
    return RedirectResponse(f"/desk?saved={story.article_id}", status_code=303)


@router.get("/stories/{article_id}/consent")
@allow(Audience.employee)
def consent_page(
    request: Request, article_id: DbId, session: SessionDep, employee: PageEmployee
) -> Response:
    """The teller reads their story as it will go out and agrees (or does not)."""
    story = stories.get_story(session, article_id)
    if story.teller_id != employee.id:
        raise Forbidden("only the person who tells the story can consent to it")
    return render(request, "orchestration/consent.html", {"story": story})


@router.post("/stories/{article_id}/consent")
@allow(Audience.employee)
def give_consent(
    request: Request, article_id: DbId, session: SessionDep, employee: FormEmployee
) -> Response:
    stories.consent(session, article_id, employee)
    return RedirectResponse(f"/stories/{article_id}/consent", status_code=303)


# ------------------------------------------------------------------ calendar feeds


@router.post("/calendar/feeds")
@allow(Audience.editor)
async def create_feed(
    request: Request, session: SessionDep, settings: SettingsDep, editor: FormEditor
) -> Response:
    """A new iCalendar feed: mine, a business unit's or a campaign's."""
    form = await request.form()
    scope = form.get("scope")
    if scope not in [s.value for s in FeedScope]:
        raise BadRequest("scope: choose person, business_unit or campaign")
    key = "unit" if scope == FeedScope.business_unit.value else "campaign"
    value = form.get(key) if scope != FeedScope.person.value else ""
    value = value.strip()[:64] if isinstance(value, str) and is_clean(value) else ""
    zone = planning.zone_of(session, editor, settings)
    feeds.create_token(session, editor, FeedScope(scope), value, zone)
    return RedirectResponse("/calendar#feeds", status_code=303)


@router.post("/calendar/feeds/{feed_id}/revoke")
@allow(Audience.editor)
def revoke_feed(
    request: Request, feed_id: DbId, session: SessionDep, editor: FormEditor
) -> Response:
    feeds.revoke(session, editor, feed_id)
    return RedirectResponse("/calendar#feeds", status_code=303)


# ------------------------------------------------------------------ planning forms


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    return f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}"


def _form_text(form: Any, name: str, limit: int) -> str:
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) and is_clean(value) else ""


def _form_number(form: Any, name: str) -> float | None:
    text = _form_text(form, name, 20).replace(",", ".")
    try:
        return float(text) if text else None
    except ValueError:
        return None


@router.post("/campaigns")
@allow(Audience.editor)
async def plan_campaign(
    request: Request, session: SessionDep, settings: SettingsDep, editor: FormEditor
) -> Response:
    """The campaign page's form: name, description, window, goal, key messages, effort."""
    form = await request.form()
    zone = planning.zone_of(session, editor, settings)
    window = {}
    for name in ("starts_at", "ends_at"):
        day = _form_text(form, name, 10)
        try:
            window[name] = datetime.combine(date.fromisoformat(day), time(), zone) if day else None
        except ValueError:
            window[name] = None
    messages = [m.strip() for m in _form_text(form, "key_messages", 5000).splitlines() if m.strip()]
    try:
        data = CampaignCreate(
            name=_form_text(form, "name", 200),
            description=_form_text(form, "description", 5000),
            goal_score=_form_number(form, "goal_score"),
            key_messages=[m[:300] for m in messages[:20]],
            planned_hours=_form_number(form, "planned_hours") or 0.0,
            planned_budget=_form_number(form, "planned_budget") or 0.0,
            owner_id=editor.id,
            **window,
        )
    except ValidationError as exc:
        raise ValidationFailed(_first_error(exc)) from exc
    created = campaigns.create_campaign(session, data)
    return RedirectResponse(f"/campaigns/{created.id}", status_code=303)


@router.post("/calendar/slots")
@allow(Audience.editor)
async def add_slot(request: Request, session: SessionDep, editor: FormEditor) -> Response:
    """A daily topic for a region on a day, from the calendar page."""
    form = await request.form()
    try:
        data = SlotCreate(
            day=_form_text(form, "slot_day", 10),
            region=_form_text(form, "region", 64),
            country=_form_text(form, "country", 2).upper() or None,
            topic_id=_form_text(form, "topic_id", 64),
        )
    except ValidationError as exc:
        raise ValidationFailed(_first_error(exc)) from exc
    planning.create_slot(session, data)
    return RedirectResponse(_back(form), status_code=303)
