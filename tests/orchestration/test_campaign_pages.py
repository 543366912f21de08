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


def test_campaign_and_daily_topic_are_planned_from_the_pages(
    client: TestClient, room: Newsroom, session: Session
) -> None:
    sign_in(client, "editor-1", "de")
    page = client.get("/campaigns")
    assert "Kampagne planen" in page.text
    assert_translated(page.text)
    token = token_of(page.text)
    made = client.post(
        "/campaigns",
        data={
            "csrf_token": token,
            "name": "Future Skills",
            "starts_at": "2026-12-01",
            "ends_at": "2027-01-31",
            "goal_score": "20,5",
            "planned_hours": "60",
            "key_messages": "Learning is part of the job\nCareer paths are open",
        },
        follow_redirects=False,
    )
    assert made.status_code == 303, made.text
    report = client.get(made.headers["location"])
    assert "Career paths are open" in report.text
    listed = client.get("/api/campaigns", headers={"X-Employee-Id": "editor-1"}).json()
    assert listed[0]["goal_score"] == 20.5 and listed[0]["owner_id"] == room.editor.id
    unnamed = client.post("/campaigns", data={"csrf_token": token, "name": " "})
    assert unnamed.status_code == 422
    slot = client.post(
        "/calendar/slots",
        data={
            "csrf_token": token,
            "slot_day": "2026-12-25",
            "region": "Germany",
            "country": "de",
            "topic_id": "sustainability",
            "day": "2026-12-25",
        },
        follow_redirects=False,
    )
    assert slot.status_code == 303
    calendar = client.get("/calendar?day=2026-12-25").text
    assert 'data-conflict="holiday"' in calendar and "Erster Weihnachtstag" in calendar
    week = client.get(
        "/api/calendar", params={"day": "2026-12-25"}, headers={"X-Employee-Id": "editor-1"}
    ).json()
    christmas = next(d for d in week["days"] if d["day"] == "2026-12-25")
    assert christmas["slots"][0]["country"] == "DE"
    bad = client.post(
        "/calendar/slots",
        data={"csrf_token": token, "slot_day": "soon", "region": "x", "topic_id": "sustainability"},
    )
    assert bad.status_code == 422
