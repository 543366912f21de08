"""The post coach: scores a draft and says, with reasons, what would make it a better post.

Pure (no database): the article's text, the caption starters and the encoder come from the
caller. Each check is one component of the score; a failed check becomes a tip. The checks
follow what social media guides agree on: a length that suits the network, a hook in the first
line, the author's own words, a question or call to action, a few hashtags, plain language,
first-person voice and the link.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import textstat

from coffeemug.advocacy.networks import NETWORKS
from coffeemug.i18n import N_, gettext
from coffeemug.text.embeddings import Encoder

# Weights of the checks (they sum to 100, the score of a post that passes every check).
WEIGHTS: dict[str, int] = {
    "length": 15,
    "hook": 15,
    "own_words": 20,
    "call_to_action": 10,
    "hashtags": 10,
    "readability": 10,
    "first_person": 10,
    "link": 10,
}
# Cosine similarity of sentence embeddings above which a draft counts as copied.
COPIED_SIMILARITY = 0.9
# Share of the draft's word 5-grams found in the article above which it counts as copied.
COPIED_OVERLAP = 0.5
# Flesch reading ease (English) / Amstad's German adaptation: 50 and above is plain language.
READABLE = 50.0

HASHTAG = re.compile(r"(?<![\w#])#[^\W_][\w]*")
LINK = re.compile(r"https?://\S+|/s/[\w-]+")
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
FIRST_PERSON = {
    "en": {"i", "i'm", "i've", "me", "my", "mine", "we", "we're", "our", "us"},
    "de": {
        "ich",
        "mich",
        "mir",
        "mein",
        "meine",
        "meinen",
        "meinem",
        "meiner",
        "wir",
        "uns",
        "unser",
        "unsere",
        "unseren",
        "unserem",
        "unserer",
    },
}
CALLS_TO_ACTION = {
    "en": (
        "what do you think",
        "let me know",
        "share your",
        "tell me",
        "read more",
        "join",
        "comment",
        "have you",
        "check out",
        "find out",
        "apply",
        "sign up",
    ),
    "de": (
        "was meint ihr",
        "was meinen sie",
        "was denkt ihr",
        "schreibt mir",
        "lest",
        "lesen sie",
        "erzählt",
        "habt ihr",
        "kommentiert",
        "mehr dazu",
        "bewerbt euch",
        "schaut",
        "meldet euch",
    ),
}
HOOK_WORDS = {
    "en": {"you", "your", "why", "how", "what"},
    "de": {"du", "ihr", "sie", "warum", "wie", "was", "wieso"},
}

MESSAGES: dict[str, tuple[str, str]] = {
    "length": (
        N_("Aim for %(low)s to %(high)s characters on %(network)s (now %(length)s)."),
        N_(
            "Posts of this length are read to the end on %(network)s; much shorter ones say "
            'too little, much longer ones are cut off behind "see more".'
        ),
    ),
    "hook": (
        N_(
            "Open with a short first line that makes people stop: a question, a number or "
            "what surprised you."
        ),
        N_(
            "Networks show only the first line or two in the timeline; it decides whether "
            "anyone reads on."
        ),
    ),
    "own_words": (
        N_(
            "Say it in your own words: your draft is very close to the article or a "
            "suggested caption."
        ),
        N_(
            "Identical copy from many colleagues looks staged; your own view is what your "
            "contacts want to hear."
        ),
    ),
    "call_to_action": (
        N_('End with a question or an invitation, e.g. "What do you think?".'),
        N_("Posts that ask something get more comments, and comments spread a post further."),
    ),
    "hashtags": (
        N_("Use 1 to 3 hashtags (now %(count)s)."),
        N_("A few topic hashtags help people find the post; many look like spam."),
    ),
    "readability": (
        N_("Use shorter sentences and simpler words (reading ease %(score)s, aim for 50 or more)."),
        N_("People scroll fast: plain language is read, dense text is skipped."),
    ),
    "first_person": (
        N_('Write as yourself ("I", "we"): what does this mean to you?'),
        N_("A personal view is why people follow a person rather than a company page."),
    ),
    "link": (
        N_("Add the link to the article."),
        N_("Without the link nobody can read on (the composer adds your tracked link)."),
    ),
}

_TEXTSTAT_LOCK = threading.Lock()  # textstat keeps its language as global state
_WARMING: list[threading.Thread] = []
_WARMING_LOCK = threading.Lock()  # not the textstat lock: opening the composer never waits


def warm_up() -> None:
    """Load the readability dictionaries in the background, once per process.

    The first readability score in each language loads a dictionary (English: CMUdict, a few
    seconds); the composer calls this when it opens, so the coach answers at once when the
    employee starts typing.
    """
    with _WARMING_LOCK:
        if _WARMING:
            return
        thread = threading.Thread(target=_warm, name="coach-warm-up", daemon=True)
        _WARMING.append(thread)
    thread.start()


def _warm() -> None:
    reading_ease("We are proud of this. What do you think?", "en")
    reading_ease("Wir sind stolz darauf. Was meint ihr?", "de")


@dataclass(frozen=True)
class Tip:
    code: str
    ok: bool
    message: str
    reason: str


@dataclass
class CoachResult:
    score: int
    language: str
    tips: list[Tip] = field(default_factory=list)  # the checks that failed, most weight first
    passed: list[str] = field(default_factory=list)
    copied: bool = False
    similarity: float = 0.0
    readability: float | None = None


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def reading_ease(text: str, language: str) -> float | None:
    """Flesch reading ease (English) or Amstad's German formula, None for too little text."""
    plain = HASHTAG.sub(" ", LINK.sub(" ", text))
    if len(words(plain)) < 3:
        return None
    with _TEXTSTAT_LOCK:
        textstat.set_lang("de" if language == "de" else "en")
        return float(textstat.flesch_reading_ease(plain))


def _first_line(text: str) -> str:
    line = text.strip().split("\n", 1)[0]
    sentence = re.split(r"(?<=[.!?])\s", line, maxsplit=1)[0]
    return sentence.strip()


def has_hook(text: str, language: str) -> bool:
    first = _first_line(text)
    if not first or len(first) > 120 or len(words(first)) < 3:
        return False
    signal = any(ch in first for ch in "?!:") or any(ch.isdigit() for ch in first)
    return signal or bool(set(words(first)) & HOOK_WORDS.get(language, set()))


def has_call_to_action(text: str, language: str) -> bool:
    body = LINK.sub(" ", text).lower()
    return "?" in body or any(phrase in body for phrase in CALLS_TO_ACTION.get(language, ()))


def _ngrams(tokens: Sequence[str], n: int = 5) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def copied_from(
    text: str, references: Sequence[str], encoder: Encoder | None
) -> tuple[bool, float]:
    """Whether the draft repeats a reference (article, suggested caption) and how closely."""
    plain = HASHTAG.sub(" ", LINK.sub(" ", text)).strip()
    refs = [r for r in references if r.strip()]
    if not plain or not refs:
        return False, 0.0
    similarity = 0.0
    if encoder is not None:
        vectors = encoder.encode([plain, *refs])
        similarity = float(np.max(vectors[1:] @ vectors[0]))
    grams = _ngrams(words(plain))
    overlap = 0.0
    if grams:
        known = set().union(*(_ngrams(words(r)) for r in refs))
        overlap = len(grams & known) / len(grams)
    return similarity >= COPIED_SIMILARITY or overlap >= COPIED_OVERLAP, max(similarity, overlap)


def _checks(
    text: str,
    network: str,
    language: str,
    references: Sequence[str],
    encoder: Encoder | None,
    link_added: bool,
) -> tuple[dict[str, bool], dict[str, Any], CoachResult]:
    spec = NETWORKS[network]
    low, high = spec.good_length
    length = len(text)
    tags = HASHTAG.findall(text)
    ease = reading_ease(text, language)
    copied, similarity = copied_from(text, references, encoder)
    passed = {
        "length": low <= length <= high,
        "hook": has_hook(text, language),
        "own_words": not copied,
        "call_to_action": has_call_to_action(text, language),
        "hashtags": 1 <= len(tags) <= 3,
        "readability": ease is None or ease >= READABLE,
        "first_person": bool(set(words(text)) & FIRST_PERSON.get(language, set())),
        "link": link_added or bool(LINK.search(text)),
    }
    values = {
        "low": low,
        "high": high,
        "network": gettext(language, spec.label),
        "length": length,
        "count": len(tags),
        "score": "-" if ease is None else f"{ease:.0f}",
    }
    result = CoachResult(0, language, copied=copied, similarity=similarity, readability=ease)
    return passed, values, result


def coach(
    text: str,
    network: str,
    language: str,
    *,
    references: Sequence[str] = (),
    encoder: Encoder | None = None,
    link_added: bool = False,
) -> CoachResult:
    """Score ``text`` (0 to 100) for ``network`` and give tips in ``language`` ("de"/"en").

    ``references`` are the texts the draft should not repeat (the article, the suggested
    captions); ``link_added`` says the composer appends the tracked link itself.
    """
    passed, values, result = _checks(text, network, language, references, encoder, link_added)
    result.score = sum(WEIGHTS[code] for code, ok in passed.items() if ok)
    for code in sorted(WEIGHTS, key=lambda c: -WEIGHTS[c]):
        if passed[code]:
            result.passed.append(code)
            continue
        message, reason = MESSAGES[code]
        result.tips.append(
            Tip(
                code,
                False,
                gettext(language, message, **values),
                gettext(language, reason, **values),
            )
        )
    return result
