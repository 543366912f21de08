"""The employee's feed, the article page, feedback without JavaScript, and saved items."""

from __future__ import annotations

import uuid
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from coffeemug.access import Audience, allow
from coffeemug.content import service as content
from coffeemug.content.models import Article
from coffeemug.db import utcnow
from coffeemug.deps import SessionDep, SettingsDep
from coffeemug.errors import BadRequest
from coffeemug.events import service as events
from coffeemug.events.models import Channel, EventType
from coffeemug.events.schemas import EventCreate
from coffeemug.feed import service as feed
from coffeemug.fields import DbId, Text
from coffeemug.listening import service as listening
from coffeemug.people import service as people
from coffeemug.people.models import Employee
from coffeemug.pictures import service as pictures
from coffeemug.settings import Settings
from coffeemug.web import markdown, related, views
from coffeemug.web.i18n import request_language
from coffeemug.web.pages import FormEmployee, PageEmployee, PageRoute
from coffeemug.web.routes.identity import safe_next
from coffeemug.web.routes.listening import words as listening_words
from coffeemug.web.templating import render

router = APIRouter(route_class=PageRoute)

Reason = Text(200)

# What the card buttons may record; everything else goes through the API.
CARD_EVENTS = {
    EventType.article_liked,
    EventType.article_dismissed,
    EventType.article_saved,
    EventType.article_shared,
    EventType.article_acknowledged,
    EventType.article_unliked,
    EventType.article_unsaved,
    EventType.article_dismissal_undone,
}
# The events a card may name a topic with ("less of this topic", and its undo).
TOPIC_EVENTS = {EventType.article_dismissed, EventType.article_dismissal_undone}
TopicChoice = Text(64)


def _record(
    session: Session,
    settings: Settings,
    employee: Employee,
    kind: EventType,
    article_id: int,
    **fields: object,
) -> None:
    event = EventCreate(
        id=uuid.uuid4(),
        type=kind,
        article_id=article_id,
        occurred_at=utcnow(),
        channel=Channel.intranet,
        **fields,  # type: ignore[arg-type]
    )
    events.ingest_for(session, employee, [event], settings)


@router.get("/")
@allow(Audience.employee)
def feed_page(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    employee: PageEmployee,
    more: bool = False,
    hidden: DbId | None = None,
    topic: TopicChoice = "",
) -> Response:
    prefs = people.get_preferences(session, employee)
    if not prefs.onboarded:
        return RedirectResponse("/settings?welcome=1", status_code=303)
    lang = request_language(request, employee)
    result = feed.get_feed(session, employee, more=more, settings=settings, language=lang)
    if more:
        # The items added are today's feed from now on: a reload or going back shows them
        # again, instead of adding more each time.
        return RedirectResponse("/", status_code=303)
    names = feed.topic_names(session, lang)
    ids = [i.article_id for i in result.items]
    closed = content.not_shareable(session, ids)
    done = events.reacted(session, employee, ids)
    zone = prefs.time_zone or settings.default_time_zone
    cards = [
        views.card_from_item(
            item,
            names,
            shareable=item.article_id not in closed,
            liked=item.article_id in done[EventType.article_liked],
            saved=item.article_id in done[EventType.article_saved],
            local_time=views.local_time(item.published_at, zone, lang),
        )
        for item in result.items
    ]
    volume = prefs.volume
    return render(
        request,
        "feed.html",
        {
            "must_read": [c for c in cards if c.must_read],
            "items": [c for c in cards if not c.must_read],
            "budget_used": result.budget.exhausted,
            "budget": result.budget,
            "volume": volume,
            "volume_label": volume if volume is not None else "∞",
            "followed": sorted(
                (names.get(t, t) for t in prefs.followed_topics),
                key=lambda name: views.sort_key(name, lang),
            ),
            "today": utcnow(),
            "welcome": request.query_params.get("welcome") == "1",
            "hidden": _hidden_article(session, employee, hidden),
            "hidden_topic": topic,
        },
    )


def _hidden_article(session: Session, employee: Employee, article_id: int | None) -> Article | None:
    """The article just hidden (for the Undo line of the page without script), if visible."""
    if article_id is None or not content.visible_article_ids(session, employee, [article_id]):
        return None
    return content.get_article(session, article_id)


@router.get("/articles/{article_id}")
@allow(Audience.employee)
def article_page(
    request: Request,
    article_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    employee: PageEmployee,
    via: str | None = None,
) -> Response:
    article = content.get_article_for(session, employee, article_id)
    if via != "email":  # an e-mail link recorded its own open on the e-mail channel
        _record(session, settings, employee, EventType.article_opened, article.id)
    lang = request_language(request, employee)
    names = feed.topic_names(session, lang)
    done = events.reacted(session, employee, [article.id])
    found = related.related_articles(session, employee, article.embedding, article.id)
    cards = [
        views.CardView(
            article_id=r.article_id,
            title=r.title,
            summary="",
            topics=[views.TopicChip(t, names.get(t, t)) for t in r.topics],
            language="",
            published_at=None,
        )
        for r in found
    ]
    return render(
        request,
        "article.html",
        {
            "article": article,
            "card": views.card_from_article(
                article,
                names,
                liked=article.id in done[EventType.article_liked],
                saved=article.id in done[EventType.article_saved],
            ),
            "body_html": markdown.to_html(article.body),
            "picture": pictures.pictures_of(session, [article.id]).get(article.id),
            "related": cards,
            "comments": listening.comments_for(session, employee, article.id),
            **listening_words(),
        },
    )


@router.post("/feedback")
@allow(Audience.employee)
def feedback(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    employee: FormEmployee,
    article_id: Annotated[DbId, Form()],
    type: Annotated[EventType, Form()],
    reason: Annotated[Reason, Form()] = "",
    topic: Annotated[TopicChoice, Form()] = "",
) -> Response:
    """The card buttons without JavaScript: record the event, then back to where they were."""
    if type not in CARD_EVENTS:
        raise BadRequest(f"type: '{type.value}' cannot be sent from a card")
    extra: dict[str, str] = {}
    if reason and type == EventType.article_dismissed:
        extra["reason"] = reason
    if topic and type in TOPIC_EVENTS:
        extra["topic"] = topic
    _record(session, settings, employee, type, article_id, **extra)
    back = _back(request)
    if type == EventType.article_dismissed and back == "/":
        # Without the script the card cannot fold into an Undo line: the feed offers it.
        back = f"/?{urlencode({'hidden': article_id, 'topic': topic})}"
    return RedirectResponse(back, status_code=303)


def _back(request: Request) -> str:
    """The page the form was on, if it was one of ours."""
    referer = request.headers.get("referer", "")
    origin = str(request.base_url).rstrip("/")
    return safe_next(referer.removeprefix(origin) if referer.startswith(origin) else "/")


@router.get("/saved")
@allow(Audience.employee)
def saved_page(request: Request, session: SessionDep, employee: PageEmployee) -> Response:
    names = feed.topic_names(session, request_language(request, employee))
    cards = [
        views.CardView(
            article_id=item.article_id,
            title=item.title,
            summary=item.summary,
            topics=[views.TopicChip(t, names.get(t, t)) for t in item.topics],
            language=item.language,
            published_at=item.saved_at,
            saved=True,
        )
        for item in events.saved_items(session, employee)
    ]
    return render(request, "saved.html", {"items": cards})
