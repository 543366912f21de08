"""Reason texts: every code the ranker may give has an English sentence, translated to German."""

from __future__ import annotations

from coffeemug.feed.ranker import REASON_TEXTS, Reason
from coffeemug.feed.reasons import affinity_words, language_of, render
from coffeemug.i18n import translations

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
    german = translations("de")
    for code in CODES:
        assert code in REASON_TEXTS
        assert german.gettext(REASON_TEXTS[code]) != REASON_TEXTS[code], code


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
    assert render(Reason("something_new"), "en", NAMES) == REASON_TEXTS["fresh"]


def test_language_and_affinity_words() -> None:
    assert language_of(["de", "en"]) == "de"
    assert language_of([]) == "en"
    assert language_of(["fr"]) == "en"
    assert affinity_words(0.8, "en") == "strong interest"
    assert affinity_words(-0.9, "de") == "kein Interesse"
    assert affinity_words(0.0, "en") == "neutral"
