"""Where jobs run: inside ``coffeemug serve`` (the embedded default) or ``coffeemug worker``.

On SQLite the queue lives in the memory of one process, so exactly one process may run jobs:
whoever holds an exclusive lock on a file next to the database (``<db>.jobs.lock``). The other
``serve`` workers, or a second ``coffeemug worker``, wait and take over when the holder exits;
the operating system releases the lock of a process that dies. PostgreSQL needs no lock: its
workers share the queue.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import IO

from fastapi import FastAPI
from sqlalchemy.engine import make_url

from coffeemug.settings import Settings

log = logging.getLogger(__name__)

RETRY_LOCK_SECONDS = 15.0
RESTART_AFTER_SECONDS = 30.0


def runs_in_process(settings: Settings) -> bool:
    """Whether ``serve`` runs the jobs itself: the setting, else yes on SQLite only."""
    if settings.jobs_in_process is not None:
        return settings.jobs_in_process
    return settings.is_sqlite


def lock_path(settings: Settings) -> Path | None:
    """The lock file of a SQLite database file; None for PostgreSQL or an in-memory SQLite."""
    if not settings.is_sqlite:
        return None
    database = make_url(settings.database_url).database
    if not database or database == ":memory:":
        return None
    return Path(database).resolve().with_name(Path(database).name + ".jobs.lock")


@contextlib.contextmanager
def single_runner(settings: Settings) -> Iterator[bool]:
    """Yields True while this process holds the right to run jobs (always, on PostgreSQL)."""
    path = lock_path(settings)
    if path is None:
        yield True
        return
    handle: IO[str] = open(path, "a+")  # noqa: SIM115  (held open as long as the lock)
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        try:
            yield True
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    finally:
        handle.close()


async def run_jobs(settings: Settings, concurrency: int = 1, *, name: str) -> None:
    """Run jobs for as long as this task lives: wait for the SQLite lock if another process
    holds it, and start again after an error (a web server must not die of a job problem)."""
    # Imported here: web processes that run no jobs start without the engine.
    from coffeemug.jobs import engine

    waiting_said = False
    while True:
        with single_runner(settings) as mine:
            if mine:
                waiting_said = False
                try:
                    log.info("running background jobs in this process (%s)", name)
                    await engine.run_worker(settings, concurrency, name=name)
                    return
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.exception("the job runner stopped; starting again shortly")
                    delay = RESTART_AFTER_SECONDS
            else:
                if not waiting_said:
                    log.info("another process runs the background jobs; standing by")
                    waiting_said = True
                delay = RETRY_LOCK_SECONDS
        await asyncio.sleep(delay)


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Starts the in-process job runner with the web app when the settings ask for it."""
    settings: Settings = app.state.settings
    task = None
    if runs_in_process(settings):
        task = asyncio.create_task(run_jobs(settings, name="in-process"))
    try:
        yield
    finally:
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
