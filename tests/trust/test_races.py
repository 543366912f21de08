"""Eight identical requests at the same moment: each answers 2xx, 404 or 409, never 500."""

from __future__ import annotations

import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from coffeemug.analytics.models import Effort, ScoreConfig
from coffeemug.app import create_app
from coffeemug.content.models import Topic
from coffeemug.db import get_sessionmaker, make_engine
from coffeemug.settings import Settings
from trust.trust_room import build_trust_room

AT_ONCE = 8


def _at_once(url: str, method: str, path: str, who: str, body: Any = None) -> Counter[int]:
    """Send the request from AT_ONCE workers (an app each) released at the same instant."""
    settings = Settings(database_url=url, embedder="hashing", ranker_seed=7)
    apps = [create_app(settings) for _ in range(AT_ONCE)]
    ready = threading.Barrier(AT_ONCE)
    statuses: list[int] = []

    def worker(index: int) -> None:
        with TestClient(apps[index], raise_server_exceptions=False) as client:
            # A first request, read-only, lets the app build its routes before the race.
            client.get(path, headers={"X-Employee-Id": who})
            ready.wait()
            response = client.request(method, path, json=body, headers={"X-Employee-Id": who})
            statuses.append(response.status_code)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(AT_ONCE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Counter(statuses)


def test_simultaneous_identical_requests_never_fail(committed_url: str) -> None:
    with get_sessionmaker(committed_url)() as session:
        trust = build_trust_room(session)
        session.commit()
        live, doomed = trust.live.id, trust.room.articles[1].id

    topics = _at_once(
        committed_url,
        "POST",
        "/api/topics",
        "admin-1",
        {"id": "energy", "name_de": "Energie", "name_en": "Energy"},
    )
    assert set(topics) <= {201, 409} and topics[201] == 1, topics

    weights = {"weight_reach": 0.5, "weight_interaction": 0.3, "weight_impact": 0.2}
    versions = _at_once(committed_url, "POST", "/api/analytics/score-configs", "analyst-1", weights)
    assert set(versions) <= {201, 409} and versions[201] >= 1, versions

    deleted = _at_once(committed_url, "DELETE", f"/api/articles/{doomed}", "editor-1")
    assert set(deleted) <= {204, 404, 409} and deleted[204] == 1, deleted

    effort = {"article_id": live, "hours": 2.5, "budget": 100}
    efforts = _at_once(committed_url, "PUT", "/api/analytics/efforts", "editor-1", effort)
    assert efforts == Counter({200: AT_ONCE}), efforts

    with get_sessionmaker(committed_url)() as session:
        assert session.scalar(select(func.count()).select_from(Topic).where(Topic.id == "energy"))
        stored = session.scalar(select(func.count()).select_from(ScoreConfig))
        assert stored == versions[201]
        rows = session.scalars(select(Effort).where(Effort.article_id == live)).all()
        assert [(e.hours, e.budget) for e in rows] == [(2.5, 100.0)]


def test_a_savepoint_on_sqlite_waits_for_a_concurrent_commit_instead_of_failing(
    tmp_path: Path,
) -> None:
    """A page that saves in a savepoint (the desk, say) while a job commits: on SQLite the
    savepoint must not read from a snapshot the job's commit makes stale ("database is locked"
    at the write, the page a 500); it takes the write lock first and the job waits for it."""
    engine = make_engine(f"sqlite:///{tmp_path / 'race.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, source TEXT)"))

    def job_commits() -> None:
        with Session(engine) as job:
            job.execute(text("INSERT INTO notes (source) VALUES ('job')"))
            job.commit()

    with Session(engine) as page:
        with page.begin_nested():
            page.execute(text("SELECT count(*) FROM notes")).scalar()
            job = threading.Thread(target=job_commits)
            job.start()
            time.sleep(0.3)  # without the write lock, the job commits here
            page.execute(text("INSERT INTO notes (source) VALUES ('page')"))
        page.commit()
    job.join(timeout=30)
    with Session(engine) as check:
        sources = check.scalars(text("SELECT source FROM notes ORDER BY id")).all()
    assert sources == ["page", "job"]
    engine.dispose()
