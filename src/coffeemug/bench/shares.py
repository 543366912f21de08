"""Speed of the tracked share link: ``GET /s/<token>`` under load against a real server.

Builds a fresh database (PostgreSQL, or a SQLite file), one public article and a number of
shares, starts the application under uvicorn and sends ``clicks`` requests over keep-alive
connections, cycling through the tokens. Every request must answer 302 and be counted exactly
once: the clicks stored afterwards must equal the redirects answered.
"""

from __future__ import annotations

import asyncio
import secrets
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
from sqlalchemy import create_engine, func, insert, select
from sqlalchemy.orm import Session

from coffeemug.advocacy.models import Share, ShareClick
from coffeemug.bench._http_load import LOOPBACK, BenchmarkFailed, _children, _Connection, serve
from coffeemug.bench._synthetic import fresh_postgres_database
from coffeemug.bench.digest import _cpu_seconds, _postgres_cpu
from coffeemug.bench.feed import _bench_server
from coffeemug.content.models import Article
from coffeemug.db import utcnow
from coffeemug.migrate import upgrade_to_head
from coffeemug.people.models import Employee


@dataclass(frozen=True)
class SharesBenchResult:
    clicks: int
    redirects_per_s: float
    p50_ms: float
    p99_ms: float
    database: str
    workers: int
    concurrency: int
    stored_clicks: int
    errors: int
    # CPU per redirect (server workers, and PostgreSQL's backends for this database): the
    # figure that does not depend on what else runs on the machine.
    server_cpu_ms: float
    database_cpu_ms: float | None
    # The load generator's own CPU per redirect: it shares the cores with the server.
    load_cpu_ms: float

    @property
    def free_cores_rate(self) -> float:
        """Redirects per second two free cores would sustain at the measured CPU cost."""
        per = self.server_cpu_ms + (self.database_cpu_ms or 0.0)
        return round(2000.0 / per, 1) if per else 0.0

    def summary(self) -> dict[str, object]:
        return {
            "clicks": self.clicks,
            "redirects_per_s": self.redirects_per_s,
            "p99_ms": self.p99_ms,
            "database": self.database,
        }


def _prepare(url: str, shares: int) -> list[str]:
    """One employee, one public article and ``shares`` shares of it; their tokens."""
    engine = create_engine(url)
    now = utcnow()
    try:
        with Session(engine) as session, session.begin():
            employee = Employee(
                external_id="bench-sharer",
                display_name="Bench",
                region="Germany",
                business_unit="Bench",
                languages=["en"],
                roles=["reader"],
            )
            article = Article(
                title="A shared article",
                summary="Shared by many.",
                body="Text.",
                language="en",
                status="published",
                publish_at=now - timedelta(hours=1),
                shareable=True,
                audience_regions=[],
                audience_business_units=[],
                audience_languages=[],
            )
            session.add_all([employee, article])
            session.flush()
            tokens = [secrets.token_urlsafe(16) for _ in range(shares)]
            session.execute(
                insert(Share),
                [
                    {
                        "token": t,
                        "employee_id": employee.id,
                        "article_id": article.id,
                        "network": "linkedin",
                        "text": "I like it",
                        "language": "en",
                        "business_unit": "Bench",
                        "campaign": "advocacy",
                        "coach_score": 50,
                        "created_at": now,
                    }
                    for t in tokens
                ],
            )
    finally:
        engine.dispose()
    return tokens


def _stored_clicks(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count(ShareClick.id))).scalar() or 0)
    finally:
        engine.dispose()


async def _drive(base_url: str, tokens: list[str], clicks: int, concurrency: int):  # type: ignore[no-untyped-def]
    latencies: list[float] = []
    errors = 0
    issued = 0
    url = urlsplit(base_url)

    async def worker() -> None:
        nonlocal issued, errors
        connection = _Connection(url.hostname or LOOPBACK, url.port or 80)
        try:
            while issued < clicks:
                token = tokens[issued % len(tokens)]
                issued += 1
                started = time.perf_counter()
                try:
                    code = await asyncio.wait_for(connection.get(f"/s/{token}", {}), 30.0)
                except (OSError, ValueError, IndexError, asyncio.IncompleteReadError, TimeoutError):
                    connection.close()
                    code = 0
                latencies.append((time.perf_counter() - started) * 1000.0)
                errors += code != 302
        finally:
            connection.close()

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors, time.perf_counter() - began


def run(
    clicks: int,
    *,
    database_url: str | None,
    database_name: str,
    workers: int,
    concurrency: int,
    shares: int,
) -> SharesBenchResult:
    with tempfile.TemporaryDirectory(prefix="coffeemug-bench-shares-") as tmp:
        if database_url is None:
            url = fresh_postgres_database(_bench_server(), database_name)
        else:
            url = database_url
        if url.startswith("sqlite") and url.endswith(":memory:"):
            raise BenchmarkFailed("--database-url: an in-memory SQLite database cannot be served")
        upgrade_to_head(url)
        tokens = _prepare(url, shares)
        with serve(url, workers=workers, log_dir=Path(tmp)) as server:
            # Warm-up: every worker loads the application and its connections.
            asyncio.run(_drive(server.base_url, tokens, min(200, clicks), concurrency))
            warm = _stored_clicks(url)
            pids = [server.process.pid, *_children(server.process.pid)]
            cpu_before = sum(_cpu_seconds(pid) for pid in pids)
            pg_before = _postgres_cpu(database_name) if url.startswith("postgresql") else {}
            load_before = time.process_time()
            latencies, errors, seconds = asyncio.run(
                _drive(server.base_url, tokens, clicks, concurrency)
            )
            load_cpu = time.process_time() - load_before
            server_cpu = sum(_cpu_seconds(pid) for pid in pids) - cpu_before
            pg_after = _postgres_cpu(database_name) if url.startswith("postgresql") else {}
            pg_cpu = sum(v - pg_before.get(pid, 0.0) for pid, v in pg_after.items())
        stored = _stored_clicks(url) - warm
    arr = np.asarray(latencies)
    return SharesBenchResult(
        clicks=len(latencies),
        redirects_per_s=round(len(latencies) / seconds, 1) if seconds else 0.0,
        p50_ms=round(float(np.percentile(arr, 50)), 2),
        p99_ms=round(float(np.percentile(arr, 99)), 2),
        database=url.split(":", 1)[0].split("+", 1)[0],
        workers=workers,
        concurrency=concurrency,
        stored_clicks=stored,
        errors=errors,
        server_cpu_ms=round(1000 * server_cpu / max(len(latencies), 1), 3),
        database_cpu_ms=(
            round(1000 * pg_cpu / max(len(latencies), 1), 3)
            if url.startswith("postgresql")
            else None
        ),
        load_cpu_ms=round(1000 * load_cpu / max(len(latencies), 1), 3),
    )
