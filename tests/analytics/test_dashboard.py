"""The dashboard page in the in-process client: roles, languages, charts with data tables."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from analytics_factories import add_events, roll
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from factories import identity, make_article, make_employee
from web.client_tools import assert_translated


def _seed(session: Session) -> None:
    day = utcnow().date() - timedelta(days=1)
    readers = [make_employee(session, region="EU") for _ in range(6)] + [
        make_employee(session, region="Iceland")
    ]
    article = make_article(session, "Hydrogen plant opens", topics=("energy",))
    add_events(session, readers, "article_impressed", article.id, day)
    add_events(session, readers[:3], "article_liked", article.id, day)
    roll(session)


def test_dashboard_renders_charts_tables_and_csv_links(
    client: TestClient, session: Session
) -> None:
    _seed(session)
    analyst = make_employee(session, roles=("analyst",), languages=("en",))
    response = client.get("/analytics", headers=identity(analyst))
    assert response.status_code == 200
    html = response.text
    assert_translated(html)
    assert "Newsroom analytics" in html and "Hydrogen plant opens" in html
    assert re.search(r'<script src="/analytics/static/plotly\.[0-9a-f]{12}\.js"', html)
    assert "cdn" not in html.lower()
    charts = re.findall(r'data-figure="([^"]+)"', html)
    assert len(charts) >= 6
    figure = json.loads(charts[0].replace("&#34;", '"').replace("&quot;", '"'))
    assert {trace["name"] for trace in figure["data"]} >= {"Engagement Score", "Reach"}
    # Every chart has its table, every table a CSV link that works.
    assert html.count("<details><summary>Data table</summary>") >= len(charts)
    links = re.findall(r'href="(/api/analytics/[^"]+format=csv)"', html.replace("&amp;", "&"))
    assert len(links) >= 10
    for link in links:
        export = client.get(link, headers=identity(analyst))
        assert export.status_code == 200, link
        assert export.headers["content-type"].startswith("text/csv")
    # The lone Iceland reader is never shown; the region row is marked suppressed.
    region = html.split('id="by_region"')[1].split("</section>")[0]
    assert "suppressed" in region


def test_dashboard_in_german_and_for_readers(client: TestClient, session: Session) -> None:
    editor = make_employee(session, roles=("editor",), languages=("de",))
    german = client.get("/analytics", headers=identity(editor))
    assert german.status_code == 200
    assert "Newsroom-Analysen" in german.text and "Datentabelle" in german.text
    assert_translated(german.text)
    # Column headers, notes and values of every section are German too.
    assert "Komponente Reichweite" in german.text and "Reach component" not in german.text
    reader = make_employee(session)
    assert client.get("/analytics", headers=identity(reader)).status_code == 403


def test_static_files_are_compressed_hashed_and_cached(client: TestClient) -> None:
    from coffeemug.web.routes.analytics import asset

    url = asset("plotly.js").url
    zipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert zipped.status_code == 200
    assert zipped.headers["content-encoding"] == "gzip"
    assert "immutable" in zipped.headers["cache-control"]
    assert "max-age=31536000" in zipped.headers["cache-control"]
    # The basic bundle: bar and scatter traces, well under a megabyte on the wire.
    assert int(zipped.headers["content-length"]) < 500_000
    assert "plotly" in zipped.text[:2000].lower()
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.content == asset("plotly.js").body
    assert client.get("/analytics/static/plotly.min.js").status_code == 404
    assert client.get("/analytics/static/other.js").status_code == 404
