"""The ranker's contract: pure, seeded, serialisable, and it learns what an employee likes."""

from __future__ import annotations

import copy
import json
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
    engagement_weight,
    learning_weight,
)
from coffeemug.text.embeddings import HashingEncoder

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TOPICS = ("ai", "sustainability", "mobility", "healthcare", "people", "sports")
WORDS = {
    "ai": "model neural learning algorithm data",
    "sustainability": "climate carbon energy solar emissions",
    "mobility": "train rail traffic vehicle station",
    "healthcare": "hospital patient clinic diagnosis scanner",
    "people": "team colleague award culture celebration",
    "sports": "football match league goal tournament",
}
ENCODER = HashingEncoder()


def make_candidates(n: int = 60, seed: int = 0) -> list[Candidate]:
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        topic = TOPICS[i % len(TOPICS)]
        text = f"{WORDS[topic]} article {i} " + " ".join(rng.choice(WORDS[topic].split(), 3))
        out.append(
            Candidate(
                article_id=i + 1,
                topics=(topic,),
                language="en" if i % 2 else "de",
                published_at=NOW - timedelta(hours=int(rng.integers(1, 200))),
                embedding=ENCODER.encode([text])[0],
                impressions=float(rng.integers(0, 200)),
                engagements=float(rng.integers(0, 20)),
            )
        )
    return out


def feedback(kind: FeedbackKind, cand: Candidate, hours_ago: float = 1.0) -> Feedback:
    return Feedback(
        kind=kind,
        article_id=cand.article_id,
        topics=cand.topics,
        occurred_at=NOW - timedelta(hours=hours_ago),
        embedding=cand.embedding,
        dwell_seconds=45.0 if kind is FeedbackKind.read else None,
    )


def trained_profile(ranker: Ranker, cands: list[Candidate]) -> Profile:
    liked = [c for c in cands if c.topics == ("ai",)][:4]
    dismissed = [c for c in cands if c.topics == ("sports",)][:3]
    events = [feedback(FeedbackKind.liked, c, 5 + k) for k, c in enumerate(liked)]
    events += [feedback(FeedbackKind.dismissed, c, 2 + k) for k, c in enumerate(dismissed)]
    return ranker.learn_many(Profile.empty(), events)


def mean_position(ranked, cands: list[Candidate], topic: str) -> float:
    ids = {c.article_id for c in cands if topic in c.topics}
    positions = [pos for pos, r in enumerate(ranked) if r.article_id in ids]
    return float(np.mean(positions))


def test_inputs_are_not_mutated():
    ranker = Ranker(seed=3)
    cands = make_candidates()
    before = copy.deepcopy(cands)
    profile = trained_profile(ranker, cands)
    state = json.dumps(profile.to_dict(), sort_keys=True)
    event = feedback(FeedbackKind.liked, cands[5])

    ranker.rank(profile, cands, now=NOW, followed=frozenset({"ai"}), limit=10)
    ranker.learn(profile, event)

    assert json.dumps(profile.to_dict(), sort_keys=True) == state
    for old, new in zip(before, cands, strict=True):
        assert old.article_id == new.article_id and old.topics == new.topics
        assert np.array_equal(old.embedding, new.embedding)
    assert event.embedding is cands[5].embedding


def test_learn_returns_a_new_profile_and_counts():
    ranker = Ranker(seed=0)
    cands = make_candidates()
    empty = Profile.empty()
    learned = ranker.learn(empty, feedback(FeedbackKind.liked, cands[0]))
    assert empty.feedback_count == 0 and not empty.topics
    assert learned.feedback_count == 1
    assert learned.topics[cands[0].topics[0]][0] > 0


def test_state_round_trips_through_json():
    ranker = Ranker(seed=0)
    cands = make_candidates()
    profile = trained_profile(ranker, cands)
    data = json.loads(json.dumps(profile.to_dict()))
    restored = Profile.from_dict(data)

    assert restored.to_dict() == profile.to_dict()
    assert restored.feedback_count == profile.feedback_count
    assert restored.topic_affinities(NOW) == profile.topic_affinities(NOW)
    first = ranker.rank(profile, cands, now=NOW, explore=False)
    second = ranker.rank(restored, cands, now=NOW, explore=False)
    assert [(r.article_id, r.score) for r in first] == [(r.article_id, r.score) for r in second]
    # compact: a 256-d content profile plus a handful of topics stays a few kilobytes
    assert len(json.dumps(profile.to_dict())) < 12_000


def test_empty_state_is_tolerated():
    assert Profile.from_dict({}).feedback_count == 0
    assert Profile.from_dict(None).to_dict() == Profile.empty().to_dict()
    ranked = Ranker(seed=0).rank(Profile.from_dict({}), make_candidates(10), now=NOW)
    assert len(ranked) == 10


def test_unknown_hyperparameter_is_refused():
    with pytest.raises(TypeError, match="learning_rate"):
        Ranker(learning_rate=0.1)


def test_deterministic_when_seeded():
    cands = make_candidates(200)
    profile = trained_profile(Ranker(seed=0), cands)

    def run(seed: int) -> list[tuple[int, str]]:
        ranker = Ranker(seed=seed)
        out = []
        for _ in range(5):
            ranked = ranker.rank(profile, cands, now=NOW, limit=10)
            out += [(r.article_id, r.reason.code) for r in ranked]
        return out

    assert run(11) == run(11)
    assert run(11) != run(12)


def test_no_exploration_gives_score_order_without_randomness():
    cands = make_candidates(100)
    profile = trained_profile(Ranker(seed=0), cands)
    first = Ranker(
        seed=1, diversity=0.0, topic_cap=1.0, similarity_penalty=0.0, duplicate_similarity=2.0
    ).rank(profile, cands, now=NOW, explore=False)
    second = Ranker(
        seed=2, diversity=0.0, topic_cap=1.0, similarity_penalty=0.0, duplicate_similarity=2.0
    ).rank(profile, cands, now=NOW, explore=False)
    assert [r.article_id for r in first] == [r.article_id for r in second]
    scores = [r.score for r in first]
    assert scores == sorted(scores, reverse=True)
    assert all(r.reason.code != "explore" for r in first)


def test_liked_topic_rises_and_dismissed_topic_sinks():
    ranker = Ranker(seed=0)
    cands = make_candidates(120)
    cold = ranker.rank(Profile.empty(), cands, now=NOW, explore=False)
    warm = ranker.rank(trained_profile(ranker, cands), cands, now=NOW, explore=False)

    assert mean_position(warm, cands, "ai") < mean_position(cold, cands, "ai") - 20
    assert mean_position(warm, cands, "sports") > mean_position(cold, cands, "sports") + 20
    affinities = trained_profile(ranker, cands).topic_affinities(NOW)
    assert affinities["ai"] > 0.5 and affinities["sports"] < -0.5
    assert all(-1.0 <= v <= 1.0 for v in affinities.values())
    top = warm[:5]
    assert {r.reason.code for r in top} & {"learned_topic", "similar_content"}


def test_affinities_decay_with_time():
    ranker = Ranker(seed=0)
    profile = trained_profile(ranker, make_candidates())
    now = profile.topic_affinities(NOW)["ai"]
    later = profile.topic_affinities(NOW + timedelta(days=120))["ai"]
    assert 0 < later < now


def test_learns_a_hidden_preference_from_repeated_use():
    """A simulated employee who reads mobility and healthcare: the hit rate at 5 climbs."""
    ranker = Ranker(seed=5)
    pool = make_candidates(300, seed=9)
    profile = Profile.empty()
    hidden = {"mobility", "healthcare"}
    hits = []
    for day in range(8):
        now = NOW + timedelta(days=day)
        ranked = ranker.rank(profile, pool, now=now, limit=5)
        by_id = {c.article_id: c for c in pool}
        shown = [by_id[r.article_id] for r in ranked]
        hits.append(np.mean([bool(hidden & set(c.topics)) for c in shown]))
        for c in shown:
            kind = FeedbackKind.opened if hidden & set(c.topics) else FeedbackKind.dismissed
            profile = ranker.learn(profile, feedback(kind, c, hours_ago=-day * 24))
        pool = [c for c in pool if c.article_id not in {r.article_id for r in ranked}]
    assert np.mean(hits[-4:]) >= 0.8
    assert np.mean(hits[-4:]) > hits[0]


def test_must_read_first_even_when_uninteresting():
    ranker = Ranker(seed=0)
    cands = make_candidates(50)
    profile = trained_profile(ranker, cands)
    sports = next(c for c in cands if c.topics == ("sports",))
    cands = [
        c if c is not sports else Candidate(**{**_fields(c), "must_read": True}) for c in cands
    ]
    ranked = ranker.rank(profile, cands, now=NOW, limit=5)
    assert ranked[0].article_id == sports.article_id
    assert ranked[0].reason.code == "must_read"
    assert ranked[0].propensity == 1.0


def _fields(cand: Candidate) -> dict:
    return {name: getattr(cand, name) for name in Candidate.__slots__}


def test_diversity_keeps_one_topic_from_crowding_the_top():
    ranker = Ranker(seed=0)
    cands = make_candidates(120)
    profile = ranker.learn_many(
        Profile.empty(),
        [feedback(FeedbackKind.liked, c) for c in cands if c.topics == ("ai",)][:2],
    )
    plain = Ranker(seed=0, diversity=0.0, topic_cap=1.0).rank(
        profile, cands, now=NOW, limit=6, explore=False
    )
    diverse = ranker.rank(profile, cands, now=NOW, limit=6, explore=False)
    by_id = {c.article_id: c for c in cands}

    def topic_count(ranked) -> int:
        return sum("ai" in by_id[r.article_id].topics for r in ranked)

    assert topic_count(plain) == 6
    assert topic_count(diverse) <= 4
    assert len({by_id[r.article_id].topics for r in diverse}) >= 3


def test_exploration_is_bounded_and_happens():
    ranker = Ranker(seed=4, explore_share=0.2)
    cands = make_candidates(200)
    profile = trained_profile(ranker, cands)
    explored_total = 0
    for _ in range(50):
        ranked = ranker.rank(profile, cands, now=NOW, limit=10)
        explored = [r for r in ranked if r.reason.code == "explore"]
        assert len(explored) <= 2
        assert all(pos >= 2 for pos, r in enumerate(ranked) if r.reason.code == "explore")
        assert all(0 < r.propensity <= 1 for r in ranked)
        explored_total += len(explored)
    assert explored_total > 0


def test_followed_topic_and_reasons():
    ranker = Ranker(seed=0)
    cands = make_candidates(60)
    ranked = ranker.rank(
        Profile.empty(), cands, now=NOW, followed=frozenset({"healthcare"}), explore=False
    )
    assert ranked[0].reason.code == "follows_topic"
    assert ranked[0].reason.params == {"topic": "healthcare"}


def test_segment_popularity_reason_names_the_segment():
    cands = [
        Candidate(i, ("people",), "en", NOW - timedelta(days=30), segment_label="Finance")
        for i in range(1, 21)
    ]
    cs = CandidateSet.build(cands)
    seg_imp = np.full(20, 100.0)
    seg_eng = np.full(20, 2.0)
    seg_eng[7] = 60.0
    cs = cs.with_stats(np.full(20, 100.0), np.full(20, 5.0), seg_imp, seg_eng)
    ranked = Ranker(seed=0).rank(Profile.empty(), cs, now=NOW, explore=False, limit=3)
    assert ranked[0].article_id == 8
    assert ranked[0].reason.code == "popular_segment"
    assert ranked[0].reason.params == {"segment": "Finance"}


def test_candidate_set_subset_and_stats_match_objects():
    cands = make_candidates(40)
    cs = CandidateSet.build(cands)
    profile = trained_profile(Ranker(seed=0), cands)
    from_objects = Ranker(seed=0).rank(profile, cands, now=NOW, explore=False)
    from_set = Ranker(seed=0).rank(profile, cs, now=NOW, explore=False)
    assert [r.article_id for r in from_objects] == [r.article_id for r in from_set]

    mask = np.array([c.language == "de" for c in cands])
    sub = cs.subset(mask)
    assert len(sub) == mask.sum()
    assert sub.article_ids.dtype == np.int64
    assert set(sub.article_ids.tolist()) == {c.article_id for c in cands if c.language == "de"}
    assert cs.subset([3, 1]).article_ids.tolist() == [4, 2]

    fresh = cs.with_stats(np.zeros(40), np.zeros(40), np.zeros(40), np.zeros(40))
    assert fresh.impressions.sum() == 0 and cs.impressions.sum() > 0
    with pytest.raises(ValueError):
        cs.with_stats(np.zeros(3), np.zeros(3))


def test_limit_and_empty_inputs():
    ranker = Ranker(seed=0)
    assert ranker.rank(Profile.empty(), [], now=NOW) == []
    assert len(ranker.rank(Profile.empty(), make_candidates(30), now=NOW, limit=7)) == 7


def test_engagement_weight_is_never_negative():
    for kind in FeedbackKind:
        assert engagement_weight(kind) >= 0
    assert engagement_weight(FeedbackKind.impressed) == 0
    assert engagement_weight(FeedbackKind.dismissed) == 0
    assert engagement_weight(FeedbackKind.read, 120) > engagement_weight(FeedbackKind.read, 5)


def test_learn_many_matches_learning_one_event_at_a_time():
    ranker = Ranker(seed=0)
    cands = make_candidates(24)
    kinds = [FeedbackKind.impressed, FeedbackKind.read, FeedbackKind.liked, FeedbackKind.dismissed]
    events = [feedback(kinds[i % 4], c, 40 - i) for i, c in enumerate(cands)]
    # A late event (older than what was already learned) and one without an embedding.
    events.append(feedback(FeedbackKind.saved, cands[0], 100.0))
    events.append(Feedback(FeedbackKind.liked, 99, ("ai",), NOW, embedding=None))
    one_by_one = Profile.empty()
    for event in events:
        one_by_one = ranker.learn(one_by_one, event)
    at_once = ranker.learn_many(Profile.empty(), events)
    assert at_once.feedback_count == one_by_one.feedback_count == len(events)
    assert at_once.topics == one_by_one.topics
    assert at_once.content_at == one_by_one.content_at
    assert at_once.to_dict() == one_by_one.to_dict()
    assert at_once.recent.shape[0] == ranker.params.recent_size


def test_learn_many_in_pieces_equals_all_at_once():
    ranker = Ranker(seed=0)
    cands = make_candidates(30, seed=3)
    events = [
        feedback(FeedbackKind.liked if i % 3 else FeedbackKind.impressed, c, 60 - i)
        for i, c in enumerate(cands)
    ]
    whole = ranker.learn_many(Profile.empty(), events)
    pieces = ranker.learn_many(ranker.learn_many(Profile.empty(), events[:11]), events[11:])
    assert whole.to_dict() == pieces.to_dict()


def test_a_new_encoder_restarts_the_content_profile():
    ranker = Ranker(seed=0)
    cand = make_candidates(1)[0]
    old = ranker.learn(Profile.empty(), feedback(FeedbackKind.liked, cand, 5.0))
    small = Feedback(FeedbackKind.liked, 2, ("ai",), NOW, embedding=np.ones(8, np.float32))
    new = ranker.learn(old, small)
    assert new.dim == 8 and new.recent.shape == (1, 8) and new.dislikes is None
    # The old likes are forgotten: the mass is that of the one new like.
    assert new.likes_mass == pytest.approx(learning_weight(FeedbackKind.liked))


def test_items_passed_over_sink_and_an_engagement_forgives():
    ranker = Ranker(seed=0)
    # Two candidates alike in everything the ranker looks at.
    twins = [Candidate(i, ("ai",), "en", NOW - timedelta(hours=3)) for i in (1, 2)]
    passed = ranker.learn(Profile.empty(), feedback(FeedbackKind.impressed, twins[0]))
    assert dict(passed.shown) == {1: 1}
    order = [r.article_id for r in ranker.rank(passed, twins, now=NOW, explore=False)]
    assert order == [2, 1]
    twice = ranker.learn(passed, feedback(FeedbackKind.impressed, twins[0]))
    parts = ranker.signals(twice, CandidateSet.build(twins), now=NOW)
    assert parts["ignored"].tolist() == pytest.approx([-0.75 * ranker.params.ignored_weight, 0.0])
    # Opening it after all: no longer an item the employee passes over.
    opened = ranker.learn(twice, feedback(FeedbackKind.opened, twins[0]))
    assert not opened.shown
    assert "ignored" not in ranker.signals(opened, CandidateSet.build(twins), now=NOW)


def test_shown_memory_is_bounded_and_keeps_the_latest():
    ranker = Ranker(seed=0, shown_size=5)
    cands = make_candidates(8)
    profile = ranker.learn_many(
        Profile.empty(), [feedback(FeedbackKind.impressed, c, 20 - i) for i, c in enumerate(cands)]
    )
    assert list(profile.shown) == [4, 5, 6, 7, 8]
    # Shown again: the oldest remembered item becomes the most recent one.
    profile = ranker.learn(profile, feedback(FeedbackKind.impressed, cands[3], 1))
    assert list(profile.shown) == [5, 6, 7, 8, 4] and profile.shown[4] == 2


def test_profiles_stored_before_shown_was_remembered_still_load():
    ranker = Ranker(seed=0)
    cands = make_candidates()
    profile = ranker.learn(
        trained_profile(ranker, cands), feedback(FeedbackKind.impressed, cands[9])
    )
    stored = json.loads(json.dumps(profile.to_dict()))
    assert stored["shown"] == [[cands[9].article_id, 1]]
    assert Profile.from_dict(stored).to_dict() == stored
    del stored["shown"]
    old = Profile.from_dict(stored)
    assert not old.shown and old.feedback_count == profile.feedback_count
