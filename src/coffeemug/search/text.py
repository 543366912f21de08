"""Words of a text as the SQLite index keeps them: lower case, stemmed per language.

PostgreSQL stems with its own ``german`` and ``english`` configurations; the embedded SQLite
default has no German stemmer in FTS5, so documents and queries are stemmed here with the
Snowball stemmers (the same algorithms PostgreSQL's configurations use).
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"\w+", re.UNICODE)
_STEMMERS = {"de": "german", "en": "english"}
LANGUAGES = tuple(_STEMMERS)


@lru_cache(maxsize=4)
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(_STEMMERS.get(language, "english"))


def words(text: str) -> list[str]:
    """The words of ``text`` in lower case (ß and umlauts kept: the stemmers handle them)."""
    return [w.lower() for w in _WORD.findall(text)]


def stemmed(text: str, language: str) -> str:
    """``text`` as the stems of its words in ``language``, separated by spaces."""
    tokens = words(text)
    return " ".join(_stemmer(language).stemWords(tokens)) if tokens else ""


def query_terms(query: str, languages: tuple[str, ...] = LANGUAGES) -> list[set[str]]:
    """Per word of the query, its stems in each language: a document matches a word when it
    holds any of them."""
    out = []
    for word in words(query):
        stems = {_stemmer(lang).stemWord(word) for lang in languages}
        out.append({s for s in stems if s})
    return [s for s in out if s]
