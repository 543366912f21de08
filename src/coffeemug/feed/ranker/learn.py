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
from coffeemug.feed.ranker.types import Feedback, FeedbackKind
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
    count = profile.feedback_count
    likes, likes_mass = profile.likes, profile.likes_mass
    dislikes, dislikes_mass = profile.dislikes, profile.dislikes_mass
    recent_rows: list[np.ndarray] = []  # new rows of ``recent``, newest last
    recent_base = profile.recent
    content_at = profile.content_at
    dim = profile.dim
    content_changed = False
    shown: dict[int, int] | None = None
    for feedback in feedbacks:
        count += 1
        weight = learning_weight(feedback.kind, feedback.dwell_seconds)
        article = feedback.article_id
        if feedback.kind == FeedbackKind.impressed:
            shown = dict(profile.shown) if shown is None else shown
            # Re-inserted at the end: the dict stays ordered least recently shown first.
            shown[article] = shown.pop(article, 0) + 1
        elif weight > 0 and article in (profile.shown if shown is None else shown):
            shown = dict(profile.shown) if shown is None else shown
            del shown[article]
        if not weight:
            continue
        at = epoch_seconds(feedback.occurred_at)
        if feedback.topics:
            if topics is None:
                topics = dict(profile.topics)
            for slug in dict.fromkeys(feedback.topics):
                old = topics.get(slug)
                if old is None:
                    pos = neg = 0.0
                    last = at
                else:
                    pos, neg, last = old
                    # Late (out-of-order) events are added without decaying newer state.
                    keep = 0.5 ** (max(at - last, 0.0) / topic_half_life)
                    pos, neg = pos * keep, neg * keep
                if weight > 0:
                    pos += weight
                else:
                    neg -= weight
                topics[slug] = (pos, neg, max(at, last))
        emb = feedback.embedding
        if emb is None:
            continue
        emb = np.asarray(emb, dtype=np.float32)
        if dim is not None and dim != emb.shape[-1]:
            # A different encoder was configured: start the content profile afresh.
            likes = dislikes = recent_base = None
            likes_mass = dislikes_mass = 0.0
            recent_rows = []
            content_at = None
        dim = int(emb.shape[-1])
        content_changed = True
        last = content_at if content_at is not None else at
        norm = _norm(emb)
        if norm == 0:
            continue
        keep = 0.5 ** (max(at - last, 0.0) / content_half_life)
        unit = emb / norm
        likes_mass *= keep
        dislikes_mass *= keep
        if weight > 0:
            likes, likes_mass = _mix(likes, likes_mass * params.content_memory, weight, unit)
            recent_rows.append(unit.astype(np.float16))
        else:
            dislikes, dislikes_mass = _mix(dislikes, dislikes_mass, -weight, unit)
        content_at = max(at, last)
    new_topics = profile.topics if topics is None else MappingProxyType(topics)
    new_shown = profile.shown if shown is None else _latest(shown, params.shown_size)
    if not content_changed:
        return replace(profile, topics=new_topics, feedback_count=count, shown=new_shown)
    recent = recent_base
    if recent_rows and params.recent_size > 0:
        rows = np.stack(recent_rows[-params.recent_size :])
        if recent is not None:
            rows = np.concatenate([recent, rows])[-params.recent_size :]
        recent = _frozen(np.ascontiguousarray(rows))
    return replace(
        profile,
        topics=new_topics,
        feedback_count=count,
        likes=likes,
        likes_mass=likes_mass,
        dislikes=dislikes,
        dislikes_mass=dislikes_mass,
        recent=recent if params.recent_size > 0 else None,
        content_at=content_at,
        shown=new_shown,
    )


def _latest(shown: dict[int, int], size: int) -> MappingProxyType[int, int]:
    """The ``size`` most recently shown articles (the dict is ordered oldest first)."""
    if len(shown) > size:
        shown = dict(list(shown.items())[len(shown) - size :]) if size > 0 else {}
    return MappingProxyType(shown)


def _norm(vector: np.ndarray) -> float:
    # What np.linalg.norm computes for a 1-d float array, without its per-call checks.
    return float(np.sqrt(vector.dot(vector)))


def _mix(
    direction: np.ndarray | None, mass: float, add: float, unit: np.ndarray
) -> tuple[np.ndarray, float]:
    """The unit direction (float16) and mass of ``direction * mass + add * unit``."""
    vec = add * unit if direction is None else direction.astype(np.float32) * mass + add * unit
    length = _norm(vec)
    return _frozen((vec / length if length else unit).astype(np.float16)), length
