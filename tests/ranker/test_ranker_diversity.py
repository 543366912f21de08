"""A screen is never one topic's (unless that is the only topic followed), near-duplicates do
not share a screen, and similar items make room for different ones (MMR)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import numpy as np

from coffeemug.feed.ranker import Candidate, Feedback, FeedbackKind, Profile, Ranker

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TOPICS = ("people", "mobility", "ai", "energy", "health")


def _unit(seed: int, dim: int = 32) -> np.ndarray:
    v = np.random.default_rng(seed).standard_normal(dim).astype(np.float32)
    return v / np.linalg.norm(v)


def _items() -> list[Candidate]:
    """Twelve People & culture items and four of each other topic, all different stories."""
    items = []
    for topic in TOPICS:
        for _ in range(12 if topic == "people" else 4):
            n = len(items) + 1
            items.append(Candidate(n, (topic,), "en", NOW - timedelta(hours=n), _unit(n)))
    return items


def _profile(ranker: Ranker, items: list[Candidate]) -> Profile:
    """As in the report: five likes of People & culture, four dismissals of Mobility."""
    likes = [c for c in items if c.topics == ("people",)][:5]
    dismissals = [c for c in items if c.topics == ("mobility",)]
    feedback = [
        Feedback(FeedbackKind.liked, c.article_id, c.topics, NOW - timedelta(hours=1), c.embedding)
        for c in likes
    ] + [
        Feedback(FeedbackKind.dismissed, c.article_id, c.topics, NOW - timedelta(hours=1))
        for c in dismissals
    ]
    return ranker.learn_many(Profile.empty(), feedback)


def test_a_screen_holds_at_most_a_third_of_one_topic() -> None:
    ranker = Ranker(seed=0)
    items = _items()
    profile = _profile(ranker, items)
    unlimited = Ranker(seed=0, topic_cap=1.0).rank(profile, items, now=NOW, limit=9, explore=False)
    shown = {r.article_id for r in unlimited}
    learned = Counter(c.topics[0] for c in items if c.article_id in shown)["people"]
    assert learned > 4, "without the cap the learned topic takes most of the screen"
    screen = ranker.rank(profile, items, now=NOW, limit=10, explore=False)
    topics = Counter(items[r.article_id - 1].topics[0] for r in screen)
    assert topics["people"] == 3 and len(topics) >= 4


def test_the_only_followed_topic_may_fill_the_screen() -> None:
    items = _items()
    ranker = Ranker(seed=0)
    screen = ranker.rank(
        Profile.empty(), items, now=NOW, limit=10, explore=False, followed=frozenset({"people"})
    )
    assert sum(items[r.article_id - 1].topics == ("people",) for r in screen) > 3


def test_near_duplicates_do_not_share_a_screen() -> None:
    base = _unit(1)
    twin = base + 0.05 * _unit(2)
    items = [
        Candidate(1, ("people",), "en", NOW, base, priority=1.0),
        Candidate(2, ("people",), "en", NOW, twin / np.linalg.norm(twin), priority=1.0),
        *[
            Candidate(n, (TOPICS[n % 5],), "en", NOW - timedelta(hours=n), _unit(n))
            for n in range(3, 15)
        ],
    ]
    screen = [r.article_id for r in Ranker(seed=0).rank(Profile.empty(), items, now=NOW, limit=10)]
    assert 1 in screen and 2 not in screen
    everything = Ranker(seed=0).rank(Profile.empty(), items, now=NOW, explore=False)
    assert 2 in [r.article_id for r in everything], "collapsed below the screen, not dropped"
