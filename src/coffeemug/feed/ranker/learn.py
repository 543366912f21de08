"""Learning from feedback: a profile updated by a sequence of events, in one pass.

The result is the same as applying the events one at a time (including the float16 rounding of
the stored directions after each event), but the state stays in local variables until the end
instead of becoming a new ``Profile`` after every event.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np

from coffeemug.feed.ranker.candidates import epoch_seconds
from coffeemug.feed.ranker.profile import Profile
from coffeemug.feed.ranker.types import RETRACTS, Feedback, FeedbackKind
from coffeemug.feed.ranker.weights import learning_weight

if TYPE_CHECKING:
    from coffeemug.feed.ranker.ranker import Hyperparameters

_DAY = 86_400.0


def _frozen(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


def learn_many(params: Hyperparameters, profile: Profile, feedbacks: Iterable[Feedback]) -> Profile:
    """``profile`` after every feedback in turn (``profile`` itself is left as it was)."""
    topic_half_life = params.topic_half_life_days * _DAY
    content_half_life = params.content_half_life_days * _DAY
    topics: dict[str, tuple[float, float, float]] | None = None
    shown: dict[int, int] | None = None
    content = _Content(profile)
    count = profile.feedback_count
    reactions = profile.reactions
    for feedback in feedbacks:
        count += 1
        undo = RETRACTS.get(feedback.kind)
        if feedback.kind is not FeedbackKind.impressed:
            reactions = max(reactions - 1, 0) if undo else reactions + 1
        # A retraction takes the original feedback's weight back out (negated below).
        weight = learning_weight(undo or feedback.kind, feedback.dwell_seconds)
        if undo is None:
            shown = _note_shown(profile, shown, feedback, weight)
        if not weight:
            continue
        at = epoch_seconds(feedback.occurred_at)
        if feedback.topics:
            topics = dict(profile.topics) if topics is None else topics
            _learn_topics(topics, feedback.topics, weight, at, topic_half_life, undo=bool(undo))
        if feedback.embedding is not None:
            emb = np.asarray(feedback.embedding, dtype=np.float32)
            if undo:
                content.unlearn(emb, weight, at, content_half_life)
            else:
                content.learn(emb, weight, at, params.content_memory, content_half_life)
    new_topics = profile.topics if topics is None else MappingProxyType(topics)
    new_shown = profile.shown if shown is None else _latest(shown, params.shown_size)
    counts = {"feedback_count": count, "reactions": reactions}
    if not content.changed:
        return replace(profile, topics=new_topics, shown=new_shown, **counts)
    return replace(
        profile,
        topics=new_topics,
        shown=new_shown,
        **counts,
        **content.learned(params.recent_size),
    )


def _note_shown(
    profile: Profile, shown: dict[int, int] | None, feedback: Feedback, weight: float
) -> dict[int, int] | None:
    """Count a showing; an engagement forgets that the article was passed over. The copy of
    ``profile.shown`` is made on the first change only (None: unchanged so far)."""
    article = feedback.article_id
    if feedback.kind == FeedbackKind.impressed:
        shown = dict(profile.shown) if shown is None else shown
        # Re-inserted at the end: the dict stays ordered least recently shown first.
        shown[article] = shown.pop(article, 0) + 1
    elif weight > 0 and article in (profile.shown if shown is None else shown):
        shown = dict(profile.shown) if shown is None else shown
        del shown[article]
    return shown


def _learn_topics(
    topics: dict[str, tuple[float, float, float]],
    slugs: tuple[str, ...],
    weight: float,
    at: float,
    half_life: float,
    undo: bool = False,
) -> None:
    """Add ``weight`` to the positive or negative mass of each topic, decayed to ``at``; with
    ``undo`` take it back out of that mass (never below zero: a like withdrawn is not a
    dislike)."""
    for slug in dict.fromkeys(slugs):
        old = topics.get(slug)
        if old is None:
            pos = neg = 0.0
            last = at
        else:
            pos, neg, last = old
            # Late (out-of-order) events are added without decaying newer state.
            keep = 0.5 ** (max(at - last, 0.0) / half_life)
            pos, neg = pos * keep, neg * keep
        if undo and weight > 0:
            pos = max(pos - weight, 0.0)
        elif undo:
            neg = max(neg + weight, 0.0)
        elif weight > 0:
            pos += weight
        else:
            neg -= weight
        topics[slug] = (pos, neg, max(at, last))


class _Content:
    """The content part of a profile while feedback is learned: directions and masses of what
    was engaged with and dismissed, and the latest engagements' embeddings."""

    def __init__(self, profile: Profile) -> None:
        self.likes, self.likes_mass = profile.likes, profile.likes_mass
        self.dislikes, self.dislikes_mass = profile.dislikes, profile.dislikes_mass
        self.recent_base = profile.recent
        self.recent_rows: list[np.ndarray] = []  # new rows of ``recent``, newest last
        self.content_at = profile.content_at
        self.dim = profile.dim
        self.changed = False

    def learn(
        self, emb: np.ndarray, weight: float, at: float, memory: float, half_life: float
    ) -> None:
        if self.dim is not None and self.dim != emb.shape[-1]:
            # A different encoder was configured: start the content profile afresh.
            self.likes = self.dislikes = self.recent_base = None
            self.likes_mass = self.dislikes_mass = 0.0
            self.recent_rows = []
            self.content_at = None
        self.dim = int(emb.shape[-1])
        self.changed = True
        last = self.content_at if self.content_at is not None else at
        norm = _norm(emb)
        if norm == 0:
            return
        keep = 0.5 ** (max(at - last, 0.0) / half_life)
        unit = emb / norm
        self.likes_mass *= keep
        self.dislikes_mass *= keep
        if weight > 0:
            self.likes, self.likes_mass = _mix(self.likes, self.likes_mass * memory, weight, unit)
            self.recent_rows.append(unit.astype(np.float16))
        else:
            self.dislikes, self.dislikes_mass = _mix(
                self.dislikes, self.dislikes_mass, -weight, unit
            )
        self.content_at = max(at, last)

    def unlearn(self, emb: np.ndarray, weight: float, at: float, half_life: float) -> None:
        """Take an engagement (``weight`` > 0) or a dismissal (< 0) with this embedding back
        out of its direction, and forget it among the latest engagements."""
        if self.dim is not None and self.dim != emb.shape[-1]:
            return  # learned under another encoder: nothing of it is left to take back
        norm = _norm(emb)
        if norm == 0:
            return
        self.changed = True
        last = self.content_at if self.content_at is not None else at
        keep = 0.5 ** (max(at - last, 0.0) / half_life)
        unit = emb / norm
        self.likes_mass *= keep
        self.dislikes_mass *= keep
        if weight > 0:
            self.likes, self.likes_mass = _unmix(self.likes, self.likes_mass, weight, unit)
            self._forget_recent(unit)
        else:
            self.dislikes, self.dislikes_mass = _unmix(
                self.dislikes, self.dislikes_mass, -weight, unit
            )
        self.content_at = max(at, last)

    def _forget_recent(self, unit: np.ndarray) -> None:
        """Drop the latest engagement with (almost) this embedding, if it is still remembered."""
        for i in range(len(self.recent_rows) - 1, -1, -1):
            if float(self.recent_rows[i].astype(np.float32) @ unit) > _SAME:
                del self.recent_rows[i]
                return
        if self.recent_base is None:
            return
        sims = self.recent_base.astype(np.float32) @ unit
        matches = np.flatnonzero(sims > _SAME)
        if len(matches):
            rows = np.delete(self.recent_base, matches[-1], axis=0)
            self.recent_base = _frozen(rows) if len(rows) else None

    def learned(self, recent_size: int) -> dict[str, object]:
        """The profile's content fields after the feedback."""
        recent = self.recent_base
        if self.recent_rows and recent_size > 0:
            rows = np.stack(self.recent_rows[-recent_size:])
            if recent is not None:
                rows = np.concatenate([recent, rows])[-recent_size:]
            recent = _frozen(np.ascontiguousarray(rows))
        return {
            "likes": self.likes,
            "likes_mass": self.likes_mass,
            "dislikes": self.dislikes,
            "dislikes_mass": self.dislikes_mass,
            "recent": recent if recent_size > 0 else None,
            "content_at": self.content_at,
        }


def _latest(shown: dict[int, int], size: int) -> MappingProxyType[int, int]:
    """The ``size`` most recently shown articles (the dict is ordered oldest first)."""
    if len(shown) > size:
        shown = dict(list(shown.items())[len(shown) - size :]) if size > 0 else {}
    return MappingProxyType(shown)


def _norm(vector: np.ndarray) -> float:
    # What np.linalg.norm computes for a 1-d float array, without its per-call checks.
    return float(np.sqrt(vector.dot(vector)))


# Cosine above which a remembered engagement is the same article (float16 rounding aside).
_SAME = 0.995


def _unmix(
    direction: np.ndarray | None, mass: float, remove: float, unit: np.ndarray
) -> tuple[np.ndarray | None, float]:
    """The unit direction and mass of ``direction * mass - remove * unit``; nothing is left
    when the mass removed is all there was."""
    if direction is None or mass <= remove * (1.0 + 1e-3):
        return None, 0.0
    vec = direction.astype(np.float32) * mass - remove * unit
    length = _norm(vec)
    if length < 1e-6:
        return None, 0.0
    return _frozen((vec / length).astype(np.float16)), length


def _mix(
    direction: np.ndarray | None, mass: float, add: float, unit: np.ndarray
) -> tuple[np.ndarray, float]:
    """The unit direction (float16) and mass of ``direction * mass + add * unit``."""
    vec = add * unit if direction is None else direction.astype(np.float32) * mass + add * unit
    length = _norm(vec)
    return _frozen((vec / length if length else unit).astype(np.float16)), length
