"""Corporate influencers: the share composer, tracked links, the public article page, the
employee's own shares, the guideline rules (admins) and the aggregates (editors, analysts)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, Response, UploadFile
from fastapi.responses import RedirectResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session

from coffeemug.access import Audience, allow
from coffeemug.advocacy import outcomes, rules_file, service
from coffeemug.advocacy.models import Network
from coffeemug.advocacy.networks import NETWORKS
from coffeemug.advocacy.schemas import GoalSet, RuleCreate, ShareCreate
from coffeemug.db import utcnow
from coffeemug.deps import SessionDep, SettingsDep, discard_writes
from coffeemug.errors import CoffeeMugError, Conflict, Forbidden, ValidationFailed
from coffeemug.fields import DbId
from coffeemug.i18n import N_
from coffeemug.people.models import Employee, Role
from coffeemug.settings import Settings
from coffeemug.text.embeddings import get_encoder
from coffeemug.web import markdown
from coffeemug.web.i18n import request_language
from coffeemug.web.pages import FormEditor, FormEmployee, PageEmployee, PageRoute
from coffeemug.web.routes.analytics import PageAnalyst
from coffeemug.web.templating import render

router = APIRouter(route_class=PageRoute)

DIMENSION_LABELS = {
    "network": N_("Network"),
    "campaign": N_("Campaign"),
    "article": N_("Article"),
    "business_unit": N_("Business unit"),
}
MAX_RULES_FILE = 1_000_000


def page_admin(employee: PageEmployee) -> Employee:
    if not employee.has_role(Role.admin):
        raise Forbidden("this page is for admins")
    return employee


def form_admin(employee: FormEmployee) -> Employee:
    return page_admin(employee)


PageAdmin = Annotated[Employee, Depends(page_admin)]
FormAdmin = Annotated[Employee, Depends(form_admin)]


# ---- the composer


def _composer(
    request: Request,
    session: Session,
    settings: Settings,
    employee: Employee,
    article_id: int,
    extra: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    lang = request_language(request, employee)
    kit = service.share_kit(session, employee, article_id, lang, settings)
    context = {
        "kit": kit,
        "networks": list(Network),
        "network": "linkedin",
        "text": "",
        **(extra or {}),
    }
    return render(request, "advocacy/share.html", context, status_code=status_code)


@router.get("/share/{article_id}")
@allow(Audience.employee)
def composer_page(
    request: Request,
    article_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    employee: PageEmployee,
) -> Response:
    """Compose a post about an article: network, own words, starters, preview, coach."""
    return _composer(request, session, settings, employee, article_id)


@router.post("/share/{article_id}")
@allow(Audience.employee)
def share_from_page(
    request: Request,
    article_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    employee: FormEmployee,
    network: Annotated[Network, Form()],
    text: Annotated[str, Form(max_length=5000)] = "",
    confirm_unchanged: Annotated[bool, Form()] = False,
) -> Response:
    """The composer without JavaScript: store the share, then offer the network's page."""
    base = {"network": network.value, "text": text}
    try:
        data = ShareCreate(
            article_id=article_id, network=network, text=text, confirm_unchanged=confirm_unchanged
        )
        created = service.create_share(
            session,
            employee,
            data,
            language=request_language(request, employee),
            settings=settings,
            encoder=get_encoder(settings.embedder),
        )
    except ValidationError:
        discard_writes(request)
        extra = {**base, "error": "empty"}
        return _composer(request, session, settings, employee, article_id, extra, 422)
    except (service.GuidelineBlocked, service.Unchanged, ValidationFailed, Conflict) as exc:
        discard_writes(request)
        extra = {**base, "error": exc.kind, "detail": exc.detail, **exc.extra}
        return _composer(request, session, settings, employee, article_id, extra, exc.status)
    return _composer(request, session, settings, employee, article_id, {**base, "created": created})


# ---- the public page (tracked links /s/<token>: coffeemug.web.tracked_links)


@router.get("/p/{article_id}")
@allow(Audience.anyone)
def public_article(
    request: Request, article_id: DbId, session: SessionDep, settings: SettingsDep
) -> Response:
    """The public version of a shareable article, with Open Graph and Twitter card tags."""
    article = service.public_article(session, article_id)
    base = settings.public_url.rstrip("/")
    return render(
        request,
        "advocacy/public.html",
        {
            "article": article,
            "body_html": markdown.to_html(article.body),
            "canonical": f"{base}/p/{article.id}",
            "image": f"{base}/static/web/mug.svg",
            "employee": None,
        },
    )


# ---- the employee's own shares


@router.get("/me/shares")
@allow(Audience.employee)
def my_shares_page(
    request: Request, session: SessionDep, settings: SettingsDep, employee: PageEmployee
) -> Response:
    """What my shares achieved: clicks per share, per network and over time (only I see it)."""
    shares = service.my_shares(session, employee)
    per_network: dict[str, list[int]] = {}
    for share in shares:
        counts = per_network.setdefault(share.network, [0, 0])
        counts[0] += 1
        counts[1] += share.clicks
    return render(
        request,
        "advocacy/mine.html",
        {
            "shares": shares,
            "per_network": sorted(per_network.items()),
            "weeks": service.clicks_over_time(session, employee),
            "opted_in": outcomes.badges_opted_in(session, employee),
            "badges": outcomes.my_badges(session, employee),
            "goal": outcomes.my_team_goal(session, employee, settings.privacy_k),
            "k": settings.privacy_k,
            "network_labels": {name: spec.label for name, spec in NETWORKS.items()},
        },
    )


@router.post("/me/shares/badges")
@allow(Audience.employee)
def choose_badges(
    session: SessionDep, employee: FormEmployee, opted_in: Annotated[bool, Form()] = False
) -> Response:
    outcomes.set_badges(session, employee, opted_in)
    return RedirectResponse("/me/shares", status_code=303)


# ---- guideline rules (admins)


def _rules_page(
    request: Request, session: Session, extra: dict[str, Any] | None = None, status_code: int = 200
) -> Response:
    context = {"rules": service.list_rules(session), "errors": {}, **(extra or {})}
    return render(request, "advocacy/rules.html", context, status_code=status_code)


@router.get("/admin/guidelines")
@allow(Audience.admin)
def rules_page(request: Request, session: SessionDep, admin: PageAdmin) -> Response:
    return _rules_page(request, session, {"saved": request.query_params.get("saved")})


@router.post("/admin/guidelines")
@allow(Audience.admin)
def add_rule(
    request: Request,
    session: SessionDep,
    admin: FormAdmin,
    kind: Annotated[str, Form(max_length=16)] = "",
    language: Annotated[str, Form(max_length=2)] = "*",
    value: Annotated[str, Form(max_length=200)] = "",
    severity: Annotated[str, Form(max_length=8)] = "warn",
    clause: Annotated[str, Form(max_length=200)] = "",
    clause_url: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    raw = {"kind": kind, "language": language, "value": value, "severity": severity}
    raw |= {"clause": clause, "clause_url": clause_url}
    try:
        service.save_rule(session, RuleCreate.model_validate(raw))
    except (ValidationError, ValidationFailed) as exc:
        discard_writes(request)
        return _rules_page(request, session, {"form": raw, "error": _problem(exc)}, 422)
    return RedirectResponse("/admin/guidelines?saved=1", status_code=303)


@router.post("/admin/guidelines/import")
@allow(Audience.admin)
async def import_rules(
    request: Request,
    session: SessionDep,
    admin: FormAdmin,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Import rules from a CSV or JSON file (all or nothing)."""
    data = await file.read(MAX_RULES_FILE + 1) if file is not None else b""
    try:
        rules = rules_file.parse(data, file.filename if file else "")
        created, updated = service.import_rules(session, rules)
    except CoffeeMugError as exc:
        discard_writes(request)
        return _rules_page(request, session, {"error": exc.detail}, 422)
    return RedirectResponse(f"/admin/guidelines?saved={created + updated}", status_code=303)


@router.post("/admin/guidelines/{rule_id}/delete")
@allow(Audience.admin)
def delete_rule(rule_id: DbId, session: SessionDep, admin: FormAdmin) -> Response:
    service.delete_rule(session, rule_id)
    return RedirectResponse("/admin/guidelines", status_code=303)


def _problem(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
    return str(getattr(exc, "detail", exc))


# ---- aggregates and team goals (editors and analysts)


@router.get("/analytics/advocacy")
@allow(Audience.analytics)
def outcomes_page(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    employee: PageAnalyst,
    by: outcomes.Dimension = "network",
) -> Response:
    """What shares achieved, by article, campaign, network or business unit (k-anonymous)."""
    return render(
        request,
        "advocacy/outcomes.html",
        {
            "table": outcomes.outcome_table(session, by, settings),
            "goals": outcomes.goals(session, settings.privacy_k),
            "dimensions": tuple(DIMENSION_LABELS),
            "dimension_labels": DIMENSION_LABELS,
            "network_labels": {name: spec.label for name, spec in NETWORKS.items()},
            "settings": settings,
            "estimate_basis": outcomes.ESTIMATE_BASIS,
            "month": outcomes.month_of(utcnow()),
        },
    )


@router.post("/analytics/advocacy/goals")
@allow(Audience.editor)
def set_goal(
    request: Request,
    session: SessionDep,
    editor: FormEditor,
    business_unit: Annotated[str, Form(max_length=64)] = "",
    month: Annotated[str, Form(max_length=7)] = "",
    target: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    try:
        goal = GoalSet.model_validate(
            {"business_unit": business_unit, "month": month, "target": target}
        )
    except ValidationError as exc:
        raise ValidationFailed(_problem(exc)) from exc
    outcomes.set_goal(session, goal)
    return RedirectResponse("/analytics/advocacy#goals", status_code=303)
