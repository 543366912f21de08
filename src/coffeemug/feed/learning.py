"""Applying feedback: colleagues' counters and each employee's learned profile, in bulk.

``on_events`` subscribes to event ingestion (see coffeemug.startup) and runs inside the
caller's transaction, so the next feed request of any server worker already sees the effect.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from functools import lru_cache
from operator import attrgetter
from typing import Any, NamedTuple

import numpy as np
from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from coffeemug.errors import Conflict
from coffeemug.events.catalogue import feedback_kinds
from coffeemug.feed import live, repository
from coffeemug.feed.ranker import Feedback, FeedbackKind, Profile, Ranker, engagement_weight
from coffeemug.text.embeddings import from_bytes

# Events that say something about an article's appeal, as the event catalogue declares them;
# conversions are business results, counted by analytics, not taste.
FEEDBACK_KINDS: dict[str, FeedbackKind] = {
    event_type: FeedbackKind(kind) for event_type, kind in feedback_kinds().items()
}

# Optimistic writers retry this often when another request keeps moving a profile's version.
MAX_ATTEMPTS = 5
CONTENTION = "learned profile changed concurrently too often; retry the request"


class Signal(NamedTuple):
    """One stored event reduced to what learning needs (a tuple: ingestion builds tens of
    thousands a second, at a third of a frozen dataclass's cost)."""

    employee_id: int
    region: str | None
    business_unit: str | None
    article_id: int
    kind: FeedbackKind
    occurred_at: datetime
    dwell_seconds: float | None = None
    topic: str | None = None  # a dismissal's (or its undo's) chosen topic


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
    """Topics and embedding of those articles that exist: live ones from the worker's cache,
    the others (drafts, archived, expired) from the database."""
    known = live.live_articles(session, utcnow()).info
    out: dict[int, tuple[tuple[str, ...], np.ndarray | None]] = {}
    missing = []
    for article_id in set(article_ids):
        info = known.get(article_id)
        if info is None:
            missing.append(article_id)
        else:
            out[article_id] = (info.topics, info.embedding)
    if missing:
        stored = repository.article_features(session, missing)
        out.update({a: (topics, from_bytes(blob)) for a, (topics, blob) in stored.items()})
    return out


def signals_of(rows: Iterable[Mapping[str, Any]]) -> list[Signal]:
    """The event rows (as stored) that teach the feed something, as signals."""
    return [
        Signal(
            employee_id=r["employee_id"],
            region=r["region"],
            business_unit=r["business_unit"],
            article_id=r["article_id"],
            kind=FEEDBACK_KINDS[r["type"]],
            occurred_at=r["occurred_at"],
            dwell_seconds=r["dwell_seconds"],
            topic=_chosen_topic(r),
        )
        for r in rows
        if r["article_id"] is not None and r["type"] in FEEDBACK_KINDS
    ]


_TOPIC_CHOICE = {FeedbackKind.dismissed, FeedbackKind.undismissed}


def _chosen_topic(row: Mapping[str, Any]) -> str | None:
    """The topic a dismissal names ("less of this topic"), if it names one."""
    properties = row.get("properties") or {}
    topic = properties.get("topic") if isinstance(properties, Mapping) else None
    return topic if isinstance(topic, str) else None


def _topics_learned(
    kind: FeedbackKind, topic: str | None, topics: tuple[str, ...]
) -> tuple[str, ...]:
    """The topics a signal teaches about: a dismissal that names a topic teaches only that one
    (one of the article's) or none (any other value: "just not this article")."""
    if topic is None or kind not in _TOPIC_CHOICE:
        return topics
    return (topic,) if topic in topics else ()


def counter_deltas(signals: Iterable[Signal]) -> dict[tuple[int, str], tuple[float, float]]:
    """What the signals add to colleagues' counters: (impressions, engagements) per
    (article, segment)."""
    # Thousands of signals share a handful of segments and weights: compute each once.
    segments: dict[tuple[str | None, str | None], list[str]] = {}
    weights: dict[tuple[FeedbackKind, float | None], float] = {}
    impressions: dict[tuple[int, str], float] = defaultdict(float)
    engagements: dict[tuple[int, str], float] = defaultdict(float)
    for s in signals:
        if s.kind is FeedbackKind.impressed:
            target, amount = impressions, 1.0
        else:
            amount = weights.get((s.kind, s.dwell_seconds), -1.0)
            if amount < 0:
                amount = weights[(s.kind, s.dwell_seconds)] = engagement_weight(
                    s.kind, s.dwell_seconds
                )
            if amount <= 0:
                continue
            target = engagements
        where = segments.get((s.region, s.business_unit))
        if where is None:
            where = segments[(s.region, s.business_unit)] = segments_of(s.region, s.business_unit)
        for segment in where:
            target[(s.article_id, segment)] += amount
    return {
        key: (impressions.get(key, 0.0), engagements.get(key, 0.0))
        for key in impressions.keys() | engagements.keys()
    }


_occurred_at = attrgetter("occurred_at")


def feedback_by_employee(
    signals: Iterable[Signal], features: Features
) -> dict[int, list[Feedback]]:
    """Each employee's signals about known articles as the ranker's feedback, oldest first."""
    out: dict[int, list[Feedback]] = defaultdict(list)
    for s in sorted(signals, key=_occurred_at):
        found = features.get(s.article_id)
        if found is None:
            continue
        out[s.employee_id].append(
            Feedback(
                kind=s.kind,
                article_id=s.article_id,
                topics=_topics_learned(s.kind, s.topic, found[0]),
                occurred_at=s.occurred_at,
                embedding=found[1],
                dwell_seconds=s.dwell_seconds,
            )
        )
    return dict(out)


# Articles whose reactions belong in no one's personal profile (#learnfromit stories),
# registered at start-up: given some article ids, each names those to leave out.
LeaveOut = Callable[[Session, set[int]], set[int]]
_leave_out: dict[str, LeaveOut] = {}


def leave_out(name: str, provider: LeaveOut) -> None:
    """Register ``provider(session, article_ids)`` (once per name)."""
    _leave_out[name] = provider


def on_events(
    session: Session, rows: Sequence[Mapping[str, Any]], meanwhile: AbstractContextManager[object]
) -> None:
    """The event log's subscriber: learn from the stored rows that teach the feed something
    (reactions to articles a registered provider leaves out excepted)."""
    signals = signals_of(rows)
    if not signals:  # nothing to learn (e.g. clicks on shared links): no query at all
        return
    apply(session, signals, meanwhile=meanwhile)


def _without_left_out(session: Session, signals: Sequence[Signal]) -> Sequence[Signal]:
    if not _leave_out or not signals:
        return signals
    ids = {s.article_id for s in signals}
    out = set().union(*(provider(session, ids) for provider in _leave_out.values()))
    return [s for s in signals if s.article_id not in out] if out else signals


def apply(
    session: Session,
    signals: Sequence[Signal],
    features: Features | None = None,
    meanwhile: AbstractContextManager[object] | None = None,
) -> None:
    """Update ArticleStats and the learned profiles of everyone involved.

    ``features`` (topics and embedding per article) saves a query when the caller has them.
    ``meanwhile`` is entered once, around the learning's computation, after the profiles are
    locked and before anything of it is written: the caller's event rows can stream into the
    database there while Python computes.
    """
    # Profiles first, counters second, everywhere: one lock order keeps concurrent requests
    # on PostgreSQL from deadlocking. And a write before any read: a SQLite transaction that
    # reads first (the articles' features) can deadlock against another writer.
    repository.ensure_profiles(session, sorted({s.employee_id for s in signals}))
    # After that first write (see above): reactions to left-out articles teach nothing.
    signals = _without_left_out(session, signals)
    if features is None and signals:
        features = features_of(session, {s.article_id for s in signals})
    by_employee = feedback_by_employee(signals, features or {})
    pending = sorted(by_employee)
    known = _load(session, pending)
    with meanwhile or nullcontext():
        updates = _learned(pending, known, by_employee)
        deltas = counter_deltas(signals)
    for _ in range(MAX_ATTEMPTS):
        # Only where the stored version moved since it was read (SQLite: no row locks).
        pending = repository.save_profiles(session, updates)
        if not pending:
            repository.add_to_stats(session, deltas)
            return
        known = _load(session, pending)
        updates = _learned(pending, known, by_employee)
    raise Conflict(CONTENTION)


def _load(session: Session, employee_ids: Sequence[int]) -> dict[int, tuple[Profile, int]]:
    """The profiles with their stored versions, locked until commit (PostgreSQL)."""
    if not employee_ids:
        return {}
    loaded = repository.load_profiles(session, employee_ids, lock=True)
    return {e: (Profile.from_dict(state), version) for e, (state, version) in loaded.items()}


def _learned(
    employee_ids: Sequence[int],
    known: Mapping[int, tuple[Profile, int]],
    by_employee: Mapping[int, Sequence[Feedback]],
) -> list[tuple[int, int, dict[str, Any]]]:
    """(employee_id, version read, learned state) for each employee."""
    ranker = learner()
    updates = []
    for employee_id in employee_ids:
        profile, version = known[employee_id]
        learned = ranker.learn_many(profile, by_employee[employee_id])
        updates.append((employee_id, version, learned.to_dict()))
    return updates
