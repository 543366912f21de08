"""The analytics API through the in-process client: roles, suppression, CSV, score versions."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from analytics_factories import add_events, roll
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from factories import identity, make_article, make_campaign, make_employee


def _newsroom(session: Session):
    """Two articles read in three regions; 'Iceland' has only two readers."""
    day = utcnow().date() - timedelta(days=2)
    eu = [make_employee(session, region="EU", business_unit="Rail") for _ in range(8)]
    us = [make_employee(session, region="US", business_unit="Rail") for _ in range(6)]
    iceland = [make_employee(session, region="Iceland", business_unit="Rail") for _ in range(2)]
    campaign = make_campaign(session)
    first = make_article(
        session, "Green steel", topics=("sustainability",), campaign_id=campaign.id
    )
    second = make_article(session, "Quarterly results", topics=("finance",), must_read=True)
    everyone = eu + us + iceland
    add_events(session, everyone, "article_impressed", first.id, day)
    add_events(session, eu[:4], "article_opened", first.id, day)
    add_events(session, everyone, "article_impressed", second.id, day)
    add_events(session, everyone[:10], "article_acknowledged", second.id, day)
    roll(session)
    analyst = make_employee(session, roles=("analyst",))
    return analyst, first, second, campaign, day


def test_roles_are_enforced(client: TestClient, session: Session) -> None:
    reader = make_employee(session)
    assert client.get("/api/analytics/overview").status_code == 401
    response = client.get("/api/analytics/overview", headers=identity(reader))
    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"
    editor = make_employee(session, roles=("editor",))
    assert client.get("/api/analytics/overview", headers=identity(editor)).status_code == 200


def test_overview_reports_kpis_and_score_version(client: TestClient, session: Session) -> None:
    analyst, *_ = _newsroom(session)
    body = client.get("/api/analytics/overview", headers=identity(analyst)).json()
    values = {row["kpi"]: row["value"] for row in body["rows"]}
    assert values["impressions"] == 32
    assert values["opens"] == 4
    assert values["engagement_rate_impression"] == round(4 / 32, 4)
    assert 14 <= values["reached"] <= 17
    # 10 acknowledgements by the 16 employees the must-read article reached.
    assert 0.58 <= values["acknowledgement_rate"] <= 0.72
    assert body["score_version"] == 1 and body["k"] == 5
    assert 0 < values["score"] <= 100


def test_small_region_and_its_complement_are_suppressed(
    client: TestClient, session: Session
) -> None:
    analyst, *_ = _newsroom(session)
    body = client.get("/api/analytics/breakdown/region", headers=identity(analyst)).json()
    rows = {row["key"]: row for row in body["rows"]}
    assert rows["Iceland"]["suppressed"] is True
    assert rows["Iceland"]["impressions"] is None
    # Total minus EU minus US would reveal Iceland: one more region must be hidden.
    assert rows["US"]["suppressed"] is True
    assert rows["EU"]["suppressed"] is False and rows["EU"]["impressions"] == 16
    assert body["suppressed_rows"] == 2


def test_csv_export_leaves_suppressed_figures_empty(client: TestClient, session: Session) -> None:
    analyst, *_ = _newsroom(session)
    response = client.get(
        "/api/analytics/breakdown/region", params={"format": "csv"}, headers=identity(analyst)
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(response.text)))
    iceland = next(row for row in table if row["Key"] == "Iceland")
    assert iceland["Impressions"] == ""
    eu = next(row for row in table if row["Key"] == "EU")
    assert eu["Impressions"] == "16"


def test_combined_filters_are_refused(client: TestClient, session: Session) -> None:
    analyst, *_ = _newsroom(session)
    response = client.get(
        "/api/analytics/breakdown/article",
        params={"region": "EU", "channel": "intranet"},
        headers=identity(analyst),
    )
    assert response.status_code == 400
    assert "one filter" in response.json()["detail"]
    one = client.get(
        "/api/analytics/breakdown/article", params={"region": "Iceland"}, headers=identity(analyst)
    ).json()
    assert all(row["suppressed"] for row in one["rows"])


def test_breakdowns_by_article_topic_campaign(client: TestClient, session: Session) -> None:
    analyst, first, second, campaign, _ = _newsroom(session)
    articles = client.get("/api/analytics/breakdown/article", headers=identity(analyst)).json()
    by_key = {row["key"]: row for row in articles["rows"]}
    assert by_key[str(first.id)]["label"] == "Green steel"
    assert by_key[str(first.id)]["opens"] == 4
    assert by_key[str(second.id)]["acknowledgement_rate"] is not None
    topics = client.get("/api/analytics/breakdown/topic", headers=identity(analyst)).json()
    assert {row["key"] for row in topics["rows"]} == {"sustainability", "finance"}
    campaigns = client.get("/api/analytics/breakdown/campaign", headers=identity(analyst)).json()
    assert campaigns["rows"][0]["label"] == campaign.name
    top = client.get("/api/analytics/top/article", headers=identity(analyst)).json()
    assert top["rows"][0]["key"] in {str(first.id), str(second.id)}
    # The dimensions are an enumeration of the API: any other is refused as invalid input.
    bad = client.get("/api/analytics/breakdown/employee", headers=identity(analyst))
    assert bad.status_code == 422 and bad.json()["fields"] == ["path.dim"]


def test_new_score_version_rescores_history(client: TestClient, session: Session) -> None:
    analyst, first, *_ = _newsroom(session)
    before = client.get("/api/analytics/breakdown/article", headers=identity(analyst)).json()
    created = client.post(
        "/api/analytics/score-configs",
        json={"weight_reach": 0, "weight_interaction": 1, "weight_impact": 0, "note": "test"},
        headers=identity(analyst),
    )
    assert created.status_code == 201 and created.json()["version"] == 2
    after = client.get("/api/analytics/breakdown/article", headers=identity(analyst)).json()
    assert after["score_version"] == 2
    old = client.get(
        "/api/analytics/breakdown/article",
        params={"score_version": 1},
        headers=identity(analyst),
    ).json()
    assert old["rows"] == before["rows"]
    scores = {row["key"]: row["score"] for row in after["rows"]}
    # Interaction only: 4 opens of 16 impressions = 0.25, the full reference rate.
    assert scores[str(first.id)] == 100.0
    missing = client.get(
        "/api/analytics/overview", params={"score_version": 99}, headers=identity(analyst)
    )
    assert missing.status_code == 404


def test_effort_and_roi(client: TestClient, session: Session) -> None:
    analyst, first, second, campaign, _ = _newsroom(session)
    editor = make_employee(session, roles=("editor",))
    for subject in ({"article_id": first.id}, {"article_id": second.id}):
        response = client.put(
            "/api/analytics/efforts",
            json={**subject, "hours": 10, "budget": 200},
            headers=identity(editor),
        )
        assert response.status_code == 200
    assert (
        client.put(
            "/api/analytics/efforts",
            json={"campaign_id": campaign.id, "hours": -1},
            headers=identity(editor),
        ).status_code
        == 422
    )
    assert (
        client.put(
            "/api/analytics/efforts", json={"hours": 1}, headers=identity(editor)
        ).status_code
        == 422
    )
    assert (
        client.put(
            "/api/analytics/efforts", json={"article_id": first.id}, headers=identity(analyst)
        ).status_code
        == 403
    )
    roi = client.get("/api/analytics/roi", headers=identity(analyst)).json()
    row = next(r for r in roi["rows"] if r["key"] == str(first.id))
    assert row["cost"] == 10 * 80 + 200
    assert row["score"] is not None


def test_http_import_reports_bad_rows(client: TestClient, session: Session) -> None:
    analyst = make_employee(session, roles=("analyst",))
    day = (utcnow().date() - timedelta(days=1)).isoformat()
    body = (
        "network,post_id,date,impressions,clicks,link_visits\n"
        f"linkedin,p1,{day},1000,50,40\n"
        f"myspace,p2,{day},10,1,1\n"
    )
    response = client.post(
        "/api/analytics/import/social-metrics",
        params={"format": "csv", "name": "social.csv"},
        content=body,
        headers=identity(analyst),
    )
    assert response.status_code == 200
    report = response.json()
    assert report["stored_new"] == 1
    assert report["errors"] == [
        "social.csv:3: unknown network 'myspace'; known: linkedin, xing, x, facebook, "
        "instagram, youtube, tiktok, mastodon, bluesky, threads"
    ]
    social = client.get("/api/analytics/social", headers=identity(analyst)).json()
    assert social["rows"] == [
        {
            "network": "linkedin",
            "impressions": 1000,
            "clicks": 50,
            "link_visits": 40,
            "interactions": 0,
            "visit_rate": 0.04,
        }
    ]


def test_long_article_lists_are_decided_page_by_page(
    client: TestClient, session: Session, monkeypatch
) -> None:
    from coffeemug.analytics import service

    monkeypatch.setattr(service, "FULL_LISTING", 1)
    analyst, first, second, *_ = _newsroom(session)
    few = make_article(session, "Niche note")
    add_events(session, [analyst], "article_opened", few.id, utcnow().date() - timedelta(days=2))
    roll(session)
    body = client.get(
        "/api/analytics/breakdown/article", params={"limit": 2}, headers=identity(analyst)
    ).json()
    assert [row["suppressed"] for row in body["rows"]] == [False, False]
    flop = client.get(
        "/api/analytics/top/article", params={"which": "flop"}, headers=identity(analyst)
    ).json()
    assert str(few.id) not in {row["key"] for row in flop["rows"]}
    assert {row["key"] for row in flop["rows"]} == {str(first.id), str(second.id)}


def test_long_lists_leave_out_of_topics_and_campaigns_what_the_articles_hide(
    client: TestClient, session: Session, monkeypatch
) -> None:
    """Decided one by one, an article is hidden with fewer than k events, or with k events or
    more from fewer than k people over the period; campaign and topic rows leave out exactly
    those (checked against the article rows shown)."""
    from coffeemug.analytics import service

    monkeypatch.setattr(service, "FULL_LISTING", 1)
    late = utcnow().date() - timedelta(days=1)
    early = late - timedelta(days=7)  # another ISO week: each week alone has too few people
    people = [make_employee(session) for _ in range(8)]
    campaign = make_campaign(session, "Spring")
    titles = ("Everyone", "Two readers", "Two loyal readers", "Slow burner")
    articles = {
        title: make_article(session, title, topics=("energy",), campaign_id=campaign.id)
        for title in titles
    }
    add_events(session, people[:6], "article_opened", articles["Everyone"].id, late)
    add_events(session, people[:2], "article_opened", articles["Two readers"].id, late)
    for day in (early, early, late):
        add_events(session, people[:2], "article_opened", articles["Two loyal readers"].id, day)
    add_events(session, people[:3], "article_opened", articles["Slow burner"].id, early)
    add_events(session, people[3:6], "article_opened", articles["Slow burner"].id, late)
    roll(session)
    analyst = make_employee(session, roles=("analyst",))
    period = {"start": early.isoformat(), "end": late.isoformat(), "limit": 100}

    def rows(dim: str) -> list[dict]:
        answer = client.get(
            f"/api/analytics/breakdown/{dim}", params=period, headers=identity(analyst)
        )
        assert answer.status_code == 200, answer.text
        return answer.json()["rows"]

    shown = {row["label"]: row for row in rows("article") if not row["suppressed"]}
    assert set(shown) == {"Everyone", "Slow burner"}
    for dim, key in (("topic", "energy"), ("campaign", str(campaign.id))):
        (row,) = [row for row in rows(dim) if row["key"] == key]
        assert row["opens"] == sum(article["opens"] for article in shown.values()) == 12
