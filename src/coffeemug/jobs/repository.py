"""All SQL of the job ledger."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from coffeemug.db import dialect_insert
from coffeemug.jobs.models import JobRun, ParkedJob


def record_start(session: Session, kind: str, scheduled_at: datetime, now: datetime) -> None:
    """Count a run of ``kind`` as started (one upsert, safe with many workers at once)."""
    insert = dialect_insert(session)
    values = {
        "last_scheduled_at": scheduled_at,
        "last_started_at": now,
        "last_status": "running",
    }
    statement = insert(JobRun).values(
        kind=kind, runs=1, failures=0, consecutive_failures=0, **values
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[JobRun.kind], set_={"runs": JobRun.runs + 1, **values}
        )
    )


def record_success(session: Session, kind: str, summary: str | None, now: datetime) -> None:
    session.execute(
        update(JobRun)
        .where(JobRun.kind == kind)
        .values(
            last_finished_at=now,
            last_succeeded_at=now,
            last_status="succeeded",
            last_summary=summary,
            consecutive_failures=0,
        )
    )


def record_failure(session: Session, kind: str, error: str, now: datetime) -> None:
    session.execute(
        update(JobRun)
        .where(JobRun.kind == kind)
        .values(
            last_finished_at=now,
            last_status="failed",
            last_error=error,
            failures=JobRun.failures + 1,
            consecutive_failures=JobRun.consecutive_failures + 1,
        )
    )


def park(session: Session, kind: str, args: dict[str, Any], attempts: int, error: str) -> None:
    session.add(ParkedJob(kind=kind, args=args, attempts=attempts, error=error))
    session.flush()


def resolve_parked(
    session: Session, resolution: str, now: datetime, *, kind: str | None = None, ids=()
) -> int:
    """Mark parked jobs resolved: all open ones of ``kind``, or those with the given ids."""
    statement = update(ParkedJob).where(ParkedJob.resolved_at.is_(None))
    if kind is not None:
        statement = statement.where(ParkedJob.kind == kind)
    if ids:
        statement = statement.where(ParkedJob.id.in_(list(ids)))
    result = session.execute(statement.values(resolved_at=now, resolution=resolution))
    return result.rowcount or 0


def runs(session: Session) -> dict[str, JobRun]:
    return {row.kind: row for row in session.scalars(select(JobRun))}


def get_run(session: Session, kind: str) -> JobRun | None:
    return session.get(JobRun, kind)


def open_parked(session: Session) -> Sequence[ParkedJob]:
    return session.scalars(
        select(ParkedJob).where(ParkedJob.resolved_at.is_(None)).order_by(ParkedJob.id)
    ).all()


def get_parked(session: Session, parked_id: int) -> ParkedJob | None:
    return session.get(ParkedJob, parked_id)


def parked_counts(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(ParkedJob.kind, func.count())
        .where(ParkedJob.resolved_at.is_(None))
        .group_by(ParkedJob.kind)
    )
    return {kind: count for kind, count in rows}


def purge_resolved(session: Session, before: datetime) -> int:
    result = session.execute(
        delete(ParkedJob).where(ParkedJob.resolved_at.is_not(None), ParkedJob.resolved_at < before)
    )
    return result.rowcount or 0
