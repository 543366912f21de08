"""Search: the articles a reader may see that match a query, best first."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from coffeemug.content import repository as content_repository
from coffeemug.content import service as content
from coffeemug.content.models import Article, article_topics
from coffeemug.db import is_postgres, utcnow
from coffeemug.people.models import Employee
from coffeemug.search import repository
from coffeemug.search.schemas import SearchHit, SearchRead
from coffeemug.search.text import query_terms, stemmed

DEFAULT_LIMIT = 20


def search(
    session: Session,
    employee: Employee,
    query: str,
    *,
    topic: str | None = None,
    language: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> SearchRead:
    """Articles matching ``query`` that the employee may read now (live and targeted at them;
    never a draft, a scheduled or an archived article, even for editors: this is the readers'
    search), optionally of one topic and language."""
    query = query.strip()
    if not query:
        return SearchRead(query=query, hits=[])
    visible = content_repository.live_for(session, content.reader_of(session, employee), utcnow())
    topic_filter = None
    if topic:
        topic_filter = exists(
            select(1).where(
                article_topics.c.article_id == Article.id, article_topics.c.topic_id == topic
            )
        )
    if is_postgres(session):
        found = repository.pg_search(session, query, visible, language, topic_filter, limit)
    else:
        match = _fts_expression(query)
        if not match:
            return SearchRead(query=query, hits=[])
        refresh_index(session)
        found = repository.fts_search(session, match, visible, language, topic_filter, limit)
    return SearchRead(query=query, hits=_hits(session, found))


def _fts_expression(query: str) -> str:
    """Every word of the query must match (as its German or English stem); each stem is
    quoted, so nothing in the query is read as FTS5 syntax."""
    return " AND ".join(
        "(" + " OR ".join(f'"{stem}"' for stem in sorted(stems)) + ")"
        for stems in query_terms(query)
    )


def _hits(session: Session, found: Sequence[tuple[int, float]]) -> list[SearchHit]:
    articles = {a.id: a for a in repository.articles(session, [a for a, _ in found])}
    return [
        SearchHit(
            article_id=article_id,
            title=articles[article_id].title,
            summary=articles[article_id].summary,
            language=articles[article_id].language,
            topics=[t.id for t in articles[article_id].topics],
            published_at=articles[article_id].publish_at,
            rank=round(rank, 6),
        )
        for article_id, rank in found
        if article_id in articles
    ]


def refresh_index(session: Session) -> None:
    """Bring the SQLite FTS5 index up to the articles: re-index what changed since the last
    refresh and drop deleted ones. Two cheap queries when nothing changed."""
    mark = repository.articles_mark(session)
    seen = repository.index_mark(session)
    if seen is not None and tuple(map(str, seen)) == tuple(map(str, mark)):
        return
    since = None if seen is None else seen[0]
    rows = repository.changed_articles(session, since)
    repository.store_documents(
        session,
        [
            (r.id, stemmed(r.title, r.language), stemmed(f"{r.summary} {r.body}", r.language))
            for r in rows
        ],
    )
    if seen is None or str(seen[2]) != str(mark[2]) or rows:
        repository.drop_deleted(session)
    repository.save_mark(session, mark)
    session.flush()
