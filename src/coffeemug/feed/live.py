"""Per-process cache of the live articles as a CandidateSet, shared by all feed requests.

Building the set (embeddings, topics) is the expensive part of a feed request, so a worker
builds it once and rebuilds it only when cheap queries show content changed: the newest change
and id on every request (added or edited articles), the count at most once a second (deleted
ones).
Audience filtering is numpy masks; colleagues' counters are reloaded after a short TTL.
Nothing here is a source of truth: a restarted worker simply rebuilds.
"""

from __future__ import annotations

import functools
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from coffeemug.feed import repository
from coffeemug.feed.ranker import Candidate, CandidateSet
from coffeemug.feed.ranker.candidates import epoch_seconds
from coffeemug.text.embeddings import from_bytes

# A full rebuild at least this often drops expired articles for good.
_MAX_AGE_SECONDS = 600.0
_AUDIENCE_SLOTS = 256  # audiences kept per worker (a mask each; the articles are shared)
_COUNT_EVERY_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """What the feed response shows of an article."""

    title: str
    summary: str
    language: str
    topics: tuple[str, ...]
    published_at: datetime
    must_read: bool
    embedding: np.ndarray | None
    author: str | None = None
    reading_minutes: int = 1


# About 1,100 characters a minute: 200 words of about 5.5 characters and a space.
_CHARS_PER_MINUTE = 1100


def reading_minutes(chars: int | None) -> int:
    """Minutes it takes to read a body of ``chars`` characters (at least one)."""
    return max(1, round((chars or 0) / _CHARS_PER_MINUTE))


@dataclass
class Audience:
    """The live articles one audience (region, business unit, languages) may see: the
    shared set of their languages and a mask, so no audience copies the embeddings."""

    base: CandidateSet  # the language set's candidates, shared with every such audience
    visible: np.ndarray  # bool per row of ``base``: what this audience may see now
    valid_until: float  # epoch seconds when a scheduled article appears or one expires

    @functools.cached_property
    def candidates(self) -> CandidateSet:
        """Only the visible rows, as a compact set (a copy: prefer ``base`` and ``visible``
        with ``Ranker.rank(exclude=~visible)`` where possible)."""
        return self.base.subset(self.visible)


@dataclass
class LanguageSet:
    """The live articles in some languages (scheduled ones included), shared by every
    audience reading those languages; audiences differ only in which rows they hide."""

    candidates: CandidateSet
    rows: np.ndarray  # positions of these candidates in LiveArticles' arrays
    # Per segment ("region:<r>" or "bu:<b>"): the candidates with counters, and when loaded.
    stats: dict[str, tuple[CandidateSet, float]] = field(default_factory=dict)


@dataclass
class LiveArticles:
    latest: tuple[Any, ...]  # newest change and newest id when built
    count: int  # articles in the database when built
    built_at: float
    counted_at: float
    candidates: CandidateSet
    info: dict[int, ArticleInfo]
    publish: np.ndarray  # epoch seconds
    expires: np.ndarray  # epoch seconds, inf = never
    language: np.ndarray  # '<U2'
    regions: list[tuple[str, ...]]
    business_units: list[tuple[str, ...]]
    audience_languages: list[tuple[str, ...]]
    topics: list[tuple[str, ...]]
    # The id of the article each row translates (0: an original); see ``_one_version``.
    translation_of: np.ndarray
    audiences: OrderedDict[tuple[Any, ...], Audience] = field(default_factory=OrderedDict)
    language_sets: dict[tuple[str, ...], LanguageSet] = field(default_factory=dict)
    targeting: dict[tuple[str, str, tuple[str, ...]], np.ndarray] = field(default_factory=dict)
    value_masks: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)
    # Per segment ("*" = everyone): impressions, engagements aligned with ``candidates``;
    # shared by every language set and audience, all loaded at ``counters_at``.
    segment_counters: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    counters_at: float = -np.inf
    lock: threading.Lock = field(default_factory=threading.Lock)
    _rows_by_id: dict[int, int] | None = None

    def counters(
        self, session: Session, segment: str, ttl_seconds: float
    ) -> tuple[np.ndarray, np.ndarray]:
        """Colleagues' impressions and engagements of every live article in ``segment``,
        aligned with ``candidates``: one query for all segments per TTL and worker."""
        now = time.monotonic()
        if now - self.counters_at >= ttl_seconds:
            table = {s: self._aligned(*v) for s, v in repository.all_counters(session).items()}
            with self.lock:
                self.segment_counters, self.counters_at = table, now
        found = self.segment_counters.get(segment)
        if found is None:
            zeros = np.zeros(len(self.candidates))
            return zeros, zeros
        return found

    def _aligned(
        self, ids: np.ndarray, impressions: np.ndarray, engagements: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Counters given per article id, as arrays aligned with ``candidates``."""
        values = np.zeros((2, len(self.candidates)))
        known = self.candidates.article_ids
        if len(ids) and len(known):
            order = np.argsort(known)
            at = np.minimum(np.searchsorted(known, ids, sorter=order), len(known) - 1)
            rows = order[at]
            ok = known[rows] == ids
            values[0, rows[ok]] = impressions[ok]
            values[1, rows[ok]] = engagements[ok]
        return values[0], values[1]

    def language_set(self, languages: tuple[str, ...]) -> LanguageSet:
        """The live articles in these languages (built once per worker and content change)."""
        found = self.language_sets.get(languages)
        if found is None:
            rows = np.flatnonzero(np.isin(self.language, list(languages)))
            found = LanguageSet(candidates=self.candidates.subset(rows), rows=rows)
            with self.lock:
                self.language_sets[languages] = found
        return found

    def hidden(
        self, region: str, business_unit: str, languages: tuple[str, ...], now: float
    ) -> np.ndarray:
        """Rows of the language set this audience may not see now: targeted elsewhere,
        scheduled for later or expired."""
        rows = self.language_set(languages).rows
        key = (region, business_unit, languages)
        targeted = self.targeting.get(key)
        if targeted is None:
            targeted = self._targets("region", self.regions, region)
            targeted = targeted & self._targets("bu", self.business_units, business_unit)
            reads = np.zeros(len(self.audience_languages), dtype=bool)
            for language in languages:
                reads |= self._targets("language", self.audience_languages, language)
            targeted = (targeted & reads)[rows]
            with self.lock:
                self.targeting[key] = targeted
        live = (self.publish[rows] <= now) & (self.expires[rows] > now)
        return ~self._one_version(rows, targeted & live)

    def _one_version(self, rows: np.ndarray, shown: np.ndarray) -> np.ndarray:
        """Linked language versions are one story: a reader who reads the original's language
        and may see the original gets the original, not its translation as well."""
        versions = self.translation_of[rows]
        if not versions.any():
            return shown
        at = np.full(len(self.translation_of), -1)
        at[rows] = np.arange(len(rows))
        by_id = self.rows_by_id()
        shown = shown.copy()
        for i in np.flatnonzero(versions):
            original = by_id.get(int(versions[i]))
            if original is not None and at[original] >= 0 and shown[at[original]]:
                shown[i] = False
        return shown

    def open_to_all(self, article_ids: Iterable[int], now: float) -> set[int]:
        """Which of these articles are live now and targeted at nobody in particular: anyone
        may see them, no question to the database needed."""
        rows = self.rows_by_id()
        found = set()
        for article_id in article_ids:
            row = rows.get(article_id)
            if (
                row is not None
                and self.publish[row] <= now < self.expires[row]
                and not (
                    self.regions[row] or self.business_units[row] or self.audience_languages[row]
                )
            ):
                found.add(article_id)
        return found

    def rows_by_id(self) -> dict[int, int]:
        if self._rows_by_id is None:
            ids = self.candidates.article_ids.tolist()
            self._rows_by_id = {int(article_id): row for row, article_id in enumerate(ids)}
        return self._rows_by_id

    def _targets(self, kind: str, lists: list[tuple[str, ...]], value: str) -> np.ndarray:
        """Whether each article's audience list of this kind admits ``value`` (an empty list
        admits everyone); one pass per distinct value, shared by all audiences."""
        found = self.value_masks.get((kind, value))
        if found is None:
            found = np.fromiter((not v or value in v for v in lists), dtype=bool, count=len(lists))
            with self.lock:
                self.value_masks[(kind, value)] = found
        return found

    def audience(
        self, region: str, business_unit: str, languages: tuple[str, ...], now: float
    ) -> Audience:
        """The candidates this audience may see now (cached until the schedule changes it)."""
        key = (region, business_unit, languages)
        with self.lock:
            found = self.audiences.get(key)
            if found is not None and found.valid_until > now:
                self.audiences.move_to_end(key)
                return found
        language_set = self.language_set(languages)
        visible = ~self.hidden(region, business_unit, languages, now)
        upcoming = self.publish[self.publish > now]
        expiring = self.expires[language_set.rows][visible]
        valid_until = min(
            float(upcoming.min()) if upcoming.size else np.inf,
            float(expiring.min()) if expiring.size else np.inf,
        )
        built = Audience(base=language_set.candidates, visible=visible, valid_until=valid_until)
        with self.lock:
            self.audiences[key] = built
            self.audiences.move_to_end(key)
            while len(self.audiences) > _AUDIENCE_SLOTS:
                self.audiences.popitem(last=False)
        return built


_CACHE: dict[str, LiveArticles] = {}
_CACHE_LOCK = threading.Lock()
_BUILD_LOCK = threading.Lock()


def _key(session: Session) -> str:
    return str(session.get_bind().engine.url)


def _build(session: Session, latest: tuple[Any, ...], count: int, now: datetime) -> LiveArticles:
    rows = repository.published_articles(session, now)
    topics = repository.topics_of_articles(session, [r.id for r in rows]) if rows else {}
    candidates = []
    info: dict[int, ArticleInfo] = {}
    for r in rows:
        article_topics = tuple(topics.get(r.id, ()))
        embedding = from_bytes(r.embedding)
        candidates.append(
            Candidate(
                article_id=r.id,
                topics=article_topics,
                language=r.language,
                published_at=r.publish_at,
                embedding=embedding,
                must_read=bool(r.must_read),
                priority=float(r.priority or 0.0),
            )
        )
        info[r.id] = ArticleInfo(
            title=r.title,
            summary=r.summary,
            language=r.language,
            topics=article_topics,
            published_at=r.publish_at,
            must_read=bool(r.must_read),
            embedding=embedding,
            author=r.author,
            reading_minutes=reading_minutes(r.body_chars),
        )
    return LiveArticles(
        latest=latest,
        count=count,
        built_at=time.monotonic(),
        counted_at=time.monotonic(),
        candidates=CandidateSet.build(candidates),
        info=info,
        publish=np.array([epoch_seconds(r.publish_at) for r in rows], dtype=np.float64),
        expires=np.array(
            [epoch_seconds(r.expires_at) if r.expires_at else np.inf for r in rows],
            dtype=np.float64,
        ),
        language=np.array([r.language for r in rows], dtype="<U2"),
        regions=[tuple(r.audience_regions or ()) for r in rows],
        business_units=[tuple(r.audience_business_units or ()) for r in rows],
        audience_languages=[tuple(r.audience_languages or ()) for r in rows],
        topics=[tuple(topics.get(r.id, ())) for r in rows],
        translation_of=np.array([r.translation_of or 0 for r in rows], dtype=np.int64),
    )


def live_articles(
    session: Session, now: datetime, latest: tuple[Any, ...] | None = None
) -> LiveArticles:
    """The cached live articles of this database, rebuilt if content changed since;
    ``latest`` is ``repository.latest_change`` when the caller has read it already."""
    key = _key(session)
    if latest is None:
        latest = repository.latest_change(session)
    current = _CACHE.get(key)
    clock = time.monotonic()
    if (
        current is not None
        and current.latest == latest
        and clock - current.built_at < _MAX_AGE_SECONDS
    ):
        if clock - current.counted_at < _COUNT_EVERY_SECONDS:
            return current
        if repository.article_count(session) == current.count:
            current.counted_at = clock
            return current
    # One thread builds; the others wait for its result instead of building the same set.
    with _BUILD_LOCK:
        current = _CACHE.get(key)
        if current is not None and current.latest == latest and current.built_at >= clock:
            return current
        built = _build(session, latest, repository.article_count(session), now)
        with _CACHE_LOCK:
            _CACHE[key] = built
    return built


def open_to_all(session: Session, article_ids: Iterable[int], now: datetime) -> set[int]:
    """Which of these articles are live now and targeted at nobody in particular, from the
    cache (event ingestion's quick visibility check, registered in coffeemug.startup)."""
    return live_articles(session, now).open_to_all(article_ids, epoch_seconds(now))


def with_stats(
    session: Session,
    language_set: LanguageSet,
    business_unit: str,
    ttl_seconds: float,
    *,
    articles: LiveArticles,
    segment: str | None = None,
    label: str | None = None,
) -> CandidateSet:
    """The language set's candidates with colleagues' counters no older than ``ttl_seconds``:
    overall and in ``segment`` (default ``bu:<business_unit>``, labelled with its name), from
    the counters ``articles`` (the set's owner) loads once for every language set."""
    if segment is None:
        segment, label = f"bu:{business_unit}", business_unit
    now = time.monotonic()
    cached = language_set.stats.get(segment)
    if cached is not None and now - cached[1] < ttl_seconds:
        return cached[0]
    impressions, engagements = articles.counters(session, "*", ttl_seconds)
    seg_impressions, seg_engagements = articles.counters(session, segment, ttl_seconds)
    rows = language_set.rows
    ranked = language_set.candidates.with_stats(
        impressions[rows],
        engagements[rows],
        seg_impressions[rows],
        seg_engagements[rows],
        segment_label=label,
    )
    language_set.stats[segment] = (ranked, now)
    return ranked


def clear() -> None:
    """Forget every cached set (tests; a worker never needs it)."""
    with _CACHE_LOCK:
        _CACHE.clear()
