"""The personal feed: candidates, ranking, the volume budget and logged impressions."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import partial
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from coffeemug.errors import Conflict
from coffeemug.events import service as events_service
from coffeemug.events.catalogue import types_where
from coffeemug.events.models import Channel, EventType
from coffeemug.events.service import event_row
from coffeemug.feed import learning, live, reasons, repository
from coffeemug.feed.ranker import CandidateSet, Profile, Ranked, Ranker
from coffeemug.feed.ranker.candidates import epoch_seconds
from coffeemug.feed.schemas import Budget, FeedItem, FeedRead, Picture
from coffeemug.people.models import Employee
from coffeemug.people.schemas import LearnedRead, TopicAffinity
from coffeemug.people.service import get_preferences
from coffeemug.pictures import service as pictures
from coffeemug.settings import Settings, get_settings

# Events that take an article out of one employee's feed for good (the catalogue's ``ends``).
_FINAL_EVENTS = types_where("ends")
# Already consumed: a feed brings news, not yesterday's reading (saved items live under
# /api/me/saved). A must-read stays until it is acknowledged, even when opened.
_CONSUMED_EVENTS = types_where("consumes")


def topic_names(session: Session, language: str) -> dict[str, str]:
    """Topic names in one language, by topic id."""
    rows = repository.topic_rows(session)
    return {tid: (de if language == "de" else en) for tid, de, en, _ in rows}


def _hidden(
    employee: Employee,
    articles: live.LiveArticles,
    candidates: CandidateSet,
    languages: tuple[str, ...],
    state: repository.FeedState,
    muted: set[str],
    now: datetime,
) -> np.ndarray:
    """Rows of the candidates this employee must not see: not for their audience or not live
    now, dismissed, acknowledged, already consumed (must-reads excepted) or muted."""
    hide = articles.hidden(employee.region, employee.business_unit, languages, epoch_seconds(now))
    ids = candidates.article_ids
    if state.final:
        hide |= np.isin(ids, np.asarray(state.final, dtype=np.int64))
    if state.consumed:
        hide |= np.isin(ids, np.asarray(state.consumed, dtype=np.int64)) & ~candidates.must_read
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


def _preferences(
    session: Session, employee: Employee, state: repository.FeedState
) -> tuple[list[str], list[str], int | None, list[str]]:
    """Followed and muted topics, volume and languages; the defaults are stored on first use."""
    if state.preferences is not None:
        return state.preferences
    prefs = get_preferences(session, employee)
    return prefs.followed_topics, prefs.muted_topics, prefs.volume, prefs.languages


Deltas = dict[tuple[int, str], tuple[float, float]]


@dataclass
class HeldCounters:
    """Colleagues' counter increments of many feeds, added later in one statement.

    Every digest of a sweep shows much the same top articles, so each one would increment the
    same few counter rows (the whole company's segment above all) and hold their row locks
    until its transaction commits: the digests of all workers would queue behind each other.
    A batch holds its increments and adds them once per chunk instead (a sum, so in any order);
    a worker killed mid-chunk loses that chunk's increments, never the impressions."""

    deltas: Deltas = field(default_factory=dict)

    def add(self, deltas: Deltas) -> None:
        for key, (impressions, engagements) in deltas.items():
            held = self.deltas.get(key, (0.0, 0.0))
            self.deltas[key] = (held[0] + impressions, held[1] + engagements)

    def take(self, other: HeldCounters) -> None:
        self.add(other.deltas)
        other.deltas = {}

    def write(self, session: Session) -> None:
        """Add the held increments (of articles that still exist) and start afresh."""
        if self.deltas:
            repository.add_to_stats_of_existing(session, self.deltas)
        self.deltas = {}


def _log_impressions(
    session: Session,
    employee: Employee,
    state: repository.FeedState,
    profile: Profile,
    rows: list[dict[str, Any]],
    features: learning.Features,
    day: date,
    held: HeldCounters | None = None,
) -> None:
    """Store the impressions with what they teach (profile, counters) and the budget, in one
    round trip on PostgreSQL; the profile read without a lock is saved only if no one changed
    it meanwhile, else it is read again under lock and the impressions learned once more.
    With ``held``, the counter increments are handed to it instead of written."""
    signals = learning.signals_of(rows)
    feedback = learning.feedback_by_employee(signals, features).get(employee.id, [])
    deltas = learning.counter_deltas(signals)
    written = {} if held is not None else deltas
    ranker = learning.learner()
    version = state.version
    for _ in range(learning.MAX_ATTEMPTS):
        learned = ranker.learn_many(profile, feedback)
        if repository.record_feed(
            session,
            employee_id=employee.id,
            version=version,
            state=learned.to_dict(),
            events=rows,
            deltas=written,
            day=day,
            shown=len(rows),
        ):
            if held is not None:
                held.add(deltas)
            return
        repository.ensure_profiles(session, [employee.id])
        stored, version = repository.load_profiles(session, [employee.id], lock=True)[employee.id]
        profile = Profile.from_dict(stored)
    raise Conflict(learning.CONTENTION)


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
    held: HeldCounters | None = None,
) -> FeedRead:
    """Today's feed: the items already shown today and not yet read, dismissed or expired, in
    the order they were first shown, then new ones as far as the daily volume allows (what the
    employee consumed today counts against it, not what was shown); ``more`` adds ``limit``
    new items below. Reasons are worded in ``language`` (default: the employee's first
    language). Only new items are logged as impressions. The e-mail channel keeps no day's
    list: each digest is ranked afresh, and shows no pictures (none are read). ``held`` takes
    the colleagues' counter increments instead of writing them (see HeldCounters)."""
    settings = settings or get_settings()
    now = now or utcnow()
    limit = limit or settings.default_feed_limit
    state = repository.feed_state(
        session, employee.id, now.date(), _FINAL_EVENTS, _CONSUMED_EVENTS, _TODAY_EVENTS
    )
    state = _with_undone(session, employee, state)
    followed, muted, volume, prefs_languages = _preferences(session, employee, state)
    language = reasons.language_of([language] if language else prefs_languages)
    names = {tid: (de if language == "de" else en) for tid, de, en, _ in state.topics}
    mandatory = {t for t, _, _, m in state.topics if m}
    profile = Profile.from_dict(state.profile or {})
    segment, label = _colleagues(employee, profile, set(followed) - mandatory)

    articles = live.live_articles(session, now, state.latest)
    languages = tuple(sorted(prefs_languages or ["en"]))
    candidates = live.with_stats(
        session,
        articles.language_set(languages),
        employee.business_unit,
        settings.feed_stats_ttl_seconds,
        segment=segment,
        label=label,
        articles=articles,
    )
    hide = _hidden(employee, articles, candidates, languages, state, set(muted), now)
    today = _today(state.today, channel, articles)
    visible = set(candidates.article_ids[~hide].tolist())
    pending = [a for a in today.shown if a in visible]
    quota = _quota(pending, articles, today, volume, limit, more)

    rank = partial(
        Ranker(seed=settings.ranker_seed).rank,
        profile,
        candidates,
        now=now,
        # Mandatory topics are followed only in the sense that they cannot be muted or
        # unfollowed: they are not a stated interest, so they get no follow bonus.
        followed=frozenset(followed) - mandatory,
        segment_label=label,
    )
    kept = _kept(rank, candidates, hide, pending)
    shown_ids = np.asarray(today.shown or pending, dtype=np.int64)
    # A few more than the page needs: near-duplicates of what the page holds make room.
    fresh = rank(limit=limit + _SPARE, exclude=hide | np.isin(candidates.article_ids, shown_ids))
    fresh = _without_repeats(fresh, kept, articles)
    chosen = kept + _within_budget(fresh, articles, quota)[:limit]
    items = [
        _item(r, position, articles.info[r.article_id], language, names)
        for position, r in enumerate(chosen)
    ]
    if channel is not Channel.email:
        _add_pictures(session, items)
    new_items = items[len(kept) :]
    request_id = uuid.uuid4().hex
    if new_items:
        features = {i.article_id: _features(articles.info[i.article_id]) for i in new_items}
        rows = [_impression(employee, i, request_id, channel, now) for i in new_items]
        _log_impressions(session, employee, state, profile, rows, features, now.date(), held)
    session.flush()
    return FeedRead(
        items=items,
        request_id=request_id,
        budget=_budget(volume, today, len(new_items)),
    )


# Ranked beyond the page, to fill the places of near-duplicates left out.
_SPARE = 5
# Titles sharing this much of their words (Jaccard) tell the same story twice ("Summer party
# in Bengaluru: the photos" / "Summer party in Singapore: the photos": 5 of 7 words).
_SAME_TITLE = 0.6
_WORD = re.compile(r"\w+")


def _title_words(title: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in _WORD.findall(title))


def _without_repeats(
    ranked: list[Ranked], kept: list[Ranked], articles: live.LiveArticles
) -> list[Ranked]:
    """``ranked`` without the items whose title repeats one of an item placed before (kept
    today or ranked higher): one card per story on a page. Must-reads always stay."""
    seen = [_title_words(articles.info[r.article_id].title) for r in kept]
    out = []
    for r in ranked:
        info = articles.info[r.article_id]
        words = _title_words(info.title)
        if not info.must_read and any(_jaccard(words, other) >= _SAME_TITLE for other in seen):
            continue
        seen.append(words)
        out.append(r)
    return out


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _quota(
    pending: list[int],
    articles: live.LiveArticles,
    today: _Today,
    volume: int | None,
    limit: int,
    more: bool,
) -> int:
    """New items outside the must-read lane this request may add below the unread ones kept:
    ``limit`` with ``more``, else what the volume leaves after what was consumed today."""
    regular = sum(1 for a in pending if not articles.info[a].must_read)
    if more:
        return limit
    if volume is None:
        return max(limit - regular, 0)
    return max(min(volume - today.consumed - regular, limit - regular), 0)


def _add_pictures(session: Session, items: list[FeedItem]) -> None:
    found = pictures.pictures_of(session, [i.article_id for i in items])
    for item in items:
        info = found.get(item.article_id)
        if info is not None:
            item.picture = Picture(url=info.url, alt=info.alt, width=info.width, height=info.height)


@dataclass(frozen=True)
class _Today:
    shown: list[int]  # articles shown today on this channel, in the order first shown
    consumed: int  # articles outside the must-read lane opened, dismissed, ... today


# What counts as consuming an item of today's volume (opened, read, liked, dismissed,
# acknowledged, ...): the catalogue's ``consumes`` and ``ends``.
_USED_EVENTS = tuple(dict.fromkeys((*_CONSUMED_EVENTS, *_FINAL_EVENTS)))
_SHOWN = EventType.article_impressed.value
_TODAY_EVENTS = (_SHOWN, *_USED_EVENTS)


def _today(
    events: list[tuple[int, str, str]], channel: Channel, articles: live.LiveArticles
) -> _Today:
    """Today's shown items and how many the employee consumed (UTC day), from today's events
    of the types ``_TODAY_EVENTS``."""
    shown: dict[int, None] = {}
    used: set[int] = set()
    for article_id, kind, on in events:
        if kind == _SHOWN:
            if on == channel.value and channel is not Channel.email:
                shown.setdefault(article_id)
        else:
            info = articles.info.get(article_id)
            if info is None or not info.must_read:
                used.add(article_id)
    return _Today(shown=list(shown), consumed=len(used))


def _kept(
    rank: Callable[..., list[Ranked]],
    candidates: CandidateSet,
    hide: np.ndarray,
    pending: list[int],
) -> list[Ranked]:
    """Today's unread items again, in the order first shown, with their current reasons."""
    if not pending:
        return []
    only = ~np.isin(candidates.article_ids, np.asarray(pending, dtype=np.int64))
    ranked = {r.article_id: r for r in rank(limit=len(pending), exclude=hide | only)}
    return [ranked[a] for a in pending if a in ranked]


def _budget(volume: int | None, today: _Today, added: int) -> Budget:
    remaining = None if volume is None else max(volume - today.consumed, 0)
    return Budget(
        volume=volume,
        consumed_today=today.consumed,
        shown_today=len(today.shown) + added,
        remaining=remaining,
        exhausted=remaining == 0,
    )


def _with_undone(
    session: Session, employee: Employee, state: repository.FeedState
) -> repository.FeedState:
    """The state without the dismissals the employee undid since."""
    if not state.final:
        return state
    dismissed = EventType.article_dismissed.value
    standing = events_service.standing(session, employee, [dismissed])[dismissed]
    final = set(state.final)
    undone = {a for a in final if a not in standing}
    # An acknowledged article ends for good whatever happened to a dismissal of it.
    acknowledged = EventType.article_acknowledged.value
    if undone:
        still = repository.articles_with(session, employee.id, [acknowledged], sorted(undone))
        undone -= still
    if not undone:
        return state
    return replace(state, final=[a for a in state.final if a not in undone])


def _colleagues(
    employee: Employee, profile: Profile, own_topics: set[str]
) -> tuple[str, str | None]:
    """Whose reading counts as colleagues' signal: the business unit; for someone the feed
    knows nothing about yet (no feedback, no own topics) what is popular in their region."""
    if profile.feedback_count == 0 and not own_topics:
        return f"region:{employee.region}", employee.region
    return f"bu:{employee.business_unit}", employee.business_unit


def _within_budget(ranked: list[Ranked], articles: live.LiveArticles, quota: int) -> list[Ranked]:
    """Must-read items always; the rest only as far as today's budget goes."""
    chosen = []
    others = 0
    for r in ranked:
        if articles.info[r.article_id].must_read:
            chosen.append(r)
        elif others < quota:
            chosen.append(r)
            others += 1
    return chosen


def _item(
    r: Ranked, position: int, info: live.ArticleInfo, language: str, names: dict[str, str]
) -> FeedItem:
    """One ranked article as the feed shows it, with its reason in words."""
    return FeedItem(
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
        author=info.author,
        reading_minutes=info.reading_minutes,
    )


def _features(info: live.ArticleInfo) -> tuple[tuple[str, ...], np.ndarray | None]:
    return info.topics, info.embedding


def get_learned(
    session: Session,
    employee: Employee,
    now: datetime | None = None,
    language: str | None = None,
) -> LearnedRead:
    """What the feed learned about the employee: topic affinities in numbers and words, in
    ``language`` (default: the employee's first language; pages pass their own)."""
    now = now or utcnow()
    row = repository.get_profile_row(session, employee.id)
    profile = Profile.from_dict(row[0] if row else {})
    prefs = get_preferences(session, employee)
    language = reasons.language_of([language] if language else prefs.languages)
    names = topic_names(session, language)
    affinities = sorted(profile.topic_affinities(now).items(), key=lambda kv: -kv[1])
    rows = [
        TopicAffinity(
            topic=topic,
            name=names.get(topic, topic),
            affinity=round(value, 4),
            words=reasons.affinity_words(value, language),
        )
        for topic, value in affinities
    ]
    followed = set(prefs.followed_topics)
    return LearnedRead(
        feedback_count=profile.feedback_count,
        reactions=profile.reactions,
        updated_at=row[2] if row and profile.feedback_count else None,
        topics=rows,
        # The follow bonus is 1 + min(affinity, 0) (docs/ranking.md): any learned dislike of a
        # followed topic takes part of it away, and that is said, not done silently.
        outweighed=[r for r in rows if r.topic in followed and r.affinity <= -OUTWEIGHS],
    )


# From this learned dislike on, a followed topic's articles visibly lose their follow bonus.
OUTWEIGHS = 0.2


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
