"""The editors' desk: their articles with first numbers, and the article form."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session

from coffeemug.access import Audience, allow
from coffeemug.analytics import service as analytics
from coffeemug.content import service as content
from coffeemug.content.models import Article, ArticleStatus
from coffeemug.content.schemas import ArticleCreate, ArticleUpdate, DeskFilters
from coffeemug.db import utcnow
from coffeemug.deps import SessionDep, SettingsDep
from coffeemug.errors import Conflict, ValidationFailed
from coffeemug.fields import DbId, is_clean
from coffeemug.i18n import N_, gettext, ngettext
from coffeemug.orchestration import approvals, stories, tasks, versions
from coffeemug.orchestration import calendar as planning
from coffeemug.orchestration import service as orchestration
from coffeemug.people import service as people
from coffeemug.people.models import Employee
from coffeemug.text.embeddings import get_encoder
from coffeemug.web import forms, markdown
from coffeemug.web.forms import ArticleForm
from coffeemug.web.i18n import Formatter, request_language
from coffeemug.web.pages import FormEditor, PageEditor, PageRoute
from coffeemug.web.templating import render

router = APIRouter(route_class=PageRoute)

PAGE_SIZE = 25

# The form fields the desk edits; priority stays as the API set it.
_EDITABLE = (
    "title",
    "summary",
    "body",
    "language",
    "topics",
    "publish_at",
    "expires_at",
    "must_read",
    "due_at",
    "shareable",
    "audience_regions",
    "audience_business_units",
    "audience_languages",
    "campaign_id",
    "translation_of",
)


async def posted_article(request: Request) -> ArticleForm:
    return ArticleForm.from_form(await request.form())


PostedArticle = Annotated[ArticleForm, Depends(posted_article)]


async def posted_action(request: Request) -> str:
    value = (await request.form()).get("action", "draft")
    return value if value in ("draft", "preview", "publish", "confirm") else "draft"


PostedAction = Annotated[str, Depends(posted_action)]


def desk_filters(params: Any) -> DeskFilters:
    """The desk's search and filters from the query; empty or invalid values mean "any"."""
    values: dict[str, Any] = {}
    for name, key in (
        ("q", "q"),
        ("status", "status"),
        ("language", "language"),
        ("campaign_id", "campaign"),
        ("author_id", "author"),
    ):
        value = params.get(key)
        if not value or not value.strip():
            continue
        try:
            DeskFilters.model_validate({name: value.strip()})
        except ValidationError:
            continue
        values[name] = value.strip()
    return DeskFilters.model_validate(values)


@router.get("/desk")
@allow(Audience.editor)
def desk(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    editor: PageEditor,
    all: bool = False,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    filters = desk_filters(request.query_params)
    # Naming an author shows theirs whatever "all" says.
    mine = None if all or filters.author_id else editor.id
    articles, total = content.desk_articles(
        session, mine, PAGE_SIZE, (page - 1) * PAGE_SIZE, filters
    )
    # The analytics read side's figures: from the rollups, suppressed as on the dashboard.
    numbers = analytics.article_figures(session, settings, [a.id for a in articles])
    now = utcnow()
    # Must-reads against their due date, on top of the same figures and suppressed likewise.
    progress = analytics.due_progress(session, settings, articles, numbers, now)
    zone = planning.zone_of(session, editor, settings)
    query = {k: v for k, v in request.query_params.items() if k not in ("page", "saved") and v}
    return render(
        request,
        "desk.html",
        {
            "articles": articles,
            "numbers": numbers,
            "progress": progress,
            "states": approvals.states(session, articles, now),
            "waiting": approvals.waiting_for(session, editor),
            "due_today": tasks.due_today(session, editor.id, zone),
            "stories": versions.story_figures(session, settings, articles),
            "filters": filters,
            "campaigns": orchestration.campaign_choices(session),
            "authors": approvals.editors(session),
            "zone": zone,
            "local": _local_formatter(request, editor, zone),
            "query": urlencode(query),
            "show_all": all,
            "now": now,
            "k": settings.privacy_k,
            "saved": request.query_params.get("saved"),
            "page": page,
            "pages": max(1, -(-total // PAGE_SIZE)),
            "total": total,
        },
    )


def _local_formatter(request: Request, editor: Employee, zone: ZoneInfo) -> Any:
    """Date and time as the editor reads them: their language, their time zone."""
    locale = Formatter(request_language(request, editor)).locale

    def local(value: datetime | None) -> str:
        return "" if value is None else format_datetime(value, "medium", tzinfo=zone, locale=locale)

    return local


@router.post("/desk/{article_id}/unpublish")
@allow(Audience.editor)
def unpublish(
    request: Request, article_id: DbId, session: SessionDep, editor: FormEditor
) -> Response:
    """Take a published or scheduled article back to draft, from the list."""
    content.unpublish_article(session, article_id, editor)
    return RedirectResponse(f"/desk?saved={article_id}", status_code=303)


@router.post("/desk/{article_id}/archive")
@allow(Audience.editor)
def archive(
    request: Request, article_id: DbId, session: SessionDep, editor: FormEditor
) -> Response:
    """Archive an article from the list: out of every feed, history kept."""
    content.archive_article(session, article_id, editor)
    return RedirectResponse(f"/desk?saved={article_id}", status_code=303)


def _reach(session: Session, form: ArticleForm) -> int:
    """How many employees the ticked audience reaches (values that cannot be stored reach no
    one: the form refuses them on saving)."""

    def clean(values: list[str]) -> list[str]:
        return [value for value in values if is_clean(value)]

    return people.audience_size(
        session,
        clean(form.audience_regions),
        clean(form.audience_business_units),
        clean(form.audience_languages),
    )


def shown_reach(count: int, k: int) -> int | None:
    """The head count the desk may show: None (shown as "fewer than k") for a segment of 1 to
    k - 1 people, who could otherwise be singled out."""
    return None if 0 < count < k else count


def _form_page(
    request: Request,
    session: Session,
    form: ArticleForm,
    errors: dict[str, str] | None = None,
    article: Article | None = None,
    confirm: bool = False,
    preview: bool = False,
    status_code: int = 200,
) -> HTMLResponse:
    regions, units = people.regions_and_units(session)
    k = request.app.state.settings.privacy_k
    editor = request.state.employee
    reach = shown_reach(_reach(session, form), k)
    context: dict[str, Any] = {
        "form": form,
        "errors": errors or {},
        "article": article,
        "topics": content.list_topics(session),
        "campaigns": orchestration.campaign_choices(session),
        "zone": planning.zone_of(session, editor, request.app.state.settings).key,
        "regions": regions,
        "units": units,
        "reach": reach,
        "k": k,
        "confirm": confirm,
        "preview_html": markdown.to_html(form.body) if preview else None,
        "action_url": f"/desk/{article.id}/edit" if article else "/desk/new",
    }
    if article is not None:
        # The approval workflow's panel (its forms post to the orchestration pages).
        settings = request.app.state.settings
        context["review"] = approvals.review_read(session, article.id, settings)
        context["approvers"] = approvals.editors(session)
        context["story"] = stories.story_or_none(session, article.id)
    return render(request, "desk_form.html", context, status_code=status_code)


@router.get("/desk/new")
@allow(Audience.editor)
def new_article(request: Request, session: SessionDep, editor: PageEditor) -> Response:
    language = next((lang for lang in editor.languages if lang in ("de", "en")), "de")
    return _form_page(request, session, ArticleForm(language=language))


@router.get("/desk/{article_id}/edit")
@allow(Audience.editor)
def edit_article(
    request: Request,
    article_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    editor: PageEditor,
) -> Response:
    article = content.get_article(session, article_id)
    zone = planning.zone_of(session, editor, settings)
    return _form_page(request, session, ArticleForm.from_article(article, zone), article=article)


def _check(
    session: Session, form: ArticleForm, zone: ZoneInfo, publishing: bool
) -> tuple[ArticleCreate | None, dict[str, str]]:
    known = {t.id for t in content.list_topics(session)}
    data, errors = forms.validate(form, known, zone)
    if publishing and not form.body.strip():
        errors["body"] = N_("An article needs its text before it is published.")
        data = None
    targeted = form.audience_regions or form.audience_business_units or form.audience_languages
    if targeted and "audience" not in errors:
        reach = _reach(session, form)
        if reach == 0:
            errors["audience"] = N_("This audience matches no employee. Widen it.")
            data = None
    return data, errors


def _save(
    request: Request,
    session: Session,
    settings: Any,
    editor: Employee,
    form: ArticleForm,
    action: str,
    article: Article | None,
) -> Response:
    zone = planning.zone_of(session, editor, settings)
    data, errors = _check(session, form, zone, action in ("publish", "confirm"))
    if data is None:
        return _form_page(request, session, form, errors, article, status_code=422)
    if action == "preview":
        return _form_page(request, session, form, article=article, preview=True)
    if action == "publish":
        # Publishing asks once more, showing how many employees the audience reaches.
        return _form_page(request, session, form, article=article, confirm=True, preview=True)
    status = ArticleStatus.published if action == "confirm" else ArticleStatus.draft
    encoder = get_encoder(settings.embedder)
    try:
        # A savepoint: a change the service refuses halfway must leave nothing behind,
        # although the page itself (and so the request's transaction) succeeds.
        with session.begin_nested():
            if article is None:
                data = data.model_copy(update={"status": status})
                saved = content.create_article(session, editor, data, encoder)
            else:
                changes = data.model_dump(include=set(_EDITABLE))
                if changes.get("publish_at") is None:
                    changes.pop("publish_at", None)
                changes["status"] = status
                update = ArticleUpdate(**changes)
                saved = content.update_article(session, article.id, update, encoder, actor=editor)
    except Conflict as exc:
        # A workflow rule (e.g. approval required before publishing) refused the change.
        message = (
            N_("This article must be approved before it is published. Ask for a review first.")
            if exc.detail.startswith("approval:")
            else exc.detail
        )
        return _form_page(request, session, form, {"form": message}, article, status_code=409)
    except ValidationFailed as exc:
        field = str(exc.extra.get("field", "form"))
        field = "audience" if field.startswith("audience") else field
        return _form_page(request, session, form, {field: exc.detail}, article, status_code=422)
    return RedirectResponse(f"/desk?saved={saved.id}", status_code=303)


@router.post("/desk/new")
@allow(Audience.editor)
def create_article(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    editor: FormEditor,
    form: PostedArticle,
    action: PostedAction,
) -> Response:
    return _save(request, session, settings, editor, form, action, None)


@router.post("/desk/{article_id}/edit")
@allow(Audience.editor)
def update_article(
    request: Request,
    article_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    editor: FormEditor,
    form: PostedArticle,
    action: PostedAction,
) -> Response:
    article = content.get_article(session, article_id)
    return _save(request, session, settings, editor, form, action, article)


@router.post("/desk/reach")
@allow(Audience.editor)
def reach(
    request: Request, session: SessionDep, editor: FormEditor, form: PostedArticle
) -> Response:
    """How many employees the audience ticked so far reaches, as the sentence the form shows
    (below k people only "fewer than k", and ``reach`` null)."""
    k = request.app.state.settings.privacy_k
    count = shown_reach(_reach(session, form), k)
    lang = request_language(request, editor)
    if count is None:
        text = gettext(lang, N_("This audience reaches fewer than %(k)s employees."), k=k)
    else:
        text = ngettext(
            lang,
            "This audience reaches %(n)s employee.",
            "This audience reaches %(n)s employees.",
            count,
            n=Formatter(lang).number(count),
        )
    return JSONResponse({"reach": count, "text": text})


@router.post("/desk/preview")
@allow(Audience.editor)
def preview(
    request: Request, session: SessionDep, editor: FormEditor, form: PostedArticle
) -> Response:
    """The rendered body and the audience's reach, for the form's live preview."""
    k = request.app.state.settings.privacy_k
    reach = shown_reach(_reach(session, form), k)
    return render(
        request,
        "_preview.html",
        {"preview_html": markdown.to_html(form.body), "reach": reach, "k": k},
    )
