"""All SQL of the feed: live articles, colleagues' counters, learned profiles, budgets."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

import orjson
from sqlalchemy import (
    ARRAY,
    Integer,
    Row,
    Text,
    bindparam,
    cast,
    func,
    literal,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from coffeemug.content.models import Article, Topic, article_topics
from coffeemug.db import dialect_insert, is_postgres, utcnow
from coffeemug.feed.models import ArticleStats, DailyBudget, LearnedProfile

_CHUNK = 900  # below SQLite's limit of bound parameters per statement


# --- live articles -------------------------------------------------------------------------


def content_fingerprint(session: Session) -> tuple[Any, ...]:
    """Cheap summary that changes whenever an article is added, changed or removed."""
    # Separate scalar subqueries, so each is answered from an index (SQLite would scan the
    # table for one combined aggregate).
    row = session.execute(
        select(
            select(func.count()).select_from(Article).scalar_subquery(),
            select(func.max(Article.updated_at)).scalar_subquery(),
            select(func.max(Article.id)).scalar_subquery(),
        )
    ).one()
    return (row[0], str(row[1]), row[2])


def published_articles(session: Session, now: datetime) -> Sequence[Row[Any]]:
    """Published articles that have not expired yet (scheduled ones included)."""
    return session.execute(
        select(
            Article.id,
            Article.title,
            Article.summary,
            Article.language,
            Article.publish_at,
            Article.expires_at,
            Article.must_read,
            Article.priority,
            Article.audience_regions,
            Article.audience_business_units,
            Article.audience_languages,
            Article.embedding,
        )
        .where(
            Article.status == "published",
            or_(Article.expires_at.is_(None), Article.expires_at > now),
        )
        .order_by(Article.id)
    ).all()


def topics_of_articles(
    session: Session, article_ids: Sequence[int] | None = None
) -> dict[int, list[str]]:
    """Topic ids per article; all articles when ``article_ids`` is None."""
    query = select(article_topics.c.article_id, article_topics.c.topic_id).order_by(
        article_topics.c.article_id, article_topics.c.topic_id
    )
    out: dict[int, list[str]] = {}
    if article_ids is None:
        batches: Iterable[Any] = [session.execute(query)]
    else:
        ids = list(set(article_ids))
        batches = (
            session.execute(query.where(article_topics.c.article_id.in_(ids[s : s + _CHUNK])))
            for s in range(0, len(ids), _CHUNK)
        )
    for rows in batches:
        for article_id, topic_id in rows:
            out.setdefault(article_id, []).append(topic_id)
    return out


def article_features(
    session: Session, article_ids: Iterable[int]
) -> dict[int, tuple[tuple[str, ...], bytes | None]]:
    """Topics and embedding per article, for learning from feedback."""
    ids = list(set(article_ids))
    topics = topics_of_articles(session, ids)
    out: dict[int, tuple[tuple[str, ...], bytes | None]] = {}
    for start in range(0, len(ids), _CHUNK):
        rows = session.execute(
            select(Article.id, Article.embedding).where(Article.id.in_(ids[start : start + _CHUNK]))
        )
        for article_id, embedding in rows:
            out[article_id] = (tuple(topics.get(article_id, ())), embedding)
    return out


def topic_rows(session: Session) -> list[tuple[str, str, str, bool]]:
    """(id, name_de, name_en, mandatory) of every topic."""
    rows = session.execute(select(Topic.id, Topic.name_de, Topic.name_en, Topic.mandatory))
    return [(r[0], r[1], r[2], bool(r[3])) for r in rows]


# --- colleagues' counters ------------------------------------------------------------------


def stats_for_segments(
    session: Session, segments: Sequence[str], now: datetime | None = None
) -> dict[str, dict[int, tuple[float, float]]]:
    """Impressions and engagements per published, unexpired article, for each segment."""
    now = now or utcnow()
    out: dict[str, dict[int, tuple[float, float]]] = {s: {} for s in segments}
    rows = session.execute(
        select(
            ArticleStats.segment,
            ArticleStats.article_id,
            ArticleStats.impressions,
            ArticleStats.engagements,
        )
        .join(Article, Article.id == ArticleStats.article_id)
        .where(
            ArticleStats.segment.in_(list(segments)),
            Article.status == "published",
            or_(Article.expires_at.is_(None), Article.expires_at > now),
        )
    )
    for segment, article_id, impressions, engagements in rows:
        out[segment][article_id] = (float(impressions), float(engagements))
    return out


# PostgreSQL takes a whole batch as one JSON document: one statement, one round trip, and no
# client-side quoting of array elements (which costs more than the statement itself).
_PG_ADD_STATS = text(
    "INSERT INTO article_stats (article_id, segment, impressions, engagements) "
    "SELECT r.article_id, r.segment, r.impressions, r.engagements "
    "FROM json_to_recordset(CAST(:rows AS json)) "
    "AS r(article_id integer, segment varchar, impressions float8, engagements float8) "
    "ON CONFLICT (article_id, segment) DO UPDATE SET "
    "impressions = article_stats.impressions + excluded.impressions, "
    "engagements = article_stats.engagements + excluded.engagements"
)
_PG_ENSURE_PROFILES = text(
    "INSERT INTO learned_profiles (employee_id, state, version, updated_at) "
    "SELECT e, CAST('{}' AS json), 0, :now FROM unnest(CAST(:ids AS integer[])) AS e "
    "ON CONFLICT (employee_id) DO NOTHING"
)
_PG_SAVE_PROFILES = text(
    "UPDATE learned_profiles AS p SET state = u.state, version = p.version + 1, "
    "updated_at = :now FROM (SELECT CAST(e.key AS integer) AS employee_id, e.value AS state "
    "FROM json_each(CAST(:states AS json)) AS e) AS u WHERE p.employee_id = u.employee_id"
)


_STATS_FIELDS = ("article_id", "segment", "impressions", "engagements")


def add_to_stats(session: Session, deltas: Mapping[tuple[int, str], tuple[float, float]]) -> None:
    """Atomically add impressions and engagements (insert or increment, one statement)."""
    if not deltas:
        return
    # A fixed order of keys keeps two concurrent batches from deadlocking on PostgreSQL.
    keys = sorted(deltas)
    if is_postgres(session):
        rows = [[k[0], k[1], deltas[k][0], deltas[k][1]] for k in keys]
        payload = orjson.dumps(
            [dict(zip(_STATS_FIELDS, row, strict=True)) for row in rows]
        ).decode()
        session.execute(_PG_ADD_STATS, {"rows": payload})
        return
    insert = dialect_insert(session)
    table = ArticleStats.__table__
    rows = [
        {"article_id": k[0], "segment": k[1], "impressions": v[0], "engagements": v[1]}
        for k, v in ((k, deltas[k]) for k in keys)
    ]
    # One cached statement run as executemany: no per-call compilation of a VALUES list.
    stmt = insert(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.article_id, table.c.segment],
        set_={
            "impressions": table.c.impressions + stmt.excluded.impressions,
            "engagements": table.c.engagements + stmt.excluded.engagements,
        },
    )
    session.execute(stmt, rows)


# --- learned profiles ----------------------------------------------------------------------


def ensure_profiles(session: Session, employee_ids: Sequence[int]) -> None:
    """Create empty profile rows where missing, so every update below can lock and guard one."""
    if not employee_ids:
        return
    if is_postgres(session):
        session.execute(_PG_ENSURE_PROFILES, {"ids": sorted(set(employee_ids)), "now": utcnow()})
        return
    insert = dialect_insert(session)
    table = LearnedProfile.__table__
    now = utcnow()
    rows = [
        {"employee_id": e, "state": {}, "version": 0, "updated_at": now}
        for e in sorted(set(employee_ids))
    ]
    session.execute(insert(table).on_conflict_do_nothing(), rows)


def load_profiles(
    session: Session, employee_ids: Sequence[int], *, lock: bool
) -> dict[int, tuple[dict[str, Any], int]]:
    """State and version per employee; ``lock`` takes row locks (PostgreSQL) until commit."""
    table = LearnedProfile.__table__
    ids = sorted(set(employee_ids))
    out: dict[int, tuple[dict[str, Any], int]] = {}
    if is_postgres(session):
        # One array parameter; states come as text for orjson, far faster than the driver's
        # json.loads on batches of large documents.
        query = (
            select(table.c.employee_id, cast(table.c.state, Text), table.c.version)
            .where(
                table.c.employee_id == func.any(cast(literal(ids, ARRAY(Integer)), ARRAY(Integer)))
            )
            .order_by(table.c.employee_id)
        )
        if lock:
            query = query.with_for_update(of=table)
        for employee_id, state, version in session.execute(query):
            out[employee_id] = (orjson.loads(state) if state else {}, version)
        return out
    for start in range(0, len(ids), _CHUNK):
        query = (
            select(table.c.employee_id, table.c.state, table.c.version)
            .where(table.c.employee_id.in_(ids[start : start + _CHUNK]))
            .order_by(table.c.employee_id)
        )
        for employee_id, state, version in session.execute(query):
            out[employee_id] = (state or {}, version)
    return out


def get_profile_row(
    session: Session, employee_id: int, *, lock: bool = False
) -> tuple[dict[str, Any], int, Any] | None:
    """State, version and update time; ``lock`` holds the row (PostgreSQL) until commit."""
    table = LearnedProfile.__table__
    query = select(table.c.state, table.c.version, table.c.updated_at).where(
        table.c.employee_id == employee_id
    )
    if lock and is_postgres(session):
        query = query.with_for_update()
    row = session.execute(query).first()
    return None if row is None else (row[0] or {}, row[1], row[2])


def save_profiles(
    session: Session, updates: Sequence[tuple[int, int, dict[str, Any]]]
) -> list[int]:
    """Write (employee_id, expected_version, state); returns the ids whose version had moved."""
    table = LearnedProfile.__table__
    now = utcnow()
    stmt = (
        update(table)
        .where(table.c.employee_id == bindparam("b_id"), table.c.version == bindparam("b_version"))
        .values(state=bindparam("b_state"), version=table.c.version + 1, updated_at=now)
    )
    ordered = sorted(updates, key=lambda u: u[0])
    if is_postgres(session):
        # Rows are locked FOR UPDATE, so the version guard cannot fail: one statement for all.
        # One JSON object {employee_id: state}; keys in id order, so rows are updated in a
        # fixed order.
        states = orjson.dumps({str(u[0]): u[2] for u in ordered}).decode()
        session.execute(_PG_SAVE_PROFILES, {"states": states, "now": now})
        return []
    params = [{"b_id": e, "b_version": v, "b_state": s} for e, v, s in ordered]
    lost = []
    for p in params:
        if session.execute(stmt, p).rowcount != 1:
            lost.append(p["b_id"])
    return lost


# --- daily budget --------------------------------------------------------------------------


def shown_on(session: Session, employee_id: int, day: date) -> int:
    return (
        session.scalar(
            select(DailyBudget.shown).where(
                DailyBudget.employee_id == employee_id, DailyBudget.day == day
            )
        )
        or 0
    )


def add_shown(session: Session, employee_id: int, day: date, count: int) -> None:
    insert = dialect_insert(session)
    table = DailyBudget.__table__
    stmt = insert(table).values(employee_id=employee_id, day=day, shown=count)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.employee_id, table.c.day],
        set_={"shown": table.c.shown + stmt.excluded.shown},
    )
    session.execute(stmt)
