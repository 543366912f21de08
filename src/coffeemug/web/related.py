"""Related articles for the article page: nearest by text embedding among what the reader
may see, from the same in-memory set of live articles the feed ranks."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from coffeemug.feed import live
from coffeemug.feed.ranker.candidates import epoch_seconds
from coffeemug.people import service as people
from coffeemug.people.models import Employee
from coffeemug.text.embeddings import from_bytes

# Below this cosine similarity an article is not "related", just another article.
MIN_SIMILARITY = 0.2


@dataclass(frozen=True)
class Related:
    article_id: int
    title: str
    topics: tuple[str, ...]
    similarity: float


def related_articles(
    session: Session, employee: Employee, embedding: bytes | None, article_id: int, limit: int = 4
) -> list[Related]:
    """Up to ``limit`` live articles in the reader's audience most similar to this one."""
    if embedding is None:
        return []
    now = utcnow()
    prefs = people.get_preferences(session, employee)
    articles = live.live_articles(session, now)
    languages = tuple(sorted(prefs.languages or ["en"]))
    audience = articles.audience(
        employee.region, employee.business_unit, languages, epoch_seconds(now)
    )
    candidates = audience.base
    if candidates.embeddings is None or not audience.visible.any():
        return []
    query = np.asarray(from_bytes(embedding), dtype=np.float32)
    scores = candidates.embeddings @ query
    scores[~(candidates.has_embedding & audience.visible)] = -1.0
    scores[candidates.article_ids == article_id] = -1.0
    order = np.argsort(-scores)[:limit]
    found = []
    for index in order.tolist():
        if scores[index] < MIN_SIMILARITY:
            break
        aid = int(candidates.article_ids[index])
        info = articles.info[aid]
        found.append(Related(aid, info.title, info.topics, float(scores[index])))
    return found
