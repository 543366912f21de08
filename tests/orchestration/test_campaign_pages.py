"""The campaign pages and the campaign field of the desk's form."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from coffeemug.content.models import Article
from factories import make_article
from orchestration.test_campaigns import _plan
from web.client_tools import assert_translated, sign_in, token_of
from web.newsroom import Newsroom


def test_campaign_pages_show_plan_and_articles_in_both_languages(
    client: TestClient, room: Newsroom, session: Session
) -> None:
    campaign = _plan(client, room.editor)
    make_article(session, "Solar roofs explained", campaign_id=campaign["id"])
    for lang in ("en", "de"):
        sign_in(client, "editor-1", lang)
        listing = client.get("/campaigns")
        assert listing.status_code == 200 and "Net Zero 2030" in listing.text
        page = client.get(f"/campaigns/{campaign['id']}")
        assert page.status_code == 200
        assert "Every plant counts" in page.text and "Solar roofs explained" in page.text
        assert_translated(page.text)
    assert "Plan und Ist" in page.text
    sign_in(client, "demo-0001")
    assert client.get(f"/campaigns/{campaign['id']}").status_code == 403


def test_desk_form_links_an_article_to_a_campaign(
    client: TestClient, room: Newsroom, session: Session
) -> None:
    campaign = _plan(client, room.editor)
    sign_in(client, "editor-1")
    page = client.get("/desk/new")
    assert 'name="campaign_id"' in page.text and "Net Zero 2030" in page.text
    assert 'maxlength="200"' in page.text
    form = {
        "csrf_token": token_of(page.text),
        "title": "Heat pumps in every office",
        "summary": "",
        "body": "Warm and green.",
        "language": "en",
        "topics": ["sustainability"],
        "campaign_id": str(campaign["id"]),
        "action": "draft",
    }
    saved = client.post("/desk/new", data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    article = session.scalars(select(Article).where(Article.title == form["title"])).one()
    assert article.campaign_id == campaign["id"]
    edit = client.get(f"/desk/{article.id}/edit")
    assert f'value="{campaign["id"]}" selected' in edit.text
    refused = client.post("/desk/new", data={**form, "campaign_id": "999999"})
    assert refused.status_code == 422
