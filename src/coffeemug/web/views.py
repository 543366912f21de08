"""What a feed card shows, built from the feed service's items or from articles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_datetime

from coffeemug.content.models import Article
from coffeemug.feed.schemas import FeedItem, Picture


@dataclass(frozen=True)
class TopicChip:
    id: str
    name: str


@dataclass(frozen=True)
class CardView:
    article_id: int
    title: str
    summary: str
    topics: list[TopicChip]
    language: str
    published_at: datetime | None
    reason: str = ""
    must_read: bool = False
    shareable: bool = True
    liked: bool = False
    saved: bool = False
    author: str | None = None
    reading_minutes: int | None = None
    picture: Picture | None = None
    local_time: str = ""  # publication time in the reader's time zone


def _chips(ids: Sequence[str], names: Mapping[str, str]) -> list[TopicChip]:
    return [TopicChip(i, names.get(i, i)) for i in ids]


def card_from_item(
    item: FeedItem,
    names: Mapping[str, str],
    shareable: bool = True,
    liked: bool = False,
    saved: bool = False,
    local_time: str = "",
) -> CardView:
    return CardView(
        article_id=item.article_id,
        title=item.title,
        summary=item.summary,
        topics=_chips(item.topics, names),
        language=item.language,
        published_at=item.published_at,
        reason=item.reason,
        must_read=item.must_read,
        shareable=shareable,
        liked=liked,
        saved=saved,
        author=item.author,
        reading_minutes=item.reading_minutes,
        picture=item.picture,
        local_time=local_time,
    )


def card_from_article(
    article: Article, names: Mapping[str, str], liked: bool = False, saved: bool = False
) -> CardView:
    return CardView(
        article_id=article.id,
        title=article.title,
        summary=article.summary,
        topics=_chips([t.id for t in article.topics], names),
        language=article.language,
        published_at=article.publish_at,
        must_read=article.must_read,
        shareable=article.shareable,
        liked=liked,
        saved=saved,
    )


def sort_key(name: str, language: str) -> tuple[str, str]:
    """Sort names as a reader of ``language`` expects: German umlauts with their base letter
    ("Ökologie" after "Nachhaltigkeit", not after "Zoll"), case ignored."""
    folded = name.casefold()
    if language == "de":
        folded = folded.replace("ä", "a").replace("ö", "o").replace("ü", "u").replace("ß", "ss")
    return folded, name


def local_time(value: datetime | None, zone: str, language: str) -> str:
    """``value`` as a short date and time in the time zone ``zone`` (UTC if unknown)."""
    if value is None:
        return ""
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        tz = ZoneInfo("UTC")
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return format_datetime(aware, format="short", tzinfo=tz, locale=language)
