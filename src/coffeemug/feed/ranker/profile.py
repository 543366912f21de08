"""What the feed has learned about one employee, in a form that fits in one JSON column."""

from __future__ import annotations

import binascii
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

import numpy as np

from coffeemug.feed.ranker.candidates import epoch_seconds

FORMAT_VERSION = 1
DEFAULT_TOPIC_HALF_LIFE_DAYS = 45.0
DEFAULT_TOPIC_PRIOR = 2.0


def _encode(array: np.ndarray | None) -> str | None:
    if array is None:
        return None
    raw = np.ascontiguousarray(array, dtype="<f2").tobytes()
    return binascii.b2a_base64(raw, newline=False).decode("ascii")


def _decode(text: str | None, shape: tuple[int, ...] | None = None) -> np.ndarray | None:
    if not text:
        return None
    # No copy on little-endian machines: the buffer is used as it is, read-only.
    array = np.frombuffer(binascii.a2b_base64(text), dtype="<f2").astype(np.float16, copy=False)
    if shape is not None:
        array = array.reshape(shape)
    array.flags.writeable = False
    return array


def decay(elapsed_seconds: float | np.ndarray, half_life_days: float) -> float | np.ndarray:
    """Weight left after ``elapsed_seconds`` with the given half-life (1.0 for no time)."""
    if isinstance(elapsed_seconds, float | int):
        # Scalars take this path many times per request; numpy's per-call cost would dominate.
        return 0.5 ** (max(float(elapsed_seconds), 0.0) / (half_life_days * 86_400.0))
    elapsed = np.maximum(elapsed_seconds, 0.0)
    return np.power(0.5, elapsed / (half_life_days * 86_400.0))


@dataclass(frozen=True, slots=True, eq=False)
class Profile:
    """The learned state of one employee. Treat as immutable: ``Ranker.learn`` returns a new one.

    ``topics`` maps a topic slug to ``(positive mass, negative mass, epoch seconds of the last
    update)``; masses decay with time. ``likes`` / ``dislikes`` are the unit direction (float16)
    of everything engaged with / dismissed, with its decayed mass; ``recent`` holds the
    embeddings of the latest engagements, newest last. ``shown`` maps the articles shown most
    recently without any engagement yet to how often they were shown, least recent first.

    >>> from datetime import datetime, UTC
    >>> p = Profile.empty()
    >>> p.feedback_count, p.topic_affinities(datetime(2026, 1, 1, tzinfo=UTC))
    (0, {})
    >>> Profile.from_dict(p.to_dict()).to_dict() == p.to_dict()
    True
    """

    topics: Mapping[str, tuple[float, float, float]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    likes: np.ndarray | None = None
    likes_mass: float = 0.0
    dislikes: np.ndarray | None = None
    dislikes_mass: float = 0.0
    recent: np.ndarray | None = None  # float16 (k, dim)
    content_at: float | None = None  # epoch seconds of the last content update
    feedback_count: int = 0
    # Reactions only (opened, liked, dismissed, ...; not items merely shown), net of those
    # taken back: what "Based on N reactions" counts.
    reactions: int = 0
    shown: Mapping[int, int] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def empty(cls) -> Profile:
        """A profile that knows nothing yet (cold start)."""
        return cls()

    @property
    def dim(self) -> int | None:
        for array in (self.likes, self.dislikes):
            if array is not None:
                return int(array.shape[-1])
        if self.recent is not None:
            return int(self.recent.shape[-1])
        return None

    def topic_affinities(
        self,
        now: datetime,
        *,
        half_life_days: float = DEFAULT_TOPIC_HALF_LIFE_DAYS,
        prior: float = DEFAULT_TOPIC_PRIOR,
    ) -> dict[str, float]:
        """Decayed affinity per topic in ``[-1, 1]``: (liked - disliked) / (all + prior)."""
        t = epoch_seconds(now)
        out: dict[str, float] = {}
        for slug, (pos, neg, at) in self.topics.items():
            keep = float(decay(t - at, half_life_days))
            out[slug] = (pos - neg) * keep / ((pos + neg) * keep + prior)
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe and compact: vectors as base64 float16; ``from_dict`` restores it exactly."""
        return {
            "version": FORMAT_VERSION,
            "feedback_count": self.feedback_count,
            "reactions": self.reactions,
            "topics": {slug: list(v) for slug, v in sorted(self.topics.items())},
            "likes": _encode(self.likes),
            "likes_mass": self.likes_mass,
            "dislikes": _encode(self.dislikes),
            "dislikes_mass": self.dislikes_mass,
            "recent": _encode(self.recent),
            "recent_rows": 0 if self.recent is None else int(self.recent.shape[0]),
            "content_at": self.content_at,
            "shown": [[article, times] for article, times in self.shown.items()],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Profile:
        """Inverse of ``to_dict``; ``{}`` or ``None`` gives the empty profile."""
        if not data:
            return cls.empty()
        version = data.get("version", FORMAT_VERSION)
        if version != FORMAT_VERSION:
            raise ValueError(f"unknown profile format version {version!r}")
        topics = {
            str(slug): (float(v[0]), float(v[1]), float(v[2]))
            for slug, v in (data.get("topics") or {}).items()
        }
        recent = None
        if data.get("recent"):
            rows = int(data.get("recent_rows") or 1)
            recent = _decode(data["recent"])
            recent = recent.reshape(rows, -1)
            recent.flags.writeable = False
        return cls(
            topics=MappingProxyType(topics),
            likes=_decode(data.get("likes")),
            likes_mass=float(data.get("likes_mass") or 0.0),
            dislikes=_decode(data.get("dislikes")),
            dislikes_mass=float(data.get("dislikes_mass") or 0.0),
            recent=recent,
            content_at=None if data.get("content_at") is None else float(data["content_at"]),
            feedback_count=int(data.get("feedback_count") or 0),
            reactions=int(data.get("reactions") or 0),
            # Profiles stored before articles shown were remembered have no "shown".
            shown=MappingProxyType({int(a): int(n) for a, n in data.get("shown") or ()}),
        )

    def __repr__(self) -> str:
        when = (
            datetime.fromtimestamp(self.content_at, UTC).isoformat()
            if self.content_at is not None
            else None
        )
        return (
            f"Profile(feedback_count={self.feedback_count}, topics={len(self.topics)}, "
            f"recent={0 if self.recent is None else len(self.recent)}, shown={len(self.shown)}, "
            f"content_at={when})"
        )
