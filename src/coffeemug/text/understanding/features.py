"""What the models read from a text: a normalised form, n-gram counts and lexicon scores.

The same functions build the vocabularies at training time and the features at run time, so
training and inference can never drift apart.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# Longer texts are cut here: the models were trained on tweets, and a cap keeps the time per
# text bounded (a 1 MB paste costs the same as a long comment).
MAX_CHARS = 2000
CHAR_ORDERS = (1, 2, 3, 4, 5)

_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_MENTION = re.compile(r"@\w+")
_URL = re.compile(r"https?://\S*|www\.\S+")
_REPEATED_MENTION = re.compile(r"(?:@user\s*){2,}")
_SPACE = re.compile(r"\s+")
_PLACEHOLDER = re.compile(r"@user|(?<!\w)http(?!\w)")
_TOKEN = re.compile(r"[#@]?\w+|[^\w\s]", re.UNICODE)
_LEX_TOKEN = re.compile(r"\w+|n't|[^\w\s]+", re.UNICODE)

# Words that turn the polarity of the next few words around (hand-written, German and English).
_NEGATORS_TEXT = """
    not no never nothing nobody none nor neither without cannot n't dont didnt doesnt isnt
    wasnt arent werent cant wont couldnt shouldnt wouldnt aint
    nicht kein keine keinen keinem keiner keines nie niemals nichts niemand ohne weder"""
NEGATORS = frozenset(_NEGATORS_TEXT.split())
NEGATION_WINDOW = 3


def normalise(text: str) -> str:
    """One form for every text: literal ``\\uXXXX`` escapes decoded, mentions and links
    replaced by placeholders, white space collapsed, capped at ``MAX_CHARS``."""
    text = text[: MAX_CHARS * 2]
    if "\\u" in text:
        text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    text = _URL.sub("http", _MENTION.sub("@user", text))
    text = _REPEATED_MENTION.sub("@user ", text)
    return _SPACE.sub(" ", text).strip()[:MAX_CHARS]


def char_ngrams(text: str) -> list[str]:
    """Lower-cased character n-grams (orders 1-5) inside each word padded with spaces."""
    grams: list[str] = []
    for word in text.lower().split():
        padded = f" {word} "
        size = len(padded)
        for n in CHAR_ORDERS:
            grams.extend(padded[i : i + n] for i in range(size - n + 1))
    return grams


def word_ngrams(text: str) -> list[str]:
    """Lower-cased words, hashtags, mentions and punctuation marks, and their pairs."""
    tokens = _TOKEN.findall(text.lower())
    return tokens + [f"{a} {b}" for a, b in itertools.pairwise(tokens)]


def is_emoji(char: str) -> bool:
    code = ord(char)
    return unicodedata.category(char) == "So" or 0x1F000 <= code <= 0x1FAFF


def has_content(text: str) -> bool:
    """True where a normalised text has anything to judge besides mention and link
    placeholders: a letter, digit or emoji."""
    return any(ch.isalnum() or is_emoji(ch) for ch in _PLACEHOLDER.sub(" ", text))


class Lexicon:
    """Word polarities in [-1, 1] from one or more sources (one feature block per source).

    Per source: positive sum, negative sum, positive count, negative count, strongest positive,
    strongest negative, last polarity, negated hits, total. A negator up to three words before
    a word flips and damps its polarity.
    """

    FEATURES_PER_SOURCE = 9

    def __init__(self, entries: Mapping[str, Mapping[str, float]]) -> None:
        self.sources = sorted(entries)
        self.entries = {source: dict(entries[source]) for source in self.sources}

    @property
    def dim(self) -> int:
        return len(self.sources) * self.FEATURES_PER_SOURCE

    @classmethod
    def load(cls, path: Path) -> Lexicon:
        entries: dict[str, dict[str, float]] = {}
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("#") or not line.strip():
                    continue
                word, polarity, source = line.rstrip("\n").split("\t")
                entries.setdefault(source, {})[word] = float(polarity)
        return cls(entries)

    def save(self, path: Path) -> None:
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            handle.write("# word\tpolarity in [-1, 1]\tsource (see docs/models.md)\n")
            for source in self.sources:
                for word in sorted(self.entries[source]):
                    handle.write(f"{word}\t{self.entries[source][word]:.4f}\t{source}\n")

    def hits(self, text: str, language: str | None = None) -> list[tuple[str, float]]:
        """(word, polarity after negation) for every lexicon word in the text, from the
        source of ``language`` where there is one, else from every source."""
        tokens = _lex_tokens(text)
        sources = [language] if language in self.entries else self.sources
        found = []
        for i, token in enumerate(tokens):
            values = [self.entries[s][token] for s in sources if token in self.entries[s]]
            if values:
                found.append((token, _negated(tokens, i, sum(values) / len(values))))
        return found

    def features(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            tokens = _lex_tokens(text)
            for block, source in enumerate(self.sources):
                out[row, block * 9 : block * 9 + 9] = _block(tokens, self.entries[source])
        return out


def _lex_tokens(text: str) -> list[str]:
    tokens = []
    for token in _LEX_TOKEN.findall(text.lower()):
        if len(token) > 1 and all(is_emoji(ch) for ch in token):
            tokens.extend(token)  # a run of emoji is several signals
        else:
            tokens.append(token)
    return tokens


def _negated(tokens: Sequence[str], i: int, value: float) -> float:
    window = tokens[max(0, i - NEGATION_WINDOW) : i]
    if any(t in NEGATORS or t.endswith("n't") for t in window):
        return -0.7 * value
    return value


def _block(tokens: Sequence[str], lexicon: Mapping[str, float]) -> list[float]:
    values, negated = [], 0
    for i, token in enumerate(tokens):
        value = lexicon.get(token)
        if value is None:
            continue
        turned = _negated(tokens, i, value)
        negated += turned != value
        values.append(turned)
    if not values:
        return [0.0] * 9
    pos = [v for v in values if v > 0]
    neg = [v for v in values if v < 0]
    return [
        sum(pos),
        -sum(neg),
        len(pos),
        len(neg),
        max(values),
        min(values),
        values[-1],
        negated,
        sum(values),
    ]


@dataclass
class Rows:
    """Sparse rows (compressed sparse row layout) of TF-IDF weights, unit length each."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    width: int

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def subset(self, rows: np.ndarray) -> Rows:
        starts, ends = self.indptr[rows], self.indptr[rows + 1]
        take = np.concatenate([np.arange(a, b) for a, b in zip(starts, ends, strict=True)] or [[]])
        take = take.astype(np.int64)
        indptr = np.concatenate([[0], np.cumsum(ends - starts)]).astype(np.int64)
        return Rows(indptr, self.indices[take], self.data[take], self.width)

    def row_of(self) -> np.ndarray:
        """The row number of each stored value."""
        return np.repeat(np.arange(len(self)), np.diff(self.indptr))

    def dot(self, weights: np.ndarray) -> np.ndarray:
        """(rows, k): each sparse row times the (width, k) weight matrix."""
        products = self.data[:, None] * weights[self.indices]
        row_of = self.row_of()
        columns = [
            np.bincount(row_of, products[:, j], minlength=len(self))
            for j in range(weights.shape[1])
        ]
        return np.stack(columns, axis=1) if columns else np.zeros((len(self), 0))


class Vocabulary:
    """Terms of one sparse view with their inverse document frequencies."""

    def __init__(self, terms: Sequence[str], idf: np.ndarray) -> None:
        self.terms = list(terms)
        self.index = {term: i for i, term in enumerate(self.terms)}
        self.idf = np.asarray(idf, dtype=np.float64)

    def transform(self, gram_lists: Iterable[Sequence[str]]) -> Rows:
        indptr, columns, counts = [0], [], []
        index, vocabulary = self.index, self.index.keys()
        for grams in gram_lists:
            found = Counter(grams)
            known = sorted(found.keys() & vocabulary)  # set intersection in C; sorted: stable
            columns.extend(index[gram] for gram in known)
            counts.extend(found[gram] for gram in known)
            indptr.append(len(columns))
        index = np.asarray(columns, np.int64)
        rows = Rows(np.asarray(indptr, np.int64), index, np.zeros(0), len(self.terms))
        # sublinear term frequency times idf, each row scaled to unit length
        data = (1.0 + np.log(np.asarray(counts, np.float64))) * self.idf[index]
        row_of = rows.row_of()
        norms = np.sqrt(np.bincount(row_of, data * data, minlength=len(rows)))
        norms[norms == 0] = 1.0
        rows.data = data / norms[row_of]
        return rows


@dataclass
class Features:
    """Everything the heads read from a batch of normalised texts."""

    embeddings: np.ndarray  # (n, encoder dim), unit rows
    lexicon: np.ndarray  # (n, lexicon dim), raw
    char: Rows
    word: Rows

    def __len__(self) -> int:
        return len(self.embeddings)

    def subset(self, rows: np.ndarray) -> Features:
        rows = np.asarray(rows, dtype=np.int64)
        return Features(
            self.embeddings[rows],
            self.lexicon[rows],
            self.char.subset(rows),
            self.word.subset(rows),
        )
