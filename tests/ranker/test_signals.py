"""The ranker's signals as components: hyperparameters, reasons and ablations derive from them."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime, timedelta

import pytest

from coffeemug.feed.ranker import (
    REASON_TEXTS,
    SIGNALS,
    Candidate,
    CandidateSet,
    Feedback,
    FeedbackKind,
    Hyperparameters,
    Profile,
    Ranker,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _items() -> list[Candidate]:
    return [
        Candidate(1, ("ai",), "en", NOW - timedelta(days=3), impressions=100, engagements=40),
        Candidate(2, ("sports",), "en", NOW, impressions=100, engagements=1),
        Candidate(3, ("ai", "energy"), "en", NOW - timedelta(days=1), priority=1.0),
    ]


def test_every_signal_brings_its_hyperparameters_and_reason_texts() -> None:
    names = {f.name for f in fields(Hyperparameters)}
    for signal in SIGNALS:
        assert {k.name for k in signal.knobs} <= names, signal.name
        assert signal.knobs[0].name.endswith("_weight"), signal.name
        assert (signal.reason is None) == (not signal.texts), signal.name
    assert Hyperparameters().follow_weight == 1.0
    codes = {"must_read", "explore", "explore_topic", "fresh", "popular_segment"}
    assert codes <= set(REASON_TEXTS)


def test_a_left_out_signal_is_not_computed_and_gives_no_reason() -> None:
    profile = Ranker().learn(
        Profile.empty(), Feedback(FeedbackKind.liked, 9, ("ai",), NOW - timedelta(hours=2))
    )
    full = Ranker(seed=0).rank(profile, _items(), now=NOW, explore=False)
    assert {r.reason.code for r in full} >= {"learned_topic"}
    ablated = Ranker(seed=0, without=["learned_topic", "popular"])
    parts = ablated.signals(profile, CandidateSet.build(_items()), now=NOW)
    assert "learned_topic" not in parts and "popular" not in parts and "fresh" in parts
    ranked = ablated.rank(profile, _items(), now=NOW, explore=False)
    assert not {r.reason.code for r in ranked} & {"learned_topic", "popular", "popular_segment"}


def test_unknown_signals_are_refused_by_name() -> None:
    with pytest.raises(ValueError, match=r"unknown ranker signal.*nope"):
        Ranker(without=["nope"])
