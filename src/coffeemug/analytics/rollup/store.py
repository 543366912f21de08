"""The rollup's bulk SQL: read a window of events in one go, write results through temporary
tables and one ``INSERT ... ON CONFLICT DO UPDATE`` per table.

The rollup itself aggregates in numpy (rollup.py). On PostgreSQL events arrive as one binary
value of fixed-width rows and results leave by binary COPY; SQLite uses plain rows. A few
dialect fragments (day of a timestamp, greatest of two values, JSON field access) let the rest
of the SQL serve both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import (
    bindparam,
    delete,
    func,
    select,
    text,
)
from sqlalchemy.orm import Session

from coffeemug.analytics.models import (
    ARTICLE_LIFE,
    ARTICLE_LIFE_DAY,
    ARTICLE_WEEK,
    COUNT_COLUMNS,
    NO_ARTICLE,
    NO_SEGMENT,
    SEGMENT_KEYS,
    SUMMED,
    DimensionDay,
    DimensionSketch,
)
from coffeemug.analytics.privacy import deserialize, serialize
from coffeemug.analytics.quarantine import WINDOW
from coffeemug.content.models import Article, article_topics
from coffeemug.db import UTCDateTime, is_postgres
from coffeemug.events.catalogue import BY_TYPE, CONVERSION, EVENTS
from coffeemug.events.models import Channel, Event
from coffeemug.people.models import Employee

if TYPE_CHECKING:  # the batch is built by aggregate.py, which imports this module
    from coffeemug.analytics.rollup.aggregate import BatchPart

# ------------------------------------------------------------------ dialect fragments


def _greatest_sql(session: Session) -> str:
    return "GREATEST" if is_postgres(session) else "MAX"


def _kind_sql(session: Session) -> str:
    if is_postgres(session):
        return "(properties ->> 'kind')"
    return "json_extract(properties, '$.kind')"


# ------------------------------------------------------------------ the rollup's reads and writes
#
# The rollup aggregates in numpy (see rollup.py): it reads the window's events once, as fixed-width
# numbers, and writes each result table through a temporary table and one upsert. Strings
# (channel, region, business unit, dimension keys) travel as codes into a list of names.

# The event types the rollup counts, by type code i + 1 (code 0: any other type), and the count
# column (index into COUNT_COLUMNS) of each; several types may share a column.
EVENT_TYPES = tuple(spec.type for spec in EVENTS if spec.counter)
TYPE_COLUMNS = tuple(COUNT_COLUMNS.index(BY_TYPE[t].counter or "") for t in EVENT_TYPES)
NO_EMPLOYEE = -1
EPOCH_DAY = date(1970, 1, 1)
# Per window event on PostgreSQL: day, article, employee (int4 each), segment code (int8), dwell
# and conversion value (float8), all big-endian as ``*send`` writes them.
_WIRE = np.dtype(
    [
        ("day", ">i4"),
        ("article", ">i4"),
        ("employee", ">i4"),
        ("segment", ">i8"),
        ("dwell", ">f8"),
        ("value", ">f8"),
    ]
)


@dataclass
class WindowEvents:
    """The window's events as arrays; channel, region and unit are indexes into the name lists."""

    day: np.ndarray  # days since 1970-01-01
    article: np.ndarray  # NO_ARTICLE for none
    employee: np.ndarray  # NO_EMPLOYEE for none
    channel: np.ndarray
    region: np.ndarray  # NO_SEGMENT ("") is a name like any other
    unit: np.ndarray
    etype: np.ndarray  # 1 + index in EVENT_TYPES, 0 for other types
    dwell: np.ndarray
    value: np.ndarray  # conversion value, 0 for other types
    channels: list[str]
    regions: list[str]
    units: list[str]

    def __len__(self) -> int:
        return len(self.day)


def lock_rollup(session: Session) -> None:
    """One rollup at a time: sketches are merged in Python, so two at once would lose updates."""
    if is_postgres(session):
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext('analytics_rollup'))"))
        session.execute(text("SET LOCAL work_mem = '256MB'"))
    else:
        # A write takes SQLite's one write lock now, and opens the transaction the savepoints
        # of the quarantine need (the driver would otherwise begin it only at the first write).
        session.execute(text("UPDATE analytics_state SET name = name WHERE 1 = 0"))


def window_split(session: Session, low: datetime, high: datetime, size: int) -> datetime:
    """The ``ingested_at`` that ends the first ``size`` events of the window (or ``high``)."""
    stamp = session.scalar(
        select(Event.ingested_at)
        .where(Event.ingested_at > low, Event.ingested_at <= high)
        .order_by(Event.ingested_at)
        .offset(size)
        .limit(1)
    )
    return stamp or high


def read_window(session: Session, low: datetime, high: datetime, zone: str) -> WindowEvents:
    """The window's events as arrays, each on its day in the time zone ``zone``."""
    params = {"low": low, "high": high}
    if not is_postgres(session):
        return _read_window_rows(session, params, zone)
    params["zone"] = zone
    names = _known_segments(session)
    events = _read_window_wire(session, params, *names)
    if events is None:
        # A channel, region or unit not seen before: learn the window's own names once.
        rows = session.execute(
            text(
                f"""SELECT DISTINCT channel, COALESCE(region, '{NO_SEGMENT}'),
                    COALESCE(business_unit, '{NO_SEGMENT}')
                FROM events WHERE {WINDOW}"""
            ).bindparams(*_window_params()),
            params,
        ).all()
        names = tuple(sorted(set(names[i]) | {row[i] for row in rows}) for i in range(3))
        events = _read_window_wire(session, params, *names)
        assert events is not None
    return events


def _window_params() -> list[Any]:
    return [bindparam("low", type_=UTCDateTime()), bindparam("high", type_=UTCDateTime())]


def _known_segments(session: Session) -> tuple[list[str], list[str], list[str]]:
    """Channel, region and unit names the window most likely uses: the channels, the employees'
    segments (copied into their events at ingest) and those rolled up before."""
    known = {dim: {NO_SEGMENT} for dim in ("channel", "region", "business_unit")}
    known["channel"] |= {channel.value for channel in Channel}
    for dim, key in session.execute(
        select(DimensionDay.dim, DimensionDay.key)
        .where(DimensionDay.dim.in_(("channel", "region", "business_unit")))
        .distinct()
    ):
        known[dim].add(key)
    for dim in ("region", "business_unit"):
        known[dim] |= set(session.scalars(select(getattr(Employee, dim)).distinct()))
    channels, regions, units = (sorted(known[d]) for d in ("channel", "region", "business_unit"))
    return channels, regions, units


def _read_window_wire(
    session: Session,
    params: dict[str, Any],
    channels: list[str],
    regions: list[str],
    units: list[str],
) -> WindowEvents | None:
    """One ``string_agg`` of fixed-width binary rows: a single value to fetch and parse, instead
    of millions of rows (None if a segment name is missing from the lists)."""
    sizes = (len(channels) + 1, len(regions) + 1, len(units) + 1)

    def position(names: str, column: str) -> str:
        return f"COALESCE(array_position(CAST(:{names} AS VARCHAR[]), {column}), 0)"

    region = position("regions", f"COALESCE(region, '{NO_SEGMENT}')")
    unit = position("units", f"COALESCE(business_unit, '{NO_SEGMENT}')")
    segment = (
        f"({position('channels', 'channel')} + {sizes[0]} * ({region} + {sizes[1]} * ({unit}"
        f" + {sizes[2]} * {position('types', 'type')})))"
    )
    sql = f"""
        SELECT string_agg(
            int4send((occurred_at AT TIME ZONE :zone)::date - DATE '1970-01-01')
            || int4send(COALESCE(article_id, {NO_ARTICLE}))
            || int4send(COALESCE(employee_id, {NO_EMPLOYEE}))
            || int8send(CAST({segment} AS BIGINT))
            || float8send(COALESCE(dwell_seconds, 0))
            || float8send(CASE WHEN type = '{CONVERSION}' THEN COALESCE(value, 0) ELSE 0
                          END), ''::bytea)
        FROM events WHERE {WINDOW}"""
    names = {
        "channels": channels,
        "regions": regions,
        "units": units,
        "types": list(EVENT_TYPES),
    }
    payload = session.execute(text(sql).bindparams(*_window_params()), {**params, **names}).scalar()
    wire = np.frombuffer(payload or b"", dtype=_WIRE)
    segment_codes = wire["segment"].astype(np.int64)
    rest, channel = np.divmod(segment_codes, sizes[0])
    rest, region = np.divmod(rest, sizes[1])
    etype, unit = np.divmod(rest, sizes[2])
    if len(wire) and min(channel.min(), region.min(), unit.min()) == 0:
        return None
    return WindowEvents(
        day=wire["day"].astype(np.int64),
        article=wire["article"].astype(np.int64),
        employee=wire["employee"].astype(np.int64),
        channel=channel - 1,
        region=region - 1,
        unit=unit - 1,
        etype=etype,
        dwell=wire["dwell"].astype(np.float64),
        value=wire["value"].astype(np.float64),
        channels=channels,
        regions=regions,
        units=units,
    )


def local_days(seconds: np.ndarray, zone: str) -> np.ndarray:
    """Days since 1970-01-01 in the time zone ``zone`` of these Unix times. The offset is looked
    up once per quarter of an hour present (every zone changes offset on a quarter hour)."""
    if not len(seconds):
        return np.zeros(0, dtype=np.int64)
    quarters, inverse = np.unique(seconds // 900, return_inverse=True)
    tz = ZoneInfo(zone)
    offsets = np.array(
        [
            int(datetime.fromtimestamp(int(q) * 900, tz).utcoffset().total_seconds())  # type: ignore[union-attr]
            for q in quarters.tolist()
        ],
        dtype=np.int64,
    )
    return (seconds + offsets[inverse.reshape(-1)]) // 86_400


def _read_window_rows(session: Session, params: dict[str, Any], zone: str) -> WindowEvents:
    rows = session.execute(
        text(
            f"""SELECT CAST(strftime('%s', occurred_at) AS INTEGER),
                COALESCE(article_id, {NO_ARTICLE}), COALESCE(employee_id, {NO_EMPLOYEE}), channel,
                COALESCE(region, '{NO_SEGMENT}'), COALESCE(business_unit, '{NO_SEGMENT}'), type,
                COALESCE(dwell_seconds, 0),
                CASE WHEN type = '{CONVERSION}' THEN COALESCE(value, 0) ELSE 0 END
            FROM events WHERE {WINDOW}"""
        ).bindparams(*_window_params()),
        params,
    ).all()
    columns = list(zip(*rows, strict=True)) if rows else [()] * 9
    names, codes = [], []
    for values in columns[3:6]:
        found, code = np.unique(np.array(values, dtype=object), return_inverse=True)
        names.append([str(name) for name in found])
        codes.append(code.astype(np.int64))
    type_code = {name: i + 1 for i, name in enumerate(EVENT_TYPES)}
    return WindowEvents(
        day=local_days(np.array(columns[0], dtype=np.int64), zone),
        article=np.array(columns[1], dtype=np.int64),
        employee=np.array(columns[2], dtype=np.int64),
        channel=codes[0],
        region=codes[1],
        unit=codes[2],
        etype=np.array([type_code.get(t, 0) for t in columns[6]], dtype=np.int64),
        dwell=np.array(columns[7], dtype=np.float64),
        value=np.array(columns[8], dtype=np.float64),
        channels=names[0],
        regions=names[1],
        units=names[2],
    )


def article_links(session: Session) -> tuple[dict[int, int], list[tuple[int, str]]]:
    """Each article's campaign, and the (article, topic) pairs: the rollup's article-keyed
    dimensions."""
    rows = session.execute(
        select(Article.id, Article.campaign_id).where(Article.campaign_id.is_not(None))
    ).all()
    campaigns = {int(a): int(c) for a, c in rows}
    topics = session.execute(select(article_topics.c.article_id, article_topics.c.topic_id)).all()
    return campaigns, [(int(a), str(t)) for a, t in topics]


@dataclass
class WindowConversions:
    """The window's conversion events: day (in the reporting time zone, since 1970-01-01),
    article (NO_ARTICLE for none), channel, kind, value and employee (NO_EMPLOYEE for none)."""

    day: list[int]
    article: list[int]
    channel: list[str]
    kind: list[str]
    value: list[float]
    employee: list[int]


def read_conversions(
    session: Session, low: datetime, high: datetime, zone: str
) -> WindowConversions:
    """The window's conversion events (few: a fraction of a percent of all events)."""
    rows = session.execute(
        text(
            f"""SELECT occurred_at, COALESCE(article_id, {NO_ARTICLE}), channel,
                COALESCE({_kind_sql(session)}, 'unspecified'), COALESCE(value, 0),
                COALESCE(employee_id, {NO_EMPLOYEE})
            FROM events WHERE {WINDOW} AND type = '{CONVERSION}'"""
        )
        .bindparams(*_window_params())
        .columns(occurred_at=UTCDateTime()),
        {"low": low, "high": high},
    ).all()
    tz = ZoneInfo(zone)
    return WindowConversions(
        day=[(row[0].astimezone(tz).date() - EPOCH_DAY).days for row in rows],
        article=[int(row[1]) for row in rows],
        channel=[str(row[2]) for row in rows],
        kind=[str(row[3]) for row in rows],
        value=[float(row[4]) for row in rows],
        employee=[int(row[5]) for row in rows],
    )


def add_conversion_cells(session: Session, cells: list[dict[str, Any]]) -> None:
    """Add conversion cells (day, article_id, channel, kind, conversions, value, employees)."""
    if not cells:
        return
    sql = f"""
        INSERT INTO analytics_conversion_rollups
            (day, article_id, channel, kind, conversions, value, employees)
        VALUES (:day, :article_id, :channel, :kind, :conversions, :value, :employees)
        ON CONFLICT (day, article_id, channel, kind) DO UPDATE SET
            conversions = analytics_conversion_rollups.conversions + excluded.conversions,
            value = analytics_conversion_rollups.value + excluded.value,
            employees = {_greatest_sql(session)}(
                analytics_conversion_rollups.employees, excluded.employees)
    """
    session.execute(text(sql), cells)


DIMENSIONS = ("all", "article", "campaign", "topic", "channel", "region", "business_unit")

# ---- temporary tables: binary COPY on PostgreSQL, executemany on SQLite

_PG_BINARY = {"i": ">i{}", "f": ">f{}"}
_COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + bytes(8)
_COPY_CHUNK_ROWS = 200_000


def _sql_type(session: Session, column: np.ndarray) -> str:
    if column.ndim == 2 or column.dtype == object:
        return "BYTEA" if is_postgres(session) else "BLOB"
    if column.dtype.kind == "f":
        return "DOUBLE PRECISION" if is_postgres(session) else "REAL"
    return "BIGINT" if column.dtype.itemsize == 8 else "INTEGER"


def _load_temp(session: Session, name: str, columns: dict[str, np.ndarray]) -> None:
    """A temporary table ``name`` holding the given columns (equal-length arrays; a 2-D uint8
    array or an object array of bytes becomes one binary column)."""
    rows = len(next(iter(columns.values())))
    # Narrower integers where the values allow: less to send through COPY.
    columns = {
        col: arr.astype(np.int32)
        if rows and arr.dtype == np.int64 and arr.min() > -(2**31) and arr.max() < 2**31
        else arr
        for col, arr in columns.items()
    }
    session.execute(text(f"DROP TABLE IF EXISTS {name}"))
    spec = ", ".join(f"{col} {_sql_type(session, arr)}" for col, arr in columns.items())
    session.execute(text(f"CREATE TEMPORARY TABLE {name} ({spec})"))
    if not rows:
        return
    if is_postgres(session):
        _copy_binary(session, name, columns, rows)
        session.execute(text(f"ANALYZE {name}"))
        return
    values = [
        [bytes(row) for row in arr] if arr.ndim == 2 else arr.tolist() for arr in columns.values()
    ]
    placeholders = ", ".join("?" for _ in columns)
    cursor = session.connection().connection.driver_connection.cursor()
    rows_in = list(zip(*values, strict=True))
    cursor.executemany(f"INSERT INTO {name} VALUES ({placeholders})", rows_in)


def _copy_binary(session: Session, name: str, columns: dict[str, np.ndarray], rows: int) -> None:
    # Every fixed-width field is a numpy record: field count, then per field its length and
    # big-endian value. A variable-length binary column (the member sets) must come last: its
    # length and bytes follow each row's record.
    blobs = [arr for arr in columns.values() if arr.dtype == object]
    fixed = {col: arr for col, arr in columns.items() if arr.dtype != object}
    fields: list[tuple[Any, ...]] = [("count", ">i2")]
    for i, arr in enumerate(fixed.values()):
        if arr.ndim == 2:
            fields += [(f"n{i}", ">i4"), (f"v{i}", "u1", (arr.shape[1],))]
        else:
            kind = "f" if arr.dtype.kind == "f" else "i"
            fields += [(f"n{i}", ">i4"), (f"v{i}", _PG_BINARY[kind].format(arr.dtype.itemsize))]
    if blobs:
        # The binary column's length closes the record; its bytes follow.
        fields.append(("blob_length", ">i4"))
    driver = session.connection().connection.driver_connection
    with driver.cursor() as cursor, cursor.copy(f"COPY {name} FROM STDIN (FORMAT BINARY)") as copy:
        copy.write(_COPY_HEADER)
        for start in range(0, rows, _COPY_CHUNK_ROWS):
            stop = min(rows, start + _COPY_CHUNK_ROWS)
            records = np.empty(stop - start, dtype=fields)
            records["count"] = len(columns)
            for i, arr in enumerate(fixed.values()):
                part = arr[start:stop]
                records[f"n{i}"] = part.shape[1] if arr.ndim == 2 else arr.dtype.itemsize
                records[f"v{i}"] = part
            if not blobs:
                copy.write(records.tobytes())
                continue
            chunk = blobs[0][start:stop].tolist()
            records["blob_length"] = np.fromiter(map(len, chunk), dtype=np.int64, count=len(chunk))
            width = records.dtype.itemsize
            packed = records.tobytes()
            # Records and sets alternate: two list slices instead of a loop over the rows.
            parts: list[bytes] = [b""] * (2 * len(chunk))
            parts[0::2] = [packed[j : j + width] for j in range(0, len(packed), width)]
            parts[1::2] = chunk
            copy.write(b"".join(parts))
        copy.write(b"\xff\xff")


def _load_names(session: Session, names: list[str]) -> int:
    """A new temporary table of the batch's names, holding ``names``; returns how many."""
    session.execute(text("DROP TABLE IF EXISTS analytics_batch_names"))
    session.execute(
        text("CREATE TEMPORARY TABLE analytics_batch_names (code INTEGER PRIMARY KEY, name TEXT)")
    )
    return _add_names(session, names, 0)


def _add_names(session: Session, names: list[str], loaded: int) -> int:
    """Add ``names`` from code ``loaded`` on to the batch's names; returns how many it holds."""
    if len(names) <= loaded:
        return loaded
    rows = enumerate(names[loaded:], start=loaded)
    if is_postgres(session):
        # Hundreds of thousands of pair keys: COPY, not one INSERT per name.
        driver = session.connection().connection.driver_connection
        with (
            driver.cursor() as cursor,
            cursor.copy("COPY analytics_batch_names (code, name) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
    else:
        session.execute(
            text("INSERT INTO analytics_batch_names (code, name) VALUES (:code, :name)"),
            [{"code": code, "name": name} for code, name in rows],
        )
    return len(names)


def _from_epoch_day(session: Session, column: str) -> str:
    if is_postgres(session):
        return f"(DATE '1970-01-01' + CAST({column} AS INTEGER))"
    return f"date({column} * 86400, 'unixepoch')"


def _name_join(alias: str, column: str) -> str:
    return f"JOIN analytics_batch_names AS {alias} ON {alias}.code = b.{column}"


# The tables a batch writes (aggregate.py makes a part for each), and the summed ones' keys.
SEGMENT_DAYS = "analytics_segment_days"  # day x channel x region x unit
DIMENSION_DAYS = "analytics_dimension_days"  # day (or week) x dimension value: totals
SKETCHES = "analytics_dimension_sketches"  # day (or week) x dimension value: member sets
ARTICLE_LIVES = "analytics_article_lives"  # article: first and last day, totals, people
FILTERED_ARTICLE_WEEKS = "analytics_filtered_article_weeks"  # week x filter value x article
SUM_KEYS = {
    SEGMENT_DAYS: SEGMENT_KEYS,
    DIMENSION_DAYS: ("day", "dim", "key"),
    FILTERED_ARTICLE_WEEKS: ("day", "filter_dim", "value", "article_id"),
}


def write_batch(session: Session, parts: Iterable[BatchPart]) -> None:
    """Add a batch to the rollups, part by part as they come: sums per segment, per dimension
    value and per filter value and article (employees: the larger floor), member sets (unions
    with the stored ones) and the articles' lives. Key columns hold codes into each part's
    names; ``day`` counts days since 1970-01-01."""
    loaded = _load_names(session, [])
    # Read before the batch's own sets go in: which sets may have a stored one.
    known = _last_rolled_up_day(session)
    life_people: dict[int, int] = {}
    for part in parts:
        loaded = _add_names(session, part.names, loaded)
        if part.table in SUM_KEYS:
            _add_sums(session, part.table, part.rows)
        elif part.table == ARTICLE_LIVES:
            _add_lives(session, part.rows, life_people)
        else:
            people = _merge_sketches(session, part.rows, known)
            life_people |= _life_people(part, people)
    _drop_temp(session)


def _add_sums(session: Session, table: str, source: dict[str, np.ndarray]) -> None:
    """Add summed rows to ``table``: counts added, employees the larger floor."""
    keys = SUM_KEYS[table]
    _load_temp(session, "analytics_batch", source)
    named = [k for k in keys if k not in ("day", "article_id")]
    select_keys = [f"n_{k}.name" if k in named else f"b.{k}" for k in keys]
    select_keys[0] = _from_epoch_day(session, "b.day")
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in SUMMED)
    insert = f"""INSERT INTO {table} ({", ".join(keys)}, {", ".join(SUMMED)}, employees)
        SELECT {", ".join(select_keys)}, {", ".join(f"b.{c}" for c in SUMMED)}, b.employees
        FROM analytics_batch AS b {" ".join(_name_join(f"n_{k}", k) for k in named)}"""
    # Days the table does not hold yet cannot conflict: a plain insert costs about half
    # of an upsert (the usual case for a backfill, rare for an incremental run).
    fresh = _fresh_days(session, table, source["day"])
    if fresh:
        session.execute(text(f"{insert} WHERE b.day IN ({', '.join(map(str, fresh))})"))
    if len(fresh) < len(np.unique(source["day"])):
        known = f"b.day NOT IN ({', '.join(map(str, fresh))})" if fresh else "1 = 1"
        session.execute(
            text(
                f"""{insert} WHERE {known}
                ON CONFLICT ({", ".join(keys)}) DO UPDATE SET {updates},
                    employees = {_greatest_sql(session)}({table}.employees, excluded.employees)"""
            )
        )


def _life_people(part: BatchPart, people: np.ndarray) -> dict[int, int]:
    """The people of the part's article life sets as merged, by the article's name code."""
    try:
        life = part.rows["dim"] == part.names.index(ARTICLE_LIFE)
    except ValueError:  # no article life set in the part
        return {}
    return dict(zip(part.rows["key"][life].tolist(), people[life].tolist(), strict=True))


def _add_lives(session: Session, lives: dict[str, np.ndarray], people: dict[int, int]) -> None:
    """Add the batch to its articles' lives: earliest first day, latest last day, summed
    totals, and the people of their merged life sets (sets only grow, so the larger count;
    0 for an article whose events carry no employee and that has no set yet)."""
    employees = np.array([people.get(key, 0) for key in lives["key"].tolist()], dtype=np.int64)
    _load_temp(session, "analytics_batch", {**lives, "employees": employees})
    greatest = _greatest_sql(session)
    least = "LEAST" if is_postgres(session) else "MIN"
    table = ARTICLE_LIVES
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in SUMMED)
    # "WHERE 1 = 1": SQLite reads ON CONFLICT after a bare SELECT ... FROM ... JOIN as part of
    # the join unless a WHERE comes between.
    session.execute(
        text(
            f"""INSERT INTO {table} (key, first_day, last_day, {", ".join(SUMMED)}, employees)
            SELECT n_key.name, {_from_epoch_day(session, "b.first_day")},
                {_from_epoch_day(session, "b.last_day")},
                {", ".join(f"b.{c}" for c in SUMMED)}, b.employees
            FROM analytics_batch AS b {_name_join("n_key", "key")}
            WHERE 1 = 1
            ON CONFLICT (key) DO UPDATE SET {updates},
                first_day = {least}({table}.first_day, excluded.first_day),
                last_day = {greatest}({table}.last_day, excluded.last_day),
                employees = {greatest}({table}.employees, excluded.employees)"""
        )
    )


def _fresh_days(session: Session, table: str, days: np.ndarray) -> list[int]:
    """The batch's days (since 1970-01-01) of which ``table`` holds no row yet."""
    probe = text(f"SELECT 1 FROM {table} WHERE day = :day LIMIT 1")
    fresh = []
    for day in np.unique(days).tolist():
        if session.execute(probe, {"day": EPOCH_DAY + timedelta(days=day)}).first() is None:
            fresh.append(int(day))
    return fresh


def write_sketches(session: Session, names: list[str], sketches: dict[str, np.ndarray]) -> None:
    """Merge member sets (day, dim, key codes and serialized bitmaps) into the stored ones."""
    _load_names(session, names)
    _merge_sketches(session, sketches, _last_rolled_up_day(session))
    _drop_temp(session)


def _drop_temp(session: Session) -> None:
    session.execute(text("DROP TABLE analytics_batch"))
    session.execute(text("DROP TABLE analytics_batch_names"))


def _last_rolled_up_day(session: Session) -> int | None:
    """The last day (since 1970-01-01) of the stored sketches' days; None if there are none."""
    last = session.scalar(select(func.max(DimensionSketch.day)).where(DimensionSketch.dim == "all"))
    return None if last is None else (last - EPOCH_DAY).days


def _fetch_binary(session: Session, sql: str) -> list[Any]:
    """Rows of a parameterless query; on PostgreSQL in binary format (member sets as raw bytes,
    not hex text: half the transfer, nothing to decode)."""
    if not is_postgres(session):
        return list(session.execute(text(sql)).all())
    driver = session.connection().connection.driver_connection
    with driver.cursor(binary=True) as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def _merge_sketches(
    session: Session, sketches: dict[str, np.ndarray], known: int | None
) -> np.ndarray:
    """Store the batch's member sets: the union with the stored set where there is one.
    ``known``: the last day rolled up before the batch (None if none). Returns each set's
    size as stored."""
    members = sketches["members"]
    keys = {"seq": np.arange(len(members), dtype=np.int64)}
    keys |= {k: sketches[k] for k in ("day", "dim", "key")}
    joins = f"{_name_join('n_dim', 'dim')} {_name_join('n_key', 'key')}"
    # Only rows on or before the last day rolled up so far can have a stored set (a weekly row's
    # day is its Monday): the others, usually all of a fresh window, skip the lookup.
    maybe = np.zeros(len(members), dtype=bool) if known is None else sketches["day"] <= known
    stored: list[Any] = []
    if maybe.any():
        _load_temp(session, "analytics_batch", {k: v[maybe] for k, v in keys.items()})
        stored = _fetch_binary(
            session,
            f"""SELECT b.seq, s.members, s.people FROM analytics_batch AS b {joins}
            JOIN analytics_dimension_sketches AS s
                ON s.dim = n_dim.name AND s.key = n_key.name
                AND s.day = {_from_epoch_day(session, "b.day")}""",
        )
    fresh = np.ones(len(members), dtype=np.int32)
    people = np.asarray(sketches["people"], dtype=np.int64)
    changed = np.ones(len(members), dtype=bool)
    if stored:
        members, people = members.copy(), people.copy()
        for seq, blob, size in stored:
            before = deserialize(bytes(blob))
            union = deserialize(members[seq]) | before
            people[seq] = len(union)
            fresh[seq] = 0
            # Nobody new (the usual case for a big set, such as a day's company-wide one): the
            # stored set stays as it is, unwritten, unless it lacks its size.
            changed[seq] = len(union) != len(before) or size is None
            if changed[seq]:
                members[seq] = serialize(union)
    rows = {**keys, "fresh": fresh, "people": people, "members": members}
    _load_temp(session, "analytics_batch", {name: column[changed] for name, column in rows.items()})
    insert = f"""INSERT INTO analytics_dimension_sketches (day, dim, key, members, people)
        SELECT {_from_epoch_day(session, "b.day")}, n_dim.name, n_key.name, b.members, b.people
        FROM analytics_batch AS b {joins}"""
    # Sets with no stored one (the lookup above found none; one rollup runs at a time) go in
    # by a plain insert: about a third of the cost of an upsert per row.
    session.execute(text(f"{insert} WHERE b.fresh = 1"))
    if len(stored):
        session.execute(
            text(
                f"""{insert} WHERE b.fresh = 0
                ON CONFLICT (dim, key, day) DO UPDATE
                SET members = excluded.members, people = excluded.people"""
            )
        )
    return people


def backfill_article_week_days(session: Session) -> None:
    """Build the weekly article totals from the daily ones (rollups made before weeks existed)."""
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


def backfill_article_life_totals(session: Session) -> None:
    """Build every article's life row from its weekly totals and its life set (rollups made
    before lives were kept; the life sets are built before). Its first and last day are then
    the Mondays of its first and last week: periods are whole weeks, so they answer the same."""
    counts = ", ".join(SUMMED)
    sums = ", ".join(f"SUM(d.{c})" for c in SUMMED)
    session.execute(
        text(
            f"""INSERT INTO analytics_article_lives
                (key, first_day, last_day, {counts}, employees)
            SELECT d.key, MIN(d.day), MAX(d.day), {sums}, COALESCE(MAX(s.people), 0)
            FROM analytics_dimension_days AS d
            LEFT JOIN analytics_dimension_sketches AS s
                ON s.dim = :life AND s.key = d.key AND s.day = :life_day
            WHERE d.dim = :week
            GROUP BY d.key
            ON CONFLICT (key) DO NOTHING"""
        ),
        {"life": ARTICLE_LIFE, "life_day": ARTICLE_LIFE_DAY, "week": ARTICLE_WEEK},
    )


def drop_article_days(session: Session) -> None:
    """Delete the daily article totals and sets of older rollups (their weeks and lives are
    built from them first: see job.BACKFILLS)."""
    for table in (DimensionDay, DimensionSketch):
        session.execute(delete(table).where(table.dim == "article"))


def _week_sql(session: Session, column: str) -> str:
    if is_postgres(session):
        return f"CAST(date_trunc('week', {column}) AS DATE)"
    return f"date({column}, 'weekday 0', '-6 days')"


def day_sketches(session: Session, dim: str) -> list[tuple[str, date, bytes]]:
    """Every day set of ``dim``: (key, day, serialized set)."""
    rows = session.execute(
        select(DimensionSketch.key, DimensionSketch.day, DimensionSketch.members).where(
            DimensionSketch.dim == dim
        )
    ).all()
    return [(key, day, bytes(members)) for key, day, members in rows]


ROLLUP_TABLES = (
    SEGMENT_DAYS,
    FILTERED_ARTICLE_WEEKS,
    DIMENSION_DAYS,
    SKETCHES,
    ARTICLE_LIVES,
    "analytics_conversion_rollups",
    "analytics_quarantine",
    "analytics_state",
)


def empty_rollups(session: Session) -> None:
    """Delete every rollup, the events set aside and the watermarks (for a rebuild)."""
    for table in ROLLUP_TABLES:
        session.execute(text(f"DELETE FROM {table}"))


def purge_events(session: Session, occurred_before: datetime, rolled_up_until: datetime) -> int:
    """Delete raw events older than the retention cut-off that are already rolled up."""
    result = session.execute(
        delete(Event).where(
            Event.occurred_at < occurred_before, Event.ingested_at <= rolled_up_until
        )
    )
    return int(result.rowcount or 0)
