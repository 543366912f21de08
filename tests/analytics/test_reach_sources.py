"""Imported reach beyond the intranet: paid impressions and event visits per campaign and day."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from analytics_factories import add_events, roll
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coffeemug.analytics import service
from coffeemug.analytics.importers import import_text
from coffeemug.analytics.periods import resolve_period
from coffeemug.db import utcnow
from coffeemug.settings import Settings
from factories import identity, make_article, make_campaign, make_employee


def _import(session: Session, kind: str, content: str):
    return import_text(session, Settings(), kind, f"{kind}.csv", content, "csv")


def test_paid_impressions_and_event_visits_feed_the_reach_component(session: Session) -> None:
    today = utcnow().date()
    start, end = resolve_period(today - timedelta(days=13), today)
    day = today - timedelta(days=1)
    people = [make_employee(session) for _ in range(6)]
    shown, fair_only = make_campaign(session, "Shown"), make_campaign(session, "Fair only")
    article = make_article(session, campaign_id=shown.id)
    add_events(session, people, "article_impressed", article.id, day)
    roll(session)
    settings = Settings()
    before = service.breakdown_table(session, settings, "campaign", start, end)
    reach_before = next(r for r in before.rows if r["key"] == str(shown.id))["score_reach"]
    paid = _import(
        session,
        "paid-impressions",
        "campaign_id,date,network,medium,impressions\n"
        f"{shown.id},{day},linkedin,display,4000\n"
        f"{shown.id},{day},google,search,1000\n"
        f"{shown.id},{day},nowhere,display,5\n"
        f"999999,{day},linkedin,display,5\n",
    )
    assert (paid.stored_new, len(paid.errors)) == (2, 2)
    visits = _import(
        session,
        "event-visits",
        f"campaign_id,date,event,visits\n{fair_only.id},{day},Hannover Messe,800\n",
    )
    assert visits.stored_new == 1 and not visits.errors
    after = service.breakdown_table(session, settings, "campaign", start, end)
    rows = {r["key"]: r for r in after.rows}
    assert rows[str(shown.id)]["paid_impressions"] == 5000
    assert rows[str(shown.id)]["impressions"] == 6  # organic reach stays apart
    assert rows[str(shown.id)]["score_reach"] > reach_before
    assert rows[str(fair_only.id)]["event_visits"] == 800
    assert rows[str(fair_only.id)]["score_reach"] > 0
    overview = service.overview_table(session, settings, start, end, "en", None)
    values = {row["kpi"]: row["value"] for row in overview.rows}
    assert (values["paid_impressions"], values["event_visits"]) == (5000, 800)
    assert values["impressions"] == 6


def test_reach_sources_in_the_campaign_csv(client: TestClient, session: Session) -> None:
    day = utcnow().date() - timedelta(days=1)
    campaign = make_campaign(session, "Trade fair")
    _import(
        session,
        "event-visits",
        f"campaign_id,date,event,visits\n{campaign.id},{day},Hannover Messe,120\n",
    )
    analyst = make_employee(session, roles=("analyst",))
    response = client.get("/api/analytics/breakdown/campaign?format=csv", headers=identity(analyst))
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    row = next(r for r in rows if r["Name"] == "Trade fair")
    assert row["Event visits"] == "120"
    assert row["Paid impressions"] == "0"
