"""All SQL of the feed: live articles, colleagues' counters, learned profiles, budgets."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

import numpy as np
import orjson
from sqlalchemy import (
    ARRAY,
    Integer,
    Row,
    Text,
    bindparam,
    cast,
    distinct,
    func,
    literal,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import Session

from coffeemug.content import repository as content_repository
from coffeemug.content.models import Article, Topic, article_topics
from coffeemug.db import dialect_insert, is_postgres, utcnow
from coffeemug.events import repository as events_repository
from coffeemug.events.models import Event
from coffeemug.feed.models import ArticleStats, DailyBudget, LearnedProfile
from coffeemug.people.models import Employee, Preferences

_CHUNK = 900  # below SQLite's limit of bound parameters per statement


# --- live articles -------------------------------------------------------------------------


# Separate scalar subqueries, so each is answered from an index (SQLite would scan the table
# for one combined aggregate). Newest change and newest id: two index lookups that notice every
# added or changed article, cheap enough for every feed request.
_LATEST_CHANGE = (
    select(func.max(Article.updated_at)).scalar_subquery(),
    select(func.max(Article.id)).scalar_subquery(),
)
_LATEST = select(*_LATEST_CHANGE)
# Only the count notices a deleted article, and counting scans the table (about 1.5 ms at
# 10,000 articles), so the cache asks for it at most once a second.
_COUNT = select(func.count()).select_from(Article)


def latest_change(session: Session) -> tuple[Any, ...]:
    """When the newest article change happened and the newest article id."""
    return tuple(session.execute(_LATEST).one())


def article_count(session: Session) -> int:
    return int(session.scalar(_COUNT) or 0)


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
            Article.translation_of,
            Employee.display_name.label("author"),
            func.length(Article.body).label("body_chars"),
        )
        .outerjoin(Employee, Employee.id == Article.author_id)
        .where(
            Article.status == "published",
            or_(Article.expires_at.is_(None), Article.expires_at > now),
            ~content_repository.paused_by_crisis(),
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


# One scan for every segment: a segment's rows are spread over the whole table (rows are
# written article by article), so reading one segment costs about as much as reading all.
# Each column of a segment travels as one string of big-endian binary numbers, not as 100,000s
# of objects or of decimal texts: the server writes no number out as text (a third less of its
# time) and numpy takes the bytes as they are.
_PG_ALL_COUNTERS = text(
    "SELECT segment, string_agg(int4send(article_id), ''::bytea), "
    "string_agg(float8send(impressions), ''::bytea), "
    "string_agg(float8send(engagements), ''::bytea) "
    "FROM article_stats GROUP BY segment"
)
_ALL_COUNTERS = select(
    ArticleStats.segment,
    ArticleStats.article_id,
    ArticleStats.impressions,
    ArticleStats.engagements,
)


def all_counters(session: Session) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per segment: article ids, impressions and engagements of every article with counters
    (the caller lines them up with the articles it knows)."""
    out: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    if is_postgres(session):
        for segment, ids, impressions, engagements in session.execute(_PG_ALL_COUNTERS):
            out[segment] = (
                np.frombuffer(ids, dtype=">i4").astype(np.int64),
                np.frombuffer(impressions, dtype=">f8").astype(np.float64),
                np.frombuffer(engagements, dtype=">f8").astype(np.float64),
            )
        return out
    rows: dict[str, list[tuple[int, float, float]]] = {}
    for segment, article_id, impressions, engagements in session.execute(_ALL_COUNTERS):
        rows.setdefault(segment, []).append((article_id, impressions, engagements))
    for segment, values in rows.items():
        table = np.array(values, dtype=np.float64)
        out[segment] = (table[:, 0].astype(np.int64), table[:, 1], table[:, 2])
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


def _stats_json(deltas: Mapping[tuple[int, str], tuple[float, float]]) -> str:
    """The deltas as one JSON array in key order (a fixed lock order for concurrent writers)."""
    return orjson.dumps(
        [
            dict(zip(_STATS_FIELDS, (k[0], k[1], deltas[k][0], deltas[k][1]), strict=True))
            for k in sorted(deltas)
        ]
    ).decode()


def add_to_stats(session: Session, deltas: Mapping[tuple[int, str], tuple[float, float]]) -> None:
    """Atomically add impressions and engagements (insert or increment, one statement)."""
    if not deltas:
        return
    # A fixed order of keys keeps two concurrent batches from deadlocking on PostgreSQL.
    keys = sorted(deltas)
    if is_postgres(session):
        session.execute(_PG_ADD_STATS, {"rows": _stats_json(deltas)})
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


def add_to_stats_of_existing(
    session: Session, deltas: Mapping[tuple[int, str], tuple[float, float]]
) -> None:
    """``add_to_stats`` for the articles among the keys that still exist (increments held
    for a while may name an article deleted meanwhile)."""
    ids = {article_id for article_id, _ in deltas}
    existing = set(session.scalars(select(Article.id).where(Article.id.in_(ids))))
    add_to_stats(session, {k: v for k, v in deltas.items() if k[0] in existing})


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


def get_profile_row(session: Session, employee_id: int) -> tuple[dict[str, Any], int, Any] | None:
    """State, version and update time."""
    table = LearnedProfile.__table__
    query = select(table.c.state, table.c.version, table.c.updated_at).where(
        table.c.employee_id == employee_id
    )
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


# --- one feed request ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedState:
    """Everything a feed request reads besides the cached articles."""

    # followed topics, muted topics, volume, languages; None until the employee has a row
    preferences: tuple[list[str], list[str], int | None, list[str]] | None
    profile: dict[str, Any] | None  # the stored learned state; None: no row yet
    version: int | None
    shown: int  # items shown today
    final: list[int]  # articles with one of the ``final`` event types
    consumed: list[int]  # articles with one of the ``consumed`` event types
    topics: list[tuple[str, str, str, bool]]  # as ``topic_rows``
    latest: tuple[Any, ...]  # as ``latest_change``
    # (article, type, channel) of the employee's events of the ``today`` types since the
    # start of the day, oldest first (what was shown and consumed today)
    today: list[tuple[int, str, str]]


def _seen(types: str) -> Any:
    """The employee's articles with events of the types bound to ``types``, as one array."""
    return (
        select(func.array_agg(distinct(Event.article_id)))
        .where(
            Event.employee_id == bindparam("employee_id"),
            Event.type.in_(bindparam(types, expanding=True)),
            Event.article_id.is_not(None),
        )
        .scalar_subquery()
    )


def _since_today() -> Any:
    """``events_since`` as one JSON array, for the feed's single read."""
    row = func.json_build_array(Event.article_id, Event.type, Event.channel)
    return (
        select(func.json_agg(aggregate_order_by(row, Event.occurred_at, Event.position)))
        .where(
            Event.employee_id == bindparam("employee_id"),
            Event.type.in_(bindparam("today", expanding=True)),
            Event.occurred_at >= bindparam("since"),
            Event.article_id.is_not(None),
        )
        .scalar_subquery()
    )


def _pg_feed_state() -> Any:
    me = select(bindparam("employee_id", type_=Integer).label("id")).subquery("me")
    prefs = Preferences.__table__
    profiles = LearnedProfile.__table__
    return select(
        prefs.c.employee_id,
        prefs.c.followed_topics,
        prefs.c.muted_topics,
        prefs.c.volume,
        prefs.c.languages,
        # As text for orjson, far faster than the driver's json.loads on a large document.
        cast(profiles.c.state, Text),
        profiles.c.version,
        select(DailyBudget.shown)
        .where(
            DailyBudget.employee_id == bindparam("employee_id"),
            DailyBudget.day == bindparam("day"),
        )
        .scalar_subquery(),
        _seen("final"),
        _seen("consumed"),
        select(
            func.json_agg(
                func.json_build_array(Topic.id, Topic.name_de, Topic.name_en, Topic.mandatory)
            )
        ).scalar_subquery(),
        *_LATEST_CHANGE,
        _since_today(),
    ).select_from(
        me.outerjoin(prefs, prefs.c.employee_id == me.c.id).outerjoin(
            profiles, profiles.c.employee_id == me.c.id
        )
    )


# PostgreSQL: the whole read side of a feed request in one round trip (no lock: the profile's
# version guards the write).
_PG_FEED_STATE = _pg_feed_state()


def feed_state(
    session: Session,
    employee_id: int,
    day: date,
    final: Sequence[str],
    consumed: Sequence[str],
    today: Sequence[str],
) -> FeedState:
    """Preferences, learned profile, today's budget, the articles the employee has events of
    the ``final`` and ``consumed`` types for, topics, the newest article change and the
    events of the ``today`` types since the start of ``day`` (UTC)."""
    since = datetime.combine(day, time.min, tzinfo=UTC)
    if is_postgres(session):
        # Core execution: the ORM layer adds nothing to a plain row but its overhead.
        row = (
            session.connection()
            .execute(
                _PG_FEED_STATE,
                {
                    "employee_id": employee_id,
                    "day": day,
                    "final": final,
                    "consumed": consumed,
                    "today": today,
                    "since": since,
                },
            )
            .one()
        )
        return FeedState(
            preferences=None if row[0] is None else (row[1] or [], row[2] or [], row[3], row[4]),
            profile=None if row[6] is None else (orjson.loads(row[5]) if row[5] else {}),
            version=row[6],
            shown=row[7] or 0,
            final=row[8] or [],
            consumed=row[9] or [],
            topics=[(t[0], t[1], t[2], bool(t[3])) for t in row[10] or []],
            latest=(row[11], row[12]),
            today=[(int(e[0]), e[1], e[2]) for e in row[13] or []],
        )
    prefs = session.execute(
        select(
            Preferences.followed_topics,
            Preferences.muted_topics,
            Preferences.volume,
            Preferences.languages,
        ).where(Preferences.employee_id == employee_id)
    ).first()
    stored = get_profile_row(session, employee_id)
    seen = events_repository.article_types_of(session, employee_id, [*final, *consumed])
    return FeedState(
        preferences=None if prefs is None else (prefs[0] or [], prefs[1] or [], prefs[2], prefs[3]),
        profile=None if stored is None else stored[0],
        version=None if stored is None else stored[1],
        shown=shown_on(session, employee_id, day),
        final=[a for a, t in seen if t in final],
        consumed=[a for a, t in seen if t in consumed],
        topics=topic_rows(session),
        latest=latest_change(session),
        today=[(a, t, c) for a, t, c, _, _ in events_since(session, employee_id, since, today)],
    )


_PG_SAVE_PROFILE = (
    "UPDATE learned_profiles SET state = CAST(:state AS json), version = version + 1, "
    "updated_at = :now WHERE employee_id = :employee_id AND version = :version RETURNING 1"
)
_PG_INSERT_PROFILE = (
    "INSERT INTO learned_profiles (employee_id, state, version, updated_at) "
    "VALUES (:employee_id, CAST(:state AS json), 1, :now) "
    "ON CONFLICT (employee_id) DO NOTHING RETURNING 1"
)
# The profile first (the lock order of every writer: profiles, then counters); nothing else is
# written unless it was still at the version read. Rows of an article deleted since the
# worker's cache was checked are skipped rather than failing the request.
#
# Impressions are committed asynchronously (synchronous_commit off for this transaction
# only): a crash can lose the last fraction of a second of them, but never part of a
# transaction, so the event log, budget, profile and counters stay consistent with each
# other; the feed is simply as if those pages had not been shown. Events the clients send
# (opens, likes, ...) keep the server's synchronous commit.
_PG_RECORD_FEED = f"""
WITH saved AS ({{profile}}),
present AS (SELECT id FROM articles WHERE id = ANY(CAST(:article_ids AS integer[]))),
logged AS (
    INSERT INTO events ({events_repository.PG_COLUMN_LIST})
    SELECT {", ".join(f"r.{c}" for c in events_repository.PG_COLUMN_LIST.split(", "))}
    FROM json_to_recordset(CAST(:events AS json))
        AS r({events_repository.PG_RECORDSET_COLUMNS})
    WHERE EXISTS (SELECT 1 FROM saved) AND r.article_id IN (SELECT id FROM present)
    RETURNING 1
),
counted AS (
    INSERT INTO article_stats (article_id, segment, impressions, engagements)
    SELECT r.article_id, r.segment, r.impressions, r.engagements
    FROM json_to_recordset(CAST(:stats AS json))
        AS r(article_id integer, segment varchar, impressions float8, engagements float8)
    WHERE EXISTS (SELECT 1 FROM saved) AND r.article_id IN (SELECT id FROM present)
    ORDER BY r.article_id, r.segment
    ON CONFLICT (article_id, segment) DO UPDATE SET
        impressions = article_stats.impressions + excluded.impressions,
        engagements = article_stats.engagements + excluded.engagements
    RETURNING 1
),
budget AS (
    INSERT INTO daily_budgets (employee_id, day, shown)
    SELECT CAST(:employee_id AS integer), CAST(:day AS date), CAST(:shown AS integer)
    WHERE EXISTS (SELECT 1 FROM saved)
    ON CONFLICT (employee_id, day) DO UPDATE SET shown = daily_budgets.shown + excluded.shown
    RETURNING 1
)
SELECT (SELECT count(*) FROM saved), (SELECT count(*) FROM logged),
    (SELECT count(*) FROM counted), (SELECT count(*) FROM budget),
    set_config('synchronous_commit', 'off', true)
"""
_PG_RECORD_UPDATE = text(_PG_RECORD_FEED.format(profile=_PG_SAVE_PROFILE))
_PG_RECORD_INSERT = text(_PG_RECORD_FEED.format(profile=_PG_INSERT_PROFILE))


def record_feed(
    session: Session,
    *,
    employee_id: int,
    version: int | None,
    state: dict[str, Any],
    events: Sequence[dict[str, Any]],
    deltas: Mapping[tuple[int, str], tuple[float, float]],
    day: date,
    shown: int,
) -> bool:
    """Save the learned ``state`` if the stored profile is still at ``version`` (None: no row
    yet) and, only then, log the impression ``events``, add ``deltas`` to colleagues' counters
    and ``shown`` to today's budget. False (and nothing written) when the profile moved."""
    if is_postgres(session):
        row = (
            session.connection()
            .execute(
                _PG_RECORD_INSERT if version is None else _PG_RECORD_UPDATE,
                {
                    "employee_id": employee_id,
                    "version": version,
                    "state": orjson.dumps(state).decode(),
                    "now": utcnow(),
                    "article_ids": sorted({r["article_id"] for r in events}),
                    "events": events_repository.rows_json(events),
                    "stats": _stats_json(deltas),
                    "day": day,
                    "shown": shown,
                },
            )
            .one()
        )
        return bool(row[0])
    if version is None:
        ensure_profiles(session, [employee_id])
        version = 0
    if save_profiles(session, [(employee_id, version, state)]):
        return False
    ids = {r["article_id"] for r in events}
    existing = set(session.scalars(select(Article.id).where(Article.id.in_(ids))))
    events_repository.insert_events(session, [r for r in events if r["article_id"] in existing])
    add_to_stats(session, {k: v for k, v in deltas.items() if k[0] in existing})
    add_shown(session, employee_id, day, shown)
    return True


# --- today's feed --------------------------------------------------------------------------


def events_since(
    session: Session, employee_id: int, since: datetime, types: Sequence[str]
) -> list[tuple[int, str, str, datetime, int | None]]:
    """(article_id, type, channel, occurred_at, position) of the employee's events of
    ``types`` since ``since``, oldest first (today's feed and what was consumed today)."""
    rows = session.execute(
        select(Event.article_id, Event.type, Event.channel, Event.occurred_at, Event.position)
        .where(
            Event.employee_id == employee_id,
            Event.type.in_(list(types)),
            Event.occurred_at >= since,
            Event.article_id.is_not(None),
        )
        .order_by(Event.occurred_at, Event.position)
    )
    return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def articles_with(
    session: Session, employee_id: int, types: Sequence[str], article_ids: Sequence[int]
) -> set[int]:
    """Which of ``article_ids`` the employee has an event of ``types`` for."""
    rows = session.scalars(
        select(Event.article_id)
        .where(
            Event.employee_id == employee_id,
            Event.type.in_(list(types)),
            Event.article_id.in_(list(article_ids)),
        )
        .distinct()
    )
    return set(rows)
