"""Applying feedback: colleagues' counters and each employee's learned profile, in bulk.

Called by event ingestion inside the caller's transaction, so the next feed request of any
server worker already sees the effect.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import numpy as np
from sqlalchemy.orm import Session

from coffeemug.errors import Conflict
from coffeemug.feed import repository
from coffeemug.feed.ranker import Feedback, FeedbackKind, Profile, Ranker, engagement_weight
from coffeemug.text.embeddings import from_bytes

# Events that say something about an article's appeal; conversions are business results,
# counted by analytics, not taste.
FEEDBACK_KINDS: dict[str, FeedbackKind] = {
    "article_impressed": FeedbackKind.impressed,
    "article_opened": FeedbackKind.opened,
    "article_read": FeedbackKind.read,
    "article_liked": FeedbackKind.liked,
    "article_dismissed": FeedbackKind.dismissed,
    "article_saved": FeedbackKind.saved,
    "article_shared": FeedbackKind.shared,
    "article_acknowledged": FeedbackKind.acknowledged,
    "article_commented": FeedbackKind.commented,
}

_MAX_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class Signal:
    """One stored event reduced to what learning needs."""

    employee_id: int
    region: str | None
    business_unit: str | None
    article_id: int
    kind: FeedbackKind
    occurred_at: datetime
    dwell_seconds: float | None = None


@lru_cache(maxsize=1)
def learner() -> Ranker:
    """The ranker used to learn; learning draws no random numbers, so one per process will do."""
    return Ranker(seed=0)


def segments_of(region: str | None, business_unit: str | None) -> list[str]:
    """The ArticleStats segments an employee's actions count in."""
    out = ["*"]
    if region:
        out.append(f"region:{region}")
    if business_unit:
        out.append(f"bu:{business_unit}")
    return out


Features = Mapping[int, tuple[tuple[str, ...], np.ndarray | None]]


def features_of(session: Session, article_ids: Iterable[int]) -> Features:
    """Topics and embedding of those articles that exist."""
    stored = repository.article_features(session, article_ids)
    return {a: (topics, from_bytes(blob)) for a, (topics, blob) in stored.items()}


def apply(
    session: Session,
    signals: Sequence[Signal],
    features: Features | None = None,
    loaded: Mapping[int, tuple[Profile, int]] | None = None,
) -> None:
    """Update ArticleStats and the learned profiles of everyone involved.

    ``features`` (topics and embedding per article) and ``loaded`` (profiles with their stored
    version, read under lock on PostgreSQL) save queries when the caller has them.
    """
    if not signals:
        return
    deltas: dict[tuple[int, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for s in signals:
        if s.kind is FeedbackKind.impressed:
            for segment in segments_of(s.region, s.business_unit):
                deltas[(s.article_id, segment)][0] += 1.0
        else:
            weight = engagement_weight(s.kind, s.dwell_seconds)
            if weight > 0:
                for segment in segments_of(s.region, s.business_unit):
                    deltas[(s.article_id, segment)][1] += weight
    if features is None:
        features = features_of(session, {s.article_id for s in signals})
    # Profiles first, counters second, everywhere: one lock order keeps concurrent requests
    # on PostgreSQL from deadlocking.
    _learn(session, signals, features, loaded)
    repository.add_to_stats(session, {k: (v[0], v[1]) for k, v in deltas.items()})


def _learn(
    session: Session,
    signals: Sequence[Signal],
    features: Features,
    loaded: Mapping[int, tuple[Profile, int]] | None,
) -> None:
    by_employee: dict[int, list[Feedback]] = defaultdict(list)
    for s in sorted(signals, key=lambda s: s.occurred_at):
        if s.article_id not in features:
            continue
        by_employee[s.employee_id].append(
            Feedback(
                kind=s.kind,
                article_id=s.article_id,
                topics=features[s.article_id][0],
                occurred_at=s.occurred_at,
                embedding=features[s.article_id][1],
                dwell_seconds=s.dwell_seconds,
            )
        )
    pending = sorted(by_employee)
    known: dict[int, tuple[Profile, int]] = {
        e: loaded[e] for e in pending if loaded and e in loaded
    }
    repository.ensure_profiles(session, [e for e in pending if e not in known])
    ranker = learner()
    for _ in range(_MAX_ATTEMPTS):
        need = [e for e in pending if e not in known]
        for employee_id, (state, version) in repository.load_profiles(
            session, need, lock=True
        ).items():
            known[employee_id] = (Profile.from_dict(state), version)
        updates = []
        for employee_id in pending:
            profile, version = known[employee_id]
            learned = ranker.learn_many(profile, by_employee[employee_id])
            updates.append((employee_id, version, learned.to_dict()))
        pending = repository.save_profiles(session, updates)
        if not pending:
            return
        for employee_id in pending:
            del known[employee_id]
    raise Conflict("learned profile changed concurrently too often; retry the request")
