"""Member sets carry their exact size, articles keep the set of all their people, and long
article lists decide from those sizes which articles have k people in a period (both backends)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from analytics_factories import add_events, roll
from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from coffeemug.analytics import repository
from coffeemug.analytics.models import (
    ARTICLE_LIFE,
    ARTICLE_LIFE_DAY,
    ARTICLE_WEEK,
    DimensionSketch,
    RollupState,
)
from coffeemug.analytics.privacy import deserialize
from coffeemug.analytics.rollup import LIVES_BUILT, run_rollup
from coffeemug.db import is_postgres, utcnow
from factories import make_article, make_employee

K = 5


def _weeks_back(weeks: int) -> date:
    """The Monday ``weeks`` ISO weeks before this week's."""
    today = utcnow().date()
    return today - timedelta(days=today.weekday() + 7 * weeks)


def test_every_stored_set_knows_its_size_and_an_articles_life_set_holds_all_its_people(
    session: Session,
) -> None:
    people = [make_employee(session, region="EU") for _ in range(9)]
    article = make_article(session)
    for week in (5, 3, 2):
        crowd = people[week : week + 3]
        add_events(session, crowd, "article_impressed", article.id, _weeks_back(week))
    roll(session)
    # Late events for a week already stored, in a run of their own: the sets are merged.
    add_events(
        session, people[:2], "article_opened", article.id, _weeks_back(5), ingested_at=utcnow()
    )
    assert run_rollup(session, until=utcnow() + timedelta(seconds=1)).events == 2
    session.expire_all()
    sets = session.scalars(select(DimensionSketch)).all()
    assert sets
    assert all(s.people == len(deserialize(s.members)) for s in sets)
    life = [s for s in sets if s.dim == ARTICLE_LIFE]
    assert [(s.key, s.day) for s in life] == [(str(article.id), ARTICLE_LIFE_DAY)]
    weeks = [s for s in sets if s.dim == ARTICLE_WEEK]
    assert len(weeks) == 3
    assert set(deserialize(life[0].members)) == {p for s in weeks for p in deserialize(s.members)}


def _article(session: Session, weeks: dict[int, list]) -> int:
    """An article with one impression per person of each week (weeks back -> people)."""
    article = make_article(session)
    for week, crowd in weeks.items():
        add_events(session, crowd, "article_impressed", article.id, _weeks_back(week))
    return article.id


def test_sizes_decide_articles_with_few_people_a_week_and_the_rest_by_their_sets(
    session: Session,
) -> None:
    people = [make_employee(session) for _ in range(12)]
    start, end = _weeks_back(3), _weeks_back(1) + timedelta(days=6)
    # Every week fewer than K people, but 6 in the period: its life proves it.
    proven = _article(session, {3: people[0:2], 2: people[2:4], 1: people[4:6]})
    # 6 people in a week before the period, in the period 2 in all (K events): only its sets
    # can tell, and they say fewer than K.
    old_crowd = _article(session, {6: people[6:12], 2: people[0:2] * 2, 1: people[0:1]})
    # Like the first, but enough people in the period with a week outside it as well.
    outside_too = _article(
        session, {6: people[6:8], 3: people[0:2], 2: people[2:4], 1: people[4:6]}
    )
    roll(session)
    few, unsure = repository.articles_short_of(session, start, end, K)
    assert few == set()
    assert set(unsure) == {old_crowd}
    assert len(unsure[old_crowd]) == 2
    hidden = {a for a, crowd in unsure.items() if len(crowd) < K}
    assert hidden == {old_crowd}
    assert proven not in unsure and outside_too not in unsure

    # A week stored before sizes were kept: the article is decided by its sets again.
    session.execute(
        update(DimensionSketch)
        .where(
            DimensionSketch.dim == ARTICLE_WEEK,
            DimensionSketch.key == str(outside_too),
            DimensionSketch.day == _weeks_back(6),
        )
        .values(people=None)
    )
    few, unsure = repository.articles_short_of(session, start, end, K)
    assert set(unsure) == {old_crowd, outside_too}
    assert len(unsure[outside_too]) == 6


def test_rollups_made_before_life_sets_get_them_and_their_weeks_sizes_built(
    session: Session,
) -> None:
    people = [make_employee(session) for _ in range(8)]
    first = _article(session, {4: people[0:3], 2: people[2:6]})
    second = _article(session, {3: people[5:8]})
    roll(session)
    article_sets = DimensionSketch.dim.in_((ARTICLE_LIFE, ARTICLE_WEEK))

    def stored() -> list[tuple]:
        sets = session.scalars(select(DimensionSketch).where(article_sets)).all()
        return sorted((s.dim, s.key, s.day, s.people, sorted(deserialize(s.members))) for s in sets)

    built = stored()
    assert {(row[0], row[1]) for row in built if row[0] == ARTICLE_LIFE} == {
        (ARTICLE_LIFE, str(first)),
        (ARTICLE_LIFE, str(second)),
    }
    # As a database rolled up before: no life sets, weekly sets of unknown size.
    session.execute(delete(DimensionSketch).where(DimensionSketch.dim == ARTICLE_LIFE))
    session.execute(
        update(DimensionSketch).where(DimensionSketch.dim == ARTICLE_WEEK).values(people=None)
    )
    session.execute(delete(RollupState).where(RollupState.name == LIVES_BUILT))
    session.expire_all()
    assert all(row[3] is None for row in stored())
    assert roll(session) == 0
    session.expire_all()
    assert stored() == built


def test_postgresql_plans_for_the_values_and_compiles_nothing(session: Session) -> None:
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("SQLite has neither a plan cache nor JIT compilation")
    settings = {name: session.scalar(text(f"SHOW {name}")) for name in ("plan_cache_mode", "jit")}
    assert settings == {"plan_cache_mode": "force_custom_plan", "jit": "off"}


def _set_versions(session: Session) -> dict[tuple[str, str], Any]:
    """Each stored set's row version: PostgreSQL's transaction id of the row's last write;
    SQLite counts updates by a trigger (made by the first call)."""
    if is_postgres(session):
        rows = session.execute(
            text("SELECT dim, key, CAST(xmin AS TEXT) FROM analytics_dimension_sketches")
        )
    else:
        session.execute(
            text("CREATE TABLE IF NOT EXISTS set_writes (dim TEXT, key TEXT, n INTEGER)")
        )
        session.execute(
            text(
                "CREATE TRIGGER IF NOT EXISTS count_set_writes AFTER UPDATE ON "
                "analytics_dimension_sketches BEGIN INSERT INTO set_writes VALUES "
                "(new.dim, new.key, 1); END"
            )
        )
        rows = session.execute(
            text(
                "SELECT s.dim, s.key, (SELECT COUNT(*) FROM set_writes AS w "
                "WHERE w.dim = s.dim AND w.key = s.key) FROM analytics_dimension_sketches AS s"
            )
        )
    return {(dim, key): version for dim, key, version in rows}


def test_a_stored_set_that_gains_nobody_is_not_written_again(session: Session) -> None:
    people = [make_employee(session, region="EU") for _ in range(6)]
    article = make_article(session)
    day = _weeks_back(1)
    add_events(session, people, "article_impressed", article.id, day)
    roll(session)
    session.commit()  # PostgreSQL: later writes get another transaction id
    before = _set_versions(session)
    # The same people again: every set of the day, week and life stays as it is.
    add_events(session, people[:3], "article_opened", article.id, day, ingested_at=utcnow())
    assert run_rollup(session, until=utcnow() + timedelta(seconds=1)).events == 3
    session.commit()
    assert _set_versions(session) == before
    # Someone new: the sets they join are written (with their new size), the others are not.
    newcomer = make_employee(session, region="US")
    later = utcnow() + timedelta(seconds=2)  # after the watermark the run above left
    add_events(session, [newcomer], "article_opened", article.id, day, ingested_at=later)
    assert run_rollup(session, until=later + timedelta(seconds=1)).events == 1
    session.commit()
    after = _set_versions(session)
    written = {key for key, version in after.items() if version != before.get(key)}
    assert {("all", ""), ("article_life", str(article.id))} <= written
    assert ("region", "EU") not in written
    life = session.scalars(select(DimensionSketch).where(DimensionSketch.dim == ARTICLE_LIFE)).one()
    assert life.people == len(deserialize(life.members)) == 7
