"""Linked language versions of one story: their figures added up for the desk.

The versions' sum is shown only where every version's own figures are shown: a sum with a
hidden version would reveal it by subtraction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from coffeemug.analytics import service as analytics
from coffeemug.content import service as content
from coffeemug.content.models import Article
from coffeemug.settings import Settings


@dataclass(frozen=True)
class StoryFigures:
    languages: tuple[str, ...]
    shown: bool
    impressions: int = 0
    likes: int = 0
    acknowledgements: int = 0


def story_figures(
    session: Session, settings: Settings, articles: Sequence[Article]
) -> dict[int, StoryFigures]:
    """For each listed article that has language versions: the versions' figures summed."""
    groups: dict[int, list[Article]] = {}
    for article in articles:
        if article.translation_of is None and not content.has_versions(session, article.id):
            continue
        versions = content.versions_of(session, article)
        groups[article.id] = versions
    ids = sorted({v.id for versions in groups.values() for v in versions})
    figures = analytics.article_figures(session, settings, ids) if ids else {}
    result = {}
    for article_id, versions in groups.items():
        mine = [figures[v.id] for v in versions if v.id in figures]
        shown = len(mine) == len(versions) and all(f.shown for f in mine)
        languages = tuple(v.language for v in versions)
        if not shown:
            result[article_id] = StoryFigures(languages, False)
            continue
        result[article_id] = StoryFigures(
            languages,
            True,
            impressions=sum(f.impressions for f in mine),
            likes=sum(f.likes for f in mine),
            acknowledgements=sum(f.acknowledgements for f in mine),
        )
    return result
