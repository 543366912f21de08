"""The feed's ranking library: pure (no database, no HTTP, no settings), seeded, serialisable.

>>> from datetime import datetime, UTC
>>> from coffeemug.feed.ranker import Candidate, Profile, Ranker
>>> now = datetime(2026, 3, 2, tzinfo=UTC)
>>> ranked = Ranker(seed=0).rank(
...     Profile.empty(), [Candidate(1, ("ai",), "en", now, must_read=True)], now=now)
>>> ranked[0].article_id, ranked[0].reason.code
(1, 'must_read')
"""

from coffeemug.feed.ranker.candidates import CandidateSet
from coffeemug.feed.ranker.profile import Profile
from coffeemug.feed.ranker.ranker import Hyperparameters, Ranker
from coffeemug.feed.ranker.signals import REASON_TEXTS, SIGNALS, Signal
from coffeemug.feed.ranker.types import Candidate, Feedback, FeedbackKind, Ranked, Reason
from coffeemug.feed.ranker.weights import engagement_weight, learning_weight

__all__ = [
    "REASON_TEXTS",
    "SIGNALS",
    "Candidate",
    "CandidateSet",
    "Feedback",
    "FeedbackKind",
    "Hyperparameters",
    "Profile",
    "Ranked",
    "Ranker",
    "Reason",
    "Signal",
    "engagement_weight",
    "learning_weight",
]
