"""The ranker's vocabulary: plain data in, plain data out. No database, no HTTP.

These types are the contract between the ranker library and everything that drives it
(the feed service, the demo simulator and the benchmarks).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

import numpy as np


class FeedbackKind(StrEnum):
    """What an employee did with an article, as far as learning is concerned."""

    impressed = "impressed"  # shown, no action (yet): a weak negative once nothing follows
    opened = "opened"
    read = "read"  # with dwell seconds
    liked = "liked"
    dismissed = "dismissed"  # "not interested"
    saved = "saved"
    shared = "shared"
    acknowledged = "acknowledged"
    commented = "commented"
    # Feedback taken back: the ranker unlearns what the original feedback taught.
    unliked = "unliked"
    unsaved = "unsaved"
    undismissed = "undismissed"


# Each retraction and the feedback it takes back.
RETRACTS: dict[FeedbackKind, FeedbackKind] = {
    FeedbackKind.unliked: FeedbackKind.liked,
    FeedbackKind.unsaved: FeedbackKind.saved,
    FeedbackKind.undismissed: FeedbackKind.dismissed,
}


@dataclass(frozen=True, slots=True)
class Candidate:
    """An article that may be shown, with everything the ranker may know about it."""

    article_id: int
    topics: tuple[str, ...]
    language: str
    published_at: datetime
    embedding: np.ndarray | None = None  # unit-norm float32, or None if not embedded
    must_read: bool = False
    priority: float = 0.0  # editorial nudge in [0, 1]
    # Colleagues' signal: impressions and weighted engagements, overall and in the
    # employee's segment (region or business unit), as kept in ArticleStats.
    impressions: float = 0.0
    engagements: float = 0.0
    segment_impressions: float = 0.0
    segment_engagements: float = 0.0
    segment_label: str | None = None  # e.g. "Smart Infrastructure", used in reasons


@dataclass(frozen=True, slots=True)
class Feedback:
    """One learning signal about one article."""

    kind: FeedbackKind
    article_id: int
    topics: tuple[str, ...]
    occurred_at: datetime
    embedding: np.ndarray | None = None
    dwell_seconds: float | None = None


@dataclass(frozen=True, slots=True)
class Reason:
    """Why an item is shown: a code and its parameters, rendered in the reader's language
    elsewhere. Codes: ``must_read``, ``follows_topic`` (topic), ``learned_topic`` (topic),
    ``similar_content``, ``popular_segment`` (segment), ``popular``, ``fresh``, ``explore``."""

    code: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Ranked:
    """A ranked item: the score that ordered it, the probability the policy had of placing it
    here (for off-policy evaluation), and the reason shown to the employee."""

    article_id: int
    score: float
    propensity: float
    reason: Reason
