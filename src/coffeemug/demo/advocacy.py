"""The demo's corporate influencers: the training topic and lessons, guideline rules, team
goals, and a few hundred shares with clicks on their tracked links (deterministic, seeded)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from coffeemug.advocacy import outcomes, training
from coffeemug.advocacy import repository as advocacy_repository
from coffeemug.advocacy import service as advocacy
from coffeemug.advocacy.coach import coach
from coffeemug.advocacy.outcomes import month_of
from coffeemug.advocacy.schemas import GoalSet, RuleCreate
from coffeemug.content.models import Topic
from coffeemug.content.service import embedding_text
from coffeemug.demo import repository
from coffeemug.demo.generator import ArticleSpec, PersonSpec, seeded_uuid
from coffeemug.events import service as events
from coffeemug.events.models import Channel, EventType
from coffeemug.settings import Settings
from coffeemug.text.embeddings import Encoder, to_bytes

SHARES = 320
SHARERS = 70
NETWORK_WEIGHTS = {"linkedin": 0.6, "x": 0.2, "facebook": 0.12, "instagram": 0.08}
RULES = (
    ("term", "de", "vertraulich", "block", "Verhaltenskodex 4.2 Vertraulichkeit"),
    ("term", "en", "confidential", "block", "Code of conduct 4.2 Confidentiality"),
    ("term", "de", "Insiderinformation", "block", "Verhaltenskodex 4.3 Insiderwissen"),
    ("term", "en", "insider information", "block", "Code of conduct 4.3 Insider knowledge"),
    ("term", "de", "Übernahme", "warn", "Verhaltenskodex 5.1 Kapitalmarkt"),
    ("term", "en", "acquisition", "warn", "Code of conduct 5.1 Capital markets"),
    ("customer", "*", "Northwind Traders", "warn", "Code of conduct 6 Customers"),
    ("customer", "*", "Contoso", "warn", "Code of conduct 6 Customers"),
    ("detector", "*", "forecast", "warn", "Code of conduct 5.2 Forecasts"),
    ("detector", "*", "email", "block", "Code of conduct 7 Personal data"),
    ("detector", "*", "phone", "block", "Code of conduct 7 Personal data"),
    ("detector", "*", "iban", "block", "Code of conduct 7 Personal data"),
)
GUIDELINE_LESSON = {
    "de": "training-guidelines-de",
    "en": "training-guidelines-en",
    "*": "training-guidelines-en",
}
OPENINGS = {
    "en": (
        "Proud of my colleagues: {title}!",
        "Why this matters to me: {title}.",
        "I did not expect this: {title}.",
        "What a week for our team: {title}.",
    ),
    "de": (
        "Stolz auf mein Team: {title}!",
        "Warum mir das wichtig ist: {title}.",
        "Das hätte ich nicht gedacht: {title}.",
        "Was für eine Woche für uns: {title}.",
    ),
}
CLOSINGS = {
    "en": ("What do you think?", "Have you seen this in your industry?", "", "Read more below."),
    "de": ("Was meint ihr?", "Habt ihr das schon erlebt?", "", "Mehr dazu im Link."),
}


def _lessons(session: Session, author_id: int, encoder: Encoder, now: datetime) -> dict[str, int]:
    """The training topic and lessons; the lessons' ids by external id."""
    if session.get(Topic, training.TOPIC_ID) is None:
        repository.insert_topics(
            session,
            [
                {
                    "id": training.TOPIC_ID,
                    "name_de": training.TOPIC_NAMES["de"],
                    "name_en": training.TOPIC_NAMES["en"],
                    "parent_id": None,
                    "mandatory": False,
                    "followed_by_default": False,
                }
            ],
        )
    lessons = training.lessons()
    vectors = encoder.encode([embedding_text(x.title, x.summary) for x in lessons])
    rows = [
        {
            "external_id": f"training-{x.key}-{x.language}",
            "title": x.title,
            "summary": x.summary,
            "body": x.body,
            "language": x.language,
            "author_id": author_id,
            "status": "published",
            "publish_at": now - timedelta(days=3, hours=i),
            "expires_at": None,
            "must_read": False,
            "due_at": None,
            "shareable": False,
            "priority": 0.3,
            "campaign_id": None,
            "audience_regions": [],
            "audience_business_units": [],
            "audience_languages": [x.language],
            "embedding": to_bytes(vector),
            "created_at": now - timedelta(days=4),
            "updated_at": now - timedelta(days=4),
        }
        for i, (x, vector) in enumerate(zip(lessons, vectors, strict=True))
    ]
    return repository.insert_articles(session, rows, [(training.TOPIC_ID,)] * len(rows))


def _rules_and_goals(
    session: Session, people: Sequence[PersonSpec], now: datetime, lessons: dict[str, int]
) -> None:
    advocacy.import_rules(
        session,
        [
            RuleCreate(
                kind=kind,
                language=lang,
                value=value,
                severity=severity,
                clause=clause,
                # The demo's clauses link to the lesson on the guidelines in the rule's language.
                clause_url=f"/articles/{lessons[GUIDELINE_LESSON[lang]]}",
            )
            for kind, lang, value, severity, clause in RULES
        ],
    )
    units = sorted({p.business_unit for p in people})[:4]
    for i, unit in enumerate(units):
        outcomes.set_goal(
            session, GoalSet(business_unit=unit, month=month_of(now), target=40 + 10 * i)
        )


def _post(rng: random.Random, article: ArticleSpec, tags: Sequence[str]) -> str:
    lang = article.language if article.language in OPENINGS else "en"
    if rng.random() < 0.25:  # some posts just repeat the article, as in real life
        return f"{article.title}. {article.summary}".strip()
    opening = rng.choice(OPENINGS[lang]).format(title=article.title.rstrip(".!?"))
    closing = rng.choice(CLOSINGS[lang])
    tag = f" #{tags[0]}" if tags and rng.random() < 0.7 else ""
    return f"{opening}\n\n{closing}{tag}".strip()


def _shareable(
    articles: Sequence[ArticleSpec], ids: dict[str, int], now: datetime
) -> list[ArticleSpec]:
    return [
        a
        for a in articles
        if a.shareable
        and a.status == "published"
        and a.publish_at <= now
        and (a.expires_at is None or a.expires_at > now)
        and not a.audience_regions
        and not a.audience_business_units
        and a.external_id in ids
    ]


def seed_advocacy(
    session: Session,
    people: Sequence[PersonSpec],
    employee_ids: dict[str, int],
    articles: Sequence[ArticleSpec],
    article_ids: dict[str, int],
    encoder: Encoder,
    settings: Settings,
    *,
    now: datetime,
    days: int,
    seed: int,
) -> int:
    """Seed the advocacy demo; returns the number of clicks recorded."""
    rng = random.Random(seed + 15)
    editors = [p for p in people if "editor" in p.roles] or list(people)
    lessons = _lessons(session, employee_ids[editors[0].external_id], encoder, now)
    _rules_and_goals(session, people, now, lessons)
    candidates = _shareable(articles, article_ids, now)
    if not candidates:
        return 0
    # The first readers of the picker share too, so "My shares" shows something at once.
    sharers = list(people[:3]) + rng.sample(list(people), min(SHARERS, len(people)))
    shares = _shares(rng, sharers, employee_ids, candidates, article_ids, now, days)
    ids = advocacy_repository.insert_shares(session, shares)
    return _clicks(session, rng, shares, ids, now)


def _shares(
    rng: random.Random,
    sharers: Sequence[PersonSpec],
    employee_ids: dict[str, int],
    candidates: Sequence[ArticleSpec],
    article_ids: dict[str, int],
    now: datetime,
    days: int,
) -> list[dict[str, Any]]:
    rows = []
    for i in range(SHARES):
        person = sharers[i % len(sharers)] if i < 3 * 3 else rng.choice(sharers)
        article = rng.choice(candidates)
        network = rng.choices(list(NETWORK_WEIGHTS), weights=list(NETWORK_WEIGHTS.values()))[0]
        text = _post(
            rng, article, [t.split("/")[-1].title().replace("-", "") for t in article.topics]
        )
        lang = article.language if article.language in ("de", "en") else "en"
        created = max(article.publish_at, now - timedelta(days=max(days, 1))) + timedelta(
            hours=rng.uniform(1, 72)
        )
        rows.append(
            {
                "token": f"demo{seed_token(rng)}",
                "employee_id": employee_ids[person.external_id],
                "article_id": article_ids[article.external_id],
                "network": network,
                "text": text,
                "language": lang,
                "business_unit": person.business_unit,
                "campaign": article.campaign or advocacy.DEFAULT_CAMPAIGN,
                "coach_score": coach(text, network, lang, link_added=True).score,
                "created_at": min(created, now - timedelta(minutes=5)),
            }
        )
    return rows


def seed_token(rng: random.Random) -> str:
    """Demo tokens are seeded for a reproducible demo; real ones come from ``secrets``."""
    return "".join(
        rng.choices("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", k=18)
    )


def _clicks(
    session: Session,
    rng: random.Random,
    shares: Sequence[dict[str, Any]],
    ids: dict[str, int],
    now: datetime,
) -> int:
    clicks, event_rows = [], []
    for share in shares:
        # Few posts travel far: a heavy-tailed number of clicks, more for better posts.
        count = int(rng.paretovariate(1.6) * (1 + share["coach_score"] / 50)) - 1
        for _ in range(min(count, 400)):
            at = share["created_at"] + timedelta(hours=rng.expovariate(1 / 18))
            if at >= now:
                continue
            clicks.append({"share_id": ids[share["token"]], "clicked_at": at})
            event_rows.append(
                events.anonymous_event_row(
                    event_id=str(seeded_uuid(rng)),
                    event_type=EventType.share_clicked,
                    article_id=share["article_id"],
                    channel=Channel.social,
                    occurred_at=at,
                    properties={"network": share["network"]},
                )
            )
    advocacy_repository.insert_clicks(session, clicks)
    events.store_rows(session, event_rows)
    return len(clicks)
