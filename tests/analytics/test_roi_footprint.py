"""ROI with imported conversions of items without events, and the topic footprint's columns."""

from __future__ import annotations

from datetime import date, timedelta

from analytics_factories import add_events, roll
from sqlalchemy.orm import Session

from coffeemug.analytics import repository, roi, service
from coffeemug.analytics.buzz import topic_footprint_table
from coffeemug.analytics.periods import resolve_period
from coffeemug.analytics.schemas import EffortCreate
from coffeemug.db import utcnow
from coffeemug.settings import Settings
from factories import make_article, make_campaign, make_employee


def _period() -> tuple[date, date]:
    today = utcnow().date()
    return resolve_period(today - timedelta(days=20), today)


def test_imported_conversions_count_for_a_campaign_without_events(session: Session) -> None:
    start, end = _period()
    day = utcnow().date() - timedelta(days=2)
    people = [make_employee(session, region="EU") for _ in range(8)]
    busy, quiet = make_campaign(session, "Busy"), make_campaign(session, "Quiet")
    others = [make_campaign(session, f"Other {i}") for i in range(2)]
    for campaign in (busy, *others):
        article = make_article(session, topics=("energy",), campaign_id=campaign.id)
        add_events(session, people, "article_impressed", article.id, day)
        add_events(session, people[:4], "article_opened", article.id, day)
    roll(session)
    repository.upsert_conversions(
        session,
        [
            {
                "id": f"q{i}",
                "day": day,
                "kind": "meeting_booked",
                "channel": "linkedin",
                "value": 150.0,
                "article_id": None,
                "campaign_id": quiet.id,
            }
            for i in range(2)
        ],
    )
    for campaign in (busy, quiet, *others):
        roi.set_effort(session, EffortCreate(campaign_id=campaign.id, hours=5, budget=100))
    settings = Settings()
    table = roi.roi_table(session, settings, start, end, "en", None)
    row = next(r for r in table.rows if r["key"] == str(quiet.id))
    assert row["conversion_value"] == 300.0
    assert row["score"] > 0
    assert row["roi"] == round((300.0 - 500.0) / 500.0, 4)
    breakdown = service.breakdown_table(session, settings, "campaign", start, end)
    quiet_row = next(r for r in breakdown.rows if r["key"] == str(quiet.id))
    assert (quiet_row["conversions"], quiet_row["conversion_value"]) == (2, 300.0)
    top = service.top_flop_table(session, settings, "campaign", "top", start, end, "en", None)
    assert str(quiet.id) in {r["key"] for r in top.rows}


def test_topic_footprint_counts_published_articles_and_adds_up(session: Session) -> None:
    start, end = _period()
    publish = utcnow() - timedelta(days=3)
    make_article(session, topics=("energy",), publish_at=publish)
    make_article(session, topics=("mobility",), publish_at=publish)
    make_article(session, topics=("mobility",), publish_at=publish, status="draft")
    day = utcnow().date() - timedelta(days=2)
    repository.upsert_mentions(
        session,
        [
            {
                "id": "m1",
                "day": day,
                "source": "news",
                "author_reach": 10,
                "text": "",
                "brand": "ours",
                "topic_id": "energy",
            },
            {
                "id": "m2",
                "day": day,
                "source": "news",
                "author_reach": 10,
                "text": "",
                "brand": "ours",
                "topic_id": None,
            },
        ],
    )
    table = topic_footprint_table(session, Settings(), start, end, "en")
    by_topic = {row["topic"]: row for row in table.rows}
    # Drafts are not published content; the mention without a topic is in no denominator.
    assert by_topic["Energy"]["our_content"] == 0.5
    assert by_topic["Mobility"]["our_content"] == 0.5
    assert by_topic["Energy"]["our_mentions"] == 1.0
    assert sum(row["our_mentions"] or 0 for row in table.rows) == 1.0
