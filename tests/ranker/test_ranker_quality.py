"""Feed quality rules of the ranker: dismissals beat follows, reasons name the main signal,
excluded rows never come back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from coffeemug.feed.ranker import (
    Candidate,
    CandidateSet,
    Feedback,
    FeedbackKind,
    Profile,
    Ranker,
)
from coffeemug.text.embeddings import HashingEncoder

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _topic_items(topics: tuple[str, ...], per_topic: int) -> list[Candidate]:
    items = []
    for topic in topics:
        for _ in range(per_topic):
            age = timedelta(hours=3 + len(items))
            items.append(Candidate(len(items) + 1, (topic,), "en", NOW - age))
    return items


def test_dismissed_topic_sinks_even_when_followed() -> None:
    # Three topics of four items each: the topic cap would have to lift some item into every
    # third slot; this is about the scores, so the cap is off.
    ranker = Ranker(seed=0, topic_cap=1.0)
    items = _topic_items(("sustainability", "ai", "mobility"), 4)
    followed = frozenset({"sustainability"})
    before = ranker.rank(Profile.empty(), items, now=NOW, followed=followed, explore=False)
    assert {r.article_id for r in before[:4]} == {1, 2, 3, 4}

    dismissals = [
        Feedback(FeedbackKind.dismissed, c.article_id, c.topics, NOW - timedelta(hours=1))
        for c in items[:3]
    ]
    profile = ranker.learn_many(Profile.empty(), dismissals)
    assert profile.topic_affinities(NOW)["sustainability"] < -0.5
    after = ranker.rank(profile, items, now=NOW, followed=followed, explore=False)
    # Below every item of a topic the employee never said anything about.
    assert {r.article_id for r in after[-4:]} == {1, 2, 3, 4}
    assert all(r.reason.code != "follows_topic" for r in after)


def test_follow_bonus_is_kept_for_a_liked_topic() -> None:
    ranker = Ranker(seed=0)
    items = _topic_items(("sustainability", "ai"), 3)
    liked = Feedback(FeedbackKind.liked, 1, ("sustainability",), NOW - timedelta(hours=1))
    profile = ranker.learn(Profile.empty(), liked)
    followed = frozenset({"sustainability"})
    parts = ranker.signals(profile, CandidateSet.build(items), now=NOW, followed=followed)
    assert parts["follows_topic"][:3].tolist() == [1.0, 1.0, 1.0]
    assert parts["follows_topic"][3:].tolist() == [0.0, 0.0, 0.0]


def _stats_set(fresh_hours: float, engagements: float) -> CandidateSet:
    """Twenty ten-day-old items with average counters and item 1 with the given age and
    engagements per 1,000 impressions, overall and in the segment."""
    items = [
        Candidate(i, ("people",), "en", NOW - timedelta(days=10), segment_label="Finance")
        for i in range(1, 21)
    ]
    items[0] = Candidate(
        1, ("people",), "en", NOW - timedelta(hours=fresh_hours), segment_label="Finance"
    )
    impressions = np.full(20, 1000.0)
    clicks = np.full(20, 20.0)
    clicks[0] = engagements
    return CandidateSet.build(items).with_stats(impressions, clicks, impressions, clicks)


def test_popular_new_item_is_explained_by_colleagues_not_freshness() -> None:
    ranker = Ranker(seed=0)
    cs = _stats_set(fresh_hours=1.0, engagements=50.0)
    parts = ranker.signals(Profile.empty(), cs, now=NOW)
    # Freshness alone is larger than either colleagues' signal: each used to lose to it.
    assert parts["fresh"][0] > max(parts["popular"][0], parts["popular_segment"][0])
    top = ranker.rank(Profile.empty(), cs, now=NOW, explore=False, limit=3)[0]
    assert top.article_id == 1
    assert top.reason.code == "popular_segment"
    assert top.reason.params == {"segment": "Finance"}


def test_new_item_of_average_popularity_is_fresh() -> None:
    cs = _stats_set(fresh_hours=1.0, engagements=20.0)
    top = Ranker(seed=0).rank(Profile.empty(), cs, now=NOW, explore=False, limit=3)[0]
    assert top.article_id == 1
    assert top.reason.code == "fresh"


def _embedded(n: int) -> list[Candidate]:
    encoder = HashingEncoder()
    words = ["solar carbon", "rail station", "patient clinic", "neural model"]
    texts = [f"{words[i % 4]} story {i}" for i in range(n)]
    vectors = encoder.encode(texts)
    return [
        Candidate(
            i + 1,
            (f"t{i % 4}",),
            "en",
            NOW - timedelta(hours=i),
            embedding=vectors[i],
            must_read=i == 5,
            impressions=float(i % 7),
            engagements=float(i % 3),
        )
        for i in range(n)
    ]


@pytest.mark.parametrize("explore", [False, True])
def test_excluded_rows_are_never_returned(explore: bool) -> None:
    ranker = Ranker(seed=3, shortlist=10)
    items = _embedded(60)
    profile = ranker.learn_many(
        Profile.empty(),
        [Feedback(FeedbackKind.liked, c.article_id, c.topics, NOW, c.embedding) for c in items[:6]],
    )
    exclude = np.zeros(len(items), dtype=bool)
    exclude[::2] = True  # the must-read item (index 5) stays, its neighbours go
    exclude[5] = False
    exclude[7] = True
    hidden = {c.article_id for c, e in zip(items, exclude, strict=True) if e}
    ranked = ranker.rank(profile, items, now=NOW, limit=12, explore=explore, exclude=exclude)
    assert len(ranked) == 12
    assert not {r.article_id for r in ranked} & hidden
    assert ranked[0].article_id == 6  # the must-read comes first
    everything = ranker.rank(profile, items, now=NOW, explore=explore, exclude=exclude)
    assert len(everything) == len(items) - len(hidden)


def test_exclude_ranks_like_the_subset() -> None:
    ranker = Ranker(seed=0)
    items = [
        Candidate(c.article_id, c.topics, c.language, c.published_at, c.embedding)
        for c in _embedded(40)
    ]
    profile = ranker.learn(
        Profile.empty(), Feedback(FeedbackKind.liked, 1, items[0].topics, NOW, items[0].embedding)
    )
    exclude = np.arange(40) % 3 == 0
    cs = CandidateSet.build(items)
    masked = ranker.rank(profile, cs, now=NOW, explore=False, exclude=exclude)
    subset = ranker.rank(profile, cs.subset(~exclude), now=NOW, explore=False)
    assert [r.article_id for r in masked] == [r.article_id for r in subset]
    assert [r.reason for r in masked] == [r.reason for r in subset]


def test_exclude_must_match_the_candidates() -> None:
    items = _embedded(5)
    with pytest.raises(ValueError, match="exclude"):
        Ranker(seed=0).rank(Profile.empty(), items, now=NOW, exclude=np.zeros(4, dtype=bool))
    everything = np.ones(5, dtype=bool)
    assert Ranker(seed=0).rank(Profile.empty(), items, now=NOW, exclude=everything) == []
