"""The job ledger: runs, failures, parking, superseding, lag, and where they are shown."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from coffeemug.db import utcnow
from coffeemug.jobs import repository, service
from coffeemug.jobs.catalogue import BY_NAME, JOBS, JobContext, JobKind
from coffeemug.settings import Settings


@dataclass(frozen=True)
class _Context(JobContext):
    units: Callable[[], AbstractContextManager[Session]] | None = None

    def unit(self) -> AbstractContextManager[Session]:
        assert self.units is not None
        return self.units()


@pytest.fixture
def ctx(settings: Settings, connection) -> _Context:  # type: ignore[no-untyped-def]
    from coffeemug.db import unit_of_work

    def units() -> AbstractContextManager[Session]:
        return unit_of_work(
            Session(
                bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
            )
        )

    return _Context(
        settings, utcnow().replace(second=0, microsecond=0), lambda n, a: None, units=units
    )


class Boom(Exception):
    pass


def _kind(run: Callable[..., str | None], cron: str | None = "* * * * *") -> JobKind:
    return JobKind("test.kind", "A kind for tests.", run, cron=cron)


def test_a_run_is_recorded_with_its_summary(session: Session, ctx: _Context) -> None:
    kind = _kind(lambda ctx: "did 3 things")
    assert (
        service.run_recorded(kind, ctx, {}, attempt=1, will_retry=lambda e: True) == "did 3 things"
    )
    run = repository.get_run(session, "test.kind")
    assert run is not None
    assert (run.runs, run.failures, run.last_status, run.last_summary) == (
        1,
        0,
        "succeeded",
        "did 3 things",
    )


def test_failures_are_retried_then_parked_and_a_later_success_supersedes(
    session: Session, ctx: _Context
) -> None:
    def fails(ctx: JobContext, n: int) -> str:
        raise Boom(f"bad row {n}")

    kind = _kind(fails)
    with pytest.raises(Boom):
        service.run_recorded(kind, ctx, {"n": 1}, attempt=1, will_retry=lambda e: True)
    assert repository.open_parked(session) == []
    with pytest.raises(Boom):
        service.run_recorded(kind, ctx, {"n": 1}, attempt=5, will_retry=lambda e: False)
    (parked,) = repository.open_parked(session)
    assert (parked.kind, parked.args, parked.attempts, parked.error) == (
        "test.kind",
        {"n": 1},
        5,
        "Boom: bad row 1",
    )
    run = repository.get_run(session, "test.kind")
    assert run is not None and (run.failures, run.consecutive_failures) == (2, 2)

    ok = _kind(lambda ctx, n: "fine")
    service.run_recorded(ok, ctx, {"n": 2}, attempt=1, will_retry=lambda e: True)
    assert repository.open_parked(session) == []
    session.expire_all()
    assert repository.get_run(session, "test.kind").consecutive_failures == 0  # type: ignore[union-attr]


def test_status_lists_every_kind_with_next_run_and_lag(
    session: Session, settings: Settings, ctx: _Context
) -> None:
    now = utcnow()
    rollup = BY_NAME["analytics.rollup"]
    ten_ago = (now - timedelta(minutes=10)).replace(second=0, microsecond=0)
    behind = _Context(settings, ten_ago, ctx.defer, units=ctx.units)
    service.run_recorded(
        JobKind(rollup.name, rollup.help, lambda ctx: "ok", cron=rollup.cron),
        behind,
        {},
        attempt=1,
        will_retry=lambda e: True,
    )
    rows = {row.kind: row for row in service.statuses(session, settings, now)}
    assert list(rows) == [kind.name for kind in JOBS]
    lag = rows["analytics.rollup"].lag_seconds
    assert lag is not None and 9 * 60 <= lag <= 10 * 60  # due a minute after the last run
    assert rows["analytics.rollup"].next_run_at is not None
    assert rows["analytics.rollup"].next_run_at - now <= timedelta(minutes=1)
    assert rows["mail.send_batch"].schedule is None and rows["mail.send_batch"].lag_seconds is None
    assert rows["mail.digests"].runs == 0


def test_schedules_can_be_replaced_but_only_for_known_kinds() -> None:
    from coffeemug.errors import BadRequest
    from coffeemug.jobs.engine import check_schedules

    check_schedules(Settings(job_schedules={"mail.digests": "*/5 * * * *"}))
    with pytest.raises(BadRequest, match="unknown job"):
        check_schedules(Settings(job_schedules={"mail.nothing": "* * * * *"}))
    with pytest.raises(BadRequest, match="no cron"):
        check_schedules(Settings(job_schedules={"mail.digests": "every minute"}))


def test_health_reports_rollup_lag_and_parked_jobs(client: TestClient, session: Session) -> None:
    from coffeemug.analytics.rollup import run_rollup

    repository.park(session, "mail.send_batch", {"kind": "digest"}, 5, "ServerUnavailable")
    run_rollup(session, settle_seconds=0)
    session.flush()
    jobs = client.get("/api/health").json()["jobs"]
    assert jobs["parked"] == 1
    assert 0 <= jobs["rollup_lag_seconds"] < 60
    assert datetime.fromisoformat(jobs["data_as_of"]) <= utcnow()


def test_the_jobs_command_lists_every_kind(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coffeemug.cli import app
    from coffeemug.settings import get_settings

    monkeypatch.setenv("COFFEEMUG_DATABASE_URL", database_url)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["jobs"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    for kind in JOBS:
        assert kind.name in result.output
    unknown = CliRunner().invoke(app, ["jobs", "retry", "999999"])
    assert unknown.exit_code != 0
