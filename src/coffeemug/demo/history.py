"""Days of simulated feed use, so the demo's feeds are already personalised on first start.

Each simulated day, every active employee gets a feed ranked by the product's ``Ranker`` from
their learned profile, with the audience filter of the live feed and that morning's colleague
counters, and reacts according to the click model.

Learning uses the product's own pieces (``feed.learning``'s event-to-feedback mapping,
segments and learner, ``engagement_weight``) but runs in memory, and events, counters and
profiles are written in bulk at the end. Going through ``ingest_many`` day by day was measured
at 0.6-0.9 ms per event on top of learning itself (validation, duplicate check, ORM insert,
counter upserts, profile load and save per batch): for the default demo's ~170,000 events that
adds 100-150 s, more than the whole seeding takes this way. A test checks that the stored
counters and profiles match what the product's learning makes of the stored events.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np
from sqlalchemy.orm import Session
from threadpoolctl import threadpool_limits

from coffeemug.demo import repository
from coffeemug.demo.generator import ArticleSpec, PersonSpec, seeded_uuid, stream
from coffeemug.demo.simulation import Reaction, SimArticle, SimulatedEmployee, respond
from coffeemug.events.models import Channel, EventType
from coffeemug.events.schemas import EventCreate
from coffeemug.events.service import to_row
from coffeemug.feed import learning, live
from coffeemug.feed.ranker import CandidateSet, Feedback, FeedbackKind, Profile, Ranked, Ranker
from coffeemug.feed.ranker import engagement_weight as weight_of
from coffeemug.feed.ranker.candidates import epoch_seconds
from coffeemug.people.models import Employee
from coffeemug.settings import Settings

# Hour of day at which the day's candidates are fixed; visits happen between 7:00 and 19:00.
MORNING_HOUR = 7
EVENING_HOUR = 19
# As in the feed service: dismissed and acknowledged items leave the feed for good, opened
# ones too unless they are an unacknowledged must-read; with many hidden items a subset is
# cheaper than ranking extra ones.
_FINAL = (EventType.article_dismissed, EventType.article_acknowledged)
SUBSET_THRESHOLD = 64
_CHANNELS = (Channel.intranet, Channel.intranet, Channel.intranet, Channel.app, Channel.email)
_ZERO = (0.0, 0.0)


@dataclass
class Reader:
    """One simulated employee and what the simulation tracks about them."""

    sim: SimulatedEmployee
    employee: Employee
    languages: tuple[str, ...]
    volume: int | None
    muted: frozenset[str]
    profile: Profile = field(default_factory=Profile.empty)
    final: set[int] = field(default_factory=set)
    consumed: set[int] = field(default_factory=set)
    last_seen: datetime | None = None


def readers(
    session: Session,
    people: Sequence[PersonSpec],
    employee_ids: dict[str, int],
    mandatory: frozenset[str],
) -> list[Reader]:
    """The employees with hidden interests (staff accounts only read, they are not simulated)."""
    simulated = [p for p in people if p.interests]
    employees = repository.employees_by_id(
        session, [employee_ids[p.external_id] for p in simulated]
    )
    out = []
    for p in simulated:
        employee = employees[employee_ids[p.external_id]]
        out.append(
            Reader(
                sim=SimulatedEmployee(
                    employee_id=employee.id,
                    interests=p.interests,
                    languages=p.languages,
                    preferred_language=p.preferred_language,
                    activity=p.activity,
                    region=p.region,
                    business_unit=p.business_unit,
                    # As the feed service does: mandatory topics count as followed.
                    followed=frozenset(p.followed_topics) | mandatory,
                ),
                employee=employee,
                languages=tuple(sorted(p.languages)),
                volume=p.volume,
                muted=frozenset(p.muted_topics),
            )
        )
    return out


def sim_articles(
    articles: Sequence[ArticleSpec], article_ids: dict[str, int]
) -> dict[int, SimArticle]:
    return {
        article_ids[a.external_id]: SimArticle(
            article_id=article_ids[a.external_id],
            topics=a.topics,
            language=a.language,
            must_read=a.must_read,
            shareable=a.shareable,
            appeal=a.appeal,
        )
        for a in articles
    }


class _Counters:
    """Colleagues' counters (what ``ArticleStats`` holds), kept in memory during the run."""

    def __init__(self) -> None:
        self.values: dict[tuple[int, str], list[float]] = defaultdict(lambda: [0.0, 0.0])

    def add(
        self, employee: Employee, kind: FeedbackKind, article_id: int, dwell: float | None
    ) -> None:
        segments = learning.segments_of(employee.region, employee.business_unit)
        if kind is FeedbackKind.impressed:
            for segment in segments:
                self.values[(article_id, segment)][0] += 1.0
            return
        weight = weight_of(kind, dwell)
        if weight > 0:
            for segment in segments:
                self.values[(article_id, segment)][1] += weight

    def snapshot(self) -> dict[tuple[int, str], tuple[float, float]]:
        return {key: (v[0], v[1]) for key, v in self.values.items()}


class _Day:
    """Candidate sets of one simulated day, per audience, with that morning's counters."""

    def __init__(self, articles: live.LiveArticles, counters: _Counters, moment: datetime):
        self._articles = articles
        self._stats = counters.snapshot()
        self._at = epoch_seconds(moment)
        self._cache: dict[tuple[str, str, tuple[str, ...]], CandidateSet] = {}
        self._positions: dict[tuple[str, str, tuple[str, ...]], dict[int, int]] = {}
        cs = articles.candidates
        self._must_read = dict(zip(cs.article_ids.tolist(), cs.must_read.tolist(), strict=True))

    def candidates(self, reader: Reader) -> tuple[CandidateSet, set[int]]:
        """The reader's candidates and the ids among them the feed would hide (as the feed
        service does: ranked anyway unless there are many, then filtered out)."""
        unit = reader.sim.business_unit or ""
        key = (reader.sim.region or "", unit, reader.languages)
        found = self._cache.get(key)
        if found is None:
            base = self._articles.audience(key[0], unit, reader.languages, self._at).candidates
            ids = base.article_ids.tolist()
            stats, segment = self._stats, f"bu:{unit}"
            found = base.with_stats(
                impressions=[stats.get((a, "*"), _ZERO)[0] for a in ids],
                engagements=[stats.get((a, "*"), _ZERO)[1] for a in ids],
                segment_impressions=[stats.get((a, segment), _ZERO)[0] for a in ids],
                segment_engagements=[stats.get((a, segment), _ZERO)[1] for a in ids],
                segment_label=unit,
            )
            self._cache[key] = found
            self._positions[key] = {a: i for i, a in enumerate(ids)}
        positions = self._positions[key]
        hidden = {a for a in reader.final if a in positions}
        hidden |= {a for a in reader.consumed if a in positions and not self._must_read[a]}
        if reader.muted:
            vocab = [i for i, t in enumerate(found.topic_vocab) if t in reader.muted]
            muted = np.isin(found.topic_index, vocab).any(axis=1)
            hidden |= set(found.article_ids[muted].tolist())
        if len(hidden) > SUBSET_THRESHOLD:
            keep = np.ones(len(found), dtype=bool)
            keep[[positions[a] for a in hidden]] = False
            return found.subset(keep), set()
        return found, hidden


def _embeddings(candidates: CandidateSet) -> dict[int, np.ndarray]:
    if candidates.embeddings is None:
        return {}
    return {
        int(article_id): candidates.embeddings[i]
        for i, article_id in enumerate(candidates.article_ids.tolist())
        if candidates.has_embedding[i]
    }


def _visit_events(
    ranked: Sequence[tuple[int, float, float]],
    reactions: Sequence[Reaction],
    start: datetime,
    rng: random.Random,
) -> list[EventCreate]:
    """The visit as the product would log it: impressions with score and propensity, then
    the employee's actions a little later, each with its own UUID."""
    channel = rng.choice(_CHANNELS)
    request_id = seeded_uuid(rng).hex
    events = [
        EventCreate(
            id=seeded_uuid(rng),
            type=EventType.article_impressed,
            article_id=article_id,
            occurred_at=start,
            channel=channel,
            position=position,
            request_id=request_id,
            score=round(score, 6),
            propensity=round(propensity, 6),
        )
        for position, (article_id, score, propensity) in enumerate(ranked)
    ]
    moment = start
    for r in reactions:
        moment += timedelta(seconds=rng.randint(3, 40) + (r.dwell_seconds or 0))
        events.append(
            EventCreate(
                id=seeded_uuid(rng),
                type=r.type,
                article_id=r.article_id,
                occurred_at=moment,
                channel=channel,
                dwell_seconds=r.dwell_seconds,
                value=r.value,
                kind=r.kind,
            )
        )
    return events


# Thousands of small matrix products: BLAS threads cost more than they give here,
# many times more on a busy machine.
@threadpool_limits.wrap(limits=1)
def simulate(
    session: Session,
    people: list[Reader],
    articles: dict[int, SimArticle],
    *,
    days: int,
    until: datetime,
    seed: int,
    settings: Settings,
    advance: Callable[[int], None] = lambda _: None,
) -> int:
    """Simulate ``days`` days ending at ``until`` and store the outcome; returns the events."""
    rng = stream(seed, "behaviour")
    ranker = Ranker(seed=seed)
    learner = learning.learner()
    first = until - timedelta(days=days)
    # Built once for the whole period; the per-day audience masks apply publish and expiry.
    live.clear()
    catalogue = live.live_articles(session, first)
    embeddings = _embeddings(catalogue.candidates)
    counters = _Counters()
    stored = 0
    for day in range(days):
        day_start = first + timedelta(days=day)
        morning = day_start + timedelta(hours=MORNING_HOUR)
        # Events reach the database at the end of the day, as a nightly batch would.
        ingested = day_start + timedelta(days=1)
        today = _Day(catalogue, counters, morning)
        rows = []
        for reader in people:
            if rng.random() >= reader.sim.activity:
                continue
            visit = morning + timedelta(seconds=rng.randrange((EVENING_HOUR - MORNING_HOUR) * 3600))
            candidates, hidden = today.candidates(reader)
            limit = settings.default_feed_limit
            ranked = _feed(ranker, reader, candidates, hidden, visit, articles, limit)
            if not ranked:
                continue
            reactions = respond(reader.sim, [articles[r.article_id] for r in ranked], rng)
            shown = [(r.article_id, r.score, r.propensity) for r in ranked]
            events = _visit_events(shown, reactions, visit, rng)
            rows += [to_row(reader.employee, event, ingested) for event in events]
            feedbacks = _feedback(reader, events, articles, embeddings, counters)
            reader.profile = learner.learn_many(reader.profile, feedbacks)
            reader.last_seen = ingested
        repository.insert_events(session, rows)
        stored += len(rows)
        advance(1)
    repository.insert_article_stats(session, counters.snapshot())
    repository.insert_profiles(
        session,
        [(r.employee.id, r.profile.to_dict(), r.last_seen) for r in people if r.last_seen],
    )
    live.clear()
    return stored


def _feed(
    ranker: Ranker,
    reader: Reader,
    candidates: CandidateSet,
    hidden: set[int],
    visit: datetime,
    articles: dict[int, SimArticle],
    limit: int,
) -> list[Ranked]:
    """What the reader's feed shows at ``visit``: must-reads, the rest within their volume."""
    quota = min(limit, reader.volume or limit)
    ranked: list[Ranked] = []
    others = 0
    for r in ranker.rank(
        reader.profile,
        candidates,
        now=visit,
        followed=reader.sim.followed,
        limit=limit + len(hidden),
        segment_label=reader.sim.business_unit,
    ):
        if r.article_id in hidden:
            continue
        if articles[r.article_id].must_read:
            ranked.append(r)
        elif others < quota:
            ranked.append(r)
            others += 1
        if len(ranked) >= limit:
            break
    return ranked


def _feedback(
    reader: Reader,
    events: list[EventCreate],
    articles: dict[int, SimArticle],
    embeddings: dict[int, np.ndarray],
    counters: _Counters,
) -> list[Feedback]:
    """What a visit's events teach the feed: the reader's feedback, colleagues' counters, and
    which articles leave the reader's feed."""
    feedbacks = []
    for event in events:
        kind = learning.FEEDBACK_KINDS.get(event.type.value)
        if kind is None or event.article_id is None:
            continue
        if event.type in _FINAL:
            reader.final.add(event.article_id)
        elif event.type is EventType.article_opened:
            reader.consumed.add(event.article_id)
        counters.add(reader.employee, kind, event.article_id, event.dwell_seconds)
        feedbacks.append(
            Feedback(
                kind=kind,
                article_id=event.article_id,
                topics=articles[event.article_id].topics,
                occurred_at=event.occurred_at,
                embedding=embeddings.get(event.article_id),
                dwell_seconds=event.dwell_seconds,
            )
        )
    return feedbacks


def start_of_day(moment: datetime) -> datetime:
    """Midnight UTC of the moment's day: the anchor that makes a day's seed reproducible."""
    moment = moment.astimezone(UTC)
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)
