"""Vocabulary of the synthetic newsrooms the benchmarks build, taken from the demo company so
benchmarks and demo speak about the same topics, regions and business units."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import JSON, Engine, Table, create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from coffeemug.demo.catalogue import BU_NAMES, REGION_NAMES, TOPIC_SLUGS, TOPIC_VOLUME, TOPICS
from coffeemug.demo.catalogue import BUSINESS_UNITS as BU_SPECS
from coffeemug.demo.catalogue import REGIONS as REGION_SPECS
from coffeemug.errors import BadRequest

TOPIC_WEIGHTS: tuple[float, ...] = tuple(TOPIC_VOLUME[slug] for slug in TOPIC_SLUGS)
REGIONS: tuple[str, ...] = REGION_NAMES
BUSINESS_UNITS: tuple[str, ...] = BU_NAMES


# ---------------------------------------------------------------------------------------------
# A company-sized newsroom, written in bulk (COPY on PostgreSQL, executemany on SQLite).
# ---------------------------------------------------------------------------------------------

EMBEDDING_DIM = 512  # the size of the production encoder's vectors
ARTICLE_WINDOW_DAYS = 30  # live articles were published over the last month
PROFILE_POOL = 256  # at most this many distinct learned profiles, shared round robin


@dataclass(frozen=True)
class NewsroomShape:
    """How big the synthetic newsroom is and how much history it carries."""

    employees: int
    articles: int
    profiled_share: float = 0.3  # employees with a learned profile
    history_events: int = 0  # past events (dismissals, acknowledgements, reads ...)
    seed: int = 7


@dataclass
class Newsroom:
    """What the builder wrote, for the measurements that follow."""

    url: str
    shape: NewsroomShape
    now: datetime
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def external_ids(self) -> list[str]:
        return [external_id(i) for i in range(1, self.shape.employees + 1)]


def external_id(employee_id: int) -> str:
    return f"bench-{employee_id:06d}"


def open_newsroom(url: str) -> Newsroom:
    """A newsroom this module built earlier, to measure it again without rebuilding."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            employees = conn.execute(text("SELECT count(*) FROM employees")).scalar_one()
            articles = conn.execute(text("SELECT count(*) FROM articles")).scalar_one()
            ours = conn.execute(
                text("SELECT count(*) FROM employees WHERE external_id = :x"),
                {"x": external_id(employees)},
            ).scalar_one()
            events = conn.execute(text("SELECT count(*) FROM events")).scalar_one()
    finally:
        engine.dispose()
    if not employees or not ours:
        raise ValueError("no benchmark newsroom found in this database")
    shape = NewsroomShape(employees=employees, articles=articles, history_events=events)
    return Newsroom(url=url, shape=shape, now=datetime.now(UTC).replace(microsecond=0))


def _complete(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fill the columns a row leaves out with the model's Python-side defaults."""
    missing: dict[str, Any] = {}
    for column in table.columns:
        if rows and column.name in rows[0]:
            continue
        default = column.default
        if default is None:
            missing[column.name] = None
        elif getattr(default, "is_callable", False):
            missing[column.name] = default.arg(None)  # type: ignore[attr-defined]
        else:
            missing[column.name] = getattr(default, "arg", None)
    if not missing:
        return rows
    return [{**missing, **row} for row in rows]


def _json_text(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(",", ":"))
    return value


def bulk_insert(engine: Engine, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows at once; COPY on PostgreSQL because row-by-row would take minutes."""
    if not rows:
        return
    rows = _complete(table, rows)
    names = list(rows[0])
    if engine.dialect.name != "postgresql":
        with engine.begin() as conn:
            conn.execute(table.insert(), rows)
        return
    json_columns = {c.name for c in table.columns if isinstance(c.type, JSON)}
    raw = engine.raw_connection()
    try:
        driver = raw.driver_connection
        with driver.cursor() as cur:  # type: ignore[union-attr]
            quoted = ", ".join(f'"{n}"' for n in names)
            with cur.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(
                        [_json_text(row[n]) if n in json_columns else row[n] for n in names]
                    )
        driver.commit()  # type: ignore[union-attr]
    finally:
        raw.close()


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms == 0, 1.0, norms)).astype(np.float32)


def _pick_weighted(rng: np.random.Generator, n: int, weights: Sequence[float]) -> np.ndarray:
    p = np.asarray(weights, dtype=np.float64)
    return rng.choice(len(p), size=n, p=p / p.sum())


def _profile_pool(
    rng: np.random.Generator,
    article_topics: list[tuple[str, ...]],
    embeddings: np.ndarray,
    now: datetime,
    size: int,
) -> list[dict[str, Any]]:
    """Real learned profiles: a few hundred employees' worth of feedback run through the ranker."""
    from coffeemug.feed.ranker import Feedback, FeedbackKind, Profile, Ranker

    ranker = Ranker(seed=int(rng.integers(1 << 31)))
    by_topic: dict[str, list[int]] = {}
    for index, topics in enumerate(article_topics):
        by_topic.setdefault(topics[0], []).append(index)
    slugs = sorted(by_topic)
    kinds = (FeedbackKind.opened, FeedbackKind.read, FeedbackKind.liked, FeedbackKind.impressed)
    pool = []
    for _ in range(size):
        favourites = rng.choice(len(slugs), size=min(3, len(slugs)), replace=False)
        feedbacks = []
        for step in range(int(rng.integers(10, 80))):
            liked = rng.random() < 0.7
            topic = slugs[int(rng.choice(favourites))] if liked else slugs[rng.integers(len(slugs))]
            article = int(rng.choice(by_topic[topic]))
            kind = kinds[int(rng.integers(0, 3))] if liked else FeedbackKind.dismissed
            feedbacks.append(
                Feedback(
                    kind=kind,
                    article_id=article + 1,
                    topics=article_topics[article],
                    occurred_at=now - timedelta(hours=float(200 - step)),
                    embedding=embeddings[article],
                    dwell_seconds=60.0 if kind is FeedbackKind.read else None,
                )
            )
        pool.append(ranker.learn_many(Profile.empty(), feedbacks).to_dict())
    return pool


def build_newsroom(
    url: str,
    shape: NewsroomShape,
    *,
    on_step: Callable[[str], None] | None = None,
) -> Newsroom:
    """Write a newsroom of ``shape`` into the (migrated, empty) database at ``url``.

    Every step draws from one seeded generator in a fixed order, so a shape and seed always
    give the same newsroom."""
    rng = np.random.default_rng(shape.seed)
    now = datetime.now(UTC).replace(microsecond=0)
    seconds: dict[str, float] = {}
    engine = create_engine(url)

    def step(name: str, started: float) -> None:
        seconds[name] = round(time.perf_counter() - started, 2)
        if on_step:
            on_step(name)

    try:
        started = time.perf_counter()
        region_of, bu_of, langs = _write_employees(engine, rng, shape.employees, now)
        step("employees", started)
        started = time.perf_counter()
        _write_preferences(engine, rng, langs, now)
        step("preferences", started)
        started = time.perf_counter()
        topics_of, embeddings, age_hours = _write_articles(engine, rng, shape.articles, now)
        step("articles", started)
        started = time.perf_counter()
        _write_article_stats(engine, rng, age_hours, shape.employees)
        step("article_stats", started)
        started = time.perf_counter()
        _write_profiles(engine, rng, shape, topics_of, embeddings, now)
        step("learned_profiles", started)
        if shape.history_events:
            from coffeemug.events.models import Event

            started = time.perf_counter()
            bulk_insert(engine, Event.__table__, _history(rng, shape, region_of, bu_of, now))
            step("history_events", started)
        if engine.dialect.name == "postgresql":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("ANALYZE"))
    finally:
        engine.dispose()
    return Newsroom(url=url, shape=shape, now=now, seconds=seconds)


def _write_employees(
    engine: Engine, rng: np.random.Generator, n_emp: int, now: datetime
) -> tuple[np.ndarray, np.ndarray, list[list[str]]]:
    """The topics and the employees; returns each one's region, unit and languages."""
    from coffeemug.content.models import Topic
    from coffeemug.people.models import Employee

    bulk_insert(engine, Topic.__table__, [t.row() for t in TOPICS])
    region_share = [r.share for r in REGION_SPECS]
    region_of = _pick_weighted(rng, n_emp, region_share)
    bu_of = _pick_weighted(rng, n_emp, [b.share for b in BU_SPECS])
    german = np.asarray([r.german_speakers for r in REGION_SPECS])
    reads_de = rng.random(n_emp) < german[region_of]
    reads_en = (rng.random(n_emp) < 0.9) | ~reads_de
    langs = [
        [code for code, ok in (("de", d), ("en", e)) if ok]
        for d, e in zip(reads_de, reads_en, strict=True)
    ]
    bulk_insert(
        engine,
        Employee.__table__,
        [
            {
                "id": i + 1,
                "external_id": external_id(i + 1),
                "display_name": f"Employee {i + 1}",
                "region": REGIONS[region_of[i]],
                "business_unit": BUSINESS_UNITS[bu_of[i]],
                "languages": langs[i],
                "roles": ["reader"],
                "created_at": now,
            }
            for i in range(n_emp)
        ],
    )
    return region_of, bu_of, langs


def _write_preferences(
    engine: Engine, rng: np.random.Generator, langs: list[list[str]], now: datetime
) -> None:
    from coffeemug.people.models import Preferences

    n_emp = len(langs)
    optional = [t.slug for t in TOPICS if not t.mandatory]
    volumes = (3, 7, 15, None)
    volume_of = rng.choice(4, size=n_emp, p=[0.1, 0.3, 0.3, 0.3])
    n_followed = rng.integers(0, 5, size=n_emp)
    bulk_insert(
        engine,
        Preferences.__table__,
        [
            {
                "employee_id": i + 1,
                "followed_topics": [
                    optional[t]
                    for t in rng.choice(len(optional), size=n_followed[i], replace=False)
                ],
                "muted_topics": [optional[int(rng.integers(len(optional)))]]
                if rng.random() < 0.1
                else [],
                "volume": volumes[volume_of[i]],
                "digest": "weekly",
                "languages": langs[i],
                "onboarded": True,
                "updated_at": now,
            }
            for i in range(n_emp)
        ],
    )


def _write_articles(
    engine: Engine, rng: np.random.Generator, n_art: int, now: datetime
) -> tuple[list[tuple[str, ...]], np.ndarray, np.ndarray]:
    """The articles with their topics; returns topics, embeddings and age of each."""
    from coffeemug.content.models import Article, article_topics

    n_topics = len(TOPIC_SLUGS)
    primary = _pick_weighted(rng, n_art, TOPIC_WEIGHTS)
    secondary = _pick_weighted(rng, n_art, TOPIC_WEIGHTS)
    has_second = (rng.random(n_art) < 0.4) & (secondary != primary)
    topics_of = [
        (TOPIC_SLUGS[p],) + ((TOPIC_SLUGS[s],) if two else ())
        for p, s, two in zip(primary, secondary, has_second, strict=True)
    ]
    centroids = _unit_rows(rng.normal(size=(n_topics, EMBEDDING_DIM)))
    embeddings = _unit_rows(centroids[primary] + 0.6 * rng.normal(size=(n_art, EMBEDDING_DIM)) / 4)
    age_hours = rng.uniform(0, ARTICLE_WINDOW_DAYS * 24, size=n_art)
    language = np.where(rng.random(n_art) < 0.55, "de", "en")
    targeting = rng.random(n_art)
    article_rows = [
        _article_row(rng, a, now, age_hours, primary, language, targeting, embeddings)
        for a in range(n_art)
    ]
    bulk_insert(engine, Article.__table__, article_rows)
    bulk_insert(
        engine,
        article_topics,
        [
            {"article_id": a + 1, "topic_id": t}
            for a, topics in enumerate(topics_of)
            for t in topics
        ],
    )
    return topics_of, embeddings, age_hours


def _article_row(
    rng: np.random.Generator,
    a: int,
    now: datetime,
    age_hours: np.ndarray,
    primary: np.ndarray,
    language: np.ndarray,
    targeting: np.ndarray,
    embeddings: np.ndarray,
) -> dict[str, object]:
    published = now - timedelta(hours=float(age_hours[a]))
    name = TOPICS[primary[a]].name_de if language[a] == "de" else TOPICS[primary[a]].name_en
    return {
        "id": a + 1,
        "title": f"{name}: story {a + 1}",
        "summary": f"Synthetic benchmark article {a + 1} about {name}.",
        "body": "",
        "language": str(language[a]),
        "status": "published",
        "publish_at": published,
        "expires_at": published + timedelta(days=60),
        "must_read": bool(rng.random() < 0.003),
        "shareable": True,
        "priority": float(rng.random() < 0.05) * 0.5,
        # Most articles go to everyone; some target a region or a business unit.
        "audience_regions": [REGIONS[int(rng.integers(len(REGIONS)))]]
        if targeting[a] > 0.85
        else [],
        "audience_business_units": [BUSINESS_UNITS[int(rng.integers(len(BUSINESS_UNITS)))]]
        if 0.75 < targeting[a] <= 0.85
        else [],
        "audience_languages": [],
        "embedding": embeddings[a].tobytes(),
        "created_at": published,
        "updated_at": published,
    }


def _write_article_stats(
    engine: Engine, rng: np.random.Generator, age_hours: np.ndarray, n_emp: int
) -> None:
    """Colleagues' counters: they grow with an article's age; some stories simply do better."""
    from coffeemug.feed.models import ArticleStats

    n_art = len(age_hours)
    segments = ["*"] + [f"region:{r}" for r in REGIONS] + [f"bu:{b}" for b in BUSINESS_UNITS]
    reach = np.minimum(age_hours / 48.0, 1.0) * n_emp * rng.uniform(0.02, 0.3, size=n_art)
    ctr = rng.beta(2, 18, size=n_art)
    stat_rows = []
    for a in range(n_art):
        for s, segment in enumerate(segments):
            share = 1.0 if s == 0 else rng.uniform(0.02, 0.2)
            impressions = float(np.floor(reach[a] * share))
            stat_rows.append(
                {
                    "article_id": a + 1,
                    "segment": segment,
                    "impressions": impressions,
                    "engagements": float(np.floor(impressions * ctr[a] * rng.uniform(0.7, 1.3))),
                }
            )
    bulk_insert(engine, ArticleStats.__table__, stat_rows)


def _write_profiles(
    engine: Engine,
    rng: np.random.Generator,
    shape: NewsroomShape,
    topics_of: list[tuple[str, ...]],
    embeddings: np.ndarray,
    now: datetime,
) -> None:
    """Learned profiles for a share of the employees, drawn from a pool of simulated ones."""
    from coffeemug.feed.models import LearnedProfile

    profiled = np.flatnonzero(rng.random(shape.employees) < shape.profiled_share)
    pool_size = min(PROFILE_POOL, max(4, len(profiled) // 10))
    pool = _profile_pool(rng, topics_of, embeddings, now, pool_size)
    bulk_insert(
        engine,
        LearnedProfile.__table__,
        [
            {
                "employee_id": int(e) + 1,
                "state": pool[k % len(pool)],
                "version": 1,
                "updated_at": now,
            }
            for k, e in enumerate(profiled)
        ],
    )


def _history(
    rng: np.random.Generator,
    shape: NewsroomShape,
    region_of: np.ndarray,
    bu_of: np.ndarray,
    now: datetime,
) -> list[dict[str, Any]]:
    """Past events, mostly impressions and opens, some dismissals and acknowledgements."""
    n = shape.history_events
    employees = rng.integers(0, shape.employees, size=n)
    articles = rng.integers(1, shape.articles + 1, size=n)
    types = rng.choice(
        ["article_impressed", "article_opened", "article_read", "article_dismissed",
         "article_acknowledged", "article_liked"],
        size=n,
        p=[0.6, 0.15, 0.1, 0.05, 0.05, 0.05],
    )  # fmt: skip
    minutes = rng.uniform(0, ARTICLE_WINDOW_DAYS * 24 * 60, size=n)
    rows = []
    for i in range(n):
        occurred = now - timedelta(minutes=float(minutes[i]))
        e = int(employees[i])
        rows.append(
            {
                "id": str(uuid.UUID(int=int(rng.integers(1 << 62)) << 64 | i, version=4)),
                "type": str(types[i]),
                "employee_id": e + 1,
                "article_id": int(articles[i]),
                "channel": "intranet",
                "region": REGIONS[region_of[e]],
                "business_unit": BUSINESS_UNITS[bu_of[e]],
                "occurred_at": occurred,
                "ingested_at": occurred,
                "dwell_seconds": 45.0 if types[i] == "article_read" else None,
                "value": None,
                "position": None,
                "properties": {},
            }
        )
    return rows


# ---------------------------------------------------------------------------------------------
# Small queries the measurements need.
# ---------------------------------------------------------------------------------------------


def fresh_postgres_database(server_url: str, name: str) -> str:
    """Drop and re-create database ``name`` on the server of ``server_url``; return its URL."""
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        raise BadRequest(
            f"--database-url: cannot create database {name} on {make_url(server_url).host}: "
            f"{str(exc).splitlines()[0]}"
        ) from exc
    finally:
        admin.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def count_rows(url: str, table: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one())
    finally:
        engine.dispose()


def employees_by_id(session: Session, ids: Sequence[int]) -> list[Any]:
    from coffeemug.people.models import Employee

    return list(session.scalars(select(Employee).where(Employee.id.in_(list(ids)))))
