"""The export log: every CSV download is recorded (who, which table, which filters), no figures."""

from __future__ import annotations

from datetime import timedelta

from analytics_factories import add_events, fresh_sqlite, roll
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from coffeemug.analytics import audit
from coffeemug.analytics.audit import ExportRecord
from coffeemug.cli import app
from coffeemug.db import make_engine, utcnow
from factories import identity, make_article, make_employee


def test_csv_exports_are_logged_and_json_reads_are_not(
    client: TestClient, session: Session
) -> None:
    readers = [make_employee(session) for _ in range(6)]
    article = make_article(session, "Plant tour")
    add_events(session, readers, "article_impressed", article.id, utcnow().date())
    roll(session)
    analyst = make_employee(session, roles=("analyst",))
    admin = make_employee(session, roles=("admin",))

    assert (
        client.get("/api/analytics/breakdown/topic", headers=identity(analyst)).status_code == 200
    )
    assert session.scalar(select(func.count()).select_from(ExportRecord)) == 0

    export = client.get(
        "/api/analytics/breakdown/region?format=csv&channel=intranet", headers=identity(analyst)
    )
    assert export.status_code == 200
    log = client.get("/api/analytics/exports", headers=identity(admin))
    assert log.status_code == 200
    (entry,) = log.json()
    assert entry["employee_id"] == analyst.id
    assert entry["table_name"] == "breakdown-region"
    assert entry["parameters"]["channel"] == "intranet"
    assert "format" not in entry["parameters"]
    # The period actually answered (whole weeks) is what the log keeps.
    assert entry["parameters"]["start"] <= entry["parameters"]["end"]
    assert entry["rows"] == len(export.text.strip().splitlines()) - 1
    # Nothing of the figures themselves.
    assert set(entry) == {"id", "exported_at", "employee_id", "table_name", "parameters", "rows"}


def test_only_admins_read_the_export_log(client: TestClient, session: Session) -> None:
    analyst = make_employee(session, roles=("analyst",))
    response = client.get("/api/analytics/exports", headers=identity(analyst))
    assert response.status_code == 403
    assert "admin" in response.json()["detail"]
    admin = make_employee(session, roles=("admin",))
    bad = client.get("/api/analytics/exports?limit=0", headers=identity(admin))
    assert bad.status_code == 422 and bad.json()["error"]


def _log_entries(session: Session, employee_id: int, ages_in_days: tuple[int, ...]) -> None:
    session.add_all(
        [
            ExportRecord(
                employee_id=employee_id,
                table_name="overview",
                parameters={},
                rows=days,
                exported_at=utcnow() - timedelta(days=days),
            )
            for days in ages_in_days
        ]
    )
    session.flush()


def test_purge_deletes_log_entries_older_than_the_retention(session: Session) -> None:
    analyst = make_employee(session, roles=("analyst",))
    _log_entries(session, analyst.id, (1, 29, 31, 500))
    assert audit.purge(session, 30) == 2
    assert sorted(r.rows for r in session.scalars(select(ExportRecord))) == [1, 29]


def test_the_purge_command_reports_log_entries_too(tmp_path) -> None:
    url = fresh_sqlite(tmp_path)
    engine = make_engine(url)
    with Session(engine) as session:
        _log_entries(session, make_employee(session, roles=("analyst",)).id, (1, 500))
        session.commit()
    engine.dispose()
    result = CliRunner().invoke(
        app, ["analytics", "purge", "--database-url", url, "--retention-days", "30"]
    )
    assert result.exit_code == 0, result.output
    assert "0 raw events and 1 export-log entries older than 30 days" in result.output
