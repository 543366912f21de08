"""The desk's first numbers per article: totals over employees, never who did what."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from coffeemug.content.models import Article
from coffeemug.web import repository


@dataclass(frozen=True)
class ArticleNumbers:
    article_id: int
    # False when fewer than k employees saw the article: then every figure stays hidden,
    # because with a handful of readers a total points at a person.
    shown: bool
    impressions: int = 0
    unique_readers: int = 0
    open_rate: float | None = None
    likes: int = 0
    dismissals: int = 0
    acknowledgement_rate: float | None = None


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def numbers_for(session: Session, articles: Sequence[Article], k: int) -> dict[int, ArticleNumbers]:
    """Figures for each article, suppressed below ``k`` distinct employees reached."""
    raw = repository.article_numbers(session, [a.id for a in articles])
    result: dict[int, ArticleNumbers] = {}
    for article in articles:
        counts = raw.get(article.id, {})
        reached = counts.get("article_impressed:people", 0)
        readers = counts.get("article_opened:people", 0)
        if max(reached, readers) < k:
            result[article.id] = ArticleNumbers(article.id, shown=False)
            continue
        acknowledged = counts.get("article_acknowledged:people", 0)
        result[article.id] = ArticleNumbers(
            article_id=article.id,
            shown=True,
            impressions=counts.get("article_impressed:events", 0),
            unique_readers=readers,
            open_rate=_rate(readers, reached),
            likes=counts.get("article_liked:people", 0),
            dismissals=counts.get("article_dismissed:people", 0),
            acknowledgement_rate=_rate(acknowledged, reached) if article.must_read else None,
        )
    return result
