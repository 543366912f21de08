"""External view: visits from social networks, share of buzz and topic footprint."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from coffeemug.analytics import repository
from coffeemug.analytics.kpis import interactions, ratio
from coffeemug.analytics.labels import note, title, value
from coffeemug.analytics.models import OURS
from coffeemug.analytics.schemas import TableRead
from coffeemug.analytics.service import (
    columns,
    groups_for,
    labels,
    make_table,
    rounded,
)
from coffeemug.errors import BadRequest
from coffeemug.settings import Settings


def social_table(
    session: Session, settings: Settings, start: date, end: date, lang: str, by: str
) -> TableRead:
    """Visits from social networks next to impressions there, per network or campaign."""
    if by not in ("network", "campaign"):
        raise BadRequest("by must be 'network' or 'campaign'")
    data = repository.social_by(session, start, end, by)
    names = (
        labels(session, "campaign", [r[0] for r in data if r[0] is not None], lang)
        if by == "campaign"
        else {}
    )
    rows = []
    for key, impressions, clicks, visits, reactions in data:
        rows.append(
            {
                by: names.get(key, "–" if key is None else str(key)),
                "impressions": int(impressions or 0),
                "clicks": int(clicks or 0),
                "link_visits": int(visits or 0),
                "interactions": int(reactions or 0),
                "visit_rate": rounded(ratio(visits or 0, impressions)),
            }
        )
    keys = (by, "impressions", "clicks", "link_visits", "interactions", "visit_rate")
    return make_table(
        f"social-{by}",
        title(f"social-{by}", lang),
        start,
        end,
        settings,
        columns(keys, lang),
        rows,
    )


def share_of_buzz_table(
    session: Session, settings: Settings, start: date, end: date, lang: str
) -> TableRead:
    """Our mentions / (ours + competitors'), per topic, by count and weighted by reach."""
    topics = repository.all_topics(session)
    counts: dict[str | None, dict[str, list[int]]] = {}
    for topic, brand, n, reach in repository.mentions_by_topic_brand(session, start, end):
        counts.setdefault(topic, {}).setdefault(brand, [0, 0])
        counts[topic][brand][0] += int(n)
        counts[topic][brand][1] += int(reach or 0)
    totals: dict[str, list[int]] = {}
    for per_brand in counts.values():
        for brand, (n, reach) in per_brand.items():
            totals.setdefault(brand, [0, 0])
            totals[brand][0] += n
            totals[brand][1] += reach
    rows = []
    for topic, per_brand in [*sorted(counts.items(), key=lambda kv: str(kv[0])), ("*", totals)]:
        ours, ours_reach = per_brand.get(OURS, [0, 0])
        theirs = sum(v[0] for b, v in per_brand.items() if b != OURS)
        theirs_reach = sum(v[1] for b, v in per_brand.items() if b != OURS)
        name = (
            value("*", lang)
            if topic == "*"
            else (topics[topic].name(lang) if topic in topics else value("no-topic", lang))
        )
        row: dict[str, Any] = {"topic": name, "our_mentions": ours}
        for brand in settings.competitors:
            row[f"mentions_{brand}"] = per_brand.get(brand, [0, 0])[0]
        row["share_of_buzz"] = rounded(ratio(ours, ours + theirs))
        row["share_of_buzz_reach_weighted"] = rounded(ratio(ours_reach, ours_reach + theirs_reach))
        rows.append(row)
    keys = (
        "topic",
        "our_mentions",
        *(f"mentions_{b}" for b in settings.competitors),
        "share_of_buzz",
        "share_of_buzz_reach_weighted",
    )
    return make_table(
        "share-of-buzz",
        title("share-of-buzz", lang),
        start,
        end,
        settings,
        columns(keys, lang),
        rows,
    )


def topic_footprint_table(
    session: Session, settings: Settings, start: date, end: date, lang: str
) -> TableRead:
    """How content, interactions and mentions spread over topics: ours next to competitors'."""
    topics = repository.all_topics(session)
    published = repository.published_articles_per_topic(
        session,
        datetime.combine(start, time.min, tzinfo=UTC),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC),
    )
    groups = groups_for(session, settings, start, end, "topic")
    engaged = {g.key: (None if g.hidden else interactions(g.totals)) for g in groups}
    mentions: dict[str, dict[str | None, int]] = {}
    for topic, brand, n, _ in repository.mentions_by_topic_brand(session, start, end):
        mentions.setdefault(brand, {})
        if topic is None:
            # Mentions without a topic are in no row, so in no denominator either: every
            # column adds up to 1 (docs/analytics.md).
            continue
        mentions[brand][topic] = mentions[brand].get(topic, 0) + int(n)

    def share(values: dict[Any, int | None], key: str) -> float | None:
        total = sum(v for v in values.values() if v)
        value = values.get(key)
        return None if value is None and key in values else rounded(ratio(value or 0, total))

    rows = []
    for topic_id in sorted(topics):
        row: dict[str, Any] = {
            "topic": topics[topic_id].name(lang),
            "our_content": share(published, topic_id),
            "our_interactions": share(engaged, topic_id),
            "our_mentions": share(mentions.get(OURS, {}), topic_id),
        }
        for brand in settings.competitors:
            row[f"mentions_{brand}"] = share(mentions.get(brand, {}), topic_id)
        rows.append(row)
    keys = (
        "topic",
        "our_content",
        "our_interactions",
        "our_mentions",
        *(f"mentions_{b}" for b in settings.competitors),
    )
    return make_table(
        "topic-footprint",
        title("topic-footprint", lang),
        start,
        end,
        settings,
        columns(keys, lang),
        rows,
        note=note("footprint", lang),
    )
