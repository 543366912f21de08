"""Learning from feedback: a profile updated by a sequence of events, in one pass.

The result is that of applying the events one at a time, but the state stays in local
variables until the end. A direction times its mass is a plain sum that decays, so each side
(likes, dislikes) is rebuilt with one matrix-vector product per call instead of one update per
event (and is rounded to float16 once, not after every event): batch ingestion learns from tens
of thousands of events per second this way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np

from coffeemug.feed.ranker.candidates import epoch_seconds
from coffeemug.feed.ranker.profile import Profile
from coffeemug.feed.ranker.types import Feedback
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
    likes = _Side(profile.likes, profile.likes_mass)
    dislikes = _Side(profile.dislikes, profile.dislikes_mass)
    recent_rows: list[np.ndarray] = []  # embeddings of new likes, newest last
    recent_norms: list[float] = []
    recent_base = profile.recent
    content_at = profile.content_at
    dim = profile.dim
    content_changed = False
    for feedback in feedbacks:
        count += 1
        weight = learning_weight(feedback.kind, feedback.dwell_seconds)
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
            likes, dislikes = _Side(None, 0.0), _Side(None, 0.0)
            recent_base = None
            recent_rows, recent_norms = [], []
            content_at = None
        dim = int(emb.shape[-1])
        content_changed = True
        last = content_at if content_at is not None else at
        norm = _norm(emb)
        if norm == 0:
            continue
        keep = 0.5 ** (max(at - last, 0.0) / content_half_life)
        likes.scale *= keep
        dislikes.scale *= keep
        if weight > 0:
            likes.scale *= params.content_memory
            likes.add(emb, weight / norm)
            recent_rows.append(emb)
            recent_norms.append(norm)
        else:
            dislikes.add(emb, -weight / norm)
        content_at = max(at, last)
    new_topics = profile.topics if topics is None else MappingProxyType(topics)
    if not content_changed:
        return replace(profile, topics=new_topics, feedback_count=count)
    likes_dir, likes_mass = likes.result()
    dislikes_dir, dislikes_mass = dislikes.result()
    recent = recent_base
    if recent_rows and params.recent_size > 0:
        k = params.recent_size
        rows = np.stack(recent_rows[-k:]) / np.array(recent_norms[-k:], np.float32)[:, None]
        rows = rows.astype(np.float16)
        if recent is not None:
            rows = np.concatenate([recent, rows])[-params.recent_size :]
        recent = _frozen(np.ascontiguousarray(rows))
    return replace(
        profile,
        topics=new_topics,
        feedback_count=count,
        likes=likes_dir,
        likes_mass=likes_mass,
        dislikes=dislikes_dir,
        dislikes_mass=dislikes_mass,
        recent=recent if params.recent_size > 0 else None,
        content_at=content_at,
    )


def _norm(vector: np.ndarray) -> float:
    # What np.linalg.norm computes for a 1-d float array, without its per-call checks.
    return float(np.sqrt(vector.dot(vector)))


class _Side:
    """One decaying direction with its mass: ``scale * (mass * direction + sum c_i * e_i)``.

    Decay multiplies ``scale`` only; a new embedding gets the coefficient it would have at
    scale 1, so nothing is touched per event but two floats.
    """

    __slots__ = ("coefs", "direction", "mass", "rows", "scale")

    def __init__(self, direction: np.ndarray | None, mass: float) -> None:
        self.direction, self.mass, self.scale = direction, mass, 1.0
        self.rows: list[np.ndarray] = []
        self.coefs: list[float] = []

    def add(self, embedding: np.ndarray, coef: float) -> None:
        if self.scale < 1e-150:
            # A very long history has faded this far: fold it in before the scale underflows.
            self.direction, self.mass = self.result()
            self.scale, self.rows, self.coefs = 1.0, [], []
        self.rows.append(embedding)
        self.coefs.append(coef / self.scale)

    def result(self) -> tuple[np.ndarray | None, float]:
        """The float16 unit direction and the mass."""
        if not self.rows:
            return self.direction, self.mass * self.scale
        coefs = np.array(self.coefs) * self.scale
        vec = coefs @ np.stack(self.rows).astype(np.float64)
        if self.direction is not None:
            vec += (self.mass * self.scale) * self.direction.astype(np.float64)
        length = float(np.sqrt(vec.dot(vec)))
        if not length:
            # Everything cancelled out: keep the latest direction, as a single update would.
            vec, length = self.rows[-1].astype(np.float64), 0.0
            vec /= np.sqrt(vec.dot(vec))
        else:
            vec /= length
        return _frozen(vec.astype(np.float16)), length
