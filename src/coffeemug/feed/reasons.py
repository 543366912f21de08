"""Reasons and learned interests in words, in the reader's language.

The ranker explains each item with a reason code and parameters; its signals declare the
English text of each code (``REASON_TEXTS``), which is the gettext message id translated here.
"""

from __future__ import annotations

from collections.abc import Mapping

from coffeemug.feed.ranker import REASON_TEXTS, Reason
from coffeemug.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, gettext

# Plain words for a learned topic affinity in [-1, 1], strongest first.
AFFINITY_WORDS: list[tuple[float, str]] = [
    (0.5, N_("strong interest")),
    (0.15, N_("some interest")),
    (-0.15, N_("neutral")),
    (-0.5, N_("less interested")),
    (-1.01, N_("not interested")),
]


def language_of(languages: list[str] | None) -> str:
    """The language reasons are shown in: the employee's first, English by default."""
    first = languages[0] if languages else DEFAULT_LANGUAGE
    return first if first in LANGUAGES else DEFAULT_LANGUAGE


def render(reason: Reason, language: str, topic_names: Mapping[str, str]) -> str:
    """The reason as a sentence; topic slugs become topic names in ``language``."""
    code = reason.code
    params = dict(reason.params)
    if "topic" in params:
        params["topic"] = topic_names.get(params["topic"], params["topic"])
    if code == "explore" and params.get("topic"):
        code = "explore_topic"
    if code == "popular_segment" and not params.get("segment"):
        code = "popular"
    template = REASON_TEXTS.get(code)
    if template is None:
        return gettext(language, REASON_TEXTS["fresh"])
    try:
        return gettext(language, template, **params)
    except (KeyError, ValueError, TypeError):
        return gettext(language, REASON_TEXTS["fresh"])


def affinity_words(affinity: float, language: str) -> str:
    """An affinity in words, e.g. 'strong interest'."""
    for threshold, words in AFFINITY_WORDS:
        if affinity >= threshold:
            return gettext(language, words)
    return gettext(language, AFFINITY_WORDS[-1][1])
