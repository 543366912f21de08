"""External analytics data of the demo newsroom: what a newsroom imports besides its own events
(mentions of us and two competitors, social post metrics, web conversions, paid impressions,
event visits) and the effort editors entered, plus a week of employees' own conversions, so
that every dashboard panel has figures on any day the page is opened."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coffeemug.analytics import repository
from coffeemug.demo.catalogue import TOPIC_SLUGS
from coffeemug.demo.generator import seeded_uuid
from coffeemug.events.models import Channel, EventType
from coffeemug.events.schemas import EventCreate
from coffeemug.events.service import ingest_many
from coffeemug.people.models import Employee

COMPETITORS = ("Rivalcorp", "Othertech")
NETWORKS = ("linkedin", "xing", "instagram")
SOURCES = (
    "Handelsblatt",
    "Reuters",
    "heise online",
    "linkedin",
    "Financial Times",
    "VDI nachrichten",
)
# Paid media per campaign: (network, medium, impressions on a typical day).
PAID = {
    "Net Zero 2030": (("linkedin", "social", 6000), ("google", "search", 2500)),
    "Future Skills": (("linkedin", "social", 3000), ("programmatic", "display", 9000)),
}
# Physical events per campaign: (name, first day back from today, days, visits a day).
EVENTS = {
    "Customer First Week": ("Hannover Messe", 12, 3, 1400),
    "Net Zero 2030": ("E-world energy & water", 20, 2, 650),
}
DAYS = 28
# Employees' own conversions through the intranet, per kind: the value of one.
CONVERSION_KINDS = (
    ("form_submitted", 50.0),
    ("meeting_booked", 2500.0),
    ("ticket_registered", 150.0),
)
# People converting per kind in the last week: a kind is shown from k converters on (privacy.md),
# and the page opens on the last two weeks, so every kind must reach k within one.
CONVERTERS_PER_KIND = 8


def seed_external_analytics(
    session: Session,
    campaigns: dict[str, int],
    recent_articles: Sequence[tuple[int, str | None]],
    now: datetime,
    seed: int,
) -> None:
    """Fill the imported tables and efforts for the last four weeks (flush only)."""
    rng = random.Random(f"{seed}:analytics")
    today = now.date()
    days = [today - timedelta(days=offset) for offset in range(1, DAYS + 1)]
    repository.upsert_mentions(session, _mentions(rng, days))
    repository.upsert_social_metrics(session, _social(rng, days, campaigns))
    repository.upsert_conversions(session, _conversions(rng, days, campaigns, recent_articles))
    repository.upsert_paid_impressions(session, _paid(rng, days, campaigns))
    repository.upsert_event_visits(session, _visits(today, campaigns))
    for campaign_id in sorted(campaigns.values()):
        hours, budget = rng.choice((40, 60, 120, 200)), rng.choice((0, 2000, 8000, 15000))
        repository.upsert_effort(session, None, campaign_id, hours, budget, "demo")
    for article_id, _ in recent_articles[:6]:
        hours = rng.choice((2, 4, 6, 12))
        repository.upsert_effort(session, article_id, None, hours, 0, "demo")
    session.flush()


def _mentions(rng: random.Random, days: list[date]) -> list[dict[str, Any]]:
    rows = []
    for day in days:
        for brand, per_day in (("ours", 4), (COMPETITORS[0], 3), (COMPETITORS[1], 2)):
            for i in range(rng.randint(per_day - 1, per_day + 1)):
                # Each brand is strong in a few topics; one mention in ten has no topic.
                topic = None if rng.random() < 0.1 else rng.choice(TOPIC_SLUGS[2:12])
                rows.append(
                    {
                        "id": f"demo-{brand}-{day.isoformat()}-{i}",
                        "day": day,
                        "source": rng.choice(SOURCES),
                        "author_reach": rng.choice((800, 5_000, 40_000, 300_000)),
                        "text": "",
                        "brand": brand,
                        "topic_id": topic,
                    }
                )
    return rows


def _social(
    rng: random.Random, days: list[date], campaigns: dict[str, int]
) -> list[dict[str, Any]]:
    rows = []
    for campaign_id in sorted(campaigns.values()):
        for network in NETWORKS:
            for day in days[::3]:
                impressions = rng.randint(800, 6000)
                clicks = impressions * rng.randint(5, 40) // 1000
                rows.append(
                    {
                        "network": network,
                        "post_id": f"demo-{campaign_id}-{network}-{day.isoformat()}",
                        "day": day,
                        "impressions": impressions,
                        "clicks": clicks,
                        "likes": rng.randint(5, 120),
                        "comments": rng.randint(0, 15),
                        "shares": rng.randint(0, 25),
                        "link_visits": clicks * rng.randint(50, 90) // 100,
                        "article_id": None,
                        "campaign_id": campaign_id,
                    }
                )
    return rows


def seed_conversion_events(
    session: Session,
    employee_ids: Sequence[int],
    recent_articles: Sequence[tuple[int, str | None]],
    now: datetime,
    seed: int,
) -> int:
    """Employees' own conversions (a form sent, a meeting booked, a trade-fair ticket) on recent
    articles over the last week, as the events API would receive them; returns how many."""
    rng = random.Random(f"{seed}:conversion-events")
    wanted = min(CONVERTERS_PER_KIND, len(employee_ids))
    if not recent_articles or not wanted:
        return 0
    chosen = [
        (kind, value, rng.sample(sorted(employee_ids), wanted)) for kind, value in CONVERSION_KINDS
    ]
    wanted_ids = {i for _, _, ids in chosen for i in ids}
    people = {p.id: p for p in session.scalars(select(Employee).where(Employee.id.in_(wanted_ids)))}
    items = []
    for kind, value, ids in chosen:
        for person_id in ids:
            article_id, _ = rng.choice(recent_articles[:6])
            event = EventCreate(
                id=seeded_uuid(rng),
                type=EventType.conversion_recorded,
                article_id=article_id,
                occurred_at=now - timedelta(hours=rng.randint(1, 6 * 24)),
                channel=Channel.intranet,
                value=value,
                kind=kind,
            )
            items.append((people[person_id], event))
    ingest_many(session, items)
    return len(items)


def _conversions(
    rng: random.Random,
    days: list[date],
    campaigns: dict[str, int],
    recent_articles: Sequence[tuple[int, str | None]],
) -> list[dict[str, Any]]:
    kinds = (("form_submitted", 0.0), ("meeting_booked", 2500.0), ("ticket_registered", 150.0))
    targets = [(None, campaign_id) for campaign_id in sorted(campaigns.values())]
    targets += [(article_id, None) for article_id, _ in recent_articles[:6]]
    rows = []
    for i in range(120):
        kind, value = rng.choice(kinds)
        article_id, campaign_id = rng.choice(targets)
        rows.append(
            {
                "id": f"demo-conversion-{i}",
                "day": rng.choice(days),
                "kind": kind,
                "channel": rng.choice(("linkedin", "newsletter", "web", "search")),
                "value": value,
                "article_id": article_id,
                "campaign_id": campaign_id,
            }
        )
    return rows


def _paid(rng: random.Random, days: list[date], campaigns: dict[str, int]) -> list[dict[str, Any]]:
    return [
        {
            "campaign_id": campaigns[name],
            "day": day,
            "network": network,
            "medium": medium,
            "impressions": int(typical * rng.uniform(0.6, 1.4)),
        }
        for name, placements in PAID.items()
        if name in campaigns
        for network, medium, typical in placements
        for day in days
    ]


def _visits(today: date, campaigns: dict[str, int]) -> list[dict[str, Any]]:
    return [
        {
            "campaign_id": campaigns[name],
            "day": today - timedelta(days=back - offset),
            "event_name": event,
            "visits": visits + 150 * offset,
        }
        for name, (event, back, length, visits) in EVENTS.items()
        if name in campaigns
        for offset in range(length)
    ]
