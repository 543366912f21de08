"""Clicks on shared links reach analytics through the event path: the rollup counts them and
the "Visits from social" KPI shows them, with no employee behind any click."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coffeemug.analytics.rollup import run_rollup
from coffeemug.db import utcnow
from factories import identity, make_article, make_employee, make_event


def test_share_clicks_feed_visits_from_social(client: TestClient, session: Session) -> None:
    article = make_article(session, "Solar roofs", summary="Every plant gets one.")
    readers = [make_employee(session) for _ in range(6)]
    for reader in readers:
        make_event(session, reader, "article_impressed", article.id)
    text = "I am proud of our solar roofs! What do you think? #Solar"
    share = client.post(
        "/api/shares",
        json={"article_id": article.id, "network": "linkedin", "text": text},
        headers=identity(readers[0]),
    ).json()
    for _ in range(3):
        assert client.get(share["url"], follow_redirects=False).status_code == 302
    run_rollup(session, until=utcnow() + timedelta(seconds=1))
    analyst = make_employee(session, roles=["analyst"])
    body = client.get("/api/analytics/overview", headers=identity(analyst)).json()
    values = {row["kpi"]: row["value"] for row in body["rows"]}
    assert values["social_visits"] == 3
