"""The ranker: a weighted sum of interpretable signals, then a must-read lane, diversity and a
bounded amount of Thompson-sampling exploration. See docs/ranking.md for every formula."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import field, fields, make_dataclass
from datetime import datetime

import numpy as np

from coffeemug.feed.ranker.candidates import CandidateSet, epoch_seconds
from coffeemug.feed.ranker.learn import learn_many
from coffeemug.feed.ranker.profile import Profile, decay
from coffeemug.feed.ranker.signals import (
    SIGNALS,
    Context,
    Knob,
    _dot_rows,
    _row_max,
    check_names,
    knobs,
)
from coffeemug.feed.ranker.types import Candidate, Feedback, Ranked, Reason

# A signal must add at least this much to the score to be named as the reason.
_REASON_FLOOR = 0.02

# The knobs of learning, diversity and exploration; each signal brings its own (signals.py).
GENERAL_KNOBS = (
    Knob("topic_half_life_days", 45.0, "learned topic interest halves in this many days"),
    Knob("content_half_life_days", 45.0, "learned content direction halves in this many days"),
    Knob("topic_prior", 1.0, "pseudo-feedback before an affinity reaches +-1/2"),
    Knob("content_memory", 1.0, "per-engagement fading of older likes (1 = by time only)"),
    Knob("recent_size", 8, "engagements remembered individually"),
    Knob("shown_size", 128, "articles shown without engagement remembered per employee"),
    Knob("diversity", 0.15, "score taken off per item already shown with a shared topic"),
    Knob("topic_cap", 0.3, "most of the first `diversity_window` slots one topic may take"),
    Knob(
        "similarity_penalty",
        0.3,
        "score taken off per unit of cosine to the most similar item already placed (MMR)",
    ),
    Knob(
        "similarity_floor",
        0.5,
        "cosine up to which two items count as unrelated: MMR penalises only the excess",
    ),
    Knob(
        "duplicate_similarity",
        0.92,
        "cosine from which an item repeats one already placed: it goes after the head",
    ),
    Knob("diversity_window", 10, "slots the topic cap applies to"),
    Knob("explore_share", 0.2, "at most this share of the slots go to exploration"),
    Knob("explore_scale", 0.5, "spread of the Thompson samples"),
    Knob("explore_from", 2, "the first slots are never given to exploration"),
    Knob("shortlist", 1000, "candidates that get the costliest signal when a limit is given"),
)


def _hyperparameters() -> type:
    every = [*knobs(), *GENERAL_KNOBS]
    doc = "\n".join(f"    {k.name} = {k.default!r}: {k.doc}" for k in every)
    cls = make_dataclass(
        "Hyperparameters",
        [(k.name, type(k.default), field(default=k.default)) for k in every],
        frozen=True,
        slots=True,
    )
    cls.__doc__ = (
        "Every knob of the ranker, with the defaults used by the product and the benchmarks "
        "(the signals' own from signals.py, then learning, diversity and exploration):\n" + doc
    )
    cls.__module__ = __name__
    return cls


Hyperparameters = _hyperparameters()


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

    def __init__(
        self,
        *,
        seed: int | None = None,
        without: Iterable[str] = (),
        **hyperparameters: float,
    ) -> None:
        known = {f.name for f in fields(Hyperparameters)}
        unknown = set(hyperparameters) - known
        if unknown:
            raise TypeError(f"unknown ranker hyperparameters: {', '.join(sorted(unknown))}")
        self.params = Hyperparameters(**hyperparameters)
        self.without = frozenset(without)
        check_names(self.without)
        # The signals this ranker scores with (all but ``without``: an ablation).
        self.signal_set = tuple(s for s in SIGNALS if s.name not in self.without)
        self.seed = seed
        self._rng = np.random.default_rng(seed)

    def __repr__(self) -> str:
        without = f", without={sorted(self.without)}" if self.without else ""
        return f"Ranker(seed={self.seed}{without}, {self.params})"

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
        computed only for that many best candidates by the signals before it (never
        ``exclude`` rows); the rest get 0.
        """
        context = Context(self.params, profile, candidates, now, followed, shortlist, exclude)
        return self._compute(context)

    def _compute(self, context: Context) -> dict[str, np.ndarray]:
        for signal in self.signal_set:
            contribution = signal.compute(context)
            if contribution is not None:
                context.parts[signal.name] = contribution
        return context.parts

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
        exclude = _exclusion(exclude, len(cs))
        visible = len(cs) if exclude is None else len(cs) - int(exclude.sum())
        if visible == 0 or limit == 0:
            return []
        want = visible if limit is None else min(limit, visible)
        shortlist = max(self.params.shortlist, 4 * want) if limit is not None else None
        context = Context(
            self.params, profile, cs, now, followed, shortlist, exclude, segment_label
        )
        score = np.zeros(len(cs))
        for contribution in self._compute(context).values():
            score += contribution

        must_read = cs.must_read if exclude is None else cs.must_read & ~exclude
        must = np.flatnonzero(must_read)
        must = must[np.argsort(-score[must], kind="stable")]
        rest = np.flatnonzero(~cs.must_read if exclude is None else ~(cs.must_read | exclude))
        slots = max(want - len(must), 0)
        order, repeats = self._diversify(
            cs, rest, score, slots, complete=limit is None, followed=followed
        )

        explored: dict[int, float] = {}
        if explore and slots >= 3 and len(rest) > slots:
            order, explored = self._explore(profile, cs, rest, score, order, slots, now, repeats)
        chosen = np.concatenate([must, np.asarray(order, dtype=np.int64)])[:want]
        return self._ranked(context, chosen, score, explored, slots)

    def _ranked(
        self,
        context: Context,
        chosen: np.ndarray,
        score: np.ndarray,
        explored: dict[int, float],
        slots: int,
    ) -> list[Ranked]:
        """The chosen rows with score, propensity and reason."""
        cs = context.cs
        share = sum(explored.values()) / max(slots, 1)
        typical = self._typical(context)
        result = []
        for i in chosen.tolist():
            if i in explored:
                topic = _first_topic(cs, i)
                reason = Reason("explore", {"topic": topic} if topic else {})
                propensity = explored[i]
            else:
                reason = self._reason(context, i, typical)
                propensity = 1.0 if cs.must_read[i] else max(1.0 - share, 0.05)
            result.append(Ranked(int(cs.article_ids[i]), float(score[i]), propensity, reason))
        return result

    def _typical(self, context: Context) -> dict[str, float]:
        """The visible candidates' mean contribution of each ``relative`` signal."""
        n, exclude = len(context.cs), context.exclude
        visible = n if exclude is None else n - int(exclude.sum())
        weights = np.full(n, 1.0 / n) if exclude is None else (~exclude) / visible
        return {
            s.name: float(context.parts[s.name] @ weights)
            for s in self.signal_set
            if s.relative and s.name in context.parts
        }

    def _diversify(
        self,
        cs: CandidateSet,
        rest: np.ndarray,
        score: np.ndarray,
        slots: int,
        complete: bool,
        followed: frozenset[str] = frozenset(),
    ) -> tuple[list[int], list[int]]:
        """Greedy re-ranking of the head: each shared topic already placed costs
        ``diversity``. On the screen (the first ``diversity_window`` slots) also: similarity
        to the closest item already placed costs ``similarity_penalty`` × cosine (maximal
        marginal relevance), no topic takes more than ``topic_cap`` of the slots while other
        topics are left (unless it is the only topic the employee follows), and
        near-duplicates of a placed item (cosine ≥ ``duplicate_similarity``) wait below the
        screen. Without ``complete`` only the head is ordered. Returns the order and the rows
        held back as near-duplicates (exploration does not bring them back)."""
        values = -score[rest]
        depth = max(3 * slots, 30)
        if not complete and len(rest) > depth:
            # Only the head can be shown: a partial sort is enough.
            head_idx = np.argpartition(values, depth - 1)[:depth]
            by_score = rest[head_idx[np.argsort(values[head_idx], kind="stable")]]
        else:
            by_score = rest[np.argsort(values, kind="stable")]
        if slots <= 1:
            return by_score.tolist(), []
        head = by_score[:depth]
        picked, later, repeats = self._greedy(cs, head, score, slots, followed)
        return picked + later + by_score[len(head) :].tolist(), repeats

    def _greedy(
        self,
        cs: CandidateSet,
        head: np.ndarray,
        score: np.ndarray,
        slots: int,
        followed: frozenset[str],
    ) -> tuple[list[int], list[int], list[int]]:
        """The head's rows in the order placed, those left, and the near-duplicates among
        them."""
        p = self.params
        idx = cs.topic_index[head]
        counts = np.zeros(len(cs.topic_vocab) + 1)
        # One followed topic: the employee asked for a screen of it, so it is not capped.
        uncapped = np.zeros(len(cs.topic_vocab) + 1, dtype=bool)
        if len(followed) == 1:
            uncapped[[i for i, t in enumerate(cs.topic_vocab) if t in followed]] = True
        alive = np.ones(len(head), dtype=bool)
        window = min(slots, p.diversity_window)
        # A share of a whole screen (``diversity_window`` slots), also when fewer are asked
        # for: 3 of 10, so a list of 5 may hold 3 of one topic. (A hair below the product,
        # so that 0.3 of 10 is 3, not 4 by rounding.)
        cap = max(1, math.ceil(p.topic_cap * p.diversity_window - 1e-9))
        sims = _head_similarities(cs, head)
        closest = np.zeros(len(head))
        related = closest  # the part of ``closest`` above the floor, scaled to [0, 1]
        duplicate = np.zeros(len(head), dtype=bool)
        picked: list[int] = []
        for position in range(min(slots, len(head))):
            crowd = counts[idx].max(axis=1) if cs.topic_vocab else np.zeros(len(head))
            adjusted = score[head] - p.diversity * crowd
            # The screen (the first ``window`` slots) is kept varied: similarity to what it
            # already holds costs, a topic's share is capped and near-duplicates wait below.
            on_screen = position < window
            if on_screen:
                adjusted = adjusted - p.similarity_penalty * related
            if on_screen and cs.topic_vocab:
                over = (counts[idx] >= cap) & ~uncapped[idx] & (idx >= 0)
                adjusted = adjusted - 1e6 * over.any(axis=1)
            adjusted = np.where(alive & ~(duplicate & on_screen), adjusted, -np.inf)
            best = int(np.argmax(adjusted))
            if not np.isfinite(adjusted[best]):
                break
            alive[best] = False
            picked.append(int(head[best]))
            topics = idx[best][idx[best] >= 0]
            counts[topics] += 1
            if sims is not None:
                closest = np.maximum(closest, sims[best])
                related = np.maximum(closest - p.similarity_floor, 0.0) / max(
                    1.0 - p.similarity_floor, 1e-6
                )
                duplicate |= sims[best] >= p.duplicate_similarity
        return picked, head[alive].tolist(), head[alive & duplicate].tolist()

    def _explore(
        self,
        profile: Profile,
        cs: CandidateSet,
        rest: np.ndarray,
        score: np.ndarray,
        order: list[int],
        slots: int,
        now: datetime,
        repeats: list[int] | None = None,
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
        if repeats:
            shown[np.asarray(repeats, dtype=np.int64)] = True  # near-duplicates stay below
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

    def _reason(self, context: Context, i: int, typical: dict[str, float]) -> Reason:
        """The reason of the signal that speaks most for the item (at least ``_REASON_FLOOR``);
        must-read items are must-read, and anything else is fresh."""
        if context.cs.must_read[i]:
            return Reason("must_read")
        best, strongest = None, -np.inf
        for signal in self.signal_set:
            if signal.reason is None:
                continue
            if signal.strength is not None:
                strength = signal.strength(context, i)
            else:
                strength = context.part(signal.name, i)
            strength -= typical.get(signal.name, 0.0)
            if strength > strongest:
                best, strongest = signal, strength
        if best is None or strongest < _REASON_FLOOR:
            return Reason("fresh")
        if best.explain is None:
            return Reason(best.reason or best.name)
        code, params = best.explain(context, i)
        return Reason(code, params)


def _exclusion(exclude: np.ndarray | None, n: int) -> np.ndarray | None:
    """``exclude`` as one bool per candidate, or None when it excludes nothing."""
    if exclude is None:
        return None
    exclude = np.asarray(exclude, dtype=bool)
    if exclude.shape != (n,):
        raise ValueError(f"exclude must have one entry per candidate ({n})")
    return exclude if exclude.any() else None


def _head_similarities(cs: CandidateSet, head: np.ndarray) -> np.ndarray | None:
    """Cosine between the head's items (0 where an item has no embedding)."""
    if cs.embeddings is None:
        return None
    vectors = cs.embeddings[head] * cs.has_embedding[head, None]
    # On one BLAS thread like every product of the ranker: BLAS's own threads spin between
    # calls and took a third of a digest worker's CPU (py-spy, native frames).
    return _dot_rows(vectors, vectors)


def _first_topic(cs: CandidateSet, i: int) -> str | None:
    first = int(cs.topic_index[i, 0])
    return cs.topic_vocab[first] if first >= 0 else None


def _clip(probability: float) -> float:
    return min(max(probability, 1e-3), 1.0)
