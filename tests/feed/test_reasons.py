"""Reason texts: every code the ranker may give has a German and an English sentence."""

from __future__ import annotations

from coffeemug.feed.ranker import Reason
from coffeemug.feed.reasons import REASON_TEXTS, affinity_words, language_of, render

CODES = (
    "must_read",
    "follows_topic",
    "learned_topic",
    "similar_content",
    "popular_segment",
    "popular",
    "fresh",
    "explore",
)
NAMES = {"sustainability": "Sustainability"}


def test_every_code_in_both_languages() -> None:
    assert set(REASON_TEXTS["de"]) == set(REASON_TEXTS["en"])
    for code in CODES:
        for language in ("de", "en"):
            assert code in REASON_TEXTS[language]


def test_rendering_names_topics_and_segments() -> None:
    follows = Reason("follows_topic", {"topic": "sustainability"})
    assert render(follows, "en", NAMES) == "You follow Sustainability"
    assert render(follows, "de", {"sustainability": "Nachhaltigkeit"}) == (
        "Du folgst Nachhaltigkeit"
    )
    segment = Reason("popular_segment", {"segment": "Smart Infrastructure"})
    assert render(segment, "en", NAMES) == "Popular in Smart Infrastructure this week"
    assert render(Reason("explore"), "en", NAMES) == "New — checking whether this interests you"
    assert "Sustainability" in render(Reason("explore", {"topic": "sustainability"}), "en", NAMES)
    assert render(Reason("must_read"), "de", NAMES) == "Pflichtlektüre"
    assert render(Reason("something_new"), "en", NAMES) == REASON_TEXTS["en"]["fresh"]


def test_language_and_affinity_words() -> None:
    assert language_of(["de", "en"]) == "de"
    assert language_of([]) == "en"
    assert language_of(["fr"]) == "en"
    assert affinity_words(0.8, "en") == "strong interest"
    assert affinity_words(-0.9, "de") == "kein Interesse"
    assert affinity_words(0.0, "en") == "neutral"
