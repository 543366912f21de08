"""The job engine for real: in-process under 'serve' on SQLite (one process at a time), and
several 'coffeemug worker' processes on PostgreSQL sharing the queue, each periodic job once
per period."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from coffeemug.app import create_app
from coffeemug.db import session_scope
from coffeemug.jobs import repository, runtime
from coffeemug.jobs.catalogue import JOBS
from coffeemug.settings import Settings
from database_support import make_database

EVERY_SECOND = "* * * * * */1"


def _sqlite_settings(tmp_path: Path, **extra: object) -> Settings:
    url, _ = make_database("sqlite", tmp_path)
    return Settings(
        database_url=url,
        embedder="hashing",
        jobs_in_process=True,
        job_schedules={"analytics.rollup": EVERY_SECOND, "jobs.housekeeping": EVERY_SECOND},
        **extra,  # type: ignore[arg-type]
    )


def _runs(settings: Settings) -> dict[str, int]:
    with session_scope(settings.database_url) as session:
        return {kind: run.runs for kind, run in repository.runs(session).items()}


def test_serve_runs_the_jobs_in_process_and_the_dashboard_data_follows(tmp_path: Path) -> None:
    settings = _sqlite_settings(tmp_path)
    with TestClient(create_app(settings)) as client:
        deadline = time.monotonic() + 20
        while _runs(settings).get("analytics.rollup", 0) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        health = client.get("/api/health").json()["jobs"]
    assert _runs(settings)["analytics.rollup"] >= 2
    assert health["data_as_of"] is not None and health["parked"] == 0


def test_on_sqlite_one_process_runs_the_jobs_and_the_others_stand_by(tmp_path: Path) -> None:
    settings = _sqlite_settings(tmp_path)
    assert runtime.lock_path(settings) is not None

    def run_for(seconds: float) -> None:
        """The runner for a while, on its own event loop in a thread (a browser test may
        hold a running loop in this one)."""

        async def run() -> None:
            task = asyncio.create_task(runtime.run_jobs(settings, name="in-process"))
            await asyncio.sleep(seconds)
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

        thread = threading.Thread(target=asyncio.run, args=(run(),))
        thread.start()
        thread.join()

    with runtime.single_runner(settings) as mine:
        assert mine  # this test holds the lock now, as another serve process would
        run_for(3)
        assert _runs(settings) == {}
        with runtime.single_runner(settings) as second:
            assert not second
    run_for(3)  # the lock is free: this runner takes over
    assert _runs(settings).get("analytics.rollup", 0) >= 1


def test_postgres_is_never_run_in_process_by_default() -> None:
    assert not runtime.runs_in_process(
        Settings(database_url="postgresql+psycopg://u@h/db", jobs_in_process=None)
    )
    assert runtime.runs_in_process(Settings(database_url="sqlite:///x.db", jobs_in_process=None))


STARTED = re.compile(r"Starting job (?P<task>[\w.]+)\[(?P<id>\d+)\]\(timestamp=(?P<ts>\d+)\)")


@pytest.fixture
def postgres_url(tmp_path: Path):  # type: ignore[no-untyped-def]
    url, cleanup = make_database("postgresql", tmp_path)
    yield url
    cleanup()


def _started_runs(logs: list[Path]) -> list[list[tuple[str, int]]]:
    return [[(m["task"], int(m["ts"])) for m in STARTED.finditer(log.read_text())] for log in logs]


def _wait_for_periods(logs: list[Path], tasks: set[str], periods: int, timeout: float) -> None:
    """Until both workers started jobs and every task ran in ``periods`` periods: a loaded
    machine starts the workers slowly, so a fixed sleep would measure the load, not the rule."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        started = _started_runs(logs)
        per_task = Counter(task for worker in started for task, _ in set(worker))
        if all(started) and all(per_task[task] >= periods for task in tasks):
            return
        time.sleep(0.5)


def test_two_workers_on_postgres_run_each_periodic_job_once_per_period(
    postgres_url: str, tmp_path: Path
) -> None:
    periodic = [kind.name for kind in JOBS if kind.cron]
    schedules = "{" + ", ".join(f'"{name}": "* * * * * */2"' for name in periodic) + "}"
    env = {
        **os.environ,
        "COFFEEMUG_DATABASE_URL": postgres_url,
        "COFFEEMUG_JOB_SCHEDULES": schedules,
        "COFFEEMUG_EMBEDDER": "hashing",
    }
    coffeemug = str(Path(sys.executable).with_name("coffeemug"))
    logs = [tmp_path / f"worker{i}.log" for i in range(2)]
    workers = [
        subprocess.Popen(
            [coffeemug, "worker", "--concurrency", "2"],
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        for log in logs
    ]
    try:
        _wait_for_periods(logs, set(periodic), periods=3, timeout=120)
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=40)

    started = _started_runs(logs)
    assert all(started), "each worker ran periodic jobs"
    everything = Counter(run for worker in started for run in worker)
    twice = [run for run, n in everything.items() if n > 1]
    assert twice == [], f"periodic jobs run twice in one period: {twice}"
    assert {task for task, _ in everything} == set(periodic)
    assert min(Counter(task for task, _ in everything).values()) >= 3  # several periods each

    engine = create_engine(postgres_url)
    with engine.connect() as conn:
        per_period = conn.execute(
            text(
                "SELECT task_name, args->>'timestamp', count(*), "
                "bool_and(status = 'succeeded') FROM procrastinate_jobs "
                "WHERE args ? 'timestamp' GROUP BY 1, 2"
            )
        ).all()
    engine.dispose()
    assert per_period and all(count == 1 for _, _, count, _ in per_period)
    assert all(ok for *_, ok in per_period)
