"""The job ledger: record each run, park what keeps failing, and report how the kinds fare."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from coffeemug.errors import NotFound
from coffeemug.jobs import repository
from coffeemug.jobs.catalogue import JOBS, JobContext, JobKind, periodic
from coffeemug.jobs.schemas import JobsHealth, JobStatusRead, ParkedJobRead
from coffeemug.settings import Settings

log = logging.getLogger(__name__)


def run_recorded(
    kind: JobKind,
    ctx: JobContext,
    arguments: dict[str, Any],
    *,
    attempt: int,
    will_retry: Callable[[BaseException], bool],
) -> str | None:
    """Run one job of ``kind`` and write what happened to the ledger, each note in its own
    short transaction so the job's own work commits (or not) independently."""
    with ctx.unit() as session:
        repository.record_start(session, kind.name, ctx.scheduled_at, utcnow())
    try:
        summary = kind.run(ctx, **arguments)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:1000]
        parked = not will_retry(exc)
        with ctx.unit() as session:
            repository.record_failure(session, kind.name, error, utcnow())
            if parked:
                repository.park(session, kind.name, arguments, attempt, error)
        log.warning(
            "job %s failed (attempt %d%s): %s",
            kind.name,
            attempt,
            ", parked" if parked else ", will retry",
            error,
        )
        raise
    with ctx.unit() as session:
        repository.record_success(session, kind.name, (summary or "")[:500] or None, utcnow())
        if kind.cron:
            # A later successful run of a periodic kind has done what the parked one missed.
            repository.resolve_parked(session, "superseded", utcnow(), kind=kind.name)
    return summary


def _next_run(cron: str, after: datetime) -> datetime:
    from croniter import croniter  # only the status listing needs it

    return datetime.fromtimestamp(croniter(cron, after).get_next(float), UTC)


def _lag(cron: str | None, run: Any, now: datetime) -> float | None:
    if run is None or run.last_scheduled_at is None:
        return None
    if cron is None:
        started = run.last_started_at or now
        return max(0.0, (started - run.last_scheduled_at).total_seconds())
    done = run.last_scheduled_at if run.last_status == "succeeded" else None
    if done is None and run.last_succeeded_at is None:
        return max(0.0, (now - run.last_scheduled_at).total_seconds())
    due = _next_run(cron, done or run.last_succeeded_at)
    return max(0.0, (now - due).total_seconds())


def statuses(
    session: Session, settings: Settings, now: datetime | None = None
) -> list[JobStatusRead]:
    """Every kind of the catalogue with its last run, next run, failures, parked jobs and lag."""
    now = now or utcnow()
    runs = repository.runs(session)
    parked = repository.parked_counts(session)
    schedules = {kind.name: cron for kind, cron in periodic(settings)}
    result = []
    for kind in JOBS:
        run = runs.get(kind.name)
        cron = schedules.get(kind.name)
        result.append(
            JobStatusRead(
                kind=kind.name,
                help=kind.help,
                schedule=cron,
                last_started_at=run.last_started_at if run else None,
                last_status=run.last_status if run else None,
                last_summary=run.last_summary if run else None,
                last_error=run.last_error if run else None,
                next_run_at=_next_run(cron, now) if cron else None,
                runs=run.runs if run else 0,
                failures=run.failures if run else 0,
                consecutive_failures=run.consecutive_failures if run else 0,
                parked=parked.get(kind.name, 0),
                lag_seconds=_lag(cron, run, now),
            )
        )
    return result


def parked_jobs(session: Session) -> list[ParkedJobRead]:
    return [
        ParkedJobRead(
            id=p.id,
            kind=p.kind,
            args=p.args,
            attempts=p.attempts,
            error=p.error,
            parked_at=p.parked_at,
        )
        for p in repository.open_parked(session)
    ]


def open_parked(session: Session, parked_id: int) -> tuple[str, dict[str, Any]]:
    """The kind and arguments of an open parked job, to run it again."""
    parked = repository.get_parked(session, parked_id)
    if parked is None or parked.resolved_at is not None:
        raise NotFound(f"no open parked job #{parked_id}")
    return parked.kind, dict(parked.args)


def resolve_retried(session: Session, parked_id: int) -> None:
    """A parked job that ran again successfully is resolved."""
    repository.resolve_parked(session, "retried", utcnow(), ids=[parked_id])


def health(session: Session, now: datetime | None = None) -> JobsHealth:
    """The rollup's lag behind now and how many jobs are parked, for ``/api/health``."""
    from coffeemug.analytics import rollup

    now = now or utcnow()
    mark = rollup.watermark(session)
    return JobsHealth(
        data_as_of=mark,
        rollup_lag_seconds=round((now - mark).total_seconds(), 1) if mark else None,
        parked=sum(repository.parked_counts(session).values()),
    )


def purge(session: Session, before: datetime) -> int:
    """Forget parked jobs resolved before ``before``."""
    return repository.purge_resolved(session, before)
