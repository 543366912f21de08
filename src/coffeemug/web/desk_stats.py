"""The desk's first numbers per article: totals over employees, never who did what."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from coffeemug.analytics.privacy import Crowd, is_visible
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


@dataclass(frozen=True)
class DueProgress:
    """A must-read's acknowledgements against its due date. ``shown`` is False when fewer than
    k people acknowledged or fewer than k did not: either side would point at a few people."""

    due_at: datetime
    overdue: bool
    shown: bool
    audience: int = 0
    acknowledged: int = 0

    @property
    def share(self) -> float:
        return self.acknowledged / self.audience if self.audience else 0.0


def due_progress(
    session: Session, articles: Sequence[Article], k: int, now: datetime
) -> dict[int, DueProgress]:
    """Progress of each must-read with a due date: acknowledged people of its audience."""
    due = [a for a in articles if a.must_read and a.due_at is not None]
    raw = repository.article_numbers(session, [a.id for a in due])
    result: dict[int, DueProgress] = {}
    for article in due:
        assert article.due_at is not None
        audience = repository.audience_size(
            session,
            article.audience_regions,
            article.audience_business_units,
            article.audience_languages,
        )
        acknowledged = min(raw.get(article.id, {}).get("article_acknowledged:people", 0), audience)
        shown = is_visible(Crowd(floor=acknowledged), k) and is_visible(
            Crowd(floor=audience - acknowledged), k
        )
        result[article.id] = DueProgress(
            due_at=article.due_at,
            overdue=article.due_at <= now,
            shown=shown,
            audience=audience if shown else 0,
            acknowledged=acknowledged if shown else 0,
        )
    return result
