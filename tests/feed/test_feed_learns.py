"""A small simulated population with hidden interests uses the feed for ten rounds: the hit
rate at 5 after feedback is clearly above its cold start and above popularity alone."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from coffeemug.events.schemas import EventCreate
from coffeemug.events.service import ingest_many
from coffeemug.feed.models import ArticleStats
from coffeemug.feed.service import get_feed
from coffeemug.settings import Settings
from factories import make_article, make_employee, make_preferences

WORDS = {
    "ai": "machine learning neural model training inference",
    "mobility": "rail train signalling station commuter metro",
    "healthcare": "hospital imaging clinic patient diagnosis scanner",
    "energy": "grid solar wind turbine storage battery",
    "people": "team culture colleagues workplace mentoring diversity",
    "security": "phishing password malware breach firewall",
    "research": "laboratory invention patent prototype experiment",
    "customers": "customer order contract market sales tender",
}
EMPLOYEES, ROUNDS, PER_TOPIC, K = 30, 8, 16, 5


def _event(kind: str, article_id: int, at, **fields) -> EventCreate:  # type: ignore[no-untyped-def]
    return EventCreate(id=uuid.uuid4(), type=kind, article_id=article_id, occurred_at=at, **fields)


def test_hit_rate_rises_above_cold_start_and_popularity(
    session: Session, settings: Settings
) -> None:
    rng = random.Random(3)
    start = utcnow()
    topic_of: dict[int, str] = {}
    for topic, words in WORDS.items():
        vocabulary = words.split()
        for i in range(PER_TOPIC):
            title = " ".join(rng.sample(vocabulary, 3)) + f" {i}"
            article = make_article(
                session, title, topics=[topic], publish_at=start - timedelta(hours=rng.random())
            )
            topic_of[article.id] = topic
    people = []
    for _ in range(EMPLOYEES):
        employee = make_employee(session)
        make_preferences(session, employee, languages=["en"])
        people.append((employee, set(rng.sample(sorted(WORDS), 2))))

    hit_rates = []
    for round_ in range(ROUNDS):
        now = start + timedelta(hours=round_ + 1)
        hits = 0
        batch = []
        for employee, interests in people:
            feed = get_feed(session, employee, limit=K, more=True, now=now, settings=settings)
            for item in feed.items:
                article_id = item.article_id
                liked = topic_of[article_id] in interests
                hits += liked
                if liked and rng.random() < 0.8:
                    batch.append((employee, _event("article_liked", article_id, now)))
                elif not liked and rng.random() < 0.3:
                    batch.append((employee, _event("article_dismissed", article_id, now)))
        ingest_many(session, batch, now=now + timedelta(minutes=1), settings=settings)
        hit_rates.append(hits / (K * EMPLOYEES))

    stats = {
        s.article_id: (s.impressions, s.engagements)
        for s in session.scalars(select(ArticleStats).where(ArticleStats.segment == "*"))
    }
    ctr = {a: (stats.get(a, (0, 0))[1] + 1) / (stats.get(a, (0, 0))[0] + 20) for a in topic_of}
    by_popularity = sorted(topic_of, key=lambda a: -ctr[a])
    popular_hits = 0
    for _, interests in people:
        popular_hits += sum(topic_of[a] in interests for a in by_popularity[:K])
    popularity = popular_hits / (K * EMPLOYEES)

    cold, learned = hit_rates[0], sum(hit_rates[-3:]) / 3
    summary = f"rounds={[round(h, 2) for h in hit_rates]} popularity={popularity:.2f}"
    assert learned > cold + 0.25, summary
    assert learned > popularity + 0.2, summary
