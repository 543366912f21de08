"""Every kind of background job, declared once.

Adding a job is one declaration in ``JOBS`` below: a name, what it does (``help``), the function
that runs it and, for periodic work, a cron schedule (UTC). The function's body belongs to its
domain's service; the adapter here only opens what it needs from the ``JobContext``. Workers,
the in-process runner of ``coffeemug serve``, ``coffeemug jobs`` and the health check all read
this list, so nothing else has to change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from coffeemug.db import session_scope
from coffeemug.settings import Settings

Defer = Callable[[str, dict[str, Any]], None]


@dataclass(frozen=True)
class JobContext:
    """What a running job gets: the settings, a unit of work per transaction, when the run was
    due, and ``defer`` to hand work on to the other workers (fan-out)."""

    settings: Settings
    scheduled_at: datetime
    defer: Defer
    # Set by the worker: lets engine housekeeping reach the queue itself.
    engine: Any = None

    def unit(self) -> AbstractContextManager[Session]:
        """A session that commits when the block succeeds and rolls back otherwise."""
        return session_scope(self.settings.database_url)


@dataclass(frozen=True)
class JobKind:
    name: str
    help: str
    run: Callable[..., str | None]  # run(ctx: JobContext, **arguments) -> a short summary
    cron: str | None = None  # periodic schedule in UTC (a sixth field counts seconds)
    retries: int = 4  # attempts after the first before the job is parked
    backoff_seconds: int = 5  # exponential: 5, 25, 125, 625 s


# ------------------------------------------------------------------ adapters


def _listening_alerts(ctx: JobContext) -> str:
    from coffeemug.listening import alerts, ingest

    with ctx.unit() as session:
        synced = ingest.sync_mentions(session, ctx.settings)
        made = alerts.check_hour(session, ctx.settings, ctx.scheduled_at)
    with ctx.unit() as session:
        sent = alerts.send_alerts(session, ctx.settings)
    return f"{synced} mentions taken in, {len(made)} alerts, {sent} sent"


def _listening_outbox(ctx: JobContext) -> str:
    from coffeemug.listening import outbox

    # The batch commits even when some replies fail (their attempts are counted); the job then
    # fails and is retried for those.
    failure: Exception | None = None
    with ctx.unit() as session:
        try:
            sent = outbox.deliver(session, ctx.settings)
        except outbox.PublishFailed as exc:
            failure, sent = exc, 0
    if failure is not None:
        raise failure
    return f"{sent} replies delivered"


def _rollup(ctx: JobContext) -> str:
    from coffeemug.analytics import rollup

    with ctx.unit() as session:
        result = rollup.run_rollup(session)
    return f"rolled up {result.events} events, lag {result.lag_seconds:.0f} s"


def _retention(ctx: JobContext) -> str:
    from coffeemug.analytics import audit, rollup
    from coffeemug.jobs import service as jobs_service
    from coffeemug.mail import service as mail_service

    days = ctx.settings.retention_days
    with ctx.unit() as session:
        events = rollup.purge(session, days, now=ctx.scheduled_at)
        exports = audit.purge(session, days)
        mails = mail_service.purge(session, ctx.scheduled_at - timedelta(days=days))
        parked = jobs_service.purge(session, ctx.scheduled_at - timedelta(days=days))
    return (
        f"deleted {events} raw events, {exports} export-log entries, {mails} mail records "
        f"and {parked} resolved parked jobs older than {days} days"
    )


def _digests(ctx: JobContext) -> str:
    from coffeemug.mail import delivery

    return delivery.schedule_digests(ctx.unit, ctx.settings, ctx.scheduled_at, ctx.defer)


def _reminders(ctx: JobContext) -> str:
    from coffeemug.mail import delivery

    return delivery.schedule_reminders(ctx.unit, ctx.settings, ctx.scheduled_at, ctx.defer)


def _send_batch(ctx: JobContext, kind: str, items: list[list[Any]], batch: str) -> str:
    from coffeemug.mail import delivery

    pairs = [(int(employee_id), str(ref)) for employee_id, ref in items]
    return delivery.send_batch(ctx.unit, ctx.settings, kind, pairs, batch)


def _publish_notices(ctx: JobContext) -> str:
    from coffeemug.mail import delivery

    return delivery.publish_notices(ctx.unit, ctx.settings, ctx.scheduled_at)


def _team_webhooks(ctx: JobContext) -> str:
    from coffeemug.mail import webhooks

    return webhooks.post_top_of_newsroom(ctx.unit, ctx.settings, ctx.scheduled_at)


def _approval_reminders(ctx: JobContext) -> str:
    import uuid

    from coffeemug.mail import delivery
    from coffeemug.orchestration import approvals

    with ctx.unit() as session:
        due = approvals.remind_approvers(session, ctx.settings, ctx.scheduled_at)
        pairs = approvals.reminder_recipients(due)
    sent = ""
    if pairs and ctx.settings.smtp_url:
        sent = "; " + delivery.send_batch(
            ctx.unit, ctx.settings, "approval", pairs, uuid.uuid4().hex
        )
    return f"reminded the approvers of {len(due)} articles; their deputies may act now{sent}"


def _housekeeping(ctx: JobContext) -> str:
    from coffeemug.jobs import engine

    return engine.housekeeping(ctx.engine)


JOBS: tuple[JobKind, ...] = (
    JobKind(
        "analytics.rollup",
        "Roll newly ingested events up for the analytics dashboard.",
        _rollup,
        cron="* * * * *",
    ),
    JobKind(
        "analytics.retention",
        "Delete raw events, export-log entries and mail records past the retention period.",
        _retention,
        cron="30 2 * * *",
    ),
    JobKind(
        "mail.digests",
        "Find employees whose daily or weekly digest is due and hand them to mail.send_batch.",
        _digests,
        cron="*/15 * * * *",
    ),
    JobKind(
        "mail.reminders",
        "Find must-reads past their due date and hand the employees to remind to mail.send_batch.",
        _reminders,
        cron="*/10 * * * *",
    ),
    JobKind(
        "mail.send_batch",
        "Compose and send one batch of digests or reminders (each message at most once).",
        _send_batch,
    ),
    JobKind(
        "mail.publish_notices",
        "Tell authors by e-mail when their scheduled article has gone live.",
        _publish_notices,
        cron="* * * * *",
    ),
    JobKind(
        "mail.team_webhooks",
        'Post the daily "top of the newsroom" to the team channels in COFFEEMUG_TEAM_WEBHOOKS.',
        _team_webhooks,
        cron="0 7 * * *",
    ),
    JobKind(
        "listening.alerts",
        "Take in newly imported mentions, check the last hour against its baseline, refresh "
        "open items' priority and send new listening alerts.",
        _listening_alerts,
        cron="5 * * * *",
    ),
    JobKind(
        "listening.outbox",
        "Deliver queued replies to external sources through their signed publisher webhook.",
        _listening_outbox,
        cron="* * * * *",
    ),
    JobKind(
        "orchestration.approval_reminders",
        "Remind approvers who have not acted within COFFEEMUG_APPROVAL_REMINDER_HOURS business "
        "hours; from then on their deputy may decide.",
        _approval_reminders,
        cron="*/15 * * * *",
    ),
    JobKind(
        "jobs.housekeeping",
        "Put jobs of workers that died (no heartbeat) back in the queue; forget finished jobs "
        "after a day.",
        _housekeeping,
        cron="* * * * *",
        retries=0,
    ),
)

BY_NAME: dict[str, JobKind] = {kind.name: kind for kind in JOBS}


def periodic(settings: Settings) -> Iterator[tuple[JobKind, str]]:
    """The periodic kinds with their schedule (a setting may replace the default)."""
    for kind in JOBS:
        cron = settings.job_schedules.get(kind.name, kind.cron)
        if cron:
            yield kind, cron
