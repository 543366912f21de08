"""The job engine: Procrastinate wired to the catalogue.

PostgreSQL: jobs live in Procrastinate's tables; workers on any number of machines take them
with ``SELECT ... FOR UPDATE SKIP LOCKED``, hear about new ones by ``LISTEN/NOTIFY``, and a
periodic job is deferred once per period however many workers run (a unique key on task and
timestamp). SQLite (the embedded default): the same tasks run on Procrastinate's in-memory
queue inside one process; every job here rebuilds its work from the database, so a restart
loses nothing but jobs in flight, which the next period does again.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import procrastinate
from croniter import croniter
from procrastinate import RetryStrategy, utils
from procrastinate.testing import InMemoryConnector
from sqlalchemy.engine import make_url

from coffeemug.db import utcnow
from coffeemug.errors import BadRequest
from coffeemug.jobs import service
from coffeemug.jobs.catalogue import BY_NAME, JOBS, JobContext, JobKind, periodic
from coffeemug.settings import Settings

log = logging.getLogger(__name__)

# A worker whose heartbeat is older than this is taken for dead; its jobs go back to the queue.
STALLED_AFTER_SECONDS = 60.0
HEARTBEAT_SECONDS = 10.0
KEEP_FINISHED_HOURS = 24
# Arguments our own ``defer`` adds to every job: when it was handed on (for the queue lag).
DEFERRED_AT = "deferred_at"


def check_schedules(settings: Settings) -> None:
    """Refuse a schedule setting that names an unknown kind or is no valid cron expression."""
    for name, cron in settings.job_schedules.items():
        if name not in BY_NAME:
            known = ", ".join(sorted(BY_NAME))
            raise BadRequest(f"COFFEEMUG_JOB_SCHEDULES: unknown job '{name}' (known: {known})")
        if not croniter.is_valid(cron):
            raise BadRequest(f"COFFEEMUG_JOB_SCHEDULES: '{cron}' for {name} is no cron expression")


def libpq_url(database_url: str) -> str:
    """The SQLAlchemy URL as psycopg's own connection string (without the driver name)."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


def _connector(settings: Settings) -> Any:
    if settings.is_sqlite:
        return InMemoryConnector()
    return procrastinate.PsycopgConnector(
        conninfo=libpq_url(settings.database_url), min_size=1, max_size=4
    )


def _defer(app: procrastinate.App) -> Any:
    def defer(name: str, arguments: dict[str, Any]) -> None:
        app.tasks[name].defer(**arguments, **{DEFERRED_AT: utcnow().isoformat()})

    return defer


def _task_function(kind: JobKind, settings: Settings) -> Any:
    def run(context: procrastinate.JobContext, **arguments: Any) -> str | None:
        timestamp = arguments.pop("timestamp", None)
        deferred_at = arguments.pop(DEFERRED_AT, None)
        if timestamp is not None:
            scheduled = datetime.fromtimestamp(timestamp, UTC)
        elif deferred_at is not None:
            scheduled = datetime.fromisoformat(deferred_at)
        else:
            scheduled = context.job.scheduled_at or utcnow()
        ctx = JobContext(settings, scheduled, _defer(context.app), engine=context.app)
        task = context.task

        def will_retry(exc: BaseException) -> bool:
            return task is not None and task.get_retry_exception(exc, context.job) is not None

        return service.run_recorded(
            kind, ctx, arguments, attempt=context.job.attempts + 1, will_retry=will_retry
        )

    run.__name__ = kind.name.replace(".", "_")
    return run


def build_app(settings: Settings) -> procrastinate.App:
    """A Procrastinate app with one task per kind of the catalogue and its schedules."""
    check_schedules(settings)
    app = procrastinate.App(connector=_connector(settings))
    schedules = dict((kind.name, cron) for kind, cron in periodic(settings))
    for kind in JOBS:
        serial = kind.name if kind.name in schedules else None
        task = app.task(
            name=kind.name,
            pass_context=True,
            # Periodic kinds run one at a time and never pile up behind a slow run.
            lock=serial,
            queueing_lock=serial,
            retry=RetryStrategy(max_attempts=kind.retries, exponential_wait=kind.backoff_seconds)
            if kind.retries
            else False,
        )(_task_function(kind, settings))
        if serial:
            app.periodic(cron=schedules[kind.name], periodic_id=kind.name)(task)
    return app


async def run_worker(settings: Settings, concurrency: int = 1, *, name: str = "worker") -> None:
    """Run jobs until cancelled (``serve``) or stopped by a signal (``coffeemug worker``)."""
    app = build_app(settings)
    async with app.open_async():
        await app.run_worker_async(
            concurrency=concurrency,
            name=name,
            # Finished jobs stay a day for inspection (jobs.housekeeping deletes them).
            delete_jobs="never",
            install_signal_handlers=name != "in-process",
            update_heartbeat_interval=HEARTBEAT_SECONDS,
            stalled_worker_timeout=STALLED_AFTER_SECONDS,
            shutdown_graceful_timeout=30.0,
        )


def housekeeping(app: procrastinate.App | None) -> str:
    """Put the jobs of dead workers (heartbeat too old) back in the queue and delete finished
    jobs older than a day (failed ones stay: they are parked)."""
    if app is None:
        return "no queue here"
    manager = app.job_manager
    stalled = list(
        utils.async_to_sync(manager.get_stalled_jobs, seconds_since_heartbeat=STALLED_AFTER_SECONDS)
    )
    for job in stalled:
        utils.async_to_sync(manager.retry_job, job)
    utils.async_to_sync(manager.delete_old_jobs, nb_hours=KEEP_FINISHED_HOURS)
    return f"{len(stalled)} stalled jobs put back in the queue"


def run_now(settings: Settings, name: str, arguments: dict[str, Any] | None = None) -> str | None:
    """Run one job of ``name`` in this process, now; the work it hands on runs here too."""
    check_schedules(settings)
    kind = BY_NAME.get(name)
    if kind is None:
        raise BadRequest(f"unknown job '{name}'; known: {', '.join(sorted(BY_NAME))}")

    def defer(child: str, child_arguments: dict[str, Any]) -> None:
        run_now(settings, child, child_arguments)

    ctx = JobContext(settings, utcnow(), defer)
    # Not parked when it fails here: whoever ran it sees the error at once.
    return service.run_recorded(
        kind, ctx, dict(arguments or {}), attempt=1, will_retry=lambda exc: True
    )
