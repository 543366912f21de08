"""Language identification with py3langid (its model ships inside the package).

German and English are what the newsroom expects, so where either is nearly as likely as the
winner it is preferred; any other language keeps its own ISO 639-1 code, and a text without
letters is ``und`` (undetermined).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

EXPECTED = ("de", "en")
UNDETERMINED = "und"
# An expected language wins when its probability is at least this share of the top one's.
PREFERENCE = 0.5
_NOISE = re.compile(r"@user|http|#|\d+")


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> str:
    """The language of one normalised text: 'de', 'en', another code, or 'und'."""
    cleaned = _NOISE.sub(" ", text)
    if sum(ch.isalpha() for ch in cleaned) < 2:
        return UNDETERMINED
    ranked = _identifier().rank(cleaned)
    top, top_p = ranked[0]
    if top in EXPECTED:
        return str(top)
    for code, p in ranked[:5]:
        if code in EXPECTED and p >= PREFERENCE * top_p:
            return str(code)
    return str(top)


def detect_many(texts: Sequence[str]) -> list[str]:
    return [detect(text) for text in texts]
