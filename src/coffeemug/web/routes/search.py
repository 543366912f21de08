"""The search page: the same search as ``GET /api/search``, for people."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from coffeemug.access import Audience, allow
from coffeemug.content import service as content
from coffeemug.deps import SessionDep
from coffeemug.feed import service as feed
from coffeemug.search import service as search
from coffeemug.web import views
from coffeemug.web.i18n import request_language
from coffeemug.web.pages import PageEmployee, PageRoute
from coffeemug.web.templating import render

router = APIRouter(route_class=PageRoute)

# Longer queries are cut, not refused: the page answers whatever is typed into the box.
_MAX_QUERY = 200


@router.get("/search")
@allow(Audience.employee)
def search_page(
    request: Request,
    session: SessionDep,
    employee: PageEmployee,
    q: str = "",
    topic: str = "",
) -> Response:
    lang = request_language(request, employee)
    names = feed.topic_names(session, lang)
    query = q.replace("\x00", "").strip()[:_MAX_QUERY]
    known = {t.id for t in content.list_topics(session)}
    chosen = topic if topic in known else None
    result = search.search(session, employee, query, topic=chosen) if query else None
    cards = [
        views.CardView(
            article_id=hit.article_id,
            title=hit.title,
            summary=hit.summary,
            topics=[views.TopicChip(t, names.get(t, t)) for t in hit.topics],
            language=hit.language,
            published_at=hit.published_at,
        )
        for hit in (result.hits if result else [])
    ]
    topics = sorted(names.items(), key=lambda kv: views.sort_key(kv[1], lang))
    return render(
        request,
        "search.html",
        {"query": query, "topic": chosen, "topics": topics, "hits": cards, "searched": bool(query)},
    )
