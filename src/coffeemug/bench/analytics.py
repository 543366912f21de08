"""``coffeemug bench analytics``: event ingest, rollup throughput and lag, dashboard latency.

Builds a fresh PostgreSQL database, writes N synthetic events with COPY, rolls them up and times
the dashboard's queries (which read rollups only, so their time should not grow with N).
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from rich.progress import Progress
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from coffeemug.analytics import buzz, roi, service
from coffeemug.analytics.periods import resolve_period
from coffeemug.analytics.rollup import run_rollup
from coffeemug.db import make_engine
from coffeemug.errors import BadRequest
from coffeemug.migrate import upgrade_to_head
from coffeemug.settings import Settings, get_settings
from coffeemug.startup import settle_long_running_process

BENCH_DATABASE = "coffeemug_bench"
DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DAYS = 30
CHUNK = 500_000
STEP_EVENTS = 10_000_000
QUERY_REPEATS = 20
MIN_REPEATS = 5
QUERY_BUDGET_MS = 60_000
LAG_EVENTS = 10_000
# Queries measured but not on the dashboard page (one-filter views of the API).
API_ONLY = ("region_by_channel", "articles_in_region")
REGIONS = tuple(f"region-{i:02d}" for i in range(12))
BUSINESS_UNITS = tuple(f"unit-{i}" for i in range(8))
TOPICS = tuple(f"topic-{i:02d}" for i in range(24))
CHANNELS = ("intranet", "email", "app", "social")
CHANNEL_P = (0.5, 0.2, 0.25, 0.05)
# Event mix of a newsroom: mostly impressions, few conversions.
EVENT_TYPES = (
    ("article_impressed", 0.60),
    ("article_opened", 0.15),
    ("article_read", 0.10),
    ("article_liked", 0.05),
    ("article_dismissed", 0.04),
    ("article_shared", 0.02),
    ("article_acknowledged", 0.02),
    ("article_commented", 0.01),
    ("article_saved", 0.008),
    ("conversion_recorded", 0.002),
)
CONVERSION_KINDS = ("form_submitted", "meeting_booked", "ticket_registered")
NULL = "\\N"  # COPY's text format for a missing value


def bench_url(database_url: str | None) -> str:
    """The benchmark database's URL: the given server, database ``coffeemug_bench``."""
    url = Settings(database_url=database_url or get_settings().database_url).database_url
    if not url.startswith("postgresql"):
        url = DEFAULT_SERVER
    return make_url(url).set(database=BENCH_DATABASE).render_as_string(hide_password=False)


def fresh_database(url: str) -> None:
    admin = create_engine(
        make_url(url).set(database="postgres").render_as_string(hide_password=False),
        isolation_level="AUTOCOMMIT",
    )
    name = make_url(url).database
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def _copy(engine: Any, table: str, columns: str, payload: str) -> None:
    raw = engine.raw_connection()
    try:
        driver = raw.driver_connection
        with driver.cursor() as cur, cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            copy.write(payload.encode())
        driver.commit()
    finally:
        raw.close()


def seed_newsroom(engine: Any, employees: int, articles: int, rng: np.random.Generator):
    """Employees, topics, campaigns and articles; returns each employee's region and unit."""
    now = datetime.now(UTC).isoformat()
    region = rng.integers(0, len(REGIONS), employees)
    unit = rng.integers(0, len(BUSINESS_UNITS), employees)
    _copy(
        engine,
        "employees",
        "id, external_id, display_name, region, business_unit, languages, roles, created_at",
        "".join(
            f"{i + 1}\tbench-{i + 1}\tEmployee {i + 1}\t{REGIONS[r]}\t{BUSINESS_UNITS[u]}\t[]\t"
            f'["reader"]\t{now}\n'
            for i, (r, u) in enumerate(zip(region.tolist(), unit.tolist(), strict=True))
        ),
    )
    _copy(
        engine,
        "topics",
        "id, name_de, name_en, mandatory, followed_by_default",
        "".join(f"{t}\tThema {t}\tTopic {t}\tf\tf\n" for t in TOPICS),
    )
    _copy(
        engine,
        "campaigns",
        "id, name, description, created_at",
        "".join(f"{i}\tCampaign {i}\t\t{now}\n" for i in range(1, 21)),
    )
    campaign = rng.integers(0, 21, articles)
    must_read = rng.random(articles) < 0.05
    _copy(
        engine,
        "articles",
        "id, title, summary, body, language, status, publish_at, must_read, shareable, priority, "
        "campaign_id, audience_regions, audience_business_units, audience_languages, "
        "created_at, updated_at",
        "".join(
            f"{i + 1}\tArticle {i + 1}\t\t\ten\tpublished\t{now}\t{'t' if m else 'f'}\tt\t0\t"
            f"{c or NULL}\t[]\t[]\t[]\t{now}\t{now}\n"
            for i, (c, m) in enumerate(zip(campaign.tolist(), must_read.tolist(), strict=True))
        ),
    )
    pairs = {
        (i + 1, TOPICS[t])
        for i in range(articles)
        for t in rng.choice(len(TOPICS), 2, replace=False).tolist()
    }
    _copy(
        engine,
        "article_topics",
        "article_id, topic_id",
        "".join(f"{a}\t{t}\n" for a, t in sorted(pairs)),
    )
    return region, unit


def event_chunk(
    rng: np.random.Generator,
    start_id: int,
    n: int,
    employees: int,
    articles: int,
    region: np.ndarray,
    unit: np.ndarray,
    now: datetime,
    ingested_at: str,
) -> str:
    """n events as COPY text: Zipf-ish article popularity, 30 days of history."""
    minutes = DAYS * 24 * 60
    stamps = [(now - timedelta(minutes=m)).strftime("%Y-%m-%d %H:%M:00+00") for m in range(minutes)]
    types = [name for name, _ in EVENT_TYPES]
    type_idx = rng.choice(len(types), n, p=[p for _, p in EVENT_TYPES])
    emp = rng.integers(1, employees + 1, n)
    art = np.minimum((rng.pareto(1.2, n) * articles / 20).astype(np.int64), articles - 1) + 1
    chan = rng.choice(len(CHANNELS), n, p=CHANNEL_P)
    minute = rng.integers(0, minutes, n)
    dwell = rng.integers(5, 300, n)
    kind = rng.integers(0, len(CONVERSION_KINDS), n)
    # In employee order: the events' per-employee indexes then fill page after page instead of
    # jumping around (the order of rows within a chunk means nothing to the benchmark).
    order = np.argsort(emp, kind="stable")
    type_idx, emp, art, chan, minute, dwell, kind = (
        column[order] for column in (type_idx, emp, art, chan, minute, dwell, kind)
    )
    regions = [REGIONS[r] for r in region[emp - 1].tolist()]
    units = [BUSINESS_UNITS[u] for u in unit[emp - 1].tolist()]
    lines = []
    for j, (t, e, a, c, m, d, k, r, u) in enumerate(
        zip(
            type_idx.tolist(),
            emp.tolist(),
            art.tolist(),
            chan.tolist(),
            minute.tolist(),
            dwell.tolist(),
            kind.tolist(),
            regions,
            units,
            strict=True,
        )
    ):
        etype = types[t]
        dwell_text = str(d) if etype == "article_read" else "\\N"
        if etype == "conversion_recorded":
            value, props = "250", f'{{"kind": "{CONVERSION_KINDS[k]}"}}'
        else:
            value, props = "\\N", "{}"
        lines.append(
            f"{start_id + j:08x}-0000-4000-8000-000000000000\t{etype}\t{e}\t{a}\t{CHANNELS[c]}\t"
            f"{r}\t{u}\t{stamps[m]}\t{ingested_at}\t{dwell_text}\t{value}\t{props}\n"
        )
    return "".join(lines)


EVENT_COLUMNS = (
    "id, type, employee_id, article_id, channel, region, business_unit, occurred_at, "
    "ingested_at, dwell_seconds, value, properties"
)


def dashboard_queries(settings: Settings, start: Any, end: Any) -> dict[str, Callable]:
    """The queries behind the dashboard page, each as the service runs it."""

    def breakdown(dim: str) -> Callable[[Session], Any]:
        return lambda s: service.breakdown_table(s, settings, dim, start, end)

    return {
        "overview": lambda s: service.overview_table(s, settings, start, end, "en", None),
        "timeseries": breakdown("day"),
        "by_topic": breakdown("topic"),
        "by_channel": breakdown("channel"),
        "by_region": breakdown("region"),
        "by_business_unit": breakdown("business_unit"),
        "by_campaign": breakdown("campaign"),
        "top_articles": lambda s: service.top_flop_table(
            s, settings, "article", "top", start, end, "en", None
        ),
        "flop_articles": lambda s: service.top_flop_table(
            s, settings, "article", "flop", start, end, "en", None
        ),
        "region_by_channel": lambda s: service.breakdown_table(
            s, settings, "channel", start, end, filters={"region": REGIONS[0]}
        ),
        "articles_in_region": lambda s: service.breakdown_table(
            s, settings, "article", start, end, filters={"region": REGIONS[0]}
        ),
        "share_of_buzz": lambda s: buzz.share_of_buzz_table(s, settings, start, end, "en"),
        "topic_footprint": lambda s: buzz.topic_footprint_table(s, settings, start, end, "en"),
        "roi": lambda s: roi.roi_table(s, settings, start, end, "en", None),
    }


# The seeded newsroom: read by every query that maps articles to campaigns and topics.
NEWSROOM_TABLES = ("employees", "topics", "campaigns", "articles", "article_topics")
ROLLUP_TABLES = (
    "analytics_segment_days",
    "analytics_filtered_article_weeks",
    "analytics_dimension_days",
    "analytics_dimension_sketches",
    "analytics_article_lives",
    "analytics_conversion_rollups",
)


def measure_queries(engine: Any, settings: Settings, start: Any, end: Any, progress: Progress):
    """p95 in ms of each dashboard query over QUERY_REPEATS runs (at least MIN_REPEATS, and
    fewer only once a query has taken QUERY_BUDGET_MS in all)."""
    queries = dashboard_queries(settings, start, end)
    # As a served worker does after start-up: what lives as long as the process is left out of
    # the collector's full passes, which would otherwise add a pause of 40-80 ms to one query in
    # ten here (the pause of a collection, not of the query).
    gc.collect()
    settle_long_running_process()
    task = progress.add_task("dashboard queries", total=len(queries) * QUERY_REPEATS)
    p95: dict[str, float] = {}
    with Session(engine) as session:
        for name, query in queries.items():
            query(session)  # warm-up: plans and buffers as on a dashboard in use
            session.rollback()
            times: list[float] = []
            for _ in range(QUERY_REPEATS):
                began = time.perf_counter()
                query(session)
                times.append((time.perf_counter() - began) * 1000)
                session.rollback()
                progress.advance(task)
                if len(times) >= MIN_REPEATS and sum(times) > QUERY_BUDGET_MS:
                    break  # a query of seconds: fewer runs, so that a 100 M run ends today
            p95[name] = round(statistics.quantiles(times, n=20)[18], 1)
    progress.remove_task(task)
    return p95


# Figures recomputed from the raw events by --verify: breakdowns, and one-filter views.
VERIFY_VIEWS = (
    *((dim, None) for dim in ("day", "channel", "region", "business_unit", "topic", "article")),
    ("channel", ("region", REGIONS[0])),
    ("business_unit", ("region", REGIONS[0])),
    ("article", ("channel", CHANNELS[0])),
)


def _truth_sql(dim: str, zone: str) -> tuple[str, str]:
    """The key of a breakdown from the raw events, and its joins (plain SQL, no rollup code)."""
    if dim == "day":
        return f"CAST((e.occurred_at AT TIME ZONE '{zone}') AS DATE)", ""
    if dim == "topic":
        return "t.topic_id", "JOIN article_topics t ON t.article_id = e.article_id"
    return {"article": "e.article_id"}.get(dim, f"e.{dim}"), ""


def verify_figures(engine: Any, settings: Settings, start: Any, end: Any) -> dict[str, int]:
    """Every shown row's employees reached, impressions and opens against plain SQL over the
    raw events of the period (days in the reporting time zone): how many matched, how many
    did not. Topic rows sum only the articles the article breakdown shows (docs/privacy.md),
    while their reach counts the people of all their articles."""
    checked = wrong = 0
    with Session(engine) as session:
        hidden = service.hidden_articles(session, settings, start, end)
        for dim, only in VERIFY_VIEWS:
            filters = dict([only]) if only else None
            table = service.breakdown_table(
                session, settings, dim, start, end, filters=filters, limit=1000
            )
            truth = _truth(session, settings, (start, end), dim, only)
            sums = (
                truth
                if dim != "topic"
                else _truth(session, settings, (start, end), dim, only, hidden)
            )
            for row in table.rows:
                if row["suppressed"]:
                    continue
                checked += 1
                expected = (truth.get(row["key"], (None,))[0], *sums.get(row["key"], (0, 0, 0))[1:])
                wrong += (row["reached"], row["impressions"], row["opens"]) != expected
    return {"figures_checked": checked, "figures_wrong": wrong}


def _truth(
    session: Session,
    settings: Settings,
    period: tuple[Any, Any],
    dim: str,
    only: tuple[str, str] | None,
    leave_out: set[int] | None = None,
) -> dict[str, tuple[int, int, int]]:
    """Per key: distinct employees, impressions and opens, straight from the events."""
    zone = settings.reporting_time_zone
    key, joins = _truth_sql(dim, zone)
    where = f"AND e.{only[0]} = :value" if only else ""
    if leave_out:
        where += f" AND e.article_id NOT IN ({', '.join(str(int(a)) for a in leave_out)})"
    rows = session.execute(
        text(
            f"""SELECT CAST({key} AS TEXT), COUNT(DISTINCT e.employee_id),
                SUM(CASE WHEN e.type = 'article_impressed' THEN 1 ELSE 0 END),
                SUM(CASE WHEN e.type = 'article_opened' THEN 1 ELSE 0 END)
            FROM events e {joins}
            WHERE CAST((e.occurred_at AT TIME ZONE '{zone}') AS DATE)
                BETWEEN :start AND :end {where}
            GROUP BY 1"""
        ),
        {"start": period[0], "end": period[1], "value": only[1] if only else None},
    ).all()
    return {k: (int(n), int(i), int(o)) for k, n, i, o in rows}


def _analyze(engine: Any, tables: tuple[str, ...], vacuum: bool = False) -> None:
    """Fresh statistics; with ``vacuum`` also what autovacuum and the checkpointer would do soon
    after a big write, so that they do not run in the middle of the query timings."""
    command = "VACUUM ANALYZE" if vacuum else "ANALYZE"
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for table in tables:
            conn.execute(text(f"{command} {table}"))
        if vacuum:
            # Write out the bulk load's dirty pages now, not on the first queries' account.
            conn.execute(text("CHECKPOINT"))


def run_bench(
    events: int,
    database_url: str | None,
    employees: int,
    articles: int,
    seed: int,
    measure_at: list[int] | None = None,
    drop_rolled_up: bool = False,
    verify: bool = False,
    on_measured: Callable[[dict[str, Any]], None] | None = None,
):
    """Ingest and roll up ``events`` in steps ending at each size of ``measure_at`` (and at
    ``events``), timing the dashboard's queries after each step; the rollups keep growing while
    the dashboard's period (the weeks of the last DAYS days) stays the same. ``on_measured``
    gets each size's figures as soon as they are measured (a long run stopped early keeps
    them)."""
    url = bench_url(database_url)
    fresh_database(url)
    upgrade_to_head(url)
    engine = make_engine(url)
    rng = np.random.default_rng(seed)
    sizes = sorted({n for n in (measure_at or []) if 0 < n < events} | {events})
    # Ingest and roll up at most STEP_EVENTS at a time (as a running system would, and so that
    # dropping the rolled-up raw events bounds the disk), timing queries only at ``sizes``.
    steps = sorted(set(sizes) | set(range(STEP_EVENTS, events, STEP_EVENTS)))
    result: dict[str, Any] = {"events": events, "database": "postgresql"}
    settings = Settings(database_url=url)
    ingest_seconds = rollup_seconds = vacuum_seconds = 0.0
    by_size: dict[int, dict[str, float]] = {}
    with Progress(transient=True) as progress:
        task = progress.add_task("seeding newsroom", total=1)
        region, unit = seed_newsroom(engine, employees, articles, rng)
        # As autovacuum would soon after (it is off on the benchmark server): without
        # statistics the planner takes 20,000 topic rows for 4,880 and sorts them in parallel.
        _analyze(engine, NEWSROOM_TABLES)
        progress.update(task, completed=1)
        now = datetime.now(UTC)
        # The period as every analytics page and API resolves it: the whole ISO weeks covering
        # the last DAYS days (a request never reaches the queries with other bounds).
        start, end = resolve_period(now.date() - timedelta(days=DAYS - 1), now.date())
        done = 0
        for size in steps:
            newsroom = (employees, articles, region, unit, now)
            seconds = _ingest(engine, rng, progress, done, size, newsroom)
            ingest_seconds += seconds
            rollup_seconds += _roll_up(engine, progress, size - done)
            done = size
            if drop_rolled_up:
                # Raw events are no longer needed once rolled up (the retention purge's job;
                # truncating keeps a 100 M run within the disk).
                with engine.connect() as conn:
                    # The quarantine refers to events; it is empty here (nothing set aside).
                    if conn.scalar(text("SELECT count(*) FROM analytics_quarantine")):
                        raise RuntimeError("events set aside: see `coffeemug analytics status`")
                    conn.execute(text("TRUNCATE events, analytics_quarantine"))
                    conn.commit()
            # After every step, not only before timing: autovacuum (switched off on the
            # benchmark server) would clear the rows each step's upserts replaced; without it
            # the rollup tables bloat by a copy per step and reads slow down with the steps.
            started = time.perf_counter()
            _analyze(engine, ROLLUP_TABLES, vacuum=True)
            vacuum_seconds += time.perf_counter() - started
            if size in sizes:
                by_size[size] = measure_queries(engine, settings, start, end, progress)
                if on_measured:
                    on_measured(
                        {
                            "events_so_far": size,
                            "ingest_events_per_s": round(size / ingest_seconds),
                            "rollup_events_per_s": round(size / rollup_seconds),
                            "query_p95_ms": by_size[size],
                        }
                    )

        result["ingest_events_per_s"] = round(events / ingest_seconds)
        result["rollup_seconds"] = round(rollup_seconds, 2)
        result["rollup_events_per_s"] = round(events / rollup_seconds)
        # Not in the rollup's figure: autovacuum's share of the work, done here in the open.
        result["vacuum_seconds"] = round(vacuum_seconds, 2)
        result |= _lag(engine, rng, events, (employees, articles, region, unit))

        if verify and not drop_rolled_up:
            result |= verify_figures(engine, settings, start, end)
        with engine.connect() as conn:
            result["member_set_rows"], result["member_set_bytes"] = conn.execute(
                text(
                    "SELECT count(*), COALESCE(sum(length(members)), 0) "
                    "FROM analytics_dimension_sketches"
                )
            ).one()
            result["filtered_article_rows"] = conn.scalar(
                text("SELECT count(*) FROM analytics_filtered_article_weeks")
            )
            result["reach_rows"] = conn.scalar(
                text("SELECT count(*) FROM analytics_dimension_days")
            )
    result["query_p95_by_size_ms"] = by_size
    p95 = by_size[events]
    result["query_p95_by_name_ms"] = p95
    # The headline covers the dashboard's own queries; filtered views are API-only.
    result["query_p95_ms"] = max(v for k, v in p95.items() if k not in API_ONLY)
    engine.dispose()
    return result


Newsroom = tuple[int, int, np.ndarray, np.ndarray, datetime]


def _ingest(
    engine: Engine,
    rng: np.random.Generator,
    progress: Progress,
    done: int,
    size: int,
    newsroom: Newsroom,
) -> float:
    """COPY the generated events ``done``..``size``; returns the seconds it took."""
    employees, articles, region, unit, now = newsroom
    ingested_at = datetime.now(UTC) - timedelta(seconds=1)
    ingested = ingested_at.strftime("%Y-%m-%d %H:%M:%S.%f+00")
    task = progress.add_task(f"ingesting events (COPY) up to {size:,}", total=size - done)
    started = time.perf_counter()
    for offset in range(done, size, CHUNK):
        n = min(CHUNK, size - offset)
        payload = event_chunk(rng, offset, n, employees, articles, region, unit, now, ingested)
        _copy(engine, "events", EVENT_COLUMNS, payload)
        progress.update(task, advance=n)
    seconds = time.perf_counter() - started
    _analyze(engine, ("events",))
    progress.remove_task(task)
    return seconds


def _roll_up(engine: Engine, progress: Progress, count: int) -> float:
    """Roll up everything ingested; returns the seconds it took."""
    task = progress.add_task(f"rolling up {count:,} events", total=1)
    started = time.perf_counter()
    with Session(engine) as session:
        run_rollup(session, until=datetime.now(UTC))
        session.commit()
    seconds = time.perf_counter() - started
    progress.remove_task(task)
    return seconds


def _lag(
    engine: Engine,
    rng: np.random.Generator,
    offset: int,
    newsroom: tuple[int, int, np.ndarray, np.ndarray],
) -> dict[str, Any]:
    """New events arrive: how long until the dashboard can see them."""
    employees, articles, region, unit = newsroom
    later = datetime.now(UTC)
    stamp = later.strftime("%Y-%m-%d %H:%M:%S.%f+00")
    payload = event_chunk(rng, offset, LAG_EVENTS, employees, articles, region, unit, later, stamp)
    _copy(engine, "events", EVENT_COLUMNS, payload)
    started = time.perf_counter()
    with Session(engine) as session:
        lag_run = run_rollup(session, settle_seconds=0)
        session.commit()
    return {
        "incremental_rollup_events": lag_run.events,
        "incremental_rollup_seconds": round(time.perf_counter() - started, 3),
        "rollup_lag_seconds": round((datetime.now(UTC) - later).total_seconds(), 3),
    }


def parse_sizes(text_value: str | None) -> list[int]:
    if not text_value:
        return []
    try:
        sizes = [int(float(part)) for part in text_value.replace("_", "").split(",") if part]
    except ValueError as exc:
        raise BadRequest(
            f"--measure-at wants comma-separated event counts, got {text_value!r}"
        ) from exc
    if any(size < 1 for size in sizes):
        raise BadRequest("--measure-at sizes must be positive")
    return sizes
