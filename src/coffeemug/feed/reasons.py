"""Every reason text the feed shows, in German and English, in one place."""

from __future__ import annotations

from collections.abc import Mapping

from coffeemug.feed.ranker import Reason

REASON_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "must_read": "Must read",
        "follows_topic": "You follow {topic}",
        "learned_topic": "You often read about {topic}",
        "similar_content": "Similar to articles you liked",
        "popular_segment": "Popular in {segment} this week",
        "popular": "Popular with colleagues this week",
        "fresh": "Fresh from the newsroom",
        "explore": "New — checking whether this interests you",
        "explore_topic": "New in {topic} — checking whether this interests you",
    },
    "de": {
        "must_read": "Pflichtlektüre",
        "follows_topic": "Du folgst {topic}",
        "learned_topic": "Du liest oft über {topic}",
        "similar_content": "Ähnlich wie Artikel, die dir gefallen haben",
        "popular_segment": "Beliebt in {segment} diese Woche",
        "popular": "Diese Woche beliebt bei Kolleginnen und Kollegen",
        "fresh": "Neu aus der Redaktion",
        "explore": "Neu – wir prüfen, ob dich das interessiert",
        "explore_topic": "Neu in {topic} – wir prüfen, ob dich das interessiert",
    },
}

# Plain words for a learned topic affinity in [-1, 1], strongest first.
AFFINITY_WORDS: dict[str, list[tuple[float, str]]] = {
    "en": [
        (0.5, "strong interest"),
        (0.15, "some interest"),
        (-0.15, "neutral"),
        (-0.5, "less interested"),
        (-1.01, "not interested"),
    ],
    "de": [
        (0.5, "starkes Interesse"),
        (0.15, "etwas Interesse"),
        (-0.15, "neutral"),
        (-0.5, "weniger Interesse"),
        (-1.01, "kein Interesse"),
    ],
}


def language_of(languages: list[str] | None) -> str:
    """The language reasons are shown in: the employee's first, English by default."""
    first = languages[0] if languages else "en"
    return first if first in REASON_TEXTS else "en"


def render(reason: Reason, language: str, topic_names: Mapping[str, str]) -> str:
    """The reason as a sentence; topic slugs become topic names in ``language``."""
    texts = REASON_TEXTS.get(language, REASON_TEXTS["en"])
    code = reason.code
    params = dict(reason.params)
    if "topic" in params:
        params["topic"] = topic_names.get(params["topic"], params["topic"])
    if code == "explore" and params.get("topic"):
        code = "explore_topic"
    if code == "popular_segment" and not params.get("segment"):
        code = "popular"
    template = texts.get(code)
    if template is None:
        return texts["fresh"]
    try:
        return template.format(**params)
    except KeyError:
        return texts["fresh"]


def affinity_words(affinity: float, language: str) -> str:
    """An affinity in words, e.g. 'strong interest'."""
    for threshold, words in AFFINITY_WORDS.get(language, AFFINITY_WORDS["en"]):
        if affinity >= threshold:
            return words
    return AFFINITY_WORDS["en"][-1][1]
