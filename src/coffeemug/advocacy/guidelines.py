"""The business conduct check: rules as data, matched in a post's words.

Terms and phrases match in their inflected forms: each word of the post and of the rule is
reduced to its Snowball stem (German or English), so "vertraulich" also finds "vertrauliche"
and "forecast" finds "forecasts". Customer names match as written (case-insensitive). Detectors
are built-in patterns: forecasts of figures, e-mail addresses, phone numbers and IBANs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from coffeemug.advocacy.models import RuleKind

STEMMERS = {"de": "german", "en": "english"}
WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)

# A figure next to a word of the future: "we expect 12% growth", "Umsatz wird 2027 um 5 % steigen".
_FUTURE = (
    r"(?:will|expect\w*|forecast\w*|predict\w*|guidance|next\s+(?:year|quarter)|outlook|"
    r"wird|werden|erwarte\w*|prognos\w*|rechne\w*|nächste[nms]?\s+(?:jahr|quartal)|ausblick)"
)
_FIGURE = r"(?:\d[\d.,]*\s*(?:%|prozent|percent|mio\.?|mrd\.?|million\w*|billion\w*|€|eur|\$)?)"
DETECTORS: dict[str, re.Pattern[str]] = {
    "forecast": re.compile(
        rf"\b{_FUTURE}\b[^.!?\n]{{0,60}}?{_FIGURE}|{_FIGURE}[^.!?\n]{{0,60}}?\b{_FUTURE}\b",
        re.IGNORECASE,
    ),
    "email": re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"),
    "phone": re.compile(r"(?<![\w/])\+?\d[\d /().-]{7,}\d(?![\w/])"),
    "iban": re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b"),
}


@dataclass(frozen=True)
class Rule:
    id: int
    kind: str
    language: str  # "de", "en" or "*"
    value: str
    severity: str
    clause: str
    clause_url: str


@dataclass(frozen=True)
class Violation:
    rule_id: int
    severity: str
    start: int
    end: int
    match: str
    clause: str
    clause_url: str


@lru_cache(maxsize=4)
def _stemmer(language: str) -> snowballstemmer.Stemmer:
    return snowballstemmer.stemmer(STEMMERS.get(language, "english"))


def stems(words: Sequence[str], language: str) -> list[str]:
    """Snowball stems of lower-cased words (German umlauts as the German stemmer expects)."""
    return _stemmer(language).stemWords([w.lower() for w in words])


def _words(text: str) -> list[re.Match[str]]:
    return list(WORD.finditer(text))


def _languages_of(rule: Rule, language: str) -> list[str]:
    """Stemming languages to try: the rule's own, or for "*" the post's and the other."""
    if rule.language != "*":
        return [rule.language]
    return [language, *(lang for lang in STEMMERS if lang != language)]


def _match_sequence(
    tokens: list[str], needle: list[str], words: list[re.Match[str]]
) -> Iterable[tuple[int, int]]:
    n = len(needle)
    for i in range(len(tokens) - n + 1):
        if tokens[i : i + n] == needle:
            yield words[i].start(), words[i + n - 1].end()


def _spans(
    rule: Rule, text: str, words: list[re.Match[str]], language: str
) -> set[tuple[int, int]]:
    if rule.kind == RuleKind.detector:
        pattern = DETECTORS.get(rule.value)
        return {m.span() for m in pattern.finditer(text)} if pattern else set()
    raw = [w.group() for w in words]
    needle_words = WORD.findall(rule.value)
    if not needle_words:
        return set()
    if rule.kind == RuleKind.customer:
        return set(
            _match_sequence([w.lower() for w in raw], [w.lower() for w in needle_words], words)
        )
    found: set[tuple[int, int]] = set()
    for lang in _languages_of(rule, language):
        found |= set(_match_sequence(stems(raw, lang), stems(needle_words, lang), words))
    return found


def check(text: str, language: str, rules: Iterable[Rule]) -> list[Violation]:
    """Every place where ``text`` (written in ``language``) breaks a rule, in text order.

    A rule in one language applies to posts in that language; "*" rules apply to all.
    """
    words = _words(text)
    found: list[Violation] = []
    for rule in rules:
        if rule.language not in ("*", language):
            continue
        for start, end in sorted(_spans(rule, text, words, language)):
            found.append(
                Violation(
                    rule.id,
                    rule.severity,
                    start,
                    end,
                    text[start:end],
                    rule.clause,
                    rule.clause_url,
                )
            )
    return sorted(found, key=lambda v: (v.start, v.end, v.rule_id))


def blocked(violations: Iterable[Violation]) -> bool:
    return any(v.severity == "block" for v in violations)
