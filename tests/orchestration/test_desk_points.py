"""The editors' desk: search and filters, latest edits first, the just-saved article marked,
unpublish and archive from the list, times in the editor's time zone, no publishing without a
text, the warning below k, tasks due today."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from coffeemug.content.models import Article
from coffeemug.db import utcnow
from coffeemug.people.models import Preferences
from factories import identity, make_article, make_campaign
from web.client_tools import sign_in, token_of
from web.newsroom import Newsroom


def _rows(html: str, titles: list[str]) -> list[str]:
    """The given titles in the order the page lists them."""
    found = [(html.find(f">{t}</a>"), t) for t in titles]
    return [t for at, t in sorted(found) if at >= 0]


def test_search_filters_and_latest_edits_first(
    client: TestClient, room: Newsroom, session: Session
) -> None:
    campaign = make_campaign(session, "Safe by Design")
    now = utcnow()
    old = make_article(
        session,
        "Phishing drill results",
        author=room.editor,
        language="en",
        campaign_id=campaign.id,
    )
    new = make_article(
        session, "Neue Passwortregeln", author=room.editor, language="de", status="draft"
    )
    later = make_article(
        session, "Scheduled security week", author=room.admin, publish_at=now + timedelta(days=3)
    )
    for article, age in ((old, timedelta(days=3)), (new, timedelta(hours=1)), (later, timedelta())):
        article.updated_at = now - age
    session.flush()
    sign_in(client, "editor-1")
    page = client.get("/desk").text
    assert _rows(page, [old.title, new.title]) == [new.title, old.title]
    assert later.title not in page  # someone else's, and "mine" is the default
    assert later.title in client.get(f"/desk?author={room.admin.id}").text
    by_language = client.get("/desk?language=de&all=1").text
    assert new.title in by_language and old.title not in by_language
    by_campaign = client.get(f"/desk?campaign={campaign.id}&all=1").text
    assert old.title in by_campaign and new.title not in by_campaign
    scheduled = client.get("/desk?status=scheduled&all=1").text
    assert later.title in scheduled and old.title not in scheduled
    assert new.title in client.get("/desk?status=draft").text
    found = client.get("/desk?q=passwort&all=1").text
    assert new.title in found and old.title not in found
    # Nonsense filters are ignored, not errors.
    assert client.get("/desk?status=nope&campaign=abc&q=%25").status_code == 200


def test_saved_article_is_marked_and_can_be_unpublished_and_archived(
    client: TestClient, room: Newsroom, session: Session
) -> None:
    article = make_article(session, "Canteen news", author=room.editor)
    sign_in(client, "editor-1")
    page = client.get(f"/desk?saved={article.id}").text
    assert 'id="just-saved"' in page and "Just saved" in page
    token = token_of(page)
    done = client.post(
        f"/desk/{article.id}/unpublish", data={"csrf_token": token}, follow_redirects=False
    )
    assert done.status_code == 303 and done.headers["location"] == f"/desk?saved={article.id}"
    session.expire_all()
    assert session.get(Article, article.id).status == "draft"
    assert (
        client.post(f"/desk/{article.id}/unpublish", data={"csrf_token": token}).status_code == 409
    )
    client.post(f"/desk/{article.id}/archive", data={"csrf_token": token})
    session.expire_all()
    assert session.get(Article, article.id).status == "archived"


def test_times_in_the_editors_zone_and_text_needed_to_publish(
    client: TestClient, room: Newsroom, session: Session
) -> None:
    session.get(Preferences, room.editor.id).time_zone = "Europe/Berlin"
    session.flush()
    sign_in(client, "editor-1")
    page = client.get("/desk/new")
    assert "Publish at (Europe/Berlin)" in page.text
    form = {
        "csrf_token": token_of(page.text),
        "title": "Winter opening hours",
        "body": "",
        "language": "en",
        "topics": ["sustainability"],
        "publish_at": "2026-12-08T10:00",
        "shareable": "on",
        "action": "publish",
    }
    refused = client.post("/desk/new", data=form)
    assert refused.status_code == 422 and "needs its text" in refused.text
    saved = client.post("/desk/new", data={**form, "action": "draft"}, follow_redirects=False)
    assert saved.status_code == 303
    article = session.scalars(select(Article).where(Article.title == form["title"])).one()
    assert article.publish_at == datetime(2026, 12, 8, 9, tzinfo=UTC)
    edit = client.get(f"/desk/{article.id}/edit").text
    assert 'value="2026-12-08T10:00"' in edit
    assert "8 Dec 2026, 10:00" in client.get(f"/desk?saved={article.id}").text


def test_audience_below_k_warns_that_figures_never_show(client: TestClient, room: Newsroom) -> None:
    sign_in(client, "editor-1")
    page = client.get("/desk/new")
    form = {
        "csrf_token": token_of(page.text),
        "title": "Only for the US",
        "body": "Hello",
        "language": "en",
        "topics": ["sustainability"],
        "audience_regions": ["US"],
        "action": "preview",
    }
    preview = client.post("/desk/new", data=form).text
    assert 'id="below-k"' in preview and "will never show" in preview
    assert 'id="below-k"' not in page.text


def test_tasks_show_due_today_on_the_desk_and_the_calendar(
    client: TestClient, room: Newsroom, session: Session
) -> None:
    article = room.articles[0]
    # Just due (today in any time zone, or overdue since a minute).
    due = utcnow() - timedelta(minutes=1)
    response = client.post(
        "/api/tasks",
        json={
            "kind": "graphics",
            "title": "Chart of the solar roofs",
            "article_id": article.id,
            "assignee_id": room.editor.id,
            "due_at": due.isoformat(),
        },
        headers=identity(room.editor),
    )
    assert response.status_code == 201, response.text
    both = client.post(
        "/api/tasks",
        json={
            "kind": "write",
            "article_id": article.id,
            "campaign_id": 1,
            "due_at": due.isoformat(),
        },
        headers=identity(room.editor),
    )
    assert both.status_code == 422
    sign_in(client, "editor-1")
    desk = client.get("/desk").text
    assert 'id="due-today"' in desk and "Chart of the solar roofs" in desk
    week = client.get("/api/calendar", headers=identity(room.editor)).json()
    assert any(t["title"] == "Chart of the solar roofs" for d in week["days"] for t in d["tasks"])
    task = response.json()["id"]
    done = client.post(f"/api/tasks/{task}/done", json={}, headers=identity(room.editor))
    assert done.json()["done_at"] is not None
    assert 'id="due-today"' not in client.get("/desk").text
