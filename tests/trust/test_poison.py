"""No input breaks the newsroom: every bad input is refused or stored in a form that rollup,
dashboard, export and CSV handle; rows stored before the rules existed are set aside by the
rollup (quarantined, counted, shown by ``coffeemug analytics status``), never a stop."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from coffeemug.analytics import rollup
from coffeemug.analytics.rollup import job as rollup_job
from coffeemug.app import create_app
from coffeemug.cli import app as cli
from coffeemug.db import get_sessionmaker, is_postgres, utcnow
from coffeemug.settings import Settings
from factories import event_payload, identity
from trust.bad_inputs import BAD_INPUTS, send
from trust.figures import count
from trust.trust_room import TrustRoom, build_trust_room

TABLES = (
    "overview",
    "breakdown/day",
    "breakdown/article",
    "breakdown/campaign",
    "breakdown/topic",
    "breakdown/region",
    "top/article",
    "conversions",
    "roi",
    "social",
    "share-of-buzz",
    "topic-footprint",
)


def _legacy_rows(session: Session, trust: TrustRoom) -> dict[str, str]:
    """Rows the API refuses today, written straight into the event log as an old version (or
    a hand-made fix) might have: id -> the rule they break (a key of quarantine.REASONS)."""
    pg = is_postgres(session)
    year_one = "0001-01-01T00:00:00+14:00" if pg else "0000-12-31 10:00:00.000000"
    huge = "Infinity" if pg else float("inf")
    nan = "NaN" if pg else float("-inf")  # SQLite stores NaN as NULL
    rows: list[tuple[str, dict[str, Any], str]] = [
        ("article_opened", {"occurred_at": year_one}, "time"),
        ("conversion_recorded", {"properties": '{"kind": "a\\u0000b"}'}, "kind_nul"),
        ("conversion_recorded", {"properties": '{"kind": "' + "k" * 40 + '"}'}, "kind_long"),
        ("conversion_recorded", {"value": 1e308, "properties": '{"kind": "big"}'}, "value"),
        ("conversion_recorded", {"value": huge, "properties": '{"kind": "inf"}'}, "value"),
        ("conversion_recorded", {"value": nan, "properties": '{"kind": "nan"}'}, "value"),
        ("article_read", {"dwell_seconds": huge}, "dwell"),
    ]
    now = utcnow()
    ids = {}
    for kind, fields, reason in rows:
        event_id = str(uuid.uuid4())
        values = {
            "id": event_id,
            "type": kind,
            "employee_id": trust.reader.id,
            "article_id": trust.live.id,
            "channel": "intranet",
            "region": "DE",
            "business_unit": "SI",
            "occurred_at": now - timedelta(hours=3),
            "ingested_at": now - timedelta(seconds=30),
            "dwell_seconds": None,
            "value": None,
            "properties": "{}",
            **fields,
        }
        casts = {"occurred_at": "timestamptz", "value": "float8", "dwell_seconds": "float8"}
        placeholders = [
            f"CAST(:{name} AS {casts[name]})"
            if pg and name in casts and isinstance(values[name], str)
            else (f"CAST(:{name} AS json)" if pg and name == "properties" else f":{name}")
            for name in values
        ]
        session.execute(
            text(f"INSERT INTO events ({', '.join(values)}) VALUES ({', '.join(placeholders)})"),
            values,
        )
        ids[event_id] = reason
    return ids


def test_bad_inputs_and_bad_rows_leave_every_later_step_working(committed_url: str) -> None:
    with get_sessionmaker(committed_url)() as session:
        trust = build_trust_room(session)
        session.commit()
        legacy = _legacy_rows(session, trust)
        session.commit()
    settings = Settings(database_url=committed_url, embedder="hashing", ranker_seed=7)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        answers = [send(client, bad, trust) for bad in BAD_INPUTS]
        count("poison: bad inputs sent", len(answers))
        count("poison: bad rows written behind the API", len(legacy))
        assert [a.status_code for a in answers if a.status_code >= 500] == []
        good = client.post(
            "/api/events",
            json=event_payload("article_opened", trust.live.id),
            headers=identity(trust.reader),
        )
        assert good.status_code == 201

        # The rollup goes through, setting the bad rows aside with their reasons.
        rolled = CliRunner().invoke(
            cli, ["analytics", "rollup", "--database-url", committed_url, "--settle-seconds", "0"]
        )
        assert rolled.exit_code == 0, rolled.output
        assert f"set aside {len(legacy)} events" in rolled.output
        from coffeemug.analytics import quarantine  # what the rollup should have recorded

        with get_sessionmaker(committed_url)() as session:
            aside = dict(
                session.execute(text("SELECT event_id, reason FROM analytics_quarantine")).all()
            )
        assert aside == {event: quarantine.REASONS[rule] for event, rule in legacy.items()}
        status = CliRunner().invoke(cli, ["analytics", "status", "--database-url", committed_url])
        assert status.exit_code == 0, status.output
        assert f"events set aside (quarantined, not in any figure): {len(legacy)}" in status.output
        assert quarantine.REASONS["value"] in status.output

        # Dashboard, every table as JSON and as CSV, and the employee's own export.
        analyst = identity(trust.analyst)
        for table in TABLES:
            for fmt in ("json", "csv"):
                answer = client.get(
                    f"/api/analytics/{table}", params={"format": fmt}, headers=analyst
                )
                assert answer.status_code == 200, (table, fmt, answer.text)
        dashboard = client.get("/analytics", headers=analyst)
        assert dashboard.status_code == 200
        export = client.get("/api/me/export", headers=identity(trust.reader))
        assert export.status_code == 200, export.text
        assert {e["id"] for e in export.json()["events"]} >= set(legacy)


def test_a_row_that_breaks_the_rollup_unforeseen_is_found_and_set_aside(
    session: Session, trust: TrustRoom, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = identity(trust.reader)
    for article in trust.room.articles[:3]:
        assert (
            client.post(
                "/api/events", json=event_payload("article_opened", article.id), headers=reader
            ).status_code
            == 201
        )
    poisoned = trust.room.articles[1].id
    aggregate = rollup_job.aggregate

    def breaks_on_one_article(events, campaigns, topics):  # type: ignore[no-untyped-def]
        if poisoned in events.article.tolist():
            raise ValueError("a row no rule foresaw")
        return aggregate(events, campaigns, topics)

    monkeypatch.setattr(rollup_job, "aggregate", breaks_on_one_article)
    from coffeemug.analytics import quarantine  # what the rollup should have recorded

    result = rollup.run_rollup(session, until=utcnow())
    assert result.set_aside == 1 and result.events == 2
    assert quarantine.summary(session) == [("could not be rolled up (ValueError)", 1)]
