"""Incremental rollup, late events, reach sketches and the retention purge (both backends)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from analytics_factories import add_events, fresh_sqlite, roll
from sqlalchemy import Engine, create_engine, delete, func, inspect, select, text, update
from sqlalchemy.orm import Session

from coffeemug.analytics import repository
from coffeemug.analytics.models import (
    ARTICLE_WEEK,
    SUMMED,
    DimensionDay,
    DimensionSketch,
    FilteredArticleWeek,
    RollupState,
    SegmentDay,
)
from coffeemug.analytics.periods import week_end, week_start
from coffeemug.analytics.privacy import deserialize
from coffeemug.analytics.rollup import REACH_WEEKS_BUILT, WEEKS_BUILT, purge, run_rollup
from coffeemug.analytics.rollup.job import ARTICLE_DAYS_DROPPED
from coffeemug.db import utcnow
from coffeemug.events.catalogue import CONVERSION
from coffeemug.events.models import Event
from database_support import make_database
from factories import make_article, make_employee


def _week(day: date) -> tuple[date, date]:
    """The ISO week of ``day`` (articles are kept per week: their periods are whole weeks)."""
    return week_start(day), week_end(day)


def _segment_day(session: Session, day) -> SegmentDay:
    """The day's one segment row (the tests using it put every event in one segment)."""
    return session.scalars(select(SegmentDay).where(SegmentDay.day == day)).one()


def test_event_types_sharing_a_counter_add_up_and_new_counters_fill(session: Session) -> None:
    day = utcnow().date() - timedelta(days=1)
    people = [make_employee(session, region="EU") for _ in range(5)]
    article = make_article(session)
    add_events(session, people[:2], "article_commented", article.id, day)
    add_events(session, people, "comment_posted", article.id, day)
    add_events(session, people[:3], "share_clicked", article.id, day, channel="social")
    assert roll(session) == 10
    rows = session.scalars(select(SegmentDay).where(SegmentDay.day == day)).all()
    total, clicks = sum(r.comments for r in rows), sum(r.share_clicks for r in rows)
    assert (total, clicks) == (7, 3)
    row = session.scalars(
        select(DimensionDay).where(DimensionDay.dim == "all", DimensionDay.day == day)
    ).one()
    assert (row.events, row.comments, row.share_clicks) == (10, 7, 3)


def test_rollup_counts_per_segment_day_and_late_events_land_on_their_day(session: Session) -> None:
    today = utcnow().date()
    monday = today - timedelta(days=3)
    people = [make_employee(session, region="EU", business_unit="Mobility") for _ in range(6)]
    article = make_article(session)
    add_events(session, people, "article_impressed", article.id, monday)
    add_events(session, people[:3], "article_opened", article.id, monday)
    add_events(session, people[:2], "article_read", article.id, monday, dwell_seconds=30.0)
    assert roll(session) == 11
    row = _segment_day(session, monday)
    assert (row.impressions, row.opens, row.reads, row.dwell_seconds) == (6, 3, 2, 60.0)
    assert (row.region, row.business_unit, row.channel) == ("EU", "Mobility", "intranet")
    assert row.employees == 6

    # Nothing new: a second run changes nothing.
    assert roll(session) == 0
    assert _segment_day(session, monday).impressions == 6

    # A late like, ingested now, for Monday: Monday's row grows, no row for today appears.
    add_events(session, people[:1], "article_liked", article.id, monday, ingested_at=utcnow())
    assert run_rollup(session, until=utcnow() + timedelta(seconds=1)).events == 1
    session.expire_all()
    assert _segment_day(session, monday).likes == 1
    days = session.scalars(select(SegmentDay.day)).all()
    assert days == [monday]


def test_reach_is_the_exact_set_of_distinct_employees(session: Session) -> None:
    day = utcnow().date() - timedelta(days=1)
    people = [make_employee(session, region="APAC") for _ in range(40)]
    article = make_article(session)
    # Every employee twice: reach counts people, not events.
    add_events(session, people, "article_impressed", article.id, day)
    add_events(session, people, "article_opened", article.id, day)
    roll(session)
    members = repository.dimension_members(session, *_week(day), "article", [str(article.id)])
    assert set(members[str(article.id)]) == {p.id for p in people}
    region = repository.dimension_members(session, day, day, "region", ["APAC"])
    assert region["APAC"] == members[str(article.id)]
    totals = {row.k0: row for row in repository.dimension_totals(session, day, day, "region")}
    assert (totals["APAC"].impressions, totals["APAC"].opens) == (40, 40)


def test_purge_removes_only_old_rolled_up_events(session: Session) -> None:
    old_day = utcnow().date() - timedelta(days=500)
    people = [make_employee(session) for _ in range(5)]
    article = make_article(session)
    add_events(session, people, "article_impressed", article.id, old_day)
    roll(session)
    # Old but ingested after the watermark: not rolled up yet, so it must stay.
    add_events(session, people[:1], "article_opened", article.id, old_day, ingested_at=utcnow())
    deleted = purge(session, retention_days=395)
    assert deleted == 5
    remaining = session.scalar(
        select(func.count()).select_from(Event).where(Event.article_id == article.id)
    )
    assert remaining == 1
    assert _segment_day(session, old_day).impressions == 5


def test_conversions_roll_up_per_kind(session: Session) -> None:
    day = utcnow().date() - timedelta(days=2)
    people = [make_employee(session) for _ in range(5)]
    article = make_article(session)
    add_events(
        session,
        people,
        "conversion_recorded",
        article.id,
        day,
        value=100.0,
        properties={"kind": "meeting_booked"},
    )
    roll(session)
    kinds = repository.event_conversions_by_kind(session, day, day)
    assert kinds["meeting_booked"] == (5, 500.0, 5)
    row = _segment_day(session, day)
    assert (row.conversions, row.conversion_value) == (5, 500.0)


def test_cli_rollup_status_and_purge(tmp_path) -> None:
    from typer.testing import CliRunner

    from coffeemug.cli import app
    from coffeemug.db import make_engine

    url = fresh_sqlite(tmp_path)
    engine = make_engine(url)
    with Session(engine) as session:
        people = [make_employee(session) for _ in range(5)]
        article = make_article(session)
        add_events(session, people, "article_impressed", article.id, utcnow().date())
        session.commit()
    engine.dispose()
    runner = CliRunner()
    assert (
        "nothing rolled up yet"
        in runner.invoke(app, ["analytics", "status", "--database-url", url]).output
    )
    result = runner.invoke(
        app, ["analytics", "rollup", "--database-url", url, "--settle-seconds", "0"]
    )
    assert result.exit_code == 0, result.output
    assert "rolled up 5 events" in result.output
    again = runner.invoke(app, ["analytics", "rollup", "--database-url", url])
    assert "rolled up 0 events" in again.output
    assert (
        "events rolled up to"
        in runner.invoke(app, ["analytics", "status", "--database-url", url]).output
    )
    purged = runner.invoke(app, ["analytics", "purge", "--database-url", url])
    assert purged.exit_code == 0 and "deleted 0 raw events" in purged.output


def _dimension_rows(session: Session, model: type, dim: str, start: date, end: date) -> list:
    return session.scalars(
        select(model).where(model.dim == dim, model.day >= start, model.day <= end)
    ).all()


def test_articles_are_kept_per_week_with_the_figures_of_their_days(session: Session) -> None:
    today = utcnow().date()
    # Four weeks back from a Monday: periods of one to four whole weeks.
    first = today - timedelta(days=today.weekday() + 28)
    people = [make_employee(session, region="EU") for _ in range(9)]
    article = make_article(session)
    for offset in range(24):
        day = first + timedelta(days=offset)
        add_events(session, people[: 1 + offset % 9], "article_impressed", article.id, day)
        add_events(session, people[: offset % 4], "article_opened", article.id, day)
    roll(session)
    key = str(article.id)
    # No daily article rows at all.
    for model in (DimensionDay, DimensionSketch):
        assert _dimension_rows(session, model, "article", first, today) == []
    # The one article's figures are the company's ("all", kept per day).
    for weeks in ((0, 4), (1, 2), (0, 1), (2, 4)):
        start, end = first + timedelta(weeks=weeks[0]), first + timedelta(weeks=weeks[1], days=-1)
        days = _dimension_rows(session, DimensionDay, "all", start, end)
        (row,) = repository.dimension_totals(session, start, end, "article")
        assert row.impressions == sum(r.impressions for r in days)
        assert row.opens == sum(r.opens for r in days)
        members = repository.dimension_members(session, start, end, "article", [key])
        assert set(members[key]) == _day_set_union(session, "all", "", start, end)
        assert max(r.employees for r in days) <= row.employee_floor <= len(members[key])
    # A period that is not whole weeks cannot be answered for articles: refused, not guessed.
    with pytest.raises(ValueError, match="not whole weeks"):
        repository.dimension_totals(session, first + timedelta(days=1), today, "article")


def _article_rows(session: Session, dim: str) -> list[tuple]:
    rows = session.scalars(select(DimensionDay).where(DimensionDay.dim == dim)).all()
    sketches = session.scalars(select(DimensionSketch).where(DimensionSketch.dim == dim)).all()
    return sorted((r.day, r.key, r.impressions, r.employees) for r in rows) + sorted(
        (s.day, s.key, s.members) for s in sketches
    )


def test_rollups_made_with_daily_article_rows_get_weeks_built_from_them_then_lose_them(
    session: Session,
) -> None:
    today = utcnow().date()
    people = [make_employee(session, region="EU") for _ in range(7)]
    article = make_article(session)
    for offset in range(1, 16):
        add_events(
            session,
            people[: offset % 7 + 1],
            "article_impressed",
            article.id,
            today - timedelta(days=offset),
        )
    roll(session)
    built = _article_rows(session, ARTICLE_WEEK)
    assert built
    # As a database rolled up before weekly rows existed: daily article rows only (the one
    # article's are the company's daily rows). The next run builds the weeks once, then the
    # daily rows go.
    for model in (DimensionDay, DimensionSketch):
        session.execute(delete(model).where(model.dim == ARTICLE_WEEK))
    for table, columns in (
        ("analytics_dimension_days", f"day, key, {', '.join(SUMMED)}, employees"),
        ("analytics_dimension_sketches", "day, key, members, people"),
    ):
        session.execute(
            text(
                f"INSERT INTO {table} (dim, {columns}) SELECT 'article', "
                f"{columns.replace('key', ':key', 1)} FROM {table} WHERE dim = 'all'"
            ),
            {"key": str(article.id)},
        )
    states = (WEEKS_BUILT, ARTICLE_DAYS_DROPPED)
    session.execute(delete(RollupState).where(RollupState.name.in_(states)))
    session.expire_all()
    assert _article_rows(session, ARTICLE_WEEK) == []
    assert len(_article_rows(session, "article")) == 2 * 15
    assert roll(session) == 0
    session.expire_all()
    assert _article_rows(session, ARTICLE_WEEK) == built
    assert _article_rows(session, "article") == []


def _day_set_union(session: Session, dim: str, key: str, start, end) -> set[int]:
    merged: set[int] = set()
    for row in session.scalars(
        select(DimensionSketch).where(
            DimensionSketch.dim == dim,
            DimensionSketch.key == key,
            DimensionSketch.day >= start,
            DimensionSketch.day <= end,
        )
    ):
        merged |= set(deserialize(row.members))
    return merged


def test_a_periods_reach_from_weekly_sets_is_the_union_of_its_days(session: Session) -> None:
    today = utcnow().date()
    regions = ("EU", "US")
    people = [make_employee(session, region=regions[i % 2]) for i in range(12)]
    article = make_article(session)
    for offset in range(1, 22):
        # A different crowd every day, so that a missing day or week changes the count.
        crowd = [p for i, p in enumerate(people) if (i + offset) % 5 < 2]
        add_events(session, crowd, "article_impressed", article.id, today - timedelta(days=offset))
        add_events(session, crowd[:1], CONVERSION, article.id, today - timedelta(days=offset))
    roll(session)
    start, end = today - timedelta(days=20), today - timedelta(days=1)
    converted = repository.conversion_members(session, start, end, "article", [str(article.id)])
    assert set(converted[str(article.id)]) == _day_set_union(
        session, "conversion/article", str(article.id), start, end
    )
    assert session.scalar(
        select(func.count())
        .select_from(DimensionSketch)
        .where(DimensionSketch.dim == "region_week")
    )
    members = repository.dimension_members(session, start, end, "region", list(regions))
    for region in regions:
        assert set(members[region]) == _day_set_union(session, "region", region, start, end)
    everyone = repository.dimension_members(session, start, end, "all")
    assert set(everyone[""]) == _day_set_union(session, "all", "", start, end)
    per_day = repository.dimension_members(session, start, end, "day")
    assert len(per_day) == 20
    assert all(set(per_day[day]) == _day_set_union(session, "all", "", day, day) for day in per_day)


def test_rollups_made_before_weekly_reach_sets_get_them_built_from_the_days(
    session: Session,
) -> None:
    today = utcnow().date()
    people = [make_employee(session, region="EU") for _ in range(9)]
    article = make_article(session)
    for offset in range(1, 16):
        crowd = people[offset % 4 : offset % 4 + 5]
        add_events(session, crowd, "article_impressed", article.id, today - timedelta(days=offset))
    roll(session)
    weekly_dims = [f"{dim}_week" for dim in ("all", "region", "channel", "business_unit")]

    def weekly() -> list[tuple]:
        sets = session.scalars(
            select(DimensionSketch).where(DimensionSketch.dim.in_(weekly_dims))
        ).all()
        return sorted((s.dim, s.day, s.key, sorted(deserialize(s.members))) for s in sets)

    built = weekly()
    assert {row[0] for row in built} == set(weekly_dims)
    session.execute(delete(DimensionSketch).where(DimensionSketch.dim.in_(weekly_dims)))
    session.execute(delete(RollupState).where(RollupState.name == REACH_WEEKS_BUILT))
    session.expire_all()
    assert weekly() == []
    assert roll(session) == 0
    session.expire_all()
    assert weekly() == built


def test_a_long_window_rolls_up_in_steps_with_the_same_totals_and_sketches(
    session: Session, monkeypatch
) -> None:
    import coffeemug.analytics.rollup.job as rollup_module

    day = utcnow().date() - timedelta(days=2)
    people = [make_employee(session, region="EU") for _ in range(9)]
    article = make_article(session)
    for i in range(3):
        stamp = utcnow() - timedelta(minutes=30 - i)
        add_events(
            session,
            people[3 * i : 3 * i + 3],
            "article_impressed",
            article.id,
            day,
            ingested_at=stamp,
        )
    monkeypatch.setattr(rollup_module, "BATCH_EVENTS", 4)
    until = utcnow() - timedelta(minutes=1)
    result = run_rollup(session, until=until)
    assert result.events == 9
    assert rollup_module.watermark(session) == until
    row = _segment_day(session, day)
    # Steps of at least four events: the floor is the largest step's count, never more.
    assert row.impressions == 9 and 3 <= row.employees <= 9
    everyone = {p.id for p in people}
    members = repository.dimension_members(session, *_week(day), "article", [str(article.id)])
    assert set(members[str(article.id)]) == everyone
    region = repository.dimension_members(session, day, day, "region", ["EU"])
    assert set(region["EU"]) == everyone


def test_channels_and_segments_never_seen_before_are_rolled_up(session: Session) -> None:
    day = utcnow().date() - timedelta(days=1)
    people = [make_employee(session, region="EU", business_unit="Mobility") for _ in range(5)]
    article = make_article(session)
    add_events(session, people, "article_impressed", article.id, day)
    roll(session)
    # An employee who moved: the event keeps the segment it was ingested with.
    moved = make_employee(session, region="EU", business_unit="Mobility")
    add_events(session, [moved], "article_opened", article.id, day, ingested_at=utcnow())
    session.execute(update(Event).where(Event.employee_id == moved.id).values(region="LATAM-new"))
    run_rollup(session, until=utcnow() + timedelta(seconds=1))
    rows = session.scalars(select(SegmentDay).where(SegmentDay.day == day)).all()
    assert {(r.region, r.impressions, r.opens) for r in rows} == {
        ("EU", 5, 0),
        ("LATAM-new", 0, 1),
    }
    totals = {row.k0: row for row in repository.dimension_totals(session, day, day, "region")}
    assert totals["LATAM-new"].opens == 1


@contextmanager
def _migrated_down_to(backend: str, tmp_path, revision: str) -> Iterator[tuple[Engine, Callable]]:
    """A new database migrated down to ``revision``: its engine, and a function that migrates
    it up to the head again (the migration under test)."""
    from alembic import command

    from coffeemug.migrate import alembic_config

    url, drop = make_database(backend, tmp_path)
    engine = None
    try:
        config = alembic_config(url)
        command.downgrade(config, revision)
        engine = create_engine(url)
        yield engine, lambda: command.upgrade(config, "heads")
    finally:
        if engine is not None:
            engine.dispose()
        drop()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_migration_to_exact_sets_empties_the_rollups_for_a_rebuild(backend: str, tmp_path) -> None:
    with _migrated_down_to(backend, tmp_path, "0010") as (engine, upgrade):
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO analytics_dimension_sketches (dim, key, day, registers) "
                    "VALUES ('article', '42', '2026-11-02', :r)"
                ),
                {"r": bytes(128)},
            )
            conn.execute(
                text("INSERT INTO analytics_state (name, value) VALUES ('events_rolled_up', :v)"),
                {"v": utcnow()},
            )
        upgrade()
        with engine.connect() as conn:
            sketches = conn.execute(text("SELECT COUNT(*) FROM analytics_dimension_sketches"))
            state = conn.execute(text("SELECT COUNT(*) FROM analytics_state"))
            counts = (sketches.scalar(), state.scalar())
    # No watermark: the next rollup rebuilds every figure from the event log.
    assert counts == (0, 0)


def test_rebuild_gives_the_same_figures_from_the_event_log(session: Session) -> None:
    from coffeemug.analytics.rollup import rebuild

    day = utcnow().date() - timedelta(days=3)
    people = [make_employee(session, region="EU") for _ in range(6)]
    article = make_article(session)
    add_events(session, people, "article_impressed", article.id, day)
    add_events(session, people[:2], "article_opened", article.id, day)
    roll(session)
    before = _segment_day(session, day)
    figures = (before.impressions, before.opens, before.employees)
    members = repository.dimension_members(session, *_week(day), "article", [str(article.id)])
    result = rebuild(session, until=utcnow())
    session.expire_all()
    assert result.events == 8
    after = _segment_day(session, day)
    assert (after.impressions, after.opens, after.employees) == figures
    again = repository.dimension_members(session, *_week(day), "article", [str(article.id)])
    assert again == members


def test_segment_days_add_up_every_article_of_the_segment(session: Session) -> None:
    day = utcnow().date() - timedelta(days=2)
    eu = [make_employee(session, region="EU", business_unit="Mobility") for _ in range(4)]
    us = [make_employee(session, region="US", business_unit="Energy") for _ in range(3)]
    first, second = make_article(session), make_article(session)
    add_events(session, eu, "article_impressed", first.id, day)
    add_events(session, eu[:2] + us, "article_opened", second.id, day)
    roll(session)
    # A later batch for the same day: its sums add to the stored segment rows.
    add_events(session, us, "article_impressed", first.id, day, ingested_at=utcnow())
    run_rollup(session, until=utcnow() + timedelta(seconds=1))
    rows = session.scalars(select(SegmentDay).where(SegmentDay.day == day)).all()
    figures = {
        (r.channel, r.region, r.business_unit): (r.events, r.impressions, r.opens, r.employees)
        for r in rows
    }
    # Four people behind two articles in Mobility: counted once each. The US people of both
    # batches: the larger batch's count, a floor.
    assert figures == {
        ("intranet", "EU", "Mobility"): (6, 4, 2, 4),
        ("intranet", "US", "Energy"): (6, 3, 3, 3),
    }


def _article_weeks(session: Session, filter_dim: str) -> dict[tuple[str, int], tuple]:
    rows = session.scalars(
        select(FilteredArticleWeek).where(FilteredArticleWeek.filter_dim == filter_dim)
    ).all()
    return {(r.value, r.article_id): (r.day, r.events, r.opens, r.employees) for r in rows}


def test_filtered_article_weeks_sum_each_article_per_filter_value(session: Session) -> None:
    monday = utcnow().date() - timedelta(days=utcnow().date().weekday() + 7)
    eu = [make_employee(session, region="EU", business_unit="Mobility") for _ in range(3)]
    us = [make_employee(session, region="US", business_unit="Mobility") for _ in range(2)]
    article, other = make_article(session), make_article(session)
    add_events(session, eu, "article_impressed", article.id, monday)
    add_events(session, eu[:1] + us, "article_opened", article.id, monday + timedelta(days=4))
    add_events(session, us, "article_impressed", other.id, monday + timedelta(days=6))
    add_events(session, eu, "article_impressed", other.id, monday + timedelta(days=7))
    roll(session)
    # One row per ISO week (its Monday), article and value: days of a week add up.
    week, later = monday, monday + timedelta(days=7)
    assert _article_weeks(session, "region") == {
        ("EU", article.id): (week, 4, 1, 3),
        ("US", article.id): (week, 2, 2, 2),
        ("US", other.id): (week, 2, 0, 2),
        ("EU", other.id): (later, 3, 0, 3),
    }
    mobility = _article_weeks(session, "business_unit")
    # Five people, but only a floor is kept: the largest day x segment's count (Monday's EU
    # three). The views count people from the weekly pair sets.
    assert mobility[("Mobility", article.id)] == (week, 6, 3, 3)
    pairs = repository.pair_members(
        session, week, later - timedelta(days=1), "business_unit", "article"
    )
    assert len(pairs[("Mobility", str(article.id))]) == 5
    assert _article_weeks(session, "channel")[("intranet", other.id)] == (later, 3, 0, 3)


_COUNTS = ", ".join(c for c in SUMMED if c not in ("conversion_value", "dwell_seconds"))
# One cell of a database from before migration 0021 (channel app, unit Mobility): every count n.
_CELL = text(
    f"INSERT INTO analytics_rollups (day, article_id, channel, region, business_unit, "
    f"{_COUNTS}, conversion_value, dwell_seconds, employees) VALUES "
    f"(:day, :article, 'app', :region, 'Mobility', "
    f"{', '.join(':n' for _ in _COUNTS.split(', '))}, 1.5, 10.0, :people)"
)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_migration_fills_the_segment_days_from_the_cells(backend: str, tmp_path) -> None:
    with _migrated_down_to(backend, tmp_path, "0015") as (engine, upgrade):
        with engine.begin() as conn:
            for article, n, people in ((1, 2, 3), (2, 5, 4)):
                conn.execute(
                    _CELL,
                    {
                        "day": "2026-11-02",
                        "article": article,
                        "region": "EU",
                        "n": n,
                        "people": people,
                    },
                )
        upgrade()
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT events, opens, conversion_value, employees FROM analytics_segment_days"
                )
            ).all()
    # Sums of the two cells; the people only as a floor (the larger cell's count).
    assert [tuple(row) for row in rows] == [(7, 7, 3.0, 4)]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_migration_sums_the_cells_into_weeks_per_filter_value_and_drops_them(
    backend: str, tmp_path
) -> None:
    with _migrated_down_to(backend, tmp_path, "0020") as (engine, upgrade):
        with engine.begin() as conn:
            # Monday and Sunday of one ISO week, the next Monday, and events without an article.
            for day, article, region, n, people in (
                ("2026-11-02", 7, "EU", 2, 3),
                ("2026-11-08", 7, "EU", 5, 4),
                ("2026-11-08", 7, "US", 1, 1),
                ("2026-11-09", 7, "EU", 3, 2),
                ("2026-11-03", 0, "EU", 9, 9),
            ):
                conn.execute(
                    _CELL,
                    {"day": day, "article": article, "region": region, "n": n, "people": people},
                )
        upgrade()
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT filter_dim, value, CAST(day AS VARCHAR(10)), article_id, events, "
                    "conversion_value, employees FROM analytics_filtered_article_weeks "
                    "ORDER BY filter_dim, value, day"
                )
            ).all()
            tables = inspect(engine).get_table_names()
    # Sums per week and value; the people only as a floor (the larger cell's count).
    assert [tuple(row) for row in rows] == [
        ("business_unit", "Mobility", "2026-11-02", 7, 8, 4.5, 4),
        ("business_unit", "Mobility", "2026-11-09", 7, 3, 1.5, 2),
        ("channel", "app", "2026-11-02", 7, 8, 4.5, 4),
        ("channel", "app", "2026-11-09", 7, 3, 1.5, 2),
        ("region", "EU", "2026-11-02", 7, 7, 3.0, 4),
        ("region", "EU", "2026-11-09", 7, 3, 1.5, 2),
        ("region", "US", "2026-11-02", 7, 1, 1.5, 1),
    ]
    assert "analytics_rollups" not in tables


# Tables whose rows every rollup updates: counters added to, member sets grown.
COUNTER_TABLES = (
    "analytics_segment_days",
    "analytics_filtered_article_weeks",
    "analytics_dimension_days",
    "analytics_article_lives",
    "analytics_dimension_sketches",
)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_updated_tables_leave_room_on_their_pages_for_updates_in_place(
    backend: str, tmp_path
) -> None:
    with _migrated_down_to(backend, tmp_path, "0016") as (engine, upgrade):
        upgrade()
        with engine.connect() as conn:
            if backend == "sqlite":  # no storage parameters: the migration leaves it alone
                counts = [conn.scalar(text(f"SELECT COUNT(*) FROM {t}")) for t in COUNTER_TABLES]
                assert counts == [0] * len(COUNTER_TABLES)
                return
            rows = conn.execute(
                text("SELECT relname, reloptions FROM pg_class WHERE relname = ANY(:names)"),
                {"names": list(COUNTER_TABLES)},
            ).all()
    # Half of each page free: an update that adds to counters or grows a set stays on its page
    # (no index entry).
    assert dict(rows) == {table: ["fillfactor=50"] for table in COUNTER_TABLES}
