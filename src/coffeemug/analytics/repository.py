"""Analytics SQL besides the rollup's own: watermarks, rollup reads, imported data, configuration.

The rollup's bulk reads and writes are in rollup/store.py. The same SQL serves SQLite and
PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
from pyroaring import BitMap
from sqlalchemy import (
    BigInteger,
    Float,
    Integer,
    Row,
    String,
    and_,
    any_,
    cast,
    func,
    literal,
    or_,
    select,
    true,
    tuple_,
    union_all,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from coffeemug.analytics.kpis import INTERACTION_COLUMNS
from coffeemug.analytics.models import (
    ARTICLE_LIFE,
    ARTICLE_LIFE_DAY,
    ARTICLE_WEEK,
    LIFE_TOTALS_BUILT,
    NO_SEGMENT,
    SUMMED,
    WEEKLY_SETS,
    ArticleLife,
    ConversionRollup,
    DimensionDay,
    DimensionSketch,
    Effort,
    EventVisits,
    FilteredArticleWeek,
    ImportedConversion,
    Mention,
    PaidImpressions,
    RollupState,
    ScoreConfig,
    SegmentDay,
    SocialMetric,
    week_dim,
)
from coffeemug.analytics.privacy import PAIR_SEPARATOR, conversion_dim, deserialize, pair_dim
from coffeemug.content.models import Article, Campaign, Topic, article_topics
from coffeemug.db import Base, dialect_insert, is_postgres, utcnow

# ------------------------------------------------------------------ watermarks


def get_state(session: Session, name: str) -> datetime | None:
    row = session.get(RollupState, name)
    return row.value if row else None


def set_state(session: Session, name: str, value: datetime) -> None:
    row = session.get(RollupState, name)
    if row is None:
        session.add(RollupState(name=name, value=value))
    else:
        row.value = value
    session.flush()


# ------------------------------------------------------------------ reading rollups

BREAKDOWNS = ("day", "article", "campaign", "topic", "channel", "region", "business_unit")
FILTERS = ("channel", "region", "business_unit")


def filtered_totals(
    session: Session, start: date, end: date, filter_dim: str, by: str
) -> Sequence[Row[Any]]:
    """The whole two-way table of a one-filter view: summed counts per (filter value ``k0``,
    breakdown value ``k1``), plus the largest row's employee floor. Articles (``by ==
    'article'``) from their weekly rows per filter value (periods are whole weeks), the rest
    from the segment days."""
    source: Any
    if by == "article":
        source = FilteredArticleWeek
        keys = [FilteredArticleWeek.value, FilteredArticleWeek.article_id]
        # Events without a region or unit: in no row of a view filtered by one.
        where = [
            FilteredArticleWeek.filter_dim == filter_dim,
            FilteredArticleWeek.value != NO_SEGMENT,
        ]
    else:
        source = SegmentDay
        keys = [getattr(SegmentDay, dim) for dim in (filter_dim, by)]
        where = [
            getattr(SegmentDay, dim) != NO_SEGMENT
            for dim in {filter_dim, by} & {"region", "business_unit"}
        ]
    query = (
        select(
            *(key.label(f"k{i}") for i, key in enumerate(keys)),
            *(func.sum(getattr(source, col)).label(col) for col in SUMMED),
            func.max(source.employees).label("employee_floor"),
        )
        .where(source.day >= start, source.day <= end, *where)
        .group_by(*keys)
    )
    return session.connection().execute(query).all()


def _full_weeks(start: date, end: date) -> tuple[date, date] | None:
    """Mondays of the first and last ISO week lying wholly inside ``start``..``end``."""
    first = start + timedelta(days=(7 - start.weekday()) % 7)
    last = end - timedelta(days=end.weekday())
    if end.weekday() != 6:
        last -= timedelta(days=7)
    return (first, last) if first <= last else None


def _has_weeks(dim: str, table: type[DimensionDay] | type[DimensionSketch]) -> bool:
    """Whether ``table`` keeps weekly rows of ``dim``: totals for articles, member sets for
    every dimension of WEEKLY_SETS."""
    return dim == "article" or (table is DimensionSketch and dim in WEEKLY_SETS)


def _period_parts(start: date, end: date, dim: str, weekly: bool) -> list[tuple[str, date, date]]:
    """The (dim, first day, last day) ranges that make up the period: with ``weekly``, whole
    weeks from the weekly rows and only the days around them from the daily rows (same sums,
    maxima and unions, fewer rows). Articles are kept per week only: their periods must be
    whole ISO weeks, as every page and API resolves them (periods.resolve_period)."""
    weeks = _full_weeks(start, end) if weekly else None
    if dim == "article" and (weeks is None or weeks != (start, end - timedelta(days=6))):
        raise ValueError(f"articles are kept per ISO week: {start}..{end} is not whole weeks")
    if weeks is None:
        return [(dim, start, end)]
    first, last = weeks
    parts = [(week_dim(dim), first, last)]
    if start < first:
        parts.append((dim, start, first - timedelta(days=1)))
    if last + timedelta(days=6) < end:
        parts.append((dim, last + timedelta(days=7), end))
    return parts


def _period_rows(
    start: date,
    end: date,
    dim: str,
    table: type[DimensionDay] | type[DimensionSketch],
    weekly: bool = True,
) -> Any:
    """Which rows of ``table`` make up the period (see ``_period_parts``); weekly rows only if
    ``weekly`` and the table has them."""
    return or_(
        *(
            and_(table.dim == part, table.day >= low, table.day <= high)
            for part, low, high in _period_parts(start, end, dim, weekly and _has_weeks(dim, table))
        )
    )


def _one_of(session: Session, column: Any, values: list[Any]) -> Any:
    """``column IN values``; on PostgreSQL as one array parameter, because hundreds of keys
    would otherwise be as many placeholders to render and parse on every call."""
    if is_postgres(session):
        element = Integer if values and isinstance(values[0], int) else String
        return column == any_(literal(values, type_=postgresql.ARRAY(element)))
    return column.in_(values)


def _keyed_period_rows(
    session: Session,
    start: date,
    end: date,
    dim: str,
    table: type[DimensionDay] | type[DimensionSketch],
    keys: list[str],
    columns: list[Any],
) -> Any:
    """``columns`` of the period's rows of some keys: one index range per part and key (an OR
    over the parts would let the planner scan the whole table instead)."""
    return union_all(
        *(
            select(*columns).where(
                table.dim == part,
                _one_of(session, table.key, keys),
                table.day >= low,
                table.day <= high,
            )
            for part, low, high in _period_parts(start, end, dim, _has_weeks(dim, table))
        )
    ).subquery()


def dimension_totals(
    session: Session, start: date, end: date, dim: str, keys: Iterable[str] | None = None
) -> Sequence[Row[Any]]:
    """Summed counts per value of ``dim`` (per day for ``dim == 'day'``) and the largest
    single-day employee floor; only for ``keys`` if given."""
    rows: Any = DimensionDay
    if keys is not None:
        columns = [
            DimensionDay.key,
            DimensionDay.employees,
            *(getattr(DimensionDay, c) for c in SUMMED),
        ]
        rows = _keyed_period_rows(session, start, end, dim, DimensionDay, list(keys), columns).c
    key = rows.day if dim == "day" else rows.key
    query = select(
        key.label("k0"),
        *(func.sum(getattr(rows, col)).label(col) for col in SUMMED),
        func.max(rows.employees).label("employee_floor"),
    ).group_by(key)
    if keys is None:
        query = query.where(_period_rows(start, end, "all" if dim == "day" else dim, DimensionDay))
    # Core execution: no ORM row processing for the thousands of rows of a long breakdown.
    return session.connection().execute(query).all()


ARTICLE_RANKING = (
    "events",
    "impressions",
    "interactions",
    "conversions",
    "conversion_value",
    "employee_floor",
)


def article_ranking(session: Session, start: date, end: date) -> dict[str, np.ndarray]:
    """Per article of the period only what ranking and certain suppression need (``key`` and
    ARTICLE_RANKING), as arrays: a few sums instead of every column. An article whose life lies
    in the period has its life's totals and, as its floor, its exact number of people."""
    d = DimensionDay
    period = select(
        d.key,
        func.sum(d.events),
        func.sum(d.impressions),
        func.sum(_interactions(d)),
        func.sum(d.conversions),
        func.sum(d.conversion_value),
        func.max(d.employees),
    ).where(_period_rows(start, end, "article", d))
    query: Any = period.group_by(d.key)
    if _lives_kept(session):
        lv = ArticleLife
        partial = _partial_lives(start, end)
        whole = select(
            lv.key,
            lv.events,
            lv.impressions,
            _interactions(lv),
            lv.conversions,
            lv.conversion_value,
            lv.employees,
        ).where(_lives_within(start, end))
        query = union_all(whole, period.join(partial, partial.c.key == d.key).group_by(d.key))
    if is_postgres(session):
        return _article_ranking_wire(session, query)
    rows = session.connection().execute(query).all()
    columns = list(zip(*rows, strict=True)) if rows else [()] * (len(ARTICLE_RANKING) + 1)
    result = {"key": np.array([int(k) for k in columns[0]], dtype=np.int64)}
    for name, values in zip(ARTICLE_RANKING, columns[1:], strict=True):
        result[name] = np.array(values, dtype=np.float64)
    return result


_RANKING_WIRE = np.dtype([("key", ">i8"), *((name, ">f8") for name in ARTICLE_RANKING)])


def _interactions(table: type[DimensionDay] | type[ArticleLife]) -> Any:
    """The sum of a row's interaction counts."""
    first, *rest = INTERACTION_COLUMNS
    return sum((getattr(table, column) for column in rest), getattr(table, first))


def _article_ranking_wire(session: Session, query: Any) -> dict[str, np.ndarray]:
    """The ranking rows as one binary value: ten thousand rows parse in microseconds."""
    ranked = query.subquery()
    key, *sums = ranked.c
    packed = func.int8send(cast(key, BigInteger))
    for column in sums:
        packed = packed.op("||")(func.float8send(cast(column, Float)))
    ((payload,),) = _fetch(session, select(func.string_agg(packed, literal(b""))))
    wire = np.frombuffer(payload or b"", dtype=_RANKING_WIRE)
    return {
        name: wire[name].astype(np.int64 if name == "key" else np.float64)
        for name in wire.dtype.names
    }


def _fetch(session: Session, query: Any) -> list[Any]:
    """The rows of ``query``. On PostgreSQL in binary format: member sets (tens of kilobytes
    each for a busy day) then arrive as raw bytes instead of hex text, half the bytes to
    transfer and nothing to decode."""
    if not is_postgres(session):
        return list(session.connection().execute(query))
    compiled = query.compile(dialect=session.get_bind().dialect)
    driver = session.connection().connection.driver_connection
    with driver.cursor(binary=True) as cursor:
        cursor.execute(str(compiled), compiled.params)
        return cursor.fetchall()


def dimension_members(
    session: Session, start: date, end: date, dim: str, keys: Iterable[str] | None = None
) -> dict[Any, BitMap]:
    """The period's set of employees per value of ``dim`` (or per day): the union of the day
    (and week) sets."""
    columns = [DimensionSketch.day if dim == "day" else DimensionSketch.key]
    columns.append(DimensionSketch.members)
    if keys is None:
        # Per day: the day sets themselves, never the weekly ones.
        query = select(*columns).where(
            _period_rows(start, end, "all" if dim == "day" else dim, DimensionSketch, dim != "day")
        )
    else:
        wanted = list(keys)
        if not wanted:
            return {}
        query = select(
            _keyed_period_rows(session, start, end, dim, DimensionSketch, wanted, columns)
        )
    return _united(_fetch(session, query))


def conversion_members(
    session: Session, start: date, end: date, dim: str, keys: Iterable[str] | None = None
) -> dict[str, BitMap]:
    """The period's employees who converted, per value of ``dim`` (per day for 'day', keyed
    by the ISO date; 'all' keyed ''); only for ``keys`` if given."""
    sketch = "all" if dim == "day" else dim
    wanted = None if keys is None else list(keys)
    if wanted == []:
        return {}
    s = DimensionSketch
    # Articles' converters are also kept per ISO week (many articles, each over a month).
    parts = _period_parts(start, end, conversion_dim(sketch), dim == "article")
    query = union_all(
        *(
            select(s.key, s.day, s.members).where(
                s.dim == part,
                s.day >= low,
                s.day <= high,
                *([] if wanted is None else [_one_of(session, s.key, wanted)]),
            )
            for part, low, high in parts
        )
    )
    rows = _fetch(session, query)
    return _united((str(day) if dim == "day" else key, blob) for key, day, blob in rows)


def has_more_articles(session: Session, start: date, end: date, count: int) -> bool:
    """Whether the period's article breakdown has more than ``count`` rows (stops counting
    there: a long list need not be counted in full)."""
    d = DimensionDay
    keys = select(d.key).where(_period_rows(start, end, "article", d)).distinct().limit(count + 1)
    counted = select(func.count()).select_from(keys.subquery())
    return int(session.connection().execute(counted).scalar_one()) > count


def articles_short_of(
    session: Session, start: date, end: date, k: int
) -> tuple[set[int], dict[int, BitMap]]:
    """The period's articles that may have fewer than ``k`` people behind them: those with
    fewer than ``k`` events or people in their whole life, if it lies in the period (certainly);
    of the others, those with fewer than ``k`` events (certainly), and, with their people, those
    with enough events whose every day and week had fewer than ``k`` people, unless the sizes of
    their sets prove ``k`` (see ``_undecided_by_sizes``); the union of the sets decides the
    rest. One round trip: the classification stays in the database instead of sending keys
    back and forth."""
    lives = _lives_kept(session)
    short = _short_articles(start, end, k, _partial_lives(start, end) if lives else None)
    certain = select(short.c.key, literal(None, type_=DimensionSketch.members.type)).where(
        short.c.events < k
    )
    parts = [certain, *_undecided_sets(start, end, k, short)]
    if lives:
        lv = ArticleLife
        parts.append(
            select(lv.key, literal(None, type_=DimensionSketch.members.type)).where(
                _lives_within(start, end), or_(lv.events < k, lv.employees < k)
            )
        )
    rows = _fetch(session, union_all(*parts))
    few = {int(key) for key, blob in rows if blob is None}
    return few, _united((int(key), blob) for key, blob in rows if blob is not None)


def _lives_kept(session: Session) -> bool:
    """Whether every article with totals has its life row (built at the first rollup after the
    table came)."""
    return get_state(session, LIFE_TOTALS_BUILT) is not None


def _lives_within(start: date, end: date) -> Any:
    """The articles whose every event lies in the period: their totals there are their life's.
    (``last_day >= start`` follows from the others; said so that the index on it is used.)"""
    lv = ArticleLife
    return and_(lv.last_day >= start, lv.last_day <= end, lv.first_day >= start)


def _lives_overlapping(start: date, end: date) -> Any:
    """The articles with events in the period."""
    return and_(ArticleLife.last_day >= start, ArticleLife.first_day <= end)


def _partial_lives(start: date, end: date) -> Any:
    """The articles with events both in the period and outside it."""
    lv = ArticleLife
    return (
        select(lv.key).where(_lives_overlapping(start, end), ~_lives_within(start, end)).subquery()
    )


def _short_articles(start: date, end: date, k: int, among: Any = None) -> Any:
    """The period's articles (of ``among`` if given) with fewer than ``k`` events or no day or
    week with ``k`` people: key and events."""
    d = DimensionDay
    events = func.sum(d.events)
    query = select(d.key.label("key"), events.label("events"))
    if among is not None:
        query = query.join(among, among.c.key == d.key)
    return (
        query.where(_period_rows(start, end, "article", d))
        .group_by(d.key)
        .having(or_(events < k, func.max(d.employees) < k))
        .cte("short")
    )


def _undecided_sets(start: date, end: date, k: int, short: Any) -> list[Any]:
    """(key, members) of every stored set of the period of the articles the sizes of their
    sets leave undecided."""
    s = DimensionSketch
    undecided = _undecided_by_sizes(start, end, k, short)
    return [
        select(s.key, s.members)
        .join(undecided, undecided.c.key == s.key)
        .where(s.dim == part, s.day >= low, s.day <= high)
        for part, low, high in _period_parts(start, end, "article", True)
    ]


# What a set of unknown size may hold, for bounds: more people than any company has.
UNKNOWN_SIZE = 2**31 - 1


def _undecided_by_sizes(start: date, end: date, k: int, short: Any) -> Any:
    """The ``short`` articles with ``k`` events or more that the sizes of their sets do not
    prove to have ``k`` people in the period. All their people (their life set) minus the
    people of their weeks not wholly inside the period is a lower bound of those inside; a
    week whose size is unknown (stored before sizes were kept) counts as everyone, and an
    article without a life set stays undecided."""
    s = DimensionSketch
    weeks = _full_weeks(start, end)
    # Both per article by its index (its life row, the range of its few weeks): the articles
    # in question are a few of many, and a join would read every article's rows.
    life = (
        select(s.people)
        .where(s.dim == ARTICLE_LIFE, s.key == short.c.key, s.day == ARTICLE_LIFE_DAY)
        .scalar_subquery()
    )
    outside = (
        select(func.coalesce(func.sum(func.coalesce(s.people, UNKNOWN_SIZE)), 0))
        .where(
            s.dim == ARTICLE_WEEK,
            s.key == short.c.key,
            or_(s.day < weeks[0], s.day > weeks[1]) if weeks else true(),
        )
        .scalar_subquery()
    )
    # An article without a life set (NULL) stays undecided: its bound counts as -1.
    return (
        select(short.c.key)
        .where(short.c.events >= k, func.coalesce(life - outside, -1) < k)
        .cte("undecided")
    )


def pair_members(
    session: Session, start: date, end: date, filter_dim: str, by: str
) -> dict[tuple[str, Any], BitMap]:
    """The period's set of employees per (filter value, breakdown value) of a one-filter view:
    per day for ``by == 'day'`` (the filter dimension's own day sets), else the union of the
    weekly pair sets (periods are whole ISO weeks)."""
    if by == "day":
        query = select(DimensionSketch.key, DimensionSketch.day, DimensionSketch.members).where(
            DimensionSketch.dim == filter_dim,
            DimensionSketch.day >= start,
            DimensionSketch.day <= end,
        )
        return _united(((key, day), blob) for key, day, blob in _fetch(session, query))
    query = select(DimensionSketch.key, DimensionSketch.members).where(
        DimensionSketch.dim == pair_dim(filter_dim, by),
        DimensionSketch.day >= start,
        DimensionSketch.day <= end,
    )
    rows = _fetch(session, query)
    return _united((_pair_values(key), blob) for key, blob in rows)


def _pair_values(key: str) -> tuple[str, str]:
    value, _, other = key.partition(PAIR_SEPARATOR)
    return value, other


def _united(rows: Iterable[tuple[Any, bytes]]) -> dict[Any, BitMap]:
    """The union of each key's stored sets (the day and week parts of a period); a key with one
    set (many pairs have people in one week only) keeps it as it is, without a copy."""
    parts: dict[Any, list[BitMap]] = {}
    for key, blob in rows:
        parts.setdefault(key, []).append(deserialize(bytes(blob)))
    return {key: sets[0] if len(sets) == 1 else BitMap.union(*sets) for key, sets in parts.items()}


def imported_conversions_by_article(
    session: Session, start: date, end: date
) -> dict[int, tuple[int, float]]:
    rows = session.execute(
        select(ImportedConversion.article_id, func.count(), func.sum(ImportedConversion.value))
        .where(
            ImportedConversion.day >= start,
            ImportedConversion.day <= end,
            ImportedConversion.article_id.is_not(None),
        )
        .group_by(ImportedConversion.article_id)
    ).all()
    return {int(a): (int(n), float(v or 0)) for a, n, v in rows}


def imported_conversions_by_campaign(
    session: Session, start: date, end: date
) -> dict[int, tuple[int, float]]:
    rows = session.execute(
        select(ImportedConversion.campaign_id, func.count(), func.sum(ImportedConversion.value))
        .where(
            ImportedConversion.day >= start,
            ImportedConversion.day <= end,
            ImportedConversion.campaign_id.is_not(None),
        )
        .group_by(ImportedConversion.campaign_id)
    ).all()
    return {int(c): (int(n), float(v or 0)) for c, n, v in rows}


def existing_ids(session: Session, dim: str, ids: Iterable[int]) -> set[int]:
    """Which of these article (or campaign) ids exist."""
    wanted = list(set(ids))
    if not wanted:
        return set()
    model: Any = Article if dim == "article" else Campaign
    return set(session.scalars(select(model.id).where(model.id.in_(wanted))))


def external_reach(
    session: Session, start: date, end: date, by_campaign: bool
) -> dict[Any, tuple[int, int]]:
    """Paid impressions and event visits of the period, per campaign (or all under ``""``)."""
    result: dict[Any, list[int]] = {}
    for i, (model, column) in enumerate(
        ((PaidImpressions, PaidImpressions.impressions), (EventVisits, EventVisits.visits))
    ):
        key = model.campaign_id if by_campaign else literal("")
        rows = session.execute(
            select(key, func.sum(column)).where(model.day >= start, model.day <= end).group_by(key)
        ).all()
        for k, total in rows:
            result.setdefault(k, [0, 0])[i] += int(total or 0)
    return {k: (paid, visits) for k, (paid, visits) in result.items()}


def upsert_paid_impressions(session: Session, rows: list[dict[str, Any]]) -> None:
    _upsert(session, PaidImpressions, rows, ["campaign_id", "day", "network", "medium"])


def upsert_event_visits(session: Session, rows: list[dict[str, Any]]) -> None:
    _upsert(session, EventVisits, rows, ["campaign_id", "day", "event_name"])


def articles_by_id(session: Session, ids: Iterable[int]) -> dict[int, Article]:
    wanted = list(set(ids))
    if not wanted:
        return {}
    return {a.id: a for a in session.scalars(select(Article).where(Article.id.in_(wanted)))}


def campaigns_by_id(session: Session, ids: Iterable[int]) -> dict[int, Campaign]:
    wanted = list(set(ids))
    if not wanted:
        return {}
    return {c.id: c for c in session.scalars(select(Campaign).where(Campaign.id.in_(wanted)))}


def all_topics(session: Session) -> dict[str, Topic]:
    return {t.id: t for t in session.scalars(select(Topic))}


def must_read_article_ids(session: Session, ids: Iterable[int]) -> set[int]:
    wanted = list(set(ids))
    if not wanted:
        return set()
    return set(session.scalars(select(Article.id).where(Article.id.in_(wanted), Article.must_read)))


def published_articles_per_topic(session: Session, start: datetime, end: datetime) -> dict:
    rows = session.execute(
        select(article_topics.c.topic_id, func.count())
        .join(Article, Article.id == article_topics.c.article_id)
        .where(Article.status == "published", Article.publish_at >= start, Article.publish_at < end)
        .group_by(article_topics.c.topic_id)
    ).all()
    return {topic: int(n) for topic, n in rows}


# ------------------------------------------------------------------ imported data


def _upsert(session: Session, model: type[Base], rows: list[dict[str, Any]], keys: list[str]):
    """Insert or overwrite by key, so importing the same file twice changes nothing."""
    if not rows:
        return
    dialect = postgresql if is_postgres(session) else sqlite
    stmt = dialect.insert(model).values(rows)
    updates = {c: stmt.excluded[c] for c in rows[0] if c not in keys}
    session.execute(stmt.on_conflict_do_update(index_elements=keys, set_=updates))


def upsert_social_metrics(session: Session, rows: list[dict[str, Any]]) -> None:
    _upsert(session, SocialMetric, rows, ["network", "post_id", "day"])


def upsert_conversions(session: Session, rows: list[dict[str, Any]]) -> None:
    _upsert(session, ImportedConversion, rows, ["id"])


def upsert_mentions(session: Session, rows: list[dict[str, Any]]) -> None:
    _upsert(session, Mention, rows, ["id"])


def existing_keys(session: Session, model: type[Base], columns: list[str], keys: list[tuple]):
    """Which of ``keys`` are stored already (to report new vs. unchanged rows)."""
    if not keys:
        return set()
    cols = [getattr(model, c) for c in columns]
    found: set[tuple] = set()
    for i in range(0, len(keys), 500):
        chunk = keys[i : i + 500]
        if len(cols) == 1:
            query = select(cols[0]).where(cols[0].in_([k[0] for k in chunk]))
            found |= {(row[0],) for row in session.execute(query)}
        else:
            query = select(*cols).where(tuple_(*cols).in_(chunk))
            found |= {tuple(row) for row in session.execute(query)}
    return found


def social_by(session: Session, start: date, end: date, by: str) -> Sequence[Row[Any]]:
    key = SocialMetric.network if by == "network" else SocialMetric.campaign_id
    return session.execute(
        select(
            key,
            func.sum(SocialMetric.impressions),
            func.sum(SocialMetric.clicks),
            func.sum(SocialMetric.link_visits),
            func.sum(SocialMetric.likes + SocialMetric.comments + SocialMetric.shares),
        )
        .where(SocialMetric.day >= start, SocialMetric.day <= end)
        .group_by(key)
        .order_by(key)
    ).all()


def mentions_by_topic_brand(session: Session, start: date, end: date) -> Sequence[Row[Any]]:
    return session.execute(
        select(Mention.topic_id, Mention.brand, func.count(), func.sum(Mention.author_reach))
        .where(Mention.day >= start, Mention.day <= end)
        .group_by(Mention.topic_id, Mention.brand)
    ).all()


# ------------------------------------------------------------------ effort and score config


def get_effort(session: Session, article_id: int | None, campaign_id: int | None) -> Effort | None:
    column = Effort.article_id if article_id is not None else Effort.campaign_id
    value = article_id if article_id is not None else campaign_id
    return session.scalars(select(Effort).where(column == value)).first()


def upsert_effort(
    session: Session,
    article_id: int | None,
    campaign_id: int | None,
    hours: float,
    budget: float,
    note: str,
) -> Effort:
    """Insert the effort of an article or campaign, or replace the stored one, atomically."""
    key = "article_id" if article_id is not None else "campaign_id"
    values = {"hours": hours, "budget": budget, "note": note, "updated_at": utcnow()}
    insert = dialect_insert(session)
    statement = insert(Effort.__table__).values(
        article_id=article_id, campaign_id=campaign_id, **values
    )
    session.execute(statement.on_conflict_do_update(index_elements=[key], set_=values))
    column = Effort.article_id if article_id is not None else Effort.campaign_id
    return session.scalars(
        select(Effort)
        .where(column == (article_id if article_id is not None else campaign_id))
        .execution_options(populate_existing=True)
    ).one()


def list_efforts(session: Session) -> Sequence[Effort]:
    return session.scalars(select(Effort).order_by(Effort.id)).all()


def score_configs(session: Session) -> Sequence[ScoreConfig]:
    return session.scalars(select(ScoreConfig).order_by(ScoreConfig.version)).all()


def get_score_config(session: Session, version: int) -> ScoreConfig | None:
    return session.get(ScoreConfig, version)


def add_score_config(session: Session, version: int, config: dict, note: str) -> ScoreConfig:
    row = ScoreConfig(version=version, config=config, note=note)
    session.add(row)
    session.flush()
    return row


def imported_conversion_totals(session: Session, start: date, end: date) -> tuple[int, float]:
    count, value = session.execute(
        select(func.count(), func.sum(ImportedConversion.value)).where(
            ImportedConversion.day >= start, ImportedConversion.day <= end
        )
    ).one()
    return int(count or 0), float(value or 0.0)


def event_conversions_by_kind(
    session: Session, start: date, end: date
) -> dict[str, tuple[int, float, int]]:
    rows = session.execute(
        select(
            ConversionRollup.kind,
            func.sum(ConversionRollup.conversions),
            func.sum(ConversionRollup.value),
            func.max(ConversionRollup.employees),
        )
        .where(ConversionRollup.day >= start, ConversionRollup.day <= end)
        .group_by(ConversionRollup.kind)
    ).all()
    return {kind: (int(n or 0), float(v or 0.0), int(e or 0)) for kind, n, v, e in rows}


# Dimensions the conversion rollup can tell converters apart by (it keeps no region or unit).
CONVERSION_DIMENSIONS = ("all", "day", "article", "campaign", "topic", "channel")


def article_memberships(
    session: Session, article_ids: Iterable[int]
) -> tuple[dict[int, int], dict[int, list[str]]]:
    """The campaign and the topics of each of these articles."""
    wanted = [int(a) for a in set(article_ids)]
    if not wanted:
        return {}, {}
    campaigns = dict(
        session.execute(
            select(Article.id, Article.campaign_id).where(
                _one_of(session, Article.id, wanted), Article.campaign_id.is_not(None)
            )
        ).all()
    )
    topics: dict[int, list[str]] = {}
    for article_id, topic_id in session.execute(
        select(article_topics.c.article_id, article_topics.c.topic_id).where(
            _one_of(session, article_topics.c.article_id, wanted)
        )
    ):
        topics.setdefault(article_id, []).append(topic_id)
    return campaigns, topics


def article_sums_by(
    session: Session, start: date, end: date, dim: str, article_ids: Iterable[int]
) -> Sequence[Row[Any]]:
    """The period's summed counts of these articles per campaign or topic they belong to now
    (``k0`` the campaign or topic): what campaign and topic rows leave out of their sums."""
    keys = [str(a) for a in set(article_ids)]
    if not keys:
        return []
    rows = _article_period_sums(session, start, end, keys)
    article_id = cast(rows.c.key, Integer)
    owner = Article.id if dim == "campaign" else article_topics.c.article_id
    key = Article.campaign_id if dim == "campaign" else article_topics.c.topic_id
    query = (
        select(key.label("k0"), *(func.sum(getattr(rows.c, col)).label(col) for col in SUMMED))
        .select_from(rows.join(owner.table, owner == article_id))
        # Said twice: the memberships of these articles only, by index, not all of them hashed.
        .where(key.is_not(None), _one_of(session, owner, [int(k) for k in keys]))
        .group_by(key)
    )
    return session.connection().execute(query).all()


def _summed(table: type[DimensionDay] | type[ArticleLife]) -> list[Any]:
    """A row's key and its summed columns."""
    return [table.key, *(getattr(table, c) for c in SUMMED)]


def _article_period_sums(session: Session, start: date, end: date, keys: list[str]) -> Any:
    """Rows of (key, SUMMED...) whose sums per key are these articles' totals of the period:
    the life row of an article whose life lies in the period, else its period rows."""
    d = DimensionDay
    if not _lives_kept(session):
        return _keyed_period_rows(session, start, end, "article", d, keys, _summed(d))
    lv = ArticleLife
    mine, whole = _one_of(session, lv.key, keys), _lives_within(start, end)
    inside = select(*_summed(lv)).where(mine, whole)
    # Every article with totals has a life row: the others are those whose life is not inside.
    partly = (
        select(*_summed(d))
        .join(lv, lv.key == d.key)
        .where(mine, ~whole, _period_rows(start, end, "article", d))
    )
    return union_all(inside, partly).subquery()


def imported_conversions_by_kind(
    session: Session, start: date, end: date
) -> dict[str, tuple[int, float]]:
    rows = session.execute(
        select(ImportedConversion.kind, func.count(), func.sum(ImportedConversion.value))
        .where(ImportedConversion.day >= start, ImportedConversion.day <= end)
        .group_by(ImportedConversion.kind)
    ).all()
    return {kind: (int(n or 0), float(v or 0.0)) for kind, n, v in rows}


def article_people(session: Session, start: date, end: date, keys: list[str]) -> dict[str, int]:
    """The number of people of each article of ``keys`` with events in the period: its life
    row's where its whole life lies in the period (exact, one narrow row), else the size of the
    union of its sets in the period."""
    if not keys:
        return {}
    people: dict[str, int] = {}
    partial = keys
    if _lives_kept(session):
        lv = ArticleLife
        rows = session.execute(
            select(lv.key, lv.employees, _lives_within(start, end)).where(
                _lives_overlapping(start, end), _one_of(session, lv.key, keys)
            )
        ).all()
        people = {str(key): int(count) for key, count, within in rows if within}
        partial = [str(key) for key, _, within in rows if not within]
    if partial:
        members = dimension_members(session, start, end, "article", partial)
        people |= {str(key): len(crowd) for key, crowd in members.items()}
    return people


def must_read_keys(session: Session) -> list[str]:
    """Dimension keys of the must-read articles (few: their sketches are probed by key)."""
    return [str(i) for i in session.scalars(select(Article.id).where(Article.must_read))]


def all_article_ids(session: Session) -> list[int]:
    return list(session.scalars(select(Article.id)))


def all_campaign_ids(session: Session) -> list[int]:
    return list(session.scalars(select(Campaign.id)))


def effort_choices(
    session: Session, article_limit: int
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(id, name) of every campaign and (id, title) of the most recent published articles;
    ids and names only, as an article row carries its body and embedding."""
    campaigns = session.execute(select(Campaign.id, Campaign.name).order_by(Campaign.name))
    articles = session.execute(
        select(Article.id, Article.title)
        .where(Article.status == "published")
        .order_by(Article.publish_at.desc(), Article.id.desc())
        .limit(article_limit)
    )
    return [(int(i), n) for i, n in campaigns], [(int(i), t) for i, t in articles]
