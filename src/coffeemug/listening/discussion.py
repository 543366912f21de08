"""The discussion map: open items grouped by meaning into claims.

Items are embedded with the configured sentence encoder and grouped greedily: in order of
priority, each item joins the closest group whose centre is at least ``SIMILARITY`` away in
cosine, or starts a new one. A group shows its size, its trend (last 24 hours against the 24
before), the texts closest to its centre, its unanswered questions and the valid fact card
that covers it, if one is close enough."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from coffeemug.listening import repository
from coffeemug.listening.facts import is_expired
from coffeemug.listening.models import Item
from coffeemug.text.embeddings import Encoder, from_bytes

SIMILARITY = 0.55
COVERED = 0.45
MAX_ITEMS = 1000
REPRESENTATIVES = 3


@dataclass
class Cluster:
    size: int
    trend: int  # items of the last 24 hours minus those of the 24 hours before
    representatives: list[str]
    item_ids: list[int]
    open_questions: int
    fact_id: int | None
    fact_title: str | None
    topic_ids: list[str] = field(default_factory=list)


def group(vectors: np.ndarray, similarity: float = SIMILARITY) -> list[list[int]]:
    """Greedy grouping by cosine to each group's (running mean) centre; rows are unit-norm."""
    groups: list[list[int]] = []
    centres: list[np.ndarray] = []
    for row, vector in enumerate(vectors):
        if centres:
            scores = np.vstack(centres) @ vector
            best = int(np.argmax(scores))
            if scores[best] >= similarity:
                groups[best].append(row)
                centre = vectors[groups[best]].mean(axis=0)
                centres[best] = centre / (np.linalg.norm(centre) or 1.0)
                continue
        groups.append([row])
        centres.append(vector)
    return groups


def discussion_map(
    session: Session, encoder: Encoder, now: datetime | None = None
) -> list[Cluster]:
    now = now or utcnow()
    items = list(repository.open_items(session, MAX_ITEMS))
    if not items:
        return []
    vectors = encoder.encode([i.text for i in items])
    cards = [
        c
        for c in repository.list_facts(session)
        if c.embedding and not is_expired(c, now.date())
        and len(from_bytes(c.embedding)) == encoder.dim
    ]  # fmt: skip
    card_matrix = np.vstack([from_bytes(c.embedding) for c in cards]) if cards else None
    clusters = []
    for rows in group(vectors):
        members = [items[r] for r in rows]
        centre = vectors[rows].mean(axis=0)
        centre /= np.linalg.norm(centre) or 1.0
        nearest = np.argsort(-(vectors[rows] @ centre))[:REPRESENTATIVES]
        fact = None
        if card_matrix is not None:
            scores = card_matrix @ centre
            best = int(np.argmax(scores))
            fact = cards[best] if scores[best] >= COVERED else None
        clusters.append(
            Cluster(
                size=len(members),
                trend=_trend(members, now),
                representatives=[members[int(i)].text for i in nearest],
                item_ids=[m.id for m in members],
                open_questions=sum(1 for m in members if m.question),
                fact_id=fact.id if fact else None,
                fact_title=fact.title if fact else None,
                topic_ids=sorted({m.topic_id for m in members if m.topic_id}),
            )
        )
    return sorted(clusters, key=lambda c: (-c.size, -c.trend))


def _trend(members: Sequence[Item], now: datetime) -> int:
    day = timedelta(hours=24)
    recent = sum(1 for m in members if now - day <= m.posted_at <= now)
    before = sum(1 for m in members if now - 2 * day <= m.posted_at < now - day)
    return recent - before
