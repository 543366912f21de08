"""How much one event counts: for colleagues' click-through rates and for one employee's profile."""

from __future__ import annotations

from coffeemug.feed.ranker.types import FeedbackKind

# Colleagues' signal: how strongly an action says "this article was worth it". Never negative:
# a dismissal is one person's taste and is learned per employee, not held against the article.
_ENGAGEMENT = {
    FeedbackKind.impressed: 0.0,
    FeedbackKind.opened: 1.0,
    FeedbackKind.read: 0.5,  # plus up to 0.5 for dwell, see engagement_weight
    FeedbackKind.liked: 1.0,
    FeedbackKind.saved: 1.0,
    FeedbackKind.shared: 1.5,
    FeedbackKind.commented: 1.0,
    FeedbackKind.acknowledged: 0.25,  # must-read items are acknowledged out of duty, not interest
    FeedbackKind.dismissed: 0.0,
    # Taking feedback back does not lower colleagues' counters: anyone could otherwise sink an
    # article for everyone by withdrawing likes they never gave.
    FeedbackKind.unliked: 0.0,
    FeedbackKind.unsaved: 0.0,
    FeedbackKind.undismissed: 0.0,
}

# One employee's profile: signed. An impression without any action is a weak "not for me";
# a dismissal is a strong one.
_LEARNING = {
    FeedbackKind.impressed: -0.05,
    FeedbackKind.opened: 1.0,
    FeedbackKind.read: 0.5,  # plus up to 1.0 for dwell
    FeedbackKind.liked: 2.0,
    FeedbackKind.saved: 2.0,
    FeedbackKind.shared: 2.5,
    FeedbackKind.commented: 1.5,
    FeedbackKind.acknowledged: 0.1,
    FeedbackKind.dismissed: -3.0,
    # Retractions move nothing by this weight: learn.py takes the original feedback's weight
    # back out of the profile instead (RETRACTS).
    FeedbackKind.unliked: 0.0,
    FeedbackKind.unsaved: 0.0,
    FeedbackKind.undismissed: 0.0,
}

# Reading for two minutes is as much as anyone can tell from dwell time alone.
_FULL_DWELL_SECONDS = 120.0


def _dwell_share(dwell_seconds: float | None) -> float:
    if not dwell_seconds or dwell_seconds <= 0:
        return 0.0
    return min(dwell_seconds, _FULL_DWELL_SECONDS) / _FULL_DWELL_SECONDS


def engagement_weight(kind: FeedbackKind | str, dwell_seconds: float | None = None) -> float:
    """How much one event adds to an article's colleague engagements (``ArticleStats``).

    Always ``>= 0``; ``impressed`` and ``dismissed`` count 0.

    >>> engagement_weight(FeedbackKind.liked)
    1.0
    >>> engagement_weight("read", dwell_seconds=60)
    0.75
    """
    kind = FeedbackKind(kind)
    weight = _ENGAGEMENT[kind]
    if kind is FeedbackKind.read:
        weight += 0.5 * _dwell_share(dwell_seconds)
    return weight


def learning_weight(kind: FeedbackKind | str, dwell_seconds: float | None = None) -> float:
    """How much one event moves one employee's profile: positive = more like this.

    >>> learning_weight(FeedbackKind.dismissed)
    -3.0
    >>> learning_weight("read", dwell_seconds=120)
    1.5
    """
    kind = FeedbackKind(kind)
    weight = _LEARNING[kind]
    if kind is FeedbackKind.read:
        weight += _dwell_share(dwell_seconds)
    return weight
