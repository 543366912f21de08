"""All SQL for topics and articles."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    ColumnElement,
    and_,
    cast,
    delete,
    exists,
    func,
    literal,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.types import String

from coffeemug.content.models import Article, ArticleStatus, Campaign, Topic, article_topics
from coffeemug.content.schemas import ArticleFilters, DeskFilters
from coffeemug.db import is_postgres, utcnow


@dataclass(frozen=True)
class Reader:
    """Whom an article may be targeted at: a region, a business unit and reading languages."""

    region: str
    business_unit: str
    languages: tuple[str, ...]


def _admits(session: Session, column: ColumnElement, values: Sequence[str]) -> ColumnElement:
    """An audience list (JSON array) that is empty (everyone) or names one of ``values``."""
    if is_postgres(session):
        as_jsonb = cast(column, JSONB)
        return or_(
            func.coalesce(func.jsonb_array_length(as_jsonb), 0) == 0,
            as_jsonb.op("?|")(cast(literal(list(values)), ARRAY(String))),
        )
    members = func.json_each(column).table_valued("value")
    return or_(
        func.coalesce(func.json_array_length(column), 0) == 0,
        exists(select(1).select_from(members).where(members.c.value.in_(list(values)))),
    )


def targeted_at(session: Session, reader: Reader) -> ColumnElement:
    """The article's audience includes the reader (empty lists mean everyone)."""
    return and_(
        _admits(session, Article.audience_regions, [reader.region]),
        _admits(session, Article.audience_business_units, [reader.business_unit]),
        _admits(session, Article.audience_languages, reader.languages),
    )


def live_for(session: Session, reader: Reader, now: datetime) -> ColumnElement:
    """Published, due (``publish_at`` passed), not expired, not paused by crisis mode, and
    targeted at the reader."""
    return and_(
        Article.status == ArticleStatus.published.value,
        Article.publish_at <= now,
        or_(Article.expires_at.is_(None), Article.expires_at > now),
        ~paused_by_crisis(),
        targeted_at(session, reader),
    )


def one_version(visible: ColumnElement, reader: Reader) -> ColumnElement:
    """Linked language versions are one story: of those ``visible`` to the reader, the original
    if they read its language, otherwise a translation in a language they read."""
    read = Article.language.in_(reader.languages)
    # correlate(None): each subquery reads the articles table on its own, not the outer row.
    originals_read = select(Article.id).where(visible, read).correlate(None)
    translated_for_them = (
        select(Article.translation_of)
        .where(visible, read, Article.translation_of.is_not(None))
        .correlate(None)
    )
    return and_(
        or_(Article.translation_of.is_(None), Article.translation_of.not_in(originals_read)),
        or_(read, Article.translation_of.is_not(None), Article.id.not_in(translated_for_them)),
    )


def listed_for(session: Session, reader: Reader, now: datetime) -> ColumnElement:
    """What the reader's article list shows: live, targeted at them, one version per story."""
    live = live_for(session, reader, now)
    return and_(live, one_version(live, reader))


def paused_by_crisis() -> ColumnElement:
    """The article was due to go live after crisis mode started on one of its topics: it waits
    until the crisis is lifted (articles live before the crisis stay live)."""
    return exists(
        select(1)
        .select_from(article_topics.join(Topic, Topic.id == article_topics.c.topic_id))
        .where(
            article_topics.c.article_id == Article.id,
            Topic.crisis_since.is_not(None),
            Article.publish_at >= Topic.crisis_since,
        )
    )


def touch_scheduled_articles(session: Session, topic_id: str) -> None:
    """Mark the topic's published articles as changed, so caches of live articles rebuild
    when crisis mode starts or ends."""
    ids = select(article_topics.c.article_id).where(article_topics.c.topic_id == topic_id)
    session.execute(
        update(Article)
        .where(Article.id.in_(ids), Article.status == ArticleStatus.published.value)
        .values(updated_at=utcnow())
    )


def shown_before(session: Session, reader: Reader, now: datetime) -> ColumnElement:
    """Targeted at the reader and published at some time up to now: live, or since expired or
    archived. Events may arrive late for such an article; a draft or a scheduled one never
    had any."""
    return and_(
        Article.status.in_([ArticleStatus.published.value, ArticleStatus.archived.value]),
        Article.publish_at <= now,
        targeted_at(session, reader),
    )


_CHUNK = 900  # below SQLite's limit of bound parameters per statement


def article_ids_where(
    session: Session, article_ids: Iterable[int], condition: ColumnElement
) -> set[int]:
    """Which of these articles meet ``condition``."""
    ids = sorted(set(article_ids))
    found: set[int] = set()
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        found.update(session.scalars(select(Article.id).where(Article.id.in_(chunk), condition)))
    return found


def existing_article_ids(session: Session, article_ids: Iterable[int]) -> set[int]:
    """Which of these ids are stored articles."""
    return article_ids_where(session, article_ids, true())


def list_topics(session: Session) -> Sequence[Topic]:
    return session.scalars(select(Topic).order_by(Topic.id)).all()


def get_topic(session: Session, topic_id: str) -> Topic | None:
    return session.get(Topic, topic_id)


def topic_ids_in_crisis(session: Session) -> set[str]:
    rows = session.scalars(select(Topic.id).where(Topic.crisis_since.is_not(None)))
    return set(rows)


def topics_by_id(session: Session, topic_ids: Iterable[str]) -> dict[str, Topic]:
    ids = list(set(topic_ids))
    if not ids:
        return {}
    return {t.id: t for t in session.scalars(select(Topic).where(Topic.id.in_(ids)))}


def campaign_exists(session: Session, campaign_id: int) -> bool:
    return session.get(Campaign, campaign_id) is not None


def get_article(session: Session, article_id: int) -> Article | None:
    return session.scalars(
        select(Article).where(Article.id == article_id).options(selectinload(Article.topics))
    ).first()


def delete_article(session: Session, article_id: int) -> bool:
    """Delete the article; its topic links, effort and what else depends go with it (foreign
    keys). False if it was gone already."""
    result = session.execute(delete(Article).where(Article.id == article_id))
    return bool(result.rowcount)


def get_article_by_external_id(session: Session, external_id: str) -> Article | None:
    return session.scalars(
        select(Article)
        .where(Article.external_id == external_id)
        .options(selectinload(Article.topics))
    ).first()


def articles_by_external_id(session: Session, external_ids: Sequence[str]) -> dict[str, Article]:
    found: dict[str, Article] = {}
    for start in range(0, len(external_ids), 500):
        chunk = external_ids[start : start + 500]
        rows = session.scalars(
            select(Article)
            .where(Article.external_id.in_(chunk))
            .options(selectinload(Article.topics))
        )
        found.update({a.external_id: a for a in rows if a.external_id})
    return found


def list_articles(
    session: Session, filters: ArticleFilters, *, visible: ColumnElement | None = None
) -> tuple[Sequence[Article], int]:
    """Articles matching the filters (and ``visible``, the reader's condition, if given)."""
    query = select(Article)
    if visible is not None:
        query = query.where(visible)
    if filters.status is not None:
        query = query.where(Article.status == filters.status.value)
    if filters.language is not None:
        query = query.where(Article.language == filters.language.value)
    if filters.must_read is not None:
        query = query.where(Article.must_read == filters.must_read)
    if filters.campaign_id is not None:
        query = query.where(Article.campaign_id == filters.campaign_id)
    if filters.topic:
        query = query.where(
            Article.id.in_(
                select(article_topics.c.article_id).where(
                    article_topics.c.topic_id == filters.topic
                )
            )
        )
    if filters.q:
        pattern = f"%{filters.q.lower()}%"
        query = query.where(
            func.lower(Article.title).like(pattern) | func.lower(Article.summary).like(pattern)
        )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.options(selectinload(Article.topics))
        .order_by(Article.publish_at.desc(), Article.id.desc())
        .limit(filters.limit)
        .offset(filters.offset)
    ).all()
    return rows, total


def desk_articles(
    session: Session,
    author_id: int | None,
    limit: int,
    offset: int,
    filters: DeskFilters | None = None,
    now: datetime | None = None,
) -> tuple[Sequence[Article], int]:
    """One page of articles, the latest edited first (by one author, or all, narrowed by the
    desk's filters), and how many there are."""
    stmt = select(Article)
    if author_id is not None:
        stmt = stmt.where(Article.author_id == author_id)
    if filters is not None:
        stmt = _desk_filtered(stmt, filters, now)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(
        stmt.order_by(Article.updated_at.desc(), Article.id.desc()).limit(limit).offset(offset)
    ).all()
    return rows, total


def _desk_filtered(stmt, filters: DeskFilters, now: datetime | None):  # type: ignore[no-untyped-def]
    if filters.q:
        # Escaped: a % or _ the editor types is searched for, not a wildcard.
        needle = filters.q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(func.lower(Article.title).like(f"%{needle}%", escape="\\"))
    if filters.language:
        stmt = stmt.where(Article.language == filters.language.value)
    if filters.campaign_id is not None:
        stmt = stmt.where(Article.campaign_id == filters.campaign_id)
    if filters.author_id is not None:
        stmt = stmt.where(Article.author_id == filters.author_id)
    if filters.status in ("draft", "archived"):
        stmt = stmt.where(Article.status == filters.status)
    elif filters.status == "scheduled" and now is not None:
        stmt = stmt.where(Article.status == ArticleStatus.published.value, Article.publish_at > now)
    elif filters.status == "published" and now is not None:
        stmt = stmt.where(
            Article.status == ArticleStatus.published.value, Article.publish_at <= now
        )
    return stmt


def not_shareable(session: Session, article_ids: Sequence[int]) -> set[int]:
    if not article_ids:
        return set()
    stmt = select(Article.id).where(Article.id.in_(article_ids), Article.shareable.is_(False))
    return set(session.scalars(stmt))


def versions_of(session: Session, original_id: int) -> Sequence[Article]:
    """The translations of an article (not the original itself)."""
    return session.scalars(
        select(Article).where(Article.translation_of == original_id).order_by(Article.id)
    ).all()
