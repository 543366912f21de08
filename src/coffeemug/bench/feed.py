"""``coffeemug bench feed``: speed at company scale.

Builds a synthetic newsroom in bulk, then measures the ranker per feed request in process, the
HTTP feed endpoint under concurrent load, batch event ingestion with learning, and the server's
peak memory. A missed target is reported with the numbers, never hidden.
"""

from __future__ import annotations

import os
import random
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from coffeemug.bench import _http_load
from coffeemug.bench._synthetic import (
    Newsroom,
    NewsroomShape,
    build_newsroom,
    count_rows,
    employees_by_id,
    fresh_postgres_database,
    open_newsroom,
)
from coffeemug.errors import BadRequest
from coffeemug.migrate import upgrade_to_head

DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
BENCH_DATABASE = "coffeemug_bench_feed"
FEED_LIMIT = 10

# name: (label, unit, limit, True if the value must stay below the limit)
TARGETS: dict[str, tuple[str, str, float, bool]] = {
    "ranking_median_ms": ("ranking median", "ms", 5.0, True),
    "ranking_p99_ms": ("ranking p99", "ms", 20.0, True),
    "http_requests_per_s": ("HTTP feed throughput", "req/s", 300.0, False),
    "http_p99_ms": ("HTTP feed p99", "ms", 100.0, True),
    "ingest_events_per_s": ("ingestion", "events/s", 20_000.0, False),
    "peak_rss_mb": ("server peak RSS (all workers)", "MiB", 2048.0, True),
}
SCALING_GRID: tuple[tuple[int, int], ...] = (
    (10_000, 1_000),
    (10_000, 3_000),
    (10_000, 10_000),
    (100_000, 10_000),
    (365_000, 10_000),
)


@dataclass(frozen=True)
class FeedBenchConfig:
    employees: int = 365_000
    articles: int = 10_000
    database_url: str | None = None
    duration: float = 20.0
    max_requests: int = 10_000
    concurrency: int = 32
    workers: int = 2
    rank_samples: int = 500
    ingest_events: int = 100_000
    ingest_seconds: float = 60.0  # stop early rather than run for long if ingestion is slow
    batch_size: int = 1_000
    history_events: int | None = None  # default: three per employee
    reuse: bool = False  # measure the newsroom already in the database instead of building
    database_name: str = BENCH_DATABASE  # created afresh when no database URL is given
    seed: int = 7


def _percentiles(values_ms: list[float]) -> dict[str, float | None]:
    if not values_ms:
        return {"median_ms": None, "p99_ms": None}
    arr = np.asarray(values_ms)
    return {
        "median_ms": round(float(np.median(arr)), 3),
        "p99_ms": round(float(np.percentile(arr, 99)), 3),
    }


def _bench_server() -> str:
    return os.environ.get("COFFEEMUG_BENCH_POSTGRES_URL", DEFAULT_SERVER)


def default_database_url(name: str = BENCH_DATABASE) -> str:
    return make_url(_bench_server()).set(database=name).render_as_string(hide_password=False)


def prepare_database(database_url: str | None, name: str = BENCH_DATABASE) -> str:
    """A migrated, empty database: a fresh one by default, or the given one if it is empty."""
    if database_url is None:
        database_url = fresh_postgres_database(_bench_server(), name)
    try:
        upgrade_to_head(database_url)
    except Exception as exc:
        raise BadRequest(f"--database-url: cannot migrate: {str(exc).splitlines()[0]}") from exc
    count = count_rows(database_url, "employees")
    if count:
        raise BadRequest(
            f"--database-url: the database already holds {count} employees; "
            "the benchmark writes a synthetic newsroom and needs an empty database"
        )
    return database_url


@contextmanager
def _recording_rank_inputs(calls: list[tuple[tuple[Any, ...], dict[str, Any]]]) -> Iterator[None]:
    """Record what the feed service hands the ranker, so the ranker can then be timed on
    exactly those inputs without depending on how the service assembles them."""
    from coffeemug.feed.ranker import Ranker

    original = Ranker.rank

    def recording(self: Ranker, *args: Any, **kwargs: Any) -> Any:
        calls.append((args, kwargs))
        return original(self, *args, **kwargs)

    Ranker.rank = recording  # type: ignore[method-assign]
    try:
        yield
    finally:
        Ranker.rank = original  # type: ignore[method-assign]


def measure_ranking(newsroom: Newsroom, config: FeedBenchConfig) -> dict[str, Any]:
    """The whole feed service in process for sampled employees, then the ranker alone on the
    very candidate sets and profiles the service prepared for them."""
    from coffeemug.feed import live
    from coffeemug.feed.ranker import Ranker
    from coffeemug.feed.service import get_feed
    from coffeemug.people.models import Employee
    from coffeemug.settings import Settings

    settings = Settings(database_url=newsroom.url, ranker_seed=config.seed)
    rng = random.Random(config.seed)
    count = min(config.rank_samples, newsroom.shape.employees)
    sample = rng.sample(range(1, newsroom.shape.employees + 1), count)
    engine = create_engine(newsroom.url)
    service_ms: list[float] = []
    rank_ms: list[float] = []
    sizes: list[int] = []
    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    ranker = Ranker(seed=config.seed)
    now = newsroom.now + timedelta(minutes=1)
    try:
        with Session(engine) as session:
            live.clear()
            started = time.perf_counter()
            live.live_articles(session, now)
            cache_build_s = time.perf_counter() - started
            for employee_id in sample:
                employee = session.get(Employee, employee_id)
                assert employee is not None
                with _recording_rank_inputs(calls):
                    t0 = time.perf_counter()
                    get_feed(session, employee, limit=FEED_LIMIT, now=now, settings=settings)
                    service_ms.append((time.perf_counter() - t0) * 1000.0)
                session.rollback()  # leave the newsroom as built for the HTTP run
                # Time the ranker right away: holding every candidate set would cost gigabytes.
                for args, kwargs in calls:
                    t0 = time.perf_counter()
                    ranker.rank(*args, **kwargs)
                    rank_ms.append((time.perf_counter() - t0) * 1000.0)
                    sizes.append(len(args[1]) if len(args) > 1 else len(kwargs["candidates"]))
                calls.clear()
    finally:
        engine.dispose()
    return {
        "samples": len(rank_ms),
        "candidates_median": int(np.median(sizes)) if sizes else 0,
        "cache_build_s": round(cache_build_s, 2),
        "ranker": _percentiles(rank_ms),
        "service_in_process": _percentiles(service_ms),
    }


def measure_http(newsroom: Newsroom, config: FeedBenchConfig, log_dir: Path) -> dict[str, Any]:
    """GET /api/feed on a real server with ``config.workers`` workers, loopback only."""
    rng = random.Random(config.seed + 1)
    ids = list(newsroom.external_ids)
    rng.shuffle(ids)
    with _http_load.serve(newsroom.url, workers=config.workers, log_dir=log_dir) as server:
        # Warm-up: every worker builds its article cache and opens its database connections
        # (as many as the clients will keep busy) before the clock starts.
        warm = min(200, config.max_requests)
        _http_load.drive(
            server.base_url,
            ids[-warm:],
            concurrency=config.concurrency,
            max_requests=warm,
            duration=60.0,
        )
        result = _http_load.drive(
            server.base_url,
            ids,
            concurrency=config.concurrency,
            max_requests=config.max_requests,
            duration=config.duration,
            limit=FEED_LIMIT,
        )
        memory = server.memory()
    return {
        **result.to_dict(),
        "workers": config.workers,
        "concurrency": config.concurrency,
        "memory": memory,
    }


def _event_payloads(rng: random.Random, article_count: int, when: Any) -> list[dict[str, Any]]:
    """One employee's reactions to a feed: impressions, some opens, reads, likes, dismissals."""
    out: list[dict[str, Any]] = []
    for position in range(5):
        article = rng.randint(1, article_count)
        base = {"article_id": article, "occurred_at": when, "channel": "intranet"}
        out.append({**base, "id": uuid.uuid4(), "type": "article_impressed", "position": position})
        roll = rng.random()
        if roll < 0.25:
            out.append({**base, "id": uuid.uuid4(), "type": "article_opened"})
            out.append({**base, "id": uuid.uuid4(), "type": "article_read", "dwell_seconds": 75.0})
        elif roll < 0.3:
            out.append({**base, "id": uuid.uuid4(), "type": "article_liked"})
        elif roll < 0.36:
            out.append({**base, "id": uuid.uuid4(), "type": "article_dismissed"})
    return out


def measure_ingestion(newsroom: Newsroom, config: FeedBenchConfig) -> dict[str, Any]:
    """``ingest_many`` in batches, each committed, as the events endpoint does."""
    from coffeemug.events.schemas import EventCreate
    from coffeemug.events.service import ingest_many
    from coffeemug.people.models import Employee
    from coffeemug.settings import Settings

    settings = Settings(database_url=newsroom.url, ranker_seed=config.seed)
    rng = random.Random(config.seed + 2)
    engine = create_engine(newsroom.url)
    when = newsroom.now
    total = 0
    elapsed = 0.0
    batches = 0
    try:
        with Session(engine, expire_on_commit=False) as session:
            pool_ids = rng.sample(
                range(1, newsroom.shape.employees + 1), min(5_000, newsroom.shape.employees)
            )
            people = employees_by_id(session, pool_ids)
            session.commit()
            while total < config.ingest_events and elapsed < config.ingest_seconds:
                items: list[tuple[Employee, EventCreate]] = []
                while len(items) < config.batch_size:
                    employee = people[rng.randrange(len(people))]
                    for payload in _event_payloads(rng, newsroom.shape.articles, when):
                        items.append((employee, EventCreate.model_validate(payload)))
                items = items[: config.batch_size]
                t0 = time.perf_counter()
                ingest_many(session, items, now=when + timedelta(minutes=2), settings=settings)
                session.commit()
                elapsed += time.perf_counter() - t0
                total += len(items)
                batches += 1
    finally:
        engine.dispose()
    stored = count_rows(newsroom.url, "events")
    return {
        "events": total,
        "batches": batches,
        "batch_size": config.batch_size,
        "seconds": round(elapsed, 2),
        "events_per_s": round(total / elapsed, 1) if elapsed else 0.0,
        "events_in_table": stored,
    }


def check_targets(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    values = {
        "ranking_median_ms": result["ranking"]["ranker"]["median_ms"],
        "ranking_p99_ms": result["ranking"]["ranker"]["p99_ms"],
        "http_requests_per_s": result["http"]["requests_per_s"],
        "http_p99_ms": result["http"]["p99_ms"],
        "ingest_events_per_s": result["ingest"]["events_per_s"],
        "peak_rss_mb": result["http"]["memory"]["total_mb"],
    }
    out = {}
    for name, (label, unit, limit, below) in TARGETS.items():
        value = values[name]
        met = value is not None and (value < limit if below else value >= limit)
        out[name] = {"label": label, "unit": unit, "value": value, "target": limit, "met": met}
    return out


def vacuum_analyze(url: str) -> None:
    """Clear dead rows and refresh planner statistics, as autovacuum does in a deployment.

    A server with autovacuum switched off (as on the benchmark machine) would otherwise measure
    the dead rows that earlier runs' counter updates left behind.
    """
    if make_url(url).get_backend_name() != "postgresql":
        return
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("VACUUM (ANALYZE)"))
    finally:
        engine.dispose()


def run_feed_bench(
    config: FeedBenchConfig, *, on_step: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """Build the newsroom and take every measurement; returns the JSON-ready result."""
    step = on_step or (lambda _name: None)
    started = time.perf_counter()
    if config.reuse:
        url = config.database_url or default_database_url(config.database_name)
        try:
            newsroom = open_newsroom(url)
        except Exception as exc:
            raise BadRequest(f"--reuse: {str(exc).splitlines()[0]}") from exc
    else:
        url = prepare_database(config.database_url, config.database_name)
        history = config.history_events
        shape = NewsroomShape(
            employees=config.employees,
            articles=config.articles,
            history_events=3 * config.employees if history is None else history,
            seed=config.seed,
        )
        newsroom = build_newsroom(url, shape, on_step=lambda name: step(f"built {name}"))
    build_s = time.perf_counter() - started
    step("vacuum")
    vacuum_analyze(url)
    step("ranking")
    ranking = measure_ranking(newsroom, config)
    step("http")
    with tempfile.TemporaryDirectory(prefix="coffeemug-bench-") as log_dir:
        http = measure_http(newsroom, config, Path(log_dir))
    step("ingestion")
    ingest = measure_ingestion(newsroom, config)
    result: dict[str, Any] = {
        "benchmark": "feed",
        "backend": make_url(url).get_backend_name(),
        "employees": newsroom.shape.employees,
        "articles": newsroom.shape.articles,
        "history_events": newsroom.shape.history_events,
        "reused": config.reuse,
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "config": {k: v for k, v in asdict(config).items() if k != "database_url"},
        "build": {"seconds": round(build_s, 1), "steps": newsroom.seconds},
        "ranking": ranking,
        "http": http,
        "ingest": ingest,
    }
    result["targets"] = check_targets(result)
    result["missed"] = [n for n, t in result["targets"].items() if not t["met"]]
    return result


def describe(result: dict[str, Any]) -> list[str]:
    """Human-readable lines: the figures and which targets were missed."""
    r, h, i = result["ranking"], result["http"], result["ingest"]
    lines = [
        f"newsroom: {result['employees']:,} employees, {result['articles']:,} articles, "
        f"{result['history_events']:,} past events on {result['backend']} "
        f"(built in {result['build']['seconds']} s)",
        f"ranker per request: median {r['ranker']['median_ms']} ms, p99 "
        f"{r['ranker']['p99_ms']} ms over {r['samples']} employees "
        f"(median {r['candidates_median']} candidates)",
        f"feed service in process: median {r['service_in_process']['median_ms']} ms, p99 "
        f"{r['service_in_process']['p99_ms']} ms",
        f"HTTP GET /api/feed: {h['requests_per_s']} req/s, p50 {h['p50_ms']} ms, p99 "
        f"{h['p99_ms']} ms ({h['requests']} requests, {h['errors']} errors, "
        f"{h['workers']} workers, {h['concurrency']} concurrent clients)",
        f"ingestion: {i['events_per_s']:,} events/s ({i['events']:,} events in batches of "
        f"{i['batch_size']})",
        f"server peak RSS: {h['memory']['total_mb']} MiB in total, workers "
        f"{h['memory']['workers_mb']} MiB",
    ]
    for name, t in result["targets"].items():
        verdict = "ok" if t["met"] else "MISSED"
        sign = "<" if TARGETS[name][3] else ">="
        lines.append(f"  target {t['label']} {sign} {t['target']:g} {t['unit']}: {verdict}")
    if result["missed"]:
        lines.append("missed targets: " + ", ".join(result["missed"]))
    return lines


def run_scaling(config: FeedBenchConfig, progress: Callable[[str], None]) -> dict[str, Any]:
    """The small grid: articles 1,000 to 10,000, employees 10,000 to 365,000."""
    points = []
    for employees, articles in SCALING_GRID:
        progress(f"{employees:,} employees x {articles:,} articles")
        point = FeedBenchConfig(
            **{
                **asdict(config),
                "employees": employees,
                "articles": articles,
                "reuse": False,
                # Its own database, so a grid run leaves the full-size newsroom alone.
                "database_name": f"{BENCH_DATABASE}_scaling",
            }
        )
        points.append(run_feed_bench(point))
    return {"benchmark": "feed-scaling", "points": points}


def scaling_table(data: dict[str, Any]) -> list[str]:
    head = (
        f"{'employees':>9} {'articles':>8} {'rank p50':>9} {'rank p99':>9} {'svc p50':>8} "
        f"{'req/s':>7} {'http p50':>9} {'http p99':>9} {'ingest/s':>9} {'RSS MiB':>8}"
    )
    lines = [head]
    for p in data["points"]:
        r, h = p["ranking"], p["http"]
        lines.append(
            f"{p['employees']:>9,} {p['articles']:>8,} {r['ranker']['median_ms']:>9} "
            f"{r['ranker']['p99_ms']:>9} {r['service_in_process']['median_ms']:>8} "
            f"{h['requests_per_s']:>7} {h['p50_ms']:>9} {h['p99_ms']:>9} "
            f"{p['ingest']['events_per_s']:>9} {h['memory']['total_mb']:>8}"
        )
    return lines
