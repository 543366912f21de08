"""The personal feed: candidates, ranking, the volume budget and logged impressions."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from coffeemug.events import repository as events_repository
from coffeemug.events.models import Channel, EventType
from coffeemug.events.service import event_row, store_rows
from coffeemug.feed import live, reasons, repository
from coffeemug.feed.ranker import CandidateSet, Profile, Ranker
from coffeemug.feed.ranker.candidates import epoch_seconds
from coffeemug.feed.schemas import Budget, FeedItem, FeedRead
from coffeemug.people.models import Employee
from coffeemug.people.schemas import LearnedRead, TopicAffinity
from coffeemug.people.service import get_preferences
from coffeemug.settings import Settings, get_settings

# Events that take an article out of one employee's feed for good.
_FINAL_EVENTS = (EventType.article_dismissed.value, EventType.article_acknowledged.value)
# Already consumed: a feed brings news, not yesterday's reading (saved items live under
# /api/me/saved). A must-read stays until it is acknowledged, even when opened.
_CONSUMED_EVENTS = tuple(
    t.value
    for t in (
        EventType.article_opened,
        EventType.article_read,
        EventType.article_liked,
        EventType.article_saved,
        EventType.article_shared,
        EventType.article_commented,
    )
)


def topic_names(session: Session, language: str) -> dict[str, str]:
    """Topic names in one language, by topic id."""
    rows = repository.topic_rows(session)
    return {tid: (de if language == "de" else en) for tid, de, en, _ in rows}


def _hidden(
    session: Session,
    employee: Employee,
    articles: live.LiveArticles,
    candidates: CandidateSet,
    languages: tuple[str, ...],
    muted: set[str],
    now: datetime,
) -> np.ndarray:
    """Rows of the candidates this employee must not see: not for their audience or not live
    now, dismissed, acknowledged, already consumed (must-reads excepted) or muted."""
    hide = articles.hidden(employee.region, employee.business_unit, languages, epoch_seconds(now))
    seen = events_repository.article_types_of(
        session, employee.id, _FINAL_EVENTS + _CONSUMED_EVENTS
    )
    final = np.asarray([a for a, t in seen if t in _FINAL_EVENTS], dtype=np.int64)
    consumed = np.asarray([a for a, t in seen if t not in _FINAL_EVENTS], dtype=np.int64)
    ids = candidates.article_ids
    hide |= np.isin(ids, final)
    hide |= np.isin(ids, consumed) & ~candidates.must_read
    vocab = [i for i, topic in enumerate(candidates.topic_vocab) if topic in muted]
    if vocab:
        hide |= np.isin(candidates.topic_index, vocab).any(axis=1)
    return hide


def _impression(
    employee: Employee, item: FeedItem, request_id: str, channel: Channel, now: datetime
) -> dict[str, Any]:
    """The ``article_impressed`` event row of one returned item."""
    return event_row(
        employee,
        event_id=str(uuid.uuid4()),
        event_type=EventType.article_impressed,
        article_id=item.article_id,
        channel=channel,
        occurred_at=now,
        ingested_at=now,
        position=item.position,
        properties={"request_id": request_id, "score": item.score, "propensity": item.propensity},
    )


def get_feed(
    session: Session,
    employee: Employee,
    *,
    limit: int | None = None,
    more: bool = False,
    now: datetime | None = None,
    settings: Settings | None = None,
    channel: Channel = Channel.intranet,
    language: str | None = None,
) -> FeedRead:
    """Rank the employee's candidates, apply the volume budget and log what is shown;
    reasons are worded in ``language`` (default: the employee's first language)."""
    settings = settings or get_settings()
    now = now or utcnow()
    limit = limit or settings.default_feed_limit
    prefs = get_preferences(session, employee)
    topic_rows = repository.topic_rows(session)
    language = reasons.language_of([language] if language else prefs.languages)
    names = {tid: (de if language == "de" else en) for tid, de, en, _ in topic_rows}
    mandatory = {t for t, _, _, m in topic_rows if m}

    # Locked now (PostgreSQL) because the impressions logged below update this very profile.
    stored = repository.get_profile_row(session, employee.id, lock=True)
    profile = Profile.from_dict(stored[0] if stored else {})
    # Colleagues' signal comes from the business unit; someone the feed knows nothing about
    # yet (no feedback, no own topics) gets what is popular in their region instead.
    if profile.feedback_count == 0 and not set(prefs.followed_topics) - mandatory:
        segment, label = f"region:{employee.region}", employee.region
    else:
        segment, label = f"bu:{employee.business_unit}", employee.business_unit

    articles = live.live_articles(session, now)
    languages = tuple(sorted(prefs.languages or ["en"]))
    candidates = live.with_stats(
        session,
        articles.language_set(languages),
        employee.business_unit,
        settings.feed_stats_ttl_seconds,
        segment=segment,
        label=label,
        articles=articles,
    )
    hide = _hidden(session, employee, articles, candidates, languages, set(prefs.muted_topics), now)

    day = now.date()
    shown = repository.shown_on(session, employee.id, day)
    volume = prefs.volume
    remaining = None if volume is None else max(volume - shown, 0)
    quota = limit if (more or remaining is None) else min(limit, remaining)

    # Mandatory topics are followed only in the sense that they cannot be muted or unfollowed:
    # they are not a stated interest, so they get no follow bonus in the ranking.
    ranked = Ranker(seed=settings.ranker_seed).rank(
        profile,
        candidates,
        now=now,
        followed=frozenset(prefs.followed_topics) - mandatory,
        limit=limit,
        segment_label=label,
        exclude=hide,
    )
    # Must-read items always; the rest only as far as today's budget goes.
    chosen = []
    others = 0
    for r in ranked:
        if articles.info[r.article_id].must_read:
            chosen.append(r)
        elif others < quota:
            chosen.append(r)
            others += 1

    request_id = uuid.uuid4().hex
    items = []
    for position, r in enumerate(chosen[:limit]):
        info = articles.info[r.article_id]
        items.append(
            FeedItem(
                article_id=r.article_id,
                title=info.title,
                summary=info.summary,
                topics=list(info.topics),
                language=info.language,
                must_read=info.must_read,
                reason=reasons.render(r.reason, language, names),
                reason_code=r.reason.code,
                score=round(float(r.score), 6),
                propensity=round(float(r.propensity), 6),
                position=position,
                published_at=info.published_at,
            )
        )
    if items:
        features = {
            i.article_id: (
                articles.info[i.article_id].topics,
                articles.info[i.article_id].embedding,
            )
            for i in items
        }
        store_rows(
            session,
            [_impression(employee, i, request_id, channel, now) for i in items],
            features,
            {employee.id: (profile, stored[1])} if stored else None,
        )
        repository.add_shown(session, employee.id, day, len(items))
        shown += len(items)
    remaining = None if volume is None else max(volume - shown, 0)
    session.flush()
    return FeedRead(
        items=items,
        request_id=request_id,
        budget=Budget(
            volume=volume, shown_today=shown, remaining=remaining, exhausted=remaining == 0
        ),
    )


def get_learned(session: Session, employee: Employee, now: datetime | None = None) -> LearnedRead:
    """What the feed learned about the employee: topic affinities in numbers and words."""
    now = now or utcnow()
    row = repository.get_profile_row(session, employee.id)
    profile = Profile.from_dict(row[0] if row else {})
    prefs = get_preferences(session, employee)
    language = reasons.language_of(prefs.languages)
    names = topic_names(session, language)
    affinities = sorted(profile.topic_affinities(now).items(), key=lambda kv: -kv[1])
    return LearnedRead(
        feedback_count=profile.feedback_count,
        updated_at=row[2] if row and profile.feedback_count else None,
        topics=[
            TopicAffinity(
                topic=topic,
                name=names.get(topic, topic),
                affinity=round(value, 4),
                words=reasons.affinity_words(value, language),
            )
            for topic, value in affinities
        ],
    )


def reset_learned(session: Session, employee: Employee) -> None:
    """Forget everything the feed learned about the employee (preferences stay)."""
    repository.ensure_profiles(session, [employee.id])
    stored = repository.load_profiles(session, [employee.id], lock=True)
    _, version = stored[employee.id]
    repository.save_profiles(session, [(employee.id, version, {})])
    session.flush()


def learned_state(session: Session, employee: Employee) -> dict:
    """The raw learned state, for the employee's data export."""
    row = repository.get_profile_row(session, employee.id)
    return {"state": row[0] if row else {}, "version": row[1] if row else 0}
