"""Plain factory functions for tests: each adds one row with sensible defaults and flushes."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from coffeemug.content.models import Article, Campaign, Topic
from coffeemug.content.service import embedding_text
from coffeemug.db import utcnow
from coffeemug.events.models import Event
from coffeemug.people.models import Employee, Preferences
from coffeemug.text.embeddings import get_encoder, to_bytes

_seq = itertools.count(1)


def make_topic(
    session: Session,
    topic_id: str | None = None,
    *,
    name_de: str | None = None,
    name_en: str | None = None,
    parent_id: str | None = None,
    mandatory: bool = False,
    followed_by_default: bool = False,
) -> Topic:
    topic_id = topic_id or f"topic-{next(_seq)}"
    topic = Topic(
        id=topic_id,
        name_de=name_de or topic_id.replace("-", " ").title(),
        name_en=name_en or topic_id.replace("-", " ").title(),
        parent_id=parent_id,
        mandatory=mandatory,
        followed_by_default=followed_by_default,
    )
    session.add(topic)
    session.flush()
    return topic


def ensure_topics(session: Session, topic_ids: Sequence[str]) -> list[Topic]:
    """The topics with these ids, created with default names where missing."""
    out = []
    for topic_id in topic_ids:
        topic = session.get(Topic, topic_id)
        out.append(topic or make_topic(session, topic_id))
    return out


def make_employee(
    session: Session,
    external_id: str | None = None,
    *,
    display_name: str | None = None,
    region: str = "Germany",
    business_unit: str = "Smart Infrastructure",
    languages: Sequence[str] = ("en", "de"),
    roles: Sequence[str] = ("reader",),
) -> Employee:
    external_id = external_id or f"emp-{next(_seq)}-{uuid.uuid4().hex[:6]}"
    employee = Employee(
        external_id=external_id,
        display_name=display_name or f"Employee {external_id}",
        region=region,
        business_unit=business_unit,
        languages=list(languages),
        roles=list(roles),
    )
    session.add(employee)
    session.flush()
    return employee


def make_preferences(
    session: Session,
    employee: Employee,
    *,
    followed: Sequence[str] = (),
    muted: Sequence[str] = (),
    volume: int | None = None,
    digest: str = "weekly",
    languages: Sequence[str] = ("en", "de"),
    onboarded: bool = True,
) -> Preferences:
    """Preferences as the employee chose them (volume None = all items)."""
    prefs = Preferences(
        employee_id=employee.id,
        followed_topics=list(followed),
        muted_topics=list(muted),
        volume=volume,
        digest=digest,
        languages=list(languages),
        onboarded=onboarded,
    )
    session.add(prefs)
    session.flush()
    if volume is None:
        # The column default (7) fills an unset value on insert; "all" must be written as NULL.
        prefs.volume = None
        session.flush()
    return prefs


def make_campaign(session: Session, name: str | None = None) -> Campaign:
    campaign = Campaign(name=name or f"Campaign {next(_seq)}")
    session.add(campaign)
    session.flush()
    return campaign


def make_article(
    session: Session,
    title: str | None = None,
    *,
    topics: Sequence[str] = ("general",),
    summary: str = "",
    body: str = "",
    language: str = "en",
    status: str = "published",
    publish_at: datetime | None = None,
    expires_at: datetime | None = None,
    must_read: bool = False,
    priority: float = 0.0,
    audience_regions: Sequence[str] = (),
    audience_business_units: Sequence[str] = (),
    audience_languages: Sequence[str] = (),
    author: Employee | None = None,
    embedder: str = "hashing",
    **extra: Any,
) -> Article:
    """A published article from an hour ago by default; unknown topics are created."""
    title = title or f"Article {next(_seq)}"
    now = utcnow()
    article = Article(
        title=title,
        summary=summary,
        body=body,
        language=language,
        status=status,
        publish_at=publish_at or now - timedelta(hours=1),
        expires_at=expires_at,
        must_read=must_read,
        priority=priority,
        audience_regions=list(audience_regions),
        audience_business_units=list(audience_business_units),
        audience_languages=list(audience_languages),
        author_id=author.id if author else None,
        embedding=to_bytes(get_encoder(embedder).encode([embedding_text(title, summary)])[0]),
        created_at=now,
        updated_at=now,
        **extra,
    )
    article.topics = ensure_topics(session, topics)
    session.add(article)
    session.flush()
    return article


def new_event(
    employee: Employee,
    event_type: str,
    article_id: int | None,
    *,
    channel: str = "intranet",
    occurred_at: datetime | None = None,
    ingested_at: datetime | None = None,
    **fields: Any,
) -> Event:
    """An event of the employee (not yet added), with region and business unit copied as
    ingestion does; happened and ingested now unless told otherwise."""
    now = utcnow()
    return Event(
        id=str(uuid.uuid4()),
        type=event_type,
        employee_id=employee.id,
        article_id=article_id,
        channel=channel,
        region=employee.region,
        business_unit=employee.business_unit,
        occurred_at=occurred_at or now,
        ingested_at=ingested_at or now,
        properties=fields.pop("properties", None) or {},
        **fields,
    )


def make_event(
    session: Session,
    employee: Employee,
    event_type: str,
    article_id: int | None,
    *,
    channel: str = "intranet",
) -> Event:
    """A stored event of the employee, happened and ingested now."""
    event = new_event(employee, event_type, article_id, channel=channel)
    session.add(event)
    session.flush()
    return event


def event_payload(
    event_type: str = "article_opened",
    article_id: int | None = None,
    *,
    occurred_at: datetime | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """An event as a client sends it over HTTP (JSON-ready)."""
    payload: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "type": event_type,
        "occurred_at": (occurred_at or utcnow()).isoformat(),
        "channel": "intranet",
        **fields,
    }
    if article_id is not None:
        payload["article_id"] = article_id
    return payload


def identity(employee: Employee) -> dict[str, str]:
    """Request headers that identify the employee in demo mode."""
    return {"X-Employee-Id": employee.external_id}
