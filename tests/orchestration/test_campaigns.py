"""Campaigns over HTTP: plan, list, and the report whose figures are the sums of its articles'
rollups, suppressed where the campaign reached fewer than k people."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from analytics.analytics_factories import add_events, roll
from coffeemug.analytics.models import Effort
from coffeemug.db import utcnow
from factories import identity, make_article, make_employee


def _plan(client: TestClient, editor, **extra) -> dict:
    now = utcnow()
    body = {
        "name": "Net Zero 2030",
        "description": "Our path to net zero.",
        "starts_at": (now - timedelta(days=20)).isoformat(),
        "ends_at": (now + timedelta(days=20)).isoformat(),
        "goal_score": 10,
        "goal_reach": 5,
        "key_messages": ["Every plant counts", "Measure, then cut"],
        "audience_regions": ["Germany"],
        "business_units": ["Rail", "Energy"],
        "planned_hours": 40,
        "planned_budget": 1500,
        "status": "running",
        **extra,
    }
    response = client.post("/api/campaigns", json=body, headers=identity(editor))
    assert response.status_code == 201, response.text
    return response.json()


def test_editors_plan_campaigns_and_analysts_list_them(
    client: TestClient, session: Session
) -> None:
    editor = make_employee(session, roles=("editor",))
    reader = make_employee(session)
    created = _plan(client, editor, owner_id=editor.id)
    assert created["goal_score"] == 10 and created["owner_id"] == editor.id
    assert created["key_messages"] == ["Every plant counts", "Measure, then cut"]
    assert (
        client.post("/api/campaigns", json={"name": "x"}, headers=identity(reader)).status_code
        == 403
    )
    again = client.post("/api/campaigns", json={"name": "Net Zero 2030"}, headers=identity(editor))
    assert again.status_code == 409 and again.json()["error"] == "conflict"
    listed = client.get("/api/campaigns", headers=identity(editor)).json()
    assert [c["name"] for c in listed] == ["Net Zero 2030"]
    bad = client.post(
        "/api/campaigns",
        json={
            "name": "Backwards",
            "starts_at": "2026-03-02T00:00:00Z",
            "ends_at": "2026-03-01T00:00:00Z",
        },
        headers=identity(editor),
    )
    assert bad.status_code == 422


def test_report_figures_are_the_sums_of_the_articles(client: TestClient, session: Session) -> None:
    editor = make_employee(session, roles=("editor",))
    campaign = _plan(client, editor)
    day = utcnow().date() - timedelta(days=1)
    readers = [make_employee(session, region="Germany", business_unit="Rail") for _ in range(9)]
    first = make_article(session, "Solar roofs", campaign_id=campaign["id"])
    second = make_article(session, "Heat pumps", campaign_id=campaign["id"])
    add_events(session, readers, "article_impressed", first.id, day)
    add_events(session, readers[:6], "article_opened", first.id, day)
    add_events(session, readers, "article_impressed", second.id, day)
    add_events(session, readers[:7], "article_opened", second.id, day)
    add_events(session, readers[:5], "article_liked", second.id, day)
    session.add(Effort(campaign_id=campaign["id"], hours=10, budget=200, note=""))
    session.flush()
    roll(session)
    response = client.get(f"/api/campaigns/{campaign['id']}/report", headers=identity(editor))
    assert response.status_code == 200, response.text
    report = response.json()
    lines = report["articles"]
    assert [line["title"] for line in lines] == ["Solar roofs", "Heat pumps"]
    totals = report["totals"]
    assert not totals["suppressed"]
    for key in ("impressions", "opens", "likes"):
        assert totals[key] == sum(line["figures"][key] for line in lines)
    assert totals["impressions"] == 18 and totals["opens"] == 13 and totals["likes"] == 5
    assert totals["read_rate"] == round(13 / 18, 4)
    assert report["goal_met"]["reach"] is True
    assert report["effort"]["actual_hours"] == 10 and report["effort"]["planned_hours"] == 40
    assert report["weeks"] and report["weeks"][-1]["score"] is not None


def test_report_of_a_campaign_reaching_fewer_than_k_is_suppressed(
    client: TestClient, session: Session
) -> None:
    editor = make_employee(session, roles=("editor",))
    campaign = _plan(client, editor, name="Tiny")
    day = utcnow().date() - timedelta(days=1)
    few = [make_employee(session) for _ in range(3)]
    article = make_article(session, "Only three readers", campaign_id=campaign["id"])
    add_events(session, few, "article_impressed", article.id, day)
    add_events(session, few, "article_opened", article.id, day)
    roll(session)
    report = client.get(f"/api/campaigns/{campaign['id']}/report", headers=identity(editor)).json()
    assert report["totals"]["suppressed"] is True
    assert report["totals"]["impressions"] is None
    assert all(line["figures"]["suppressed"] for line in report["articles"])
    assert report["weeks"][-1]["score"] is None
    reader = make_employee(session)
    denied = client.get(f"/api/campaigns/{campaign['id']}/report", headers=identity(reader))
    assert denied.status_code == 403
    assert client.get("/api/campaigns/999999/report", headers=identity(editor)).status_code == 404
