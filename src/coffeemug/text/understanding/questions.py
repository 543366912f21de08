"""Is a text a question waiting for a reply? Hand-written rules for German and English.

A question mark outside a link counts, and so does a sentence that opens with a question word
("warum", "how", ...) or a request for an answer ("weiß jemand", "does anyone"), since comments
often drop the mark.
"""

from __future__ import annotations

import re

_QUESTION_WORDS_TEXT = """
    wer wen wem wessen was wann wo wohin woher warum weshalb wieso weswegen wie welche welcher
    welches welchen welchem wozu womit wofür worüber
    who whom whose what when where why how which"""
QUESTION_WORDS = frozenset(_QUESTION_WORDS_TEXT.split())
REQUEST_OPENERS = (
    "weiß jemand",
    "weiss jemand",
    "kann jemand",
    "kann mir jemand",
    "gibt es",
    "habt ihr",
    "haben sie",
    "könnt ihr",
    "können sie",
    "does anyone",
    "does anybody",
    "can anyone",
    "can someone",
    "can you",
    "could you",
    "is there",
    "are there",
    "do you",
    "did you",
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_LEADING = re.compile(r"^(?:@user|[\s,:;\-–—\"'„“(])+")


def question_reason(text: str) -> str | None:
    """Why the (normalised) text reads as a question, or None."""
    without_links = text.replace("http", " ")
    if "?" in without_links or "¿" in without_links:
        return "question mark"
    for sentence in _SENTENCE.findall(without_links):
        opening = _LEADING.sub("", sentence).lower()
        first = opening.split(maxsplit=1)[0] if opening.split() else ""
        if first in QUESTION_WORDS:
            return f"opens with '{first}'"
        for opener in REQUEST_OPENERS:
            if opening.startswith(opener + " "):
                return f"opens with '{opener}'"
    return None
