"""Caption starters and hashtags derived from an article, in the employee's language.

Starters are first-person openings from different angles (pride in colleagues, why it
matters, something learned) for the employee to rewrite; the composer nudges before one is
posted unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from coffeemug.i18n import N_, gettext

ANGLES = (
    N_("Proud of my colleagues: %(title)s."),
    N_("Why this matters to me: %(point)s What do you think?"),
    N_("Something I learned this week: %(point)s Did you know?"),
)
MAX_HASHTAGS = 3


def key_point(title: str, summary: str) -> str:
    """The article's first summary sentence (or its title), ending with punctuation."""
    sentence = re.split(r"(?<=[.!?])\s", summary.strip(), maxsplit=1)[0].strip() or title
    return sentence if sentence[-1:] in ".!?" else sentence + "."


def caption_starters(title: str, summary: str, language: str) -> list[str]:
    point = key_point(title, summary)
    return [gettext(language, angle, title=title.rstrip(".!?"), point=point) for angle in ANGLES]


def hashtag(name: str) -> str:
    """``Artificial intelligence`` → ``#ArtificialIntelligence`` (letters and digits only)."""
    parts = re.findall(r"[^\W_]+", name)
    return "#" + "".join(p[:1].upper() + p[1:] for p in parts) if parts else ""


def hashtags(topic_names: Sequence[str]) -> list[str]:
    tags = [hashtag(n) for n in topic_names]
    return list(dict.fromkeys(t for t in tags if len(t) > 1))[:MAX_HASHTAGS]
