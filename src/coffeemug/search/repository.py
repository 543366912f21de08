"""All SQL of search: PostgreSQL full-text search on the articles' own columns (a GIN index per
language, see migration 0015), or the SQLite FTS5 table ``article_search`` kept in step with
the articles."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Row,
    bindparam,
    column,
    func,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session, selectinload

from coffeemug.content.models import Article

# The document as the indexes of migration 0015 hold it; the query must spell it the same way
# for PostgreSQL to use them.
DOCUMENT = "articles.title || ' ' || articles.summary || ' ' || articles.body"
CONFIGS = {"de": "german", "en": "english"}


def _pg_match(config: str) -> tuple[ColumnElement, ColumnElement]:
    """The match condition and ts_rank of the document under one text search configuration."""
    regconfig = literal_column(f"'{config}'::regconfig")
    vector = func.to_tsvector(regconfig, literal_column(DOCUMENT))
    query = func.websearch_to_tsquery(regconfig, bindparam("q"))
    return vector.op("@@")(query), func.ts_rank(vector, query)


def pg_search(
    session: Session,
    query: str,
    visible: ColumnElement,
    language: str | None,
    topic_filter: ColumnElement | None,
    limit: int,
) -> list[tuple[int, float]]:
    """(article id, ts_rank) of visible articles matching ``query``, best first: German
    articles under the German configuration, all others under the English one."""
    found: list[tuple[int, float]] = []
    for lang, config in CONFIGS.items():
        if language and language != lang:
            continue
        match, rank = _pg_match(config)
        # A literal, not a parameter: the planner must see it to use the partial index.
        german = literal_column("'de'")
        in_language = Article.language == german if lang == "de" else Article.language != german
        stmt = select(Article.id, rank).where(in_language, match, visible)
        if topic_filter is not None:
            stmt = stmt.where(topic_filter)
        stmt = stmt.order_by(rank.desc(), Article.id.desc()).limit(limit)
        found.extend((r[0], float(r[1])) for r in session.execute(stmt, {"q": query}))
    return sorted(found, key=lambda r: (-r[1], -r[0]))[:limit]


# --- SQLite: the FTS5 table, kept in step with the articles ---------------------------------


def index_mark(session: Session) -> tuple[Any, ...] | None:
    """What the index was last brought up to: newest change, newest id, number of articles."""
    row = session.execute(
        text("SELECT latest_change, latest_id, articles FROM article_search_mark WHERE id = 1")
    ).first()
    return None if row is None else tuple(row)


def articles_mark(session: Session) -> tuple[Any, ...]:
    row = session.execute(text("SELECT max(updated_at), max(id), count(*) FROM articles")).one()
    return tuple(row)


def changed_articles(session: Session, since: Any) -> Sequence[Row[Any]]:
    """Id, language, title, summary and body of articles changed at or after ``since``."""
    stmt = select(Article.id, Article.language, Article.title, Article.summary, Article.body)
    if since is not None:
        # Compared as stored (ISO text), the form the mark was read in.
        stmt = stmt.where(text("articles.updated_at >= :since").bindparams(since=since))
    return session.execute(stmt).all()


def store_documents(session: Session, rows: Sequence[tuple[int, str, str]]) -> None:
    """Replace the indexed (id, stemmed title, stemmed text) of these articles."""
    for start in range(0, len(rows), 500):
        chunk = rows[start : start + 500]
        session.execute(
            text("DELETE FROM article_search WHERE rowid = :id"), [{"id": r[0]} for r in chunk]
        )
        session.execute(
            text("INSERT INTO article_search (rowid, title, body) VALUES (:id, :title, :body)"),
            [{"id": r[0], "title": r[1], "body": r[2]} for r in chunk],
        )


def drop_deleted(session: Session) -> None:
    session.execute(text("DELETE FROM article_search WHERE rowid NOT IN (SELECT id FROM articles)"))


def save_mark(session: Session, mark: tuple[Any, ...]) -> None:
    session.execute(
        text(
            "INSERT INTO article_search_mark (id, latest_change, latest_id, articles) "
            "VALUES (1, :c, :i, :n) ON CONFLICT (id) DO UPDATE SET latest_change = :c, "
            "latest_id = :i, articles = :n"
        ),
        {"c": mark[0], "i": mark[1], "n": mark[2]},
    )


_FTS = table("article_search", column("rowid"))


def fts_search(
    session: Session,
    match: str,
    visible: ColumnElement,
    language: str | None,
    topic_filter: ColumnElement | None,
    limit: int,
) -> list[tuple[int, float]]:
    """(article id, -bm25) of visible articles matching the FTS5 expression, best first (a
    word in the title counts twice)."""
    score = literal_column("bm25(article_search, 2.0, 1.0)")
    stmt = (
        select(Article.id, score)
        .join(_FTS, _FTS.c.rowid == Article.id)
        .where(literal_column("article_search").op("MATCH")(bindparam("match")), visible)
    )
    if language:
        stmt = stmt.where(Article.language == language)
    if topic_filter is not None:
        stmt = stmt.where(topic_filter)
    stmt = stmt.order_by(score, Article.id.desc()).limit(limit)
    return [(r[0], -float(r[1])) for r in session.execute(stmt, {"match": match})]


def articles(session: Session, ids: Sequence[int]) -> Sequence[Article]:
    """The articles with their topics."""
    if not ids:
        return []
    return session.scalars(
        select(Article).where(Article.id.in_(list(ids))).options(selectinload(Article.topics))
    ).all()
