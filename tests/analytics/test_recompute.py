"""Every figure of the breakdowns recomputed from the raw events with plain SQL.

A seeded newsroom (both backends) is rolled up; then, for every breakdown, with no filter and
with each filter value, each shown row must equal what a plain SQL query over ``events``
computes, written without the rollup code: counts, sums and the exact number of distinct
employees. Rows are hidden only when the rule says so (docs/privacy.md).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest
from analytics_factories import at, roll
from sqlalchemy import text
from sqlalchemy.orm import Session

from coffeemug.analytics import service
from coffeemug.db import is_postgres, utcnow
from coffeemug.settings import Settings
from factories import make_article, make_campaign, make_employee, new_event

K = 5
REGIONS = ("EU", "APAC", "AMER", "Iceland")
UNITS = ("Mobility", "Factory Automation", "Energy")
CHANNELS = ("intranet", "email", "app")
TYPES = ("article_impressed", "article_impressed", "article_opened", "article_liked")
SIZES = (2, 3, 4, 5, 6, 8, 12, 20, 35)
DIMENSIONS = ("day", "article", "campaign", "topic", "channel", "region", "business_unit")
COUNTED = {"impressions": "article_impressed", "opens": "article_opened", "likes": "article_liked"}


def seed_newsroom(session: Session, people: int = 90, articles: int = 16) -> tuple[date, date]:
    """People in regions and units of very different sizes, articles read by 2 to 35 people
    over two whole ISO weeks, on three channels. Returns the period (whole weeks)."""
    rng = random.Random(17)
    staff = [
        make_employee(
            session,
            region=rng.choices(REGIONS, weights=(6, 3, 3, 0.15))[0],
            business_unit=rng.choice(UNITS),
        )
        for _ in range(people)
    ]
    campaigns = [make_campaign(session).id for _ in range(3)]
    today = utcnow().date()
    start = today - timedelta(days=today.weekday() + 14)
    events = []
    for i in range(articles):
        article = make_article(
            session,
            topics=tuple(rng.sample(("mobility", "energy", "people", "finance"), 2)),
            must_read=i % 5 == 0,
            campaign_id=campaigns[i % 3] if i % 4 else None,
        )
        for person in rng.sample(staff, rng.choice(SIZES)):
            for _ in range(rng.randint(1, 3)):
                day = start + timedelta(days=rng.randrange(14))
                events.append(
                    new_event(
                        person,
                        rng.choice(TYPES),
                        article.id,
                        channel=rng.choice(CHANNELS),
                        occurred_at=at(day, rng.randint(6, 20)),
                        ingested_at=utcnow() - timedelta(minutes=10),
                    )
                )
    session.add_all(events)
    session.flush()
    roll(session)
    return start, start + timedelta(days=13)


def _key_sql(session: Session, by: str) -> tuple[str, str]:
    """The SQL of a breakdown's key and the joins it needs (independent of the rollup)."""
    if by == "all_rows":
        return "''", ""
    if by == "day":
        if is_postgres(session):
            return "CAST((e.occurred_at AT TIME ZONE 'UTC') AS DATE)", ""
        return "date(e.occurred_at)", ""
    if by == "article":
        return "e.article_id", ""
    if by == "campaign":
        return (
            "a.campaign_id",
            "JOIN articles a ON a.id = e.article_id AND a.campaign_id IS NOT NULL",
        )
    if by == "topic":
        return "t.topic_id", "JOIN article_topics t ON t.article_id = e.article_id"
    return f"e.{by}", ""


def recompute(
    session: Session,
    start: date,
    end: date,
    by: str,
    where: str = "",
    params: dict[str, Any] | None = None,
) -> dict[str, dict[str, int]]:
    """Per key: distinct employees and the counted event types, straight from ``events``."""
    key, joins = _key_sql(session, by)
    sums = ", ".join(
        f"SUM(CASE WHEN e.type = '{t}' THEN 1 ELSE 0 END) AS {name}" for name, t in COUNTED.items()
    )
    sql = f"""
        SELECT {key} AS k, COUNT(DISTINCT e.employee_id) AS reached, {sums}
        FROM events e {joins}
        WHERE e.occurred_at >= :low AND e.occurred_at < :high {where}
        GROUP BY 1"""
    rows = session.execute(
        text(sql),
        {"low": at(start, 0), "high": at(end + timedelta(days=1), 0), **(params or {})},
    ).mappings()
    return {str(row["k"]): {name: int(row[name]) for name in ("reached", *COUNTED)} for row in rows}


def _shown(session: Session, dim: str, start: date, end: date, filters: dict[str, str]):
    table = service.breakdown_table(
        session, Settings(), dim, start, end, filters=filters, limit=1000
    )
    return {row["key"]: row for row in table.rows}


def _check_rows(rows: dict, expected: dict, only: set[str] | None = None) -> None:
    for key, row in rows.items():
        if row["suppressed"] or (only is not None and key not in only):
            continue
        truth = expected[key]
        assert truth["reached"] >= K, (key, truth)
        figures = {name: row[name] for name in ("reached", *COUNTED)}
        assert figures == truth, (key, figures, truth)


def test_unfiltered_breakdowns_match_plain_sql(session: Session) -> None:
    start, end = seed_newsroom(session)
    for dim in DIMENSIONS:
        rows = _shown(session, dim, start, end, {})
        expected = recompute(session, start, end, dim)
        if dim in ("campaign", "topic"):
            # Rows summed from articles leave hidden articles out (rule 2): checked below.
            continue
        _check_rows(rows, expected)
        # Rows of nobody (only what no employee did) are about no one: shown.
        small = {key for key, truth in expected.items() if 0 < truth["reached"] < K}
        hidden = {key for key, row in rows.items() if row["suppressed"]}
        assert small <= hidden, dim
        if hidden - small:
            # More is hidden only where the small rows together are fewer than k people.
            keys = ", ".join(f"'{key}'" for key in small)
            key_sql, joins = _key_sql(session, dim)
            together = session.execute(
                text(
                    f"SELECT COUNT(DISTINCT e.employee_id) FROM events e {joins} "
                    f"WHERE CAST({key_sql} AS VARCHAR(64)) IN ({keys})"
                )
            ).scalar()
            assert together < K, (dim, small, hidden)


def test_campaign_and_topic_rows_sum_the_visible_articles(session: Session) -> None:
    start, end = seed_newsroom(session)
    articles = _shown(session, "article", start, end, {})
    visible = [key for key, row in articles.items() if not row["suppressed"]]
    everything = [key for key in articles]
    for dim in ("campaign", "topic"):
        rows = _shown(session, dim, start, end, {})
        ids = ", ".join(visible)
        sums = recompute(session, start, end, dim, f"AND e.article_id IN ({ids})")
        full = recompute(session, start, end, dim)
        # Rows with a hidden article: their reach counts that article's people too.
        hidden_any = set(recompute(session, start, end, dim, f"AND e.article_id NOT IN ({ids})"))
        assert everything
        for key, row in rows.items():
            if row["suppressed"]:
                continue
            for name in COUNTED:
                assert row[name] == sums[key][name], (dim, key, name)
            if key not in hidden_any:
                assert row["reached"] == full[key]["reached"], (dim, key)


@pytest.mark.parametrize("fdim", ["region", "business_unit", "channel"])
def test_filtered_breakdowns_use_the_filtered_reach(session: Session, fdim: str) -> None:
    start, end = seed_newsroom(session)
    shown = 0
    for dim in ("day", "article", "channel", "region", "business_unit"):
        if dim == fdim:
            continue
        table: dict[tuple[str, str], int] = {}
        views = {}
        for value in _values(session, fdim):
            rows = _shown(session, dim, start, end, {fdim: value})
            expected = recompute(session, start, end, dim, f"AND e.{fdim} = :v", {"v": value})
            _check_rows(rows, expected)
            shown += sum(1 for row in rows.values() if not row["suppressed"])
            table |= {(value, key): truth["reached"] for key, truth in expected.items()}
            views[value] = rows
        for (value, key), people in table.items():
            if people >= K and views[value][key]["suppressed"]:
                # Hidden with k people or more: only against subtraction, i.e. its row or its
                # column of the two-way table holds a group of fewer than k.
                line = [n for (v, b), n in table.items() if v == value or b == key]
                assert min(line) < K, (dim, value, key, people)
    assert shown > 0


def _values(session: Session, fdim: str) -> list[str]:
    return sorted(v for (v,) in session.execute(text(f"SELECT DISTINCT {fdim} FROM events")) if v)


def test_overview_reach_is_exact(session: Session) -> None:
    start, end = seed_newsroom(session)
    table = service.overview_table(session, Settings(), start, end, "en", None)
    values = {row["kpi"]: row["value"] for row in table.rows}
    people = session.execute(
        text(
            "SELECT COUNT(DISTINCT employee_id) FROM events "
            "WHERE occurred_at >= :low AND occurred_at < :high"
        ),
        {"low": at(start, 0), "high": at(end + timedelta(days=1), 0)},
    ).scalar()
    assert values["reached"] == people


def _overview(session: Session, start: date, end: date) -> dict[str, Any]:
    table = service.overview_table(session, Settings(), start, end, "en", None)
    return {row["kpi"]: row["value"] for row in table.rows}


@pytest.mark.parametrize("weeks", [1, 2])
def test_overview_counts_and_rates_match_plain_sql(session: Session, weeks: int) -> None:
    first, last = seed_newsroom(session)
    start = last - timedelta(days=7 * weeks - 1)
    values = _overview(session, start, last)
    truth = recompute(session, start, last, "all_rows")[""]
    assert values["reached"] == truth["reached"]
    assert (values["impressions"], values["opens"], values["likes"]) == (
        truth["impressions"],
        truth["opens"],
        truth["likes"],
    )
    assert values["read_rate"] == 0  # the newsroom has no reads
    # The acknowledgement rate's base: people reached per must-read article, summed.
    must_read = session.execute(
        text(
            "SELECT COUNT(DISTINCT e.employee_id || '-' || e.article_id) FROM events e "
            "JOIN articles a ON a.id = e.article_id AND a.must_read "
            "WHERE e.occurred_at >= :low AND e.occurred_at < :high"
        ),
        {"low": at(start, 0), "high": at(last + timedelta(days=1), 0)},
    ).scalar()
    assert must_read > 0 and values["acknowledgement_rate"] == 0
    assert first <= start


def test_top_and_flop_lists_are_the_breakdown_rows_in_score_order(session: Session) -> None:
    start, end = seed_newsroom(session)
    settings = Settings()
    rows = _shown(session, "article", start, end, {})
    expected = recompute(session, start, end, "article")
    for which in ("top", "flop"):
        table = service.top_flop_table(session, settings, "article", which, start, end, "en", None)
        scores = [row["score"] for row in table.rows]
        assert scores == sorted(scores, reverse=which == "top")
        for row in table.rows:
            assert not row["suppressed"] and row == {**rows[row["key"]], "label": row["label"]}
            assert row["reached"] == expected[row["key"]]["reached"]
