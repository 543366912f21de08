"""The ranker: a weighted sum of interpretable signals, then a must-read lane, diversity and a
bounded amount of Thompson-sampling exploration. See docs/ranking.md for every formula."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime

import numpy as np
from threadpoolctl import ThreadpoolController

from coffeemug.feed.ranker.candidates import CandidateSet, epoch_seconds
from coffeemug.feed.ranker.learn import learn_many
from coffeemug.feed.ranker.profile import Profile, decay
from coffeemug.feed.ranker.types import Candidate, Feedback, Ranked, Reason

# A signal must add at least this much to the score to be named as the reason.
_REASON_FLOOR = 0.02


@dataclass(frozen=True, slots=True)
class Hyperparameters:
    """Every knob of the ranker, with the defaults used by the product and the benchmarks."""

    follow_weight: float = 1.0  # candidate has a topic the employee follows
    topic_weight: float = 1.0  # learned topic affinity, in [-1, 1]
    content_weight: float = 2.0  # cosine to the direction of everything engaged with
    recent_weight: float = 1.0  # mean cosine to the closest few of the latest engagements
    aversion_weight: float = 1.0  # cosine to the direction of what was dismissed
    popular_weight: float = 0.3  # log lift of colleagues' smoothed CTR over the set's CTR
    segment_weight: float = 0.3  # same within the employee's segment
    fresh_weight: float = 0.3  # half-life decay of the article's age
    priority_weight: float = 0.5  # editorial priority in [0, 1]
    ignored_weight: float = 1.0  # taken off (half after one showing) items shown, not engaged
    topic_half_life_days: float = 45.0
    content_half_life_days: float = 45.0
    fresh_half_life_hours: float = 48.0
    topic_prior: float = 1.0  # pseudo-feedback before an affinity reaches +-1/2
    content_prior: float = 0.25  # pseudo-mass: after one open, content similarity counts 80 %
    content_memory: float = 1.0  # per-engagement fading of older likes (1 = by time only)
    recent_size: int = 8  # engagements remembered individually
    recent_top: int = 3  # how many of the closest remembered engagements are averaged
    shown_size: int = 128  # articles shown without engagement remembered per employee
    ctr_prior_strength: float = 20.0  # pseudo-impressions at the set's average CTR
    diversity: float = 0.15  # score taken off per item already shown with a shared topic
    topic_cap: float = 0.5  # most of the first `diversity_window` slots one topic may take
    diversity_window: int = 10
    explore_share: float = 0.2  # at most this share of the slots go to exploration
    explore_scale: float = 0.5  # spread of the Thompson samples
    explore_from: int = 2  # the first slots are never given to exploration
    shortlist: int = 1000  # candidates that get the costliest signal when a limit is given


class Ranker:
    """Ranks an employee's candidates and learns from their feedback.

    Pure: no database, no clock (``now`` is passed in), randomness only from the seeded
    generator. Hyperparameters are fixed at construction (see ``Hyperparameters``).

    >>> from datetime import datetime, timedelta, UTC
    >>> from coffeemug.feed.ranker import (
    ...     Candidate, Feedback, FeedbackKind, Profile, Ranker)
    >>> now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    >>> ranker = Ranker(seed=1)
    >>> items = [Candidate(1, ("ai",), "en", now), Candidate(2, ("sports",), "en", now)]
    >>> profile = ranker.learn(
    ...     Profile.empty(),
    ...     Feedback(FeedbackKind.liked, 7, ("sports",), now - timedelta(hours=1)))
    >>> [r.article_id for r in ranker.rank(profile, items, now=now, explore=False)]
    [2, 1]
    >>> ranker.rank(profile, items, now=now, explore=False)[0].reason.code
    'learned_topic'
    """

    def __init__(self, *, seed: int | None = None, **hyperparameters: float) -> None:
        known = {f.name for f in fields(Hyperparameters)}
        unknown = set(hyperparameters) - known
        if unknown:
            raise TypeError(f"unknown ranker hyperparameters: {', '.join(sorted(unknown))}")
        self.params = Hyperparameters(**hyperparameters)
        self.seed = seed
        self._rng = np.random.default_rng(seed)

    def __repr__(self) -> str:
        return f"Ranker(seed={self.seed}, {self.params})"

    # ------------------------------------------------------------------ learning

    def learn(self, profile: Profile, feedback: Feedback) -> Profile:
        """A new profile that also reflects ``feedback`` (``profile`` is left as it was)."""
        return learn_many(self.params, profile, (feedback,))

    def learn_many(self, profile: Profile, feedbacks: Iterable[Feedback]) -> Profile:
        """``learn`` applied to each feedback in turn, in one pass."""
        return learn_many(self.params, profile, feedbacks)

    # ------------------------------------------------------------------ ranking

    def signals(
        self,
        profile: Profile,
        candidates: CandidateSet,
        *,
        now: datetime,
        followed: frozenset[str] = frozenset(),
        shortlist: int | None = None,
        exclude: np.ndarray | None = None,
    ) -> dict[str, np.ndarray]:
        """Each signal's weighted contribution per candidate; the score is their sum.

        With ``shortlist``, the costliest signal (similarity to each recent engagement) is
        computed only for that many best candidates by the other signals (never ``exclude``
        rows); the rest get 0.
        """
        p = self.params
        cs = candidates
        t_now = epoch_seconds(now)
        out: dict[str, np.ndarray] = {}
        vocab = cs.topic_vocab
        idx = cs.topic_index  # -1 pads pick the extra zero slot at the end

        aff = None
        if profile.topics and vocab:
            aff = np.zeros(len(vocab) + 1)
            affinities = self._affinities(profile, now)
            for i, slug in enumerate(vocab):
                aff[i] = affinities.get(slug, 0.0)

        if followed and vocab:
            follow = np.array([t in followed for t in vocab] + [False], dtype=np.float64)
            if aff is not None:
                # A follow is a standing wish, dismissals say what the employee wants now: a
                # learned dislike of a topic takes its follow bonus away in proportion.
                follow *= 1.0 + np.minimum(aff, 0.0)
            out["follows_topic"] = p.follow_weight * _row_max(follow[idx])

        if aff is not None:
            # The best-liked of its topics lifts an item; any disliked topic pulls it down.
            per_topic = aff[idx]
            out["learned_topic"] = p.topic_weight * (
                np.maximum(_row_max(per_topic), 0.0) + np.minimum(_row_min(per_topic), 0.0)
            )

        if profile.shown and p.ignored_weight:
            # Shown before and passed over: each further showing halves what is left of the
            # chance that the employee wants it after all.
            out["ignored"] = -p.ignored_weight * (1.0 - 0.5 ** _times_shown(profile, cs))

        if cs.embeddings is not None and profile.dim == cs.embeddings.shape[1]:
            out.update(self._content_signals(profile, cs, out, shortlist, exclude))
        # Colleagues' lift depends on the set's counters only: computed once per set.
        strength = p.ctr_prior_strength
        lift = cs.derived(
            f"lift:{strength}", lambda: _ctr_lift(cs.engagements, cs.impressions, strength)
        )
        segment_lift = cs.derived(
            f"segment_lift:{strength}",
            lambda: _ctr_lift(cs.segment_engagements, cs.segment_impressions, strength),
        )
        out["popular"] = p.popular_weight * lift
        out["popular_segment"] = p.segment_weight * segment_lift
        age = t_now - cs.published_at
        out["fresh"] = p.fresh_weight * decay(age, p.fresh_half_life_hours / 24.0)
        out["priority"] = p.priority_weight * cs.priority
        return out

    def _content_signals(
        self,
        profile: Profile,
        cs: CandidateSet,
        cheap: dict[str, np.ndarray],
        shortlist: int | None,
        exclude: np.ndarray | None = None,
    ) -> dict[str, np.ndarray]:
        p = self.params
        emb = cs.embeddings
        assert emb is not None
        mask = cs.has_embedding
        # Liking and aversion are both linear in the candidate's embedding, so one pass over
        # the (memory-bound) embedding matrix serves them together.
        query = np.zeros(emb.shape[1], dtype=np.float32)
        if profile.likes is not None:
            conf = profile.likes_mass / (profile.likes_mass + p.content_prior)
            query += p.content_weight * conf * profile.likes.astype(np.float32)
        if profile.dislikes is not None:
            conf = profile.dislikes_mass / (profile.dislikes_mass + p.content_prior)
            query -= p.aversion_weight * conf * profile.dislikes.astype(np.float32)
        content = _dot_rows(emb, query[None, :])[:, 0].astype(np.float64)
        if profile.recent is not None and p.recent_weight:
            recent = profile.recent.astype(np.float32)  # (k, dim), one row per engagement
            if shortlist is not None and len(cs) > shortlist:
                # Two stages: the matrix product with every recent engagement is the one
                # expensive step, so it runs on the candidates the other signals rank highest.
                base = content + sum(cheap.values(), np.zeros(len(cs)))
                if exclude is not None:
                    base[exclude] = -np.inf
                rows = np.argpartition(-base, shortlist)[:shortlist]
                best = np.zeros(len(cs))
                best[rows] = _top_mean(_dot_rows(emb[rows], recent), p.recent_top)
            else:
                best = _top_mean(_dot_rows(emb, recent), p.recent_top)
            content += p.recent_weight * best
        return {"similar_content": content * mask}

    def rank(
        self,
        profile: Profile,
        candidates: CandidateSet | Sequence[Candidate],
        *,
        now: datetime,
        followed: frozenset[str] = frozenset(),
        limit: int | None = None,
        explore: bool = True,
        segment_label: str | None = None,
        exclude: np.ndarray | None = None,
    ) -> list[Ranked]:
        """The candidates best first (at most ``limit``), must-read items ahead of the rest.

        With ``explore=False`` the order is deterministic; with ``explore=True`` a bounded
        share of the slots goes to Thompson-sampled items whose interest is still uncertain.
        ``exclude`` (one bool per candidate) marks rows that must not be returned, so a
        shared set can serve everyone without copying it per employee.
        """
        cs = candidates if isinstance(candidates, CandidateSet) else CandidateSet.build(candidates)
        n = len(cs)
        if exclude is not None:
            exclude = np.asarray(exclude, dtype=bool)
            if exclude.shape != (n,):
                raise ValueError(f"exclude must have one entry per candidate ({n})")
            if not exclude.any():
                exclude = None
        visible = n if exclude is None else n - int(exclude.sum())
        if visible == 0 or limit == 0:
            return []
        want = visible if limit is None else min(limit, visible)
        shortlist = max(self.params.shortlist, 4 * want) if limit is not None else None
        parts = self.signals(
            profile, cs, now=now, followed=followed, shortlist=shortlist, exclude=exclude
        )
        score = np.zeros(n)
        for contribution in parts.values():
            score += contribution

        must_read = cs.must_read if exclude is None else cs.must_read & ~exclude
        must = np.flatnonzero(must_read)
        must = must[np.argsort(-score[must], kind="stable")]
        rest = np.flatnonzero(~cs.must_read if exclude is None else ~(cs.must_read | exclude))
        slots = max(want - len(must), 0)
        order = self._diversify(cs, rest, score, slots, complete=limit is None)

        explored: dict[int, float] = {}
        if explore and slots >= 3 and len(rest) > slots:
            order, explored = self._explore(profile, cs, rest, score, order, slots, now)
        chosen = np.concatenate([must, np.asarray(order, dtype=np.int64)])[:want]

        share = sum(explored.values()) / max(slots, 1)
        # Freshness is what every new item has: it is a reason only as far as this item is
        # fresher than the average candidate.
        weights = np.full(n, 1.0 / n) if exclude is None else (~exclude) / visible
        typical_fresh = float(parts["fresh"] @ weights)
        affinities = self._affinities(profile, now)
        result = []
        for i in chosen.tolist():
            if i in explored:
                topic = _first_topic(cs, i)
                reason = Reason("explore", {"topic": topic} if topic else {})
                propensity = explored[i]
            else:
                reason = self._reason(
                    cs, i, parts, typical_fresh, affinities, followed, segment_label
                )
                propensity = 1.0 if cs.must_read[i] else max(1.0 - share, 0.05)
            result.append(Ranked(int(cs.article_ids[i]), float(score[i]), propensity, reason))
        return result

    def _diversify(
        self, cs: CandidateSet, rest: np.ndarray, score: np.ndarray, slots: int, complete: bool
    ) -> list[int]:
        """Greedy re-ranking of the head: each shared topic already placed costs ``diversity``,
        and within the first ``diversity_window`` slots no topic takes more than ``topic_cap``
        of them while other topics are left. Without ``complete`` only the head is ordered."""
        p = self.params
        values = -score[rest]
        depth = max(3 * slots, 30)
        if not complete and len(rest) > depth:
            # Only the head can be shown: a partial sort is enough.
            head_idx = np.argpartition(values, depth - 1)[:depth]
            by_score = rest[head_idx[np.argsort(values[head_idx], kind="stable")]]
        else:
            by_score = rest[np.argsort(values, kind="stable")]
        if (p.diversity <= 0 and p.topic_cap >= 1) or not cs.topic_vocab or slots <= 1:
            return by_score.tolist()
        head = by_score[:depth]
        tail = by_score[len(head) :]
        idx = cs.topic_index[head]
        counts = np.zeros(len(cs.topic_vocab) + 1)
        alive = np.ones(len(head), dtype=bool)
        picked: list[int] = []
        window = min(slots, p.diversity_window)
        cap = max(1, math.ceil(p.topic_cap * window))
        for position in range(min(slots, len(head))):
            crowd = counts[idx].max(axis=1)
            adjusted = score[head] - p.diversity * crowd
            if position < window:
                adjusted = adjusted - 1e6 * (crowd >= cap)
            adjusted = np.where(alive, adjusted, -np.inf)
            best = int(np.argmax(adjusted))
            alive[best] = False
            picked.append(int(head[best]))
            topics = idx[best][idx[best] >= 0]
            counts[topics] += 1
        left = head[alive]
        return picked + left.tolist() + tail.tolist()

    def _explore(
        self,
        profile: Profile,
        cs: CandidateSet,
        rest: np.ndarray,
        score: np.ndarray,
        order: list[int],
        slots: int,
        now: datetime,
    ) -> tuple[list[int], dict[int, float]]:
        """Thompson sampling: draw each item's score from its uncertainty and let items that
        would win under the draw take a bounded number of slots."""
        p = self.params
        budget = max(1, int(p.explore_share * slots))
        masses = np.zeros(len(cs.topic_vocab) + 1)
        t_now = epoch_seconds(now)
        for i, slug in enumerate(cs.topic_vocab):
            state = profile.topics.get(slug)
            if state is not None:
                masses[i] = (state[0] + state[1]) * float(
                    decay(t_now - state[2], p.topic_half_life_days)
                )
        known = _row_max(masses[cs.topic_index[rest]])
        sigma_topic = 1.0 / np.sqrt(1.0 + known)
        sigma_item = 1.0 / np.sqrt(1.0 + cs.impressions[rest] / 10.0)
        sigma = p.explore_scale * np.sqrt((sigma_topic**2 + sigma_item**2) / 2.0)
        draw = score[rest] + sigma * self._rng.standard_normal(len(rest))

        threshold = score[order[slots - 1]]
        shown = np.zeros(len(cs), dtype=bool)
        shown[np.asarray(order[:slots], dtype=np.int64)] = True
        eligible = (draw > threshold) & ~shown[rest]
        winners = np.flatnonzero(eligible)
        winners = winners[np.argsort(-draw[winners], kind="stable")][:budget]
        if len(winners) == 0:
            return order, {}
        picks = [(float(draw[w]), int(rest[w]), float(sigma[w])) for w in winners]
        explored = {
            i: _clip(0.5 * math.erfc(-(score[i] - threshold) / (s * math.sqrt(2.0))))
            for _, i, s in picks
        }
        keep = [i for i in order if i not in explored]
        exploit = keep[: slots - len(picks)]
        # Explored items go where their draw would have put them, never into the first slots.
        new_order = list(exploit)
        for d, i, _ in picks:
            pos = sum(1 for j in new_order if score[j] >= d)
            new_order.insert(max(pos, min(p.explore_from, len(new_order))), i)
        return new_order + keep[slots - len(picks) :], explored

    def _reason(
        self,
        cs: CandidateSet,
        i: int,
        parts: dict[str, np.ndarray],
        typical_fresh: float,
        affinities: dict[str, float],
        followed: frozenset[str],
        segment_label: str | None,
    ) -> Reason:
        """The signal that adds most to the item's score (at least ``_REASON_FLOOR``).
        Colleagues' overall and segment signals count together as one reason; freshness
        counts only above the average candidate's."""
        if cs.must_read[i]:
            return Reason("must_read")

        def part(code: str) -> float:
            return float(parts[code][i]) if code in parts else 0.0

        options = {
            # A follow explains nothing when learned dislikes take more than it gives.
            "follows_topic": part("follows_topic") + min(part("learned_topic"), 0.0),
            "learned_topic": part("learned_topic"),
            "similar_content": part("similar_content"),
            "popular": part("popular") + part("popular_segment"),
            "fresh": part("fresh") - typical_fresh,
        }
        best = max(options, key=lambda code: options[code])
        if options[best] < _REASON_FLOOR:
            return Reason("fresh")
        topics = [cs.topic_vocab[t] for t in cs.topic_index[i] if t >= 0]
        if best in ("follows_topic", "learned_topic"):
            pool = [t for t in topics if t in followed] if best == "follows_topic" else topics
            return Reason(best, {"topic": max(pool, key=lambda t: affinities.get(t, 0.0))})
        if best == "popular":
            label = segment_label or cs.segment_labels[i]
            if label and part("popular_segment") >= part("popular"):
                return Reason("popular_segment", {"segment": label})
        return Reason(best)

    def _affinities(self, profile: Profile, now: datetime) -> dict[str, float]:
        return profile.topic_affinities(
            now, half_life_days=self.params.topic_half_life_days, prior=self.params.topic_prior
        )


def _ctr_lift(engagements: np.ndarray, impressions: np.ndarray, strength: float) -> np.ndarray:
    """log(smoothed CTR / average CTR of the set): 0 without data, positive when above average."""
    total_imp = float(impressions.sum())
    if total_imp <= 0:
        return np.zeros_like(impressions)
    base = min(max(float(engagements.sum()) / total_imp, 1e-3), 1.0)
    smoothed = (engagements + strength * base) / (impressions + strength)
    return np.log(np.maximum(smoothed, 1e-6) / base)


def _times_shown(profile: Profile, cs: CandidateSet) -> np.ndarray:
    """How often each candidate was shown to the employee without any engagement (0 if not)."""
    ids = np.fromiter(profile.shown.keys(), dtype=np.int64, count=len(profile.shown))
    times = np.fromiter(profile.shown.values(), dtype=np.float64, count=len(profile.shown))
    order = np.argsort(ids)
    ids, times = ids[order], times[order]
    at = np.minimum(np.searchsorted(ids, cs.article_ids), len(ids) - 1)
    return np.where(ids[at] == cs.article_ids, times[at], 0.0)


def _dot_rows(matrix: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``matrix @ rows.T`` for a few rows (profile vectors), by BLAS on one calling thread.

    Single-threaded BLAS beats einsum (about 4x for several rows, 1.3x for one), while BLAS's
    own threads spin against other workers on a busy server: measured, the median request
    was several times slower with them. The limit is process-wide: concurrent callers may
    leave BLAS at one thread, which is what a server with a worker per core wants anyway.
    """
    with _blas_controller().limit(limits=1, user_api="blas"):
        return matrix @ rows.T


@functools.cache
def _blas_controller() -> ThreadpoolController:
    # Finding the loaded BLAS libraries takes milliseconds: once per process.
    return ThreadpoolController()


def _row_max(matrix: np.ndarray) -> np.ndarray:
    """Row-wise maximum of a narrow matrix; column by column is several times faster than a
    reduction along a short axis."""
    out = matrix[:, 0].copy()
    for j in range(1, matrix.shape[1]):
        np.maximum(out, matrix[:, j], out=out)
    return out


def _row_min(matrix: np.ndarray) -> np.ndarray:
    out = matrix[:, 0].copy()
    for j in range(1, matrix.shape[1]):
        np.minimum(out, matrix[:, j], out=out)
    return out


def _top_mean(sims: np.ndarray, k: int) -> np.ndarray:
    """Mean of each row's ``k`` largest values: closeness to the nearest few, robust to one
    accidental click."""
    k = max(1, min(k, sims.shape[1]))
    if k == sims.shape[1]:
        return sims.mean(axis=1)
    return np.partition(sims, -k, axis=1)[:, -k:].mean(axis=1)


def _first_topic(cs: CandidateSet, i: int) -> str | None:
    first = int(cs.topic_index[i, 0])
    return cs.topic_vocab[first] if first >= 0 else None


def _clip(probability: float) -> float:
    return min(max(probability, 1e-3), 1.0)
