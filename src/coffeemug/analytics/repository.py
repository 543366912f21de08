"""All analytics SQL: the rollup statements, rollup reads, imported data and configuration.

The rollup runs as a few ``INSERT ... SELECT ... GROUP BY ... ON CONFLICT DO UPDATE`` statements
so the database does the aggregation; the same SQL serves SQLite and PostgreSQL with a few
dialect-specific fragments (day of a timestamp, greatest of two values, JSON field access).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Row, and_, bindparam, delete, func, or_, select, text, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from coffeemug.analytics.models import (
    COUNT_COLUMNS,
    NO_ARTICLE,
    NO_SEGMENT,
    ConversionRollup,
    DimensionDay,
    DimensionSketch,
    Effort,
    ImportedConversion,
    Mention,
    Rollup,
    RollupState,
    ScoreConfig,
    SocialMetric,
)
from coffeemug.content.models import Article, Campaign, Topic, article_topics
from coffeemug.db import Base, UTCDateTime, is_postgres
from coffeemug.events.models import Event

# ------------------------------------------------------------------ dialect fragments


def _day_sql(session: Session, column: str = "occurred_at") -> str:
    if is_postgres(session):
        return f"(({column} AT TIME ZONE 'UTC')::date)"
    return f"date({column})"


def _greatest_sql(session: Session) -> str:
    return "GREATEST" if is_postgres(session) else "MAX"


def _kind_sql(session: Session) -> str:
    if is_postgres(session):
        return "(properties ->> 'kind')"
    return "json_extract(properties, '$.kind')"


def _xor_shift(column: str, bits: int) -> str:
    # a XOR b without a XOR operator (SQLite has none): (a | b) - (a & b).
    return f"(({column} | ({column} >> {bits})) - ({column} & ({column} >> {bits})))"


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


def count_events_in_window(session: Session, low: datetime | None, high: datetime) -> int:
    query = select(func.count()).select_from(Event).where(Event.ingested_at <= high)
    if low is not None:
        query = query.where(Event.ingested_at > low)
    return int(session.scalar(query) or 0)


# ------------------------------------------------------------------ the rollup statements

_EVENT_SUMS = {
    "impressions": "article_impressed",
    "opens": "article_opened",
    "reads": "article_read",
    "likes": "article_liked",
    "dismissals": "article_dismissed",
    "saves": "article_saved",
    "shares": "article_shared",
    "acknowledgements": "article_acknowledged",
    "comments": "article_commented",
    "conversions": "conversion_recorded",
}
_CELL = ("day", "article_id", "channel", "region", "business_unit")
_RHO_BITS = 25  # bits of the hash left after the register index (7 bits for 128 registers)


def _window_params() -> list[Any]:
    return [bindparam("low", type_=UTCDateTime()), bindparam("high", type_=UTCDateTime())]


def _cell_select(session: Session) -> str:
    return (
        f"{_day_sql(session)} AS day, COALESCE(article_id, {NO_ARTICLE}) AS article_id, channel, "
        f"COALESCE(region, '{NO_SEGMENT}') AS region, "
        f"COALESCE(business_unit, '{NO_SEGMENT}') AS business_unit"
    )


# The summed columns of Rollup and DimensionDay.
SUMMED = (*COUNT_COLUMNS, "conversion_value", "dwell_seconds")


def prepare_bulk(session: Session) -> None:
    """Give this transaction's aggregations memory to hash instead of sorting on disk."""
    if is_postgres(session):
        session.execute(text("SET LOCAL work_mem = '256MB'"))


def rollup_counts(session: Session, low: datetime, high: datetime) -> None:
    """Add the window's events to the per-cell counts (late events land on their own day).

    The window's cells are kept in a temporary table that ``rollup_dimensions`` reads next.
    """
    sums = ", ".join(
        f"SUM(CASE WHEN type = '{etype}' THEN 1 ELSE 0 END) AS {name}"
        for name, etype in _EVENT_SUMS.items()
    )
    session.execute(text("DROP TABLE IF EXISTS analytics_batch_cells"))
    session.execute(
        text(
            # Two hash aggregations instead of COUNT(DISTINCT), which would force a sort; the
            # inserts below go in primary-key order so index pages are written sequentially.
            f"""CREATE TEMPORARY TABLE analytics_batch_cells AS
            SELECT {", ".join(_CELL)}, SUM(events) AS events,
                {", ".join(f"SUM({name}) AS {name}" for name in _EVENT_SUMS)},
                SUM(conversion_value) AS conversion_value, SUM(dwell_seconds) AS dwell_seconds,
                COUNT(employee_id) AS employees
            FROM (
                SELECT {_cell_select(session)}, employee_id, COUNT(*) AS events, {sums},
                    SUM(CASE WHEN type = 'conversion_recorded' THEN COALESCE(value, 0) ELSE 0
                        END) AS conversion_value,
                    SUM(COALESCE(dwell_seconds, 0)) AS dwell_seconds
                FROM events
                WHERE ingested_at > :low AND ingested_at <= :high
                GROUP BY 1, 2, 3, 4, 5, 6
            ) AS per_employee
            GROUP BY {", ".join(_CELL)}"""
        ).bindparams(*_window_params()),
        {"low": low, "high": high},
    )
    columns = [*_CELL, *SUMMED, "employees"]
    updates = ", ".join(f"{col} = analytics_rollups.{col} + excluded.{col}" for col in SUMMED)
    session.execute(
        text(
            f"""INSERT INTO analytics_rollups ({", ".join(columns)})
            SELECT {", ".join(columns)} FROM analytics_batch_cells WHERE 1 = 1
            ORDER BY {", ".join(_CELL)}
            ON CONFLICT ({", ".join(_CELL)}) DO UPDATE SET {updates},
                employees = {_greatest_sql(session)}(analytics_rollups.employees,
                                                     excluded.employees)"""
        )
    )


def rollup_conversions(session: Session, low: datetime, high: datetime) -> None:
    """Add the window's conversion events per kind."""
    sql = f"""
        INSERT INTO analytics_conversion_rollups
            (day, article_id, channel, kind, conversions, value, employees)
        SELECT {_day_sql(session)}, COALESCE(article_id, {NO_ARTICLE}), channel,
            COALESCE({_kind_sql(session)}, 'unspecified'), COUNT(*), SUM(COALESCE(value, 0)),
            COUNT(DISTINCT employee_id)
        FROM events
        WHERE ingested_at > :low AND ingested_at <= :high AND type = 'conversion_recorded'
        GROUP BY 1, 2, 3, 4
        ON CONFLICT (day, article_id, channel, kind) DO UPDATE SET
            conversions = analytics_conversion_rollups.conversions + excluded.conversions,
            value = analytics_conversion_rollups.value + excluded.value,
            employees = {_greatest_sql(session)}(
                analytics_conversion_rollups.employees, excluded.employees)
    """
    session.execute(text(sql).bindparams(*_window_params()), {"low": low, "high": high})


def _register_sql(session: Session) -> str:
    """Per event: a 32-bit mix of the employee id, split into register index and rank.

    Two multiply-xorshift rounds; the constants keep every product below 2**63 so neither
    backend overflows.
    """
    ranks = " ".join(f"WHEN w >= {1 << (_RHO_BITS - i)} THEN {i}" for i in range(1, _RHO_BITS + 1))
    return f"""
        SELECT day, article_id, channel, region, business_unit, (x & 127) AS reg,
            CASE {ranks} ELSE {_RHO_BITS + 1} END AS rho
        FROM (
            SELECT day, article_id, channel, region, business_unit, x, (x >> 7) AS w
            FROM (
                SELECT day, article_id, channel, region, business_unit,
                    {_xor_shift("h2", 15)} AS x
                FROM (
                    SELECT day, article_id, channel, region, business_unit,
                        (({_xor_shift("h1", 16)} * 73244475) % 4294967296) AS h2
                    FROM (
                        SELECT {_cell_select(session)},
                            ((employee_id * 2654435761) % 4294967296) AS h1
                        FROM events
                        WHERE ingested_at > :low AND ingested_at <= :high
                            AND employee_id IS NOT NULL
                    ) AS a
                ) AS b
            ) AS c
        ) AS d
    """


DIMENSIONS = ("all", "article", "campaign", "topic", "channel", "region", "business_unit")
# Per-article totals and sketches per ISO week (``day`` = its Monday): ranking all articles or
# merging the must-reads' sketches over a month then reads about a third of the day rows.
ARTICLE_WEEK = "article_week"


def _week_sql(session: Session, column: str) -> str:
    if is_postgres(session):
        return f"CAST(date_trunc('week', {column}) AS DATE)"
    return f"date({column}, 'weekday 0', '-6 days')"


REGISTERS = tuple(f"r{i}" for i in range(128))


def _dimension_sources() -> dict[str, tuple[str, str, str]]:
    """Per dimension: its key expression, the join it needs and which cells belong to it."""
    return {
        "all": ("''", "", "1 = 1"),
        "article": ("CAST(b.article_id AS VARCHAR(64))", "", f"b.article_id <> {NO_ARTICLE}"),
        "campaign": (
            "CAST(a.campaign_id AS VARCHAR(64))",
            "JOIN articles AS a ON a.id = b.article_id",
            "a.campaign_id IS NOT NULL",
        ),
        "topic": ("t.topic_id", "JOIN article_topics AS t ON t.article_id = b.article_id", "1 = 1"),
        "channel": ("b.channel", "", "1 = 1"),
        "region": ("b.region", "", f"b.region <> '{NO_SEGMENT}'"),
        "business_unit": ("b.business_unit", "", f"b.business_unit <> '{NO_SEGMENT}'"),
        ARTICLE_WEEK: ("CAST(b.article_id AS VARCHAR(64))", "", f"b.article_id <> {NO_ARTICLE}"),
    }


_ARTICLE_KEYED = ("article", "campaign", "topic", ARTICLE_WEEK)


def rollup_dimensions(session: Session, low: datetime, high: datetime) -> None:
    """Add the window to the per-day, per-dimension totals and merge its employees into their
    HyperLogLog registers (after ``rollup_counts``, whose batch table this reads)."""
    session.execute(text("DROP TABLE IF EXISTS analytics_batch"))
    session.execute(
        text(
            f"""CREATE TEMPORARY TABLE analytics_batch AS
            SELECT day, article_id, channel, region, business_unit, reg, MAX(rho) AS rho
            FROM ({_register_sql(session)}) AS r
            GROUP BY day, article_id, channel, region, business_unit, reg"""
        ).bindparams(*_window_params()),
        {"low": low, "high": high},
    )
    # The article-keyed dimensions (article, week, campaign, topic) need only day x article:
    # folding channel and segment away first makes their joins and pivots several times smaller.
    # Sums of sums and maxima of maxima, so the result is the same as from the cells.
    session.execute(text("DROP TABLE IF EXISTS analytics_batch_articles"))
    session.execute(
        text(
            f"""CREATE TEMPORARY TABLE analytics_batch_articles AS
            SELECT day, article_id, {", ".join(f"SUM({c}) AS {c}" for c in SUMMED)},
                MAX(employees) AS employees
            FROM analytics_batch_cells WHERE article_id <> {NO_ARTICLE}
            GROUP BY day, article_id"""
        )
    )
    session.execute(text("DROP TABLE IF EXISTS analytics_batch_article_registers"))
    session.execute(
        text(
            f"""CREATE TEMPORARY TABLE analytics_batch_article_registers AS
            SELECT day, article_id, reg, MAX(rho) AS rho
            FROM analytics_batch WHERE article_id <> {NO_ARTICLE}
            GROUP BY day, article_id, reg"""
        )
    )
    greatest = _greatest_sql(session)
    head = f"day, dim, key, {', '.join(SUMMED)}, employees"
    count_updates = ", ".join(f"{c} = analytics_dimension_days.{c} + excluded.{c}" for c in SUMMED)
    register_updates = ", ".join(
        f"{r} = {greatest}(analytics_dimension_sketches.{r}, excluded.{r})" for r in REGISTERS
    )
    pivot = ", ".join(
        f"MAX(CASE WHEN reg = {i} THEN rho ELSE 0 END)" for i in range(len(REGISTERS))
    )
    for dim, (key, join, where) in _dimension_sources().items():
        sums = ", ".join(f"SUM(b.{c})" for c in SUMMED)
        day = _week_sql(session, "b.day") if dim == ARTICLE_WEEK else "b.day"
        by_article = dim in _ARTICLE_KEYED
        cells = "analytics_batch_articles" if by_article else "analytics_batch_cells"
        batch = "analytics_batch_article_registers" if by_article else "analytics_batch"
        # The largest cell's distinct count is a lower bound for the whole day and value.
        session.execute(
            text(
                f"""INSERT INTO analytics_dimension_days ({head})
                SELECT {day}, '{dim}', {key}, {sums}, MAX(b.employees)
                FROM {cells} AS b {join}
                WHERE {where}
                GROUP BY 1, 3
                ORDER BY 1, 3
                ON CONFLICT (day, dim, key) DO UPDATE SET {count_updates},
                    employees = {greatest}(analytics_dimension_days.employees,
                                           excluded.employees)"""
            )
        )
        session.execute(
            text(
                f"""INSERT INTO analytics_dimension_sketches
                    (day, dim, key, {", ".join(REGISTERS)})
                SELECT day, '{dim}', key, {pivot}
                FROM (
                    SELECT {day} AS day, {key} AS key, b.reg AS reg, MAX(b.rho) AS rho
                    FROM {batch} AS b {join}
                    WHERE {where}
                    GROUP BY 1, 2, 3
                ) AS x
                WHERE 1 = 1
                GROUP BY day, key
                ORDER BY key, day
                ON CONFLICT (day, dim, key) DO UPDATE SET {register_updates}"""
            )
        )
    for table in (
        "analytics_batch",
        "analytics_batch_cells",
        "analytics_batch_articles",
        "analytics_batch_article_registers",
    ):
        session.execute(text(f"DROP TABLE {table}"))


def backfill_article_weeks(session: Session) -> None:
    """Build the weekly article rows from the daily ones (rollups made before weeks existed)."""
    week = _week_sql(session, "day")
    counts = ", ".join(SUMMED)
    sums = ", ".join(f"SUM({c})" for c in SUMMED)
    session.execute(
        text(
            f"""INSERT INTO analytics_dimension_days (day, dim, key, {counts}, employees)
            SELECT {week}, '{ARTICLE_WEEK}', key, {sums}, MAX(employees)
            FROM analytics_dimension_days WHERE dim = 'article'
            GROUP BY 1, 3
            ON CONFLICT (day, dim, key) DO NOTHING"""
        )
    )
    registers = ", ".join(REGISTERS)
    maxima = ", ".join(f"MAX({r})" for r in REGISTERS)
    session.execute(
        text(
            f"""INSERT INTO analytics_dimension_sketches (day, dim, key, {registers})
            SELECT {week}, '{ARTICLE_WEEK}', key, {maxima}
            FROM analytics_dimension_sketches WHERE dim = 'article'
            GROUP BY 1, 3
            ON CONFLICT (day, dim, key) DO NOTHING"""
        )
    )


def purge_events(session: Session, occurred_before: datetime, rolled_up_until: datetime) -> int:
    """Delete raw events older than the retention cut-off that are already rolled up."""
    result = session.execute(
        delete(Event).where(
            Event.occurred_at < occurred_before, Event.ingested_at <= rolled_up_until
        )
    )
    return int(result.rowcount or 0)


# ------------------------------------------------------------------ reading rollups

BREAKDOWNS = ("day", "article", "campaign", "topic", "channel", "region", "business_unit")
FILTERS = ("channel", "region", "business_unit")


def _dimension_column(dim: str) -> Any:
    if dim == "day":
        return Rollup.day
    if dim == "article":
        return Rollup.article_id
    if dim == "campaign":
        return Article.campaign_id
    if dim == "topic":
        return article_topics.c.topic_id
    return getattr(Rollup, dim)


def rollup_totals(
    session: Session,
    start: date,
    end: date,
    by: Sequence[str],
    filters: dict[str, str] | None = None,
    article_ids: Iterable[int] | None = None,
) -> Sequence[Row[Any]]:
    """Summed counts per group of ``by`` dimensions, plus the largest cell's employee floor."""
    keys = [_dimension_column(dim).label(f"k{i}") for i, dim in enumerate(by)]
    query = select(
        *keys,
        *(func.sum(getattr(Rollup, col)).label(col) for col in SUMMED),
        func.max(Rollup.employees).label("employee_floor"),
    ).where(Rollup.day >= start, Rollup.day <= end)
    if "campaign" in by:
        query = query.join(Article, Article.id == Rollup.article_id).where(
            Article.campaign_id.is_not(None)
        )
    if "topic" in by:
        query = query.join(article_topics, article_topics.c.article_id == Rollup.article_id)
    if "article" in by:
        query = query.where(Rollup.article_id != NO_ARTICLE)
    for dim in ("region", "business_unit"):
        if dim in by:
            query = query.where(getattr(Rollup, dim) != NO_SEGMENT)
    for dim, value in (filters or {}).items():
        query = query.where(getattr(Rollup, dim) == value)
    if article_ids is not None:
        query = query.where(Rollup.article_id.in_(list(article_ids)))
    if keys:
        query = query.group_by(*keys)
    return session.connection().execute(query).all()


def _full_weeks(start: date, end: date) -> tuple[date, date] | None:
    """Mondays of the first and last ISO week lying wholly inside ``start``..``end``."""
    first = start + timedelta(days=(7 - start.weekday()) % 7)
    last = end - timedelta(days=end.weekday())
    if end.weekday() != 6:
        last -= timedelta(days=7)
    return (first, last) if first <= last else None


def _period_rows(
    start: date, end: date, dim: str, table: type[DimensionDay] | type[DimensionSketch]
) -> Any:
    """Which rows of ``table`` make up the period: for articles, whole weeks from the weekly
    rows and only the days around them from the daily rows (same sums and maxima, fewer rows)."""
    days = and_(table.dim == dim, table.day >= start, table.day <= end)
    weeks = _full_weeks(start, end) if dim == "article" else None
    if weeks is None:
        return days
    first, last = weeks
    return or_(
        and_(table.dim == ARTICLE_WEEK, table.day >= first, table.day <= last),
        and_(days, or_(table.day < first, table.day > last + timedelta(days=6))),
    )


def dimension_totals(session: Session, start: date, end: date, dim: str) -> Sequence[Row[Any]]:
    """Summed counts per value of ``dim`` (per day for ``dim == 'day'``) and the largest
    single-day employee floor."""
    key = DimensionDay.day if dim == "day" else DimensionDay.key
    query = (
        select(
            key.label("k0"),
            *(func.sum(getattr(DimensionDay, col)).label(col) for col in SUMMED),
            func.max(DimensionDay.employees).label("employee_floor"),
        )
        .where(_period_rows(start, end, "all" if dim == "day" else dim, DimensionDay))
        .group_by(key)
    )
    # Core execution: no ORM row processing for the thousands of rows of a long breakdown.
    return session.connection().execute(query).all()


# Built once: 128 expressions per call cost more Python time than the read itself.
_REGISTER_MAXIMA = tuple(func.max(getattr(DimensionSketch, r)) for r in REGISTERS)


def dimension_registers(
    session: Session, start: date, end: date, dim: str, keys: Iterable[str] | None = None
) -> dict[Any, list[int]]:
    """The period's merged HyperLogLog registers per value of ``dim`` (or per day)."""
    key = DimensionSketch.day if dim == "day" else DimensionSketch.key
    query = select(key, *_REGISTER_MAXIMA).where(
        _period_rows(start, end, "all" if dim == "day" else dim, DimensionSketch)
    )
    if keys is not None:
        wanted = list(keys)
        if not wanted:
            return {}
        query = query.where(DimensionSketch.key.in_(wanted))
    rows = session.connection().execute(query.group_by(key))
    return {row[0]: list(row[1:]) for row in rows}


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
        .where(Article.publish_at >= start, Article.publish_at < end)
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


def imported_conversions_by_kind(
    session: Session, start: date, end: date
) -> dict[str, tuple[int, float]]:
    rows = session.execute(
        select(ImportedConversion.kind, func.count(), func.sum(ImportedConversion.value))
        .where(ImportedConversion.day >= start, ImportedConversion.day <= end)
        .group_by(ImportedConversion.kind)
    ).all()
    return {kind: (int(n or 0), float(v or 0.0)) for kind, n, v in rows}


def must_read_keys_in_period(session: Session, start: date, end: date) -> list[str]:
    """Dimension keys of the must-read articles with a sketch in the period.

    The must-read articles are few; probing the sketch key (dim, key, day) for each is cheaper
    than joining every article row of the period against the articles.
    """
    ids = list(session.scalars(select(Article.id).where(Article.must_read)))
    if not ids:
        return []
    keys = [str(i) for i in ids]
    query = (
        select(DimensionSketch.key)
        .where(_period_rows(start, end, "article", DimensionSketch), DimensionSketch.key.in_(keys))
        .distinct()
    )
    return list(session.connection().execute(query).scalars())


def all_article_ids(session: Session) -> list[int]:
    return list(session.scalars(select(Article.id)))


def all_campaign_ids(session: Session) -> list[int]:
    return list(session.scalars(select(Campaign.id)))
