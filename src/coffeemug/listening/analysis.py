"""What moderation reads from text understanding: labels and the priority of an item."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from coffeemug.text.understanding import Analysis, Topic, analyse

_LINK = re.compile(r"https?://", re.IGNORECASE)
# Age counts for at most two days: older open items are all equally overdue.
MAX_AGE_HOURS = 48.0


@dataclass(frozen=True)
class Labelled:
    """One text's analysis as moderation stores it."""

    language: str
    sentiment: str
    negative: float
    abuse: str | None
    abuse_score: float
    question: bool
    criticism: bool
    spam: bool
    topic_ids: list[str]
    reasons: list[str]
    model_version: str


def is_spam(text: str) -> bool:
    # Link drops are the spam this newsroom sees; the models have no spam head.
    return len(_LINK.findall(text)) >= 2


def labelled(result: Analysis, text: str) -> Labelled:
    negative = float(result.sentiment_scores.get("negative", 0.0))
    spam = is_spam(text)
    # Criticism is negative and not abuse: the kind of item that must be answered, not hidden.
    criticism = result.sentiment == "negative" and result.abuse is None and not spam
    return Labelled(
        language=result.language if result.language != "und" else "und",
        sentiment=result.sentiment,
        negative=round(negative, 4),
        abuse=result.abuse,
        abuse_score=result.abuse_score,
        question=result.question,
        criticism=criticism,
        spam=spam,
        topic_ids=[str(m.topic_id) for m in result.topics],
        reasons=list(result.reasons),
        model_version=result.model_version,
    )


def analyse_texts(
    texts: Sequence[str], languages: Sequence[str | None], topics: Sequence[Topic]
) -> list[Labelled]:
    results = analyse(list(texts), list(languages), topics)
    return [labelled(r, t) for r, t in zip(results, texts, strict=True)]


def priority(
    negative: float,
    reach: int,
    executive: bool,
    open_question: bool,
    abusive: bool,
    posted_at: datetime,
    now: datetime,
) -> float:
    """negative × reach × executive thread × open question × age (see docs/moderation.md)."""
    hours = max(0.0, min(MAX_AGE_HOURS, (now - posted_at).total_seconds() / 3600))
    value = (0.5 + negative) * (1.0 + math.log10(1 + max(0, reach)))
    value *= 2.0 if executive else 1.0
    value *= 1.5 if open_question else 1.0
    value *= 1.5 if abusive else 1.0
    value *= 1.0 + hours / 24.0
    return round(value, 4)
