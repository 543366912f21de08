"""Pages of listening and moderation: the comment box under an article, the moderators' inbox,
an item with its composer and fact-card suggestions, the fact library and crisis mode."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request, Response
from fastapi.responses import RedirectResponse

from coffeemug.access import Audience, allow
from coffeemug.analytics.periods import resolve_period
from coffeemug.content import service as content
from coffeemug.deps import SessionDep, SettingsDep
from coffeemug.errors import Forbidden, ValidationFailed
from coffeemug.fields import Day, DbId, Label, Text
from coffeemug.i18n import N_
from coffeemug.listening import alerts, discussion, facts, replies, service, stats
from coffeemug.listening.models import HideReason
from coffeemug.listening.schemas import (
    Body,
    FactCreate,
    ReasonCode,
    ReplyCreate,
    StatusName,
)
from coffeemug.listening.service import LABELS, ItemFilter
from coffeemug.people.models import Employee
from coffeemug.text.embeddings import get_encoder
from coffeemug.web.i18n import request_language
from coffeemug.web.pages import FormEmployee, PageEmployee, PageRoute
from coffeemug.web.templating import render

router = APIRouter(route_class=PageRoute)

STATUSES = ("open", "assigned", "escalated", "answered", "hidden", "no_action")
WORDS = {
    "item_statuses": {
        "open": N_("Open"),
        "assigned": N_("Assigned"),
        "escalated": N_("Escalated"),
        "answered": N_("Answered"),
        "hidden": N_("Hidden"),
        "no_action": N_("No action"),
    },
    "item_labels": {
        "abuse": N_("Abuse"),
        "spam": N_("Spam"),
        "criticism": N_("Criticism"),
        "question": N_("Question"),
        "praise": N_("Praise"),
    },
    "hide_reasons": {
        "abuse": N_("abuse"),
        "spam": N_("spam"),
        "privacy": N_("privacy breach"),
        "illegal": N_("illegal content"),
        "abuse_suspected": N_("suspected abuse"),
        "pre_moderated": N_("held for a moderator first (#learnfromit story)"),
    },
    "reply_statuses": {
        "awaiting_approval": N_("waiting for a second approval"),
        "published": N_("published under the comment"),
        "queued": N_("in the outbox"),
        "sent": N_("sent"),
        "manual": N_("to be copied by hand"),
    },
    "done_notes": {
        "replied": N_("Reply sent."),
        "awaiting_approval": N_("Reply saved: it goes out when a second person approves it."),
        "hidden": N_("Item hidden. The author still sees it, with the reason."),
        "approval_requested": N_("A second moderator has been asked to approve hiding it."),
        "assigned": N_("Assigned to you."),
        "escalated": N_("Escalated."),
        "no_action": N_("Closed without action."),
        "sent": N_("Marked as sent."),
    },
}


def words() -> dict[str, dict[str, str]]:
    """The words templates show for codes (translated in the template with ``_()``)."""
    return WORDS


def page_moderator(employee: PageEmployee) -> Employee:
    if not service.is_moderator(employee):
        raise Forbidden("this page is for moderators")
    return employee


def form_moderator(employee: FormEmployee) -> Employee:
    return page_moderator(employee)


PageModerator = Annotated[Employee, Depends(page_moderator)]
FormModerator = Annotated[Employee, Depends(form_moderator)]


def _back(path: str, note: str | None = None) -> RedirectResponse:
    return RedirectResponse(f"{path}?done={note}" if note else path, status_code=303)


@router.post("/articles/{article_id}/comments")
@allow(Audience.employee)
def post_comment(
    article_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    employee: FormEmployee,
    body: Annotated[Body, Form()],
) -> Response:
    service.post_comment(session, settings, employee, article_id, body)
    return RedirectResponse(f"/articles/{article_id}#comments", status_code=303)


@router.get("/moderation")
@allow(Audience.moderation)
def inbox(
    request: Request,
    session: SessionDep,
    moderator: PageModerator,
    status: Annotated[Text(16) | None, Query()] = "open",
    label: Annotated[Text(16) | None, Query()] = None,
    source: Annotated[Text(64) | None, Query()] = None,
    topic: Annotated[Text(64) | None, Query()] = None,
    language: Annotated[Text(8) | None, Query()] = None,
) -> Response:
    # The filter form sends "" for "all".
    if status and status not in STATUSES:
        raise ValidationFailed(f"status: unknown state {status!r}")
    if label and label not in LABELS:
        raise ValidationFailed(f"label: unknown label {label!r}")
    filters = ItemFilter(
        status=status or None,
        label=label or None,
        source=source or None,
        topic=topic or None,
        language=language or None,
        limit=100,
    )
    lang = request_language(request, moderator)
    return render(
        request,
        "listening/inbox.html",
        {
            "items": service.list_items(session, filters),
            "filters": filters,
            "statuses": STATUSES,
            "labels": LABELS,
            "topics": [(t.id, t.name(lang)) for t in content.list_topics(session)],
            "approvals": replies.pending(session),
            "alerts": alerts.recent(session),
            "crisis": sorted(content.topic_ids_in_crisis(session)),
            **WORDS,
        },
    )


@router.get("/moderation/items/{item_id}")
@allow(Audience.moderation)
def item_page(
    request: Request,
    item_id: DbId,
    session: SessionDep,
    moderator: PageModerator,
    insert: Annotated[DbId | None, Query()] = None,
    done: Annotated[Label | None, Query()] = None,
) -> Response:
    item = service.get_item(session, item_id)
    suggestions = facts.suggest(session, item, get_encoder())
    chosen = next((s for s in suggestions if s.fact.id == insert), None)
    if insert is not None and chosen is None:
        card = next((f for f in facts.list_facts(session) if f.id == insert), None)
        draft = card.statements.get(item.language) or next(iter(card.statements.values()), "")
        chosen_text, chosen_id = (draft, card.id) if card else ("", None)
    else:
        chosen_text, chosen_id = (chosen.text, chosen.fact.id) if chosen else ("", None)
    return render(
        request,
        "listening/item.html",
        {
            "item": service.read_item(session, item_id),
            "suggestions": suggestions,
            "draft": chosen_text,
            "draft_fact": chosen_id,
            "replies": replies.replies_of(session, item_id),
            "reasons": [r.value for r in HideReason],
            "done": done,
            **WORDS,
        },
    )


@router.post("/moderation/items/{item_id}/reply")
@allow(Audience.moderation)
def reply(
    item_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    moderator: FormModerator,
    body: Annotated[Body, Form()],
    fact_ids: Annotated[list[DbId], Form()] = [],  # noqa: B006 (FastAPI copies defaults)
) -> Response:
    made = replies.reply(
        session, settings, moderator, item_id, ReplyCreate(body=body, fact_ids=fact_ids)
    )
    note = "awaiting_approval" if made.approval_id else "replied"
    return _back(f"/moderation/items/{item_id}", note)


@router.post("/moderation/items/{item_id}/hide")
@allow(Audience.moderation)
def hide(
    item_id: DbId,
    session: SessionDep,
    moderator: FormModerator,
    reason: Annotated[HideReason, Form()],
    request_approval: Annotated[bool, Form()] = False,
) -> Response:
    _, approval = service.hide(session, moderator, item_id, reason, request_approval)
    return _back(f"/moderation/items/{item_id}", "approval_requested" if approval else "hidden")


@router.post("/moderation/items/{item_id}/assign")
@allow(Audience.moderation)
def assign_to_me(
    item_id: DbId,
    session: SessionDep,
    moderator: FormModerator,
    team: Annotated[Label | None, Form()] = None,
) -> Response:
    """Take the item, or hand it to a team (then nobody in particular holds it)."""
    service.assign(session, moderator, item_id, None if team else moderator.id, team)
    return _back(f"/moderation/items/{item_id}", "assigned")


@router.post("/moderation/items/{item_id}/disposition")
@allow(Audience.moderation)
def disposition(
    item_id: DbId,
    session: SessionDep,
    moderator: FormModerator,
    status: Annotated[StatusName, Form()],
    reason_code: Annotated[ReasonCode, Form()],
) -> Response:
    if status not in ("escalated", "no_action"):
        raise Forbidden("only escalation or no action can be set here")
    service.set_disposition(session, moderator, item_id, status, reason_code)
    return _back(f"/moderation/items/{item_id}", status)


@router.post("/moderation/approvals/{approval_id}/approve")
@allow(Audience.moderation)
def approve(
    approval_id: DbId, session: SessionDep, settings: SettingsDep, moderator: FormModerator
) -> Response:
    replies.approve(session, settings, moderator, approval_id)
    return _back("/moderation", "approved")


@router.post("/moderation/replies/{reply_id}/sent")
@allow(Audience.moderation)
def mark_sent(reply_id: DbId, session: SessionDep, moderator: FormModerator) -> Response:
    made = replies.mark_sent(session, moderator, reply_id)
    return _back(f"/moderation/items/{made.item_id}", "sent")


@router.get("/moderation/facts")
@allow(Audience.moderation)
def facts_page(request: Request, session: SessionDep, moderator: PageModerator) -> Response:
    return render(request, "listening/facts.html", {"facts": facts.list_facts(session)})


@router.post("/moderation/facts")
@allow(Audience.moderation)
def create_fact(
    session: SessionDep,
    moderator: FormModerator,
    title: Annotated[Text(200, min_length=1, strip=True), Form()],
    statement_en: Annotated[Text(2000, strip=True), Form()] = "",
    statement_de: Annotated[Text(2000, strip=True), Form()] = "",
    figures: Annotated[Text(1000), Form()] = "",
    source_url: Annotated[Text(500), Form()] = "",
    owner: Annotated[Text(200), Form()] = "",
    valid_until: Annotated[Day | None, Form()] = None,
) -> Response:
    statements = {k: v for k, v in (("en", statement_en), ("de", statement_de)) if v}
    data = FactCreate(
        title=title,
        statements=statements,
        figures=figures,
        source_url=source_url,
        owner=owner,
        valid_until=valid_until,
    )
    facts.save_fact(session, moderator, data, get_encoder())
    return _back("/moderation/facts", "saved")


@router.get("/moderation/crisis")
@allow(Audience.moderation)
def crisis_page(request: Request, session: SessionDep, moderator: PageModerator) -> Response:
    lang = request_language(request, moderator)
    return render(
        request,
        "listening/crisis.html",
        {"topics": content.list_topics(session), "lang": lang},
    )


@router.post("/moderation/crisis/{topic_id}")
@allow(Audience.moderation)
def set_crisis(
    topic_id: Text(64, min_length=1),
    session: SessionDep,
    moderator: FormModerator,
    reason: Annotated[Text(500, strip=True), Form()] = "",
) -> Response:
    service.set_crisis(session, moderator, topic_id, reason or None)
    return _back("/moderation/crisis", "saved")


@router.get("/moderation/map")
@allow(Audience.moderation)
def map_page(request: Request, session: SessionDep, moderator: PageModerator) -> Response:
    clusters = discussion.discussion_map(session, get_encoder())
    return render(request, "listening/map.html", {"clusters": clusters})


@router.get("/moderation/stats")
@allow(Audience.moderation)
def stats_page(
    request: Request, session: SessionDep, settings: SettingsDep, moderator: PageModerator
) -> Response:
    first, last = resolve_period(None, None)
    tables = {name: run(session, settings, first, last) for name, run in stats.TABLES.items()}
    return render(
        request,
        "listening/stats.html",
        {"tables": tables, "k": settings.privacy_k, "first": first, "last": last},
    )
