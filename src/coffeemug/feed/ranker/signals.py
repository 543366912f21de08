"""The ranker's signals, one small component each: name, hyperparameters (the first is its
weight), how it is computed, and the reason it gives an item. The score is the sum of the
signals' weighted contributions, in the order of ``SIGNALS``.

Adding a signal is one ``Signal`` in ``SIGNALS`` (plus the German text of its reason in the
product's message catalogue); ``Hyperparameters``, the reasons and the benchmarks'
``--without`` ablation follow from it. The formulas are explained in docs/ranking.md.

>>> [s.name for s in SIGNALS][:3]
['follows_topic', 'learned_topic', 'ignored']
>>> REASON_TEXTS["follows_topic"]
'You follow %(topic)s'
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

import numpy as np
from threadpoolctl import ThreadpoolController

from coffeemug.feed.ranker.candidates import CandidateSet, epoch_seconds
from coffeemug.feed.ranker.profile import Profile, decay

if TYPE_CHECKING:
    from coffeemug.feed.ranker.ranker import Hyperparameters


def N_(text: str) -> str:
    """Mark a reason's English text for the product's message catalogue (returned as is)."""
    return text


@dataclass(frozen=True)
class Knob:
    """One hyperparameter with its default and what it means."""

    name: str
    default: float | int
    doc: str


class Context:
    """What the signals of one ranking share: the inputs, the contributions computed so far
    (``parts``, in the order of ``SIGNALS``) and values several signals need, computed once."""

    def __init__(
        self,
        params: Hyperparameters,
        profile: Profile,
        cs: CandidateSet,
        now: datetime,
        followed: frozenset[str],
        shortlist: int | None = None,
        exclude: np.ndarray | None = None,
        segment_label: str | None = None,
    ) -> None:
        self.params, self.profile, self.cs, self.now = params, profile, cs, now
        self.followed, self.shortlist, self.exclude = followed, shortlist, exclude
        self.segment_label = segment_label
        self.parts: dict[str, np.ndarray] = {}

    def part(self, name: str, i: int) -> float:
        """Signal ``name``'s contribution to candidate ``i`` (0 if it was not computed)."""
        found = self.parts.get(name)
        return 0.0 if found is None else float(found[i])

    @functools.cached_property
    def affinities(self) -> dict[str, float]:
        """Learned affinity per topic slug, in [-1, 1]."""
        p = self.params
        return self.profile.topic_affinities(
            self.now, half_life_days=p.topic_half_life_days, prior=p.topic_prior
        )

    @functools.cached_property
    def topic_affinity(self) -> np.ndarray | None:
        """Affinity per topic of the set's vocabulary, plus a 0 slot that ``-1`` pads pick."""
        vocab = self.cs.topic_vocab
        if not (self.profile.topics and vocab):
            return None
        aff = np.zeros(len(vocab) + 1)
        for i, slug in enumerate(vocab):
            aff[i] = self.affinities.get(slug, 0.0)
        return aff

    def topics_of(self, i: int) -> list[str]:
        return [self.cs.topic_vocab[t] for t in self.cs.topic_index[i] if t >= 0]


Compute = Callable[[Context], np.ndarray | None]
Explain = Callable[[Context, int], tuple[str, dict[str, str]]]


@dataclass(frozen=True)
class Signal:
    """One term of the score.

    ``compute`` returns the weighted contribution per candidate, or None where the signal has
    nothing to say (e.g. no followed topics). ``reason`` names the reason the signal can give;
    ``strength`` says how much it speaks for an item (default: its contribution), ``explain``
    turns the reason into a code and parameters, and ``texts`` holds the English text of each
    code it may give. A signal without ``reason`` only moves the score.
    """

    name: str
    knobs: tuple[Knob, ...]
    compute: Compute
    reason: str | None = None
    texts: dict[str, str] = field(default_factory=dict)
    strength: Callable[[Context, int], float] | None = None
    explain: Explain | None = None
    # Strength counts only above the visible candidates' average contribution.
    relative: bool = False


# ------------------------------------------------------------------ the signals


def _follows_topic(c: Context) -> np.ndarray | None:
    vocab = c.cs.topic_vocab
    if not (c.followed and vocab):
        return None
    follow = np.array([t in c.followed for t in vocab] + [False], dtype=np.float64)
    if c.topic_affinity is not None:
        # A follow is a standing wish, dismissals say what the employee wants now: a learned
        # dislike of a topic takes its follow bonus away in proportion.
        follow *= 1.0 + np.minimum(c.topic_affinity, 0.0)
    return c.params.follow_weight * _row_max(follow[c.cs.topic_index])


def _learned_topic(c: Context) -> np.ndarray | None:
    if c.topic_affinity is None:
        return None
    # The best-liked of its topics lifts an item; any disliked topic pulls it down.
    per_topic = c.topic_affinity[c.cs.topic_index]
    return c.params.topic_weight * (
        np.maximum(_row_max(per_topic), 0.0) + np.minimum(_row_min(per_topic), 0.0)
    )


def _ignored(c: Context) -> np.ndarray | None:
    if not (c.profile.shown and c.params.ignored_weight):
        return None
    # Shown before and passed over: each further showing halves what is left of the chance
    # that the employee wants it after all.
    return -c.params.ignored_weight * (1.0 - 0.5 ** _times_shown(c.profile, c.cs))


def _similar_content(c: Context) -> np.ndarray | None:
    profile, cs, p = c.profile, c.cs, c.params
    emb = cs.embeddings
    if emb is None or profile.dim != emb.shape[1]:
        return None
    # Liking and aversion are both linear in the candidate's embedding, so one pass over the
    # (memory-bound) embedding matrix serves them together.
    query = np.zeros(emb.shape[1], dtype=np.float32)
    if profile.likes is not None:
        conf = profile.likes_mass / (profile.likes_mass + p.content_prior)
        query += p.content_weight * conf * profile.likes.astype(np.float32)
    if profile.dislikes is not None:
        conf = profile.dislikes_mass / (profile.dislikes_mass + p.content_prior)
        query -= p.aversion_weight * conf * profile.dislikes.astype(np.float32)
    content = _dot_rows(emb, query[None, :])[:, 0].astype(np.float64)
    if profile.recent is not None and p.recent_weight:
        content += p.recent_weight * _recent_similarity(c, content)
    return content * cs.has_embedding


def _recent_similarity(c: Context, content: np.ndarray) -> np.ndarray:
    """Mean cosine to the closest few recent engagements; with a shortlist only for the best
    candidates by the signals so far (the one costly step), 0 for the rest."""
    cs, emb = c.cs, c.cs.embeddings
    assert emb is not None and c.profile.recent is not None
    recent = c.profile.recent.astype(np.float32)  # (k, dim), one row per engagement
    if c.shortlist is None or len(cs) <= c.shortlist:
        return _top_mean(_dot_rows(emb, recent), c.params.recent_top)
    base = content + sum(c.parts.values(), np.zeros(len(cs)))
    if c.exclude is not None:
        base[c.exclude] = -np.inf
    rows = np.argpartition(-base, c.shortlist)[: c.shortlist]
    best = np.zeros(len(cs))
    best[rows] = _top_mean(_dot_rows(emb[rows], recent), c.params.recent_top)
    return best


def _lift(c: Context, segment: bool) -> np.ndarray:
    # Colleagues' lift depends on the set's counters only: computed once per set.
    cs, strength = c.cs, c.params.ctr_prior_strength
    if segment:
        return cs.derived(
            f"segment_lift:{strength}",
            lambda: _ctr_lift(cs.segment_engagements, cs.segment_impressions, strength),
        )
    return cs.derived(
        f"lift:{strength}", lambda: _ctr_lift(cs.engagements, cs.impressions, strength)
    )


def _popular(c: Context) -> np.ndarray:
    return c.params.popular_weight * _lift(c, segment=False)


def _popular_segment(c: Context) -> np.ndarray:
    return c.params.segment_weight * _lift(c, segment=True)


def _fresh(c: Context) -> np.ndarray:
    age = epoch_seconds(c.now) - c.cs.published_at
    return c.params.fresh_weight * decay(age, c.params.fresh_half_life_hours / 24.0)


def _priority(c: Context) -> np.ndarray:
    return c.params.priority_weight * c.cs.priority


# ------------------------------------------------------------------ their reasons


def _follows_strength(c: Context, i: int) -> float:
    # A follow explains nothing when learned dislikes take more than it gives.
    return c.part("follows_topic", i) + min(c.part("learned_topic", i), 0.0)


def _topic_reason(code: str, followed_only: bool) -> Explain:
    def explain(c: Context, i: int) -> tuple[str, dict[str, str]]:
        topics = c.topics_of(i)
        pool = [t for t in topics if t in c.followed] if followed_only else topics
        return code, {"topic": max(pool, key=lambda t: c.affinities.get(t, 0.0))}

    return explain


def _popular_strength(c: Context, i: int) -> float:
    # Colleagues' overall and segment signals count together as one reason.
    return c.part("popular", i) + c.part("popular_segment", i)


def _popular_reason(c: Context, i: int) -> tuple[str, dict[str, str]]:
    label = c.segment_label or c.cs.segment_labels[i]
    if label and c.part("popular_segment", i) >= c.part("popular", i):
        return "popular_segment", {"segment": label}
    return "popular", {}


SIGNALS: tuple[Signal, ...] = (
    Signal(
        "follows_topic",
        (Knob("follow_weight", 1.0, "candidate has a topic the employee follows"),),
        _follows_topic,
        reason="follows_topic",
        texts={"follows_topic": N_("You follow %(topic)s")},
        strength=_follows_strength,
        explain=_topic_reason("follows_topic", followed_only=True),
    ),
    Signal(
        "learned_topic",
        (Knob("topic_weight", 1.0, "learned topic affinity, in [-1, 1]"),),
        _learned_topic,
        reason="learned_topic",
        texts={"learned_topic": N_("You often read about %(topic)s")},
        explain=_topic_reason("learned_topic", followed_only=False),
    ),
    Signal(
        "ignored",
        (
            Knob(
                "ignored_weight", 1.0, "taken off (half after one showing) items shown, not engaged"
            ),
        ),
        _ignored,
    ),
    Signal(
        "similar_content",
        (
            Knob("content_weight", 2.0, "cosine to the direction of everything engaged with"),
            Knob("recent_weight", 1.0, "mean cosine to the closest few of the latest engagements"),
            Knob("aversion_weight", 1.0, "cosine to the direction of what was dismissed"),
            Knob("content_prior", 0.25, "pseudo-mass: after one open, content counts 80 %"),
            Knob("recent_top", 3, "how many of the closest remembered engagements are averaged"),
        ),
        _similar_content,
        reason="similar_content",
        texts={"similar_content": N_("Similar to articles you liked")},
    ),
    Signal(
        "popular",
        (
            Knob("popular_weight", 0.3, "log lift of colleagues' smoothed CTR over the set's CTR"),
            Knob("ctr_prior_strength", 20.0, "pseudo-impressions at the set's average CTR"),
        ),
        _popular,
        reason="popular",
        texts={
            "popular": N_("Popular with colleagues this week"),
            "popular_segment": N_("Popular in %(segment)s this week"),
        },
        strength=_popular_strength,
        explain=_popular_reason,
    ),
    Signal(
        "popular_segment",
        (Knob("segment_weight", 0.3, "same within the employee's segment"),),
        _popular_segment,
    ),
    Signal(
        "fresh",
        (
            Knob("fresh_weight", 0.3, "half-life decay of the article's age"),
            Knob("fresh_half_life_hours", 48.0, "age at which freshness is half gone"),
        ),
        _fresh,
        reason="fresh",
        texts={"fresh": N_("Fresh from the newsroom")},
        # Freshness is what every new item has: a reason only as far as the item is fresher
        # than the average candidate.
        relative=True,
    ),
    Signal(
        "priority",
        (Knob("priority_weight", 0.5, "editorial priority in [0, 1]"),),
        _priority,
    ),
)

BY_NAME: dict[str, Signal] = {s.name: s for s in SIGNALS}

# Reasons that come from the ranker's lanes rather than from one signal.
LANE_TEXTS: dict[str, str] = {
    "must_read": N_("Must read"),
    "explore": N_("New — checking whether this interests you"),
    "explore_topic": N_("New in %(topic)s — checking whether this interests you"),
}
# The English text of every reason code the ranker may return.
REASON_TEXTS: dict[str, str] = {
    **LANE_TEXTS,
    **{code: text for s in SIGNALS for code, text in s.texts.items()},
}


def knobs() -> list[Knob]:
    """Every signal's hyperparameters, in the order of ``SIGNALS``."""
    return [knob for signal in SIGNALS for knob in signal.knobs]


def check_names(names: frozenset[str]) -> None:
    unknown = sorted(names - set(BY_NAME))
    if unknown:
        raise ValueError(
            f"unknown ranker signal(s): {', '.join(unknown)}; known: {', '.join(BY_NAME)}"
        )


# ------------------------------------------------------------------ numeric helpers


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
    return _row_fold(matrix, np.maximum)


def _row_min(matrix: np.ndarray) -> np.ndarray:
    return _row_fold(matrix, np.minimum)


def _row_fold(matrix: np.ndarray, ufunc: np.ufunc) -> np.ndarray:
    out = matrix[:, 0].copy()
    for j in range(1, matrix.shape[1]):
        ufunc(out, matrix[:, j], out=out)
    return out


def _top_mean(sims: np.ndarray, k: int) -> np.ndarray:
    """Mean of each row's ``k`` largest values: closeness to the nearest few, robust to one
    accidental click."""
    k = max(1, min(k, sims.shape[1]))
    if k == sims.shape[1]:
        return sims.mean(axis=1)
    return np.partition(sims, -k, axis=1)[:, -k:].mean(axis=1)
