"""Every article's life row (totals over its whole life, first and last day, exact people) stays
true through late events and rebuilds, and decides, sums and ranks the articles whose life lies
in a period exactly as their period rows and sets would (both backends)."""

from __future__ import annotations

from datetime import date, timedelta

from analytics_factories import add_events, roll
from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from coffeemug.analytics import repository, service
from coffeemug.analytics.models import LIFE_TOTALS_BUILT, SUMMED, ArticleLife, RollupState
from coffeemug.analytics.rollup import run_rollup
from coffeemug.content.models import Article
from coffeemug.db import utcnow
from coffeemug.events.models import Event
from coffeemug.settings import Settings
from factories import make_article, make_employee

K = 5


def _weeks_back(weeks: int) -> date:
    """The Monday ``weeks`` ISO weeks before this week's."""
    today = utcnow().date()
    return today - timedelta(days=today.weekday() + 7 * weeks)


def _article(session: Session, weeks: dict[int, list], topic: str = "general") -> int:
    """An article with one impression and one open per person of each week (weeks back ->
    people)."""
    article = make_article(session, topics=(topic,))
    for week, crowd in weeks.items():
        for kind in ("article_impressed", "article_opened"):
            add_events(session, crowd, kind, article.id, _weeks_back(week))
    return article.id


def _lives(session: Session) -> dict[str, tuple]:
    session.expire_all()
    return {
        life.key: (
            life.first_day,
            life.last_day,
            life.employees,
            *(getattr(life, c) for c in SUMMED),
        )
        for life in session.scalars(select(ArticleLife))
    }


def _from_events(session: Session) -> dict[str, tuple]:
    """Per article from the raw events: first and last day, people, events, impressions and
    opens."""
    per: dict[str, list] = {}
    for event in session.scalars(select(Event).where(Event.article_id.is_not(None))):
        per.setdefault(str(event.article_id), []).append(event)
    return {
        key: (
            min(e.occurred_at for e in events).date(),
            max(e.occurred_at for e in events).date(),
            len({e.employee_id for e in events}),
            len(events),
            sum(e.type == "article_impressed" for e in events),
            sum(e.type == "article_opened" for e in events),
        )
        for key, events in per.items()
    }


def test_every_articles_life_row_holds_its_days_totals_and_people(session: Session) -> None:
    people = [make_employee(session) for _ in range(9)]
    first = _article(session, {3: people[0:4], 1: people[2:6]})
    second = _article(session, {2: people[5:9]})
    roll(session)
    # Late events on days before and after the stored ones, in runs of their own.
    add_events(
        session, people[6:9], "article_impressed", first, _weeks_back(5), ingested_at=utcnow()
    )
    assert run_rollup(session, until=utcnow() + timedelta(seconds=1)).events == 3
    later = utcnow() + timedelta(seconds=2)
    add_events(session, people[0:1], "article_opened", second, _weeks_back(0), ingested_at=later)
    assert run_rollup(session, until=later + timedelta(seconds=1)).events == 1

    truth = _from_events(session)
    lives = _lives(session)
    assert set(lives) == {str(first), str(second)}
    opens = SUMMED.index("opens")
    for key, (first_day, last_day, people_n, events, impressions, open_n) in truth.items():
        life = lives[key]
        assert life[:3] == (first_day, last_day, people_n)
        assert (life[3], life[3 + SUMMED.index("impressions")], life[3 + opens]) == (
            events,
            impressions,
            open_n,
        )
    assert lives[str(first)][:3] == (_weeks_back(5), _weeks_back(1), 9)


def test_rollups_made_before_lives_get_them_built(session: Session) -> None:
    people = [make_employee(session) for _ in range(7)]
    _article(session, {4: people[0:3], 2: people[2:6]})
    _article(session, {3: people[5:7]})
    roll(session)
    built = _lives(session)
    assert len(built) == 2
    session.execute(delete(ArticleLife))
    session.execute(delete(RollupState).where(RollupState.name == LIFE_TOTALS_BUILT))
    assert roll(session) == 0
    assert _lives(session) == built


def _forget_lives(session: Session) -> None:
    """As a database whose life rows are not built yet: reads must not rely on them."""
    session.execute(delete(RollupState).where(RollupState.name == LIFE_TOTALS_BUILT))
    session.execute(delete(ArticleLife))
    session.expire_all()


def test_articles_whose_life_lies_in_the_period_are_decided_by_it(session: Session) -> None:
    people = [make_employee(session) for _ in range(12)]
    start, end = _weeks_back(3), _weeks_back(1) + timedelta(days=6)
    # K events and more but 3 people, never K a week: its life says fewer than K people.
    few_people = _article(session, {3: people[0:2], 2: people[1:3], 1: people[0:3]})
    # 2 people a week, 6 in all: shown, and no set needs reading.
    enough = _article(session, {3: people[0:2], 2: people[2:4], 1: people[4:6]})
    # Fewer than K events.
    quiet = _article(session, {2: people[0:2]})
    # A life that begins before the period: decided by its weeks and sets (2 people in it).
    older = _article(session, {6: people[6:12], 2: people[0:2], 1: people[0:1]})
    roll(session)

    few, unsure = repository.articles_short_of(session, start, end, K)
    assert few == {few_people, quiet}
    assert set(unsure) == {older}
    assert len(unsure[older]) == 2
    assert enough not in few

    _forget_lives(session)
    few_before, unsure_before = repository.articles_short_of(session, start, end, K)
    hidden_before = few_before | {a for a, crowd in unsure_before.items() if len(crowd) < K}
    assert hidden_before == few | {older}


def _period_sums(session: Session, start: date, end: date, topic: str) -> dict[str, int]:
    """Events and impressions of the topic's articles in the period (plain SQL)."""
    row = session.execute(
        text(
            """SELECT COUNT(*), SUM(CASE WHEN e.type = 'article_impressed' THEN 1 ELSE 0 END)
            FROM events e JOIN article_topics t ON t.article_id = e.article_id
            WHERE t.topic_id = :topic AND e.occurred_at >= :start AND e.occurred_at < :end"""
        ),
        {"topic": topic, "start": start, "end": end + timedelta(days=1)},
    ).one()
    return {"events": int(row[0]), "impressions": int(row[1] or 0)}


def test_sums_and_ranking_of_articles_take_their_life_or_their_period_rows(
    session: Session,
) -> None:
    people = [make_employee(session) for _ in range(10)]
    start, end = _weeks_back(3), _weeks_back(1) + timedelta(days=6)
    inside = _article(session, {3: people[0:3], 1: people[3:5]}, topic="energy")
    partly = _article(session, {5: people[0:6], 2: people[6:9]}, topic="energy")
    after = _article(session, {2: people[0:2], 0: people[0:8]}, topic="energy")
    roll(session)

    (row,) = repository.article_sums_by(session, start, end, "topic", [inside, partly, after])
    assert row.k0 == "energy"
    assert {"events": row.events, "impressions": row.impressions} == _period_sums(
        session, start, end, "energy"
    )

    ranking = repository.article_ranking(session, start, end)
    by_key = {int(k): i for i, k in enumerate(ranking["key"])}
    assert set(by_key) == {inside, partly, after}
    assert ranking["events"][by_key[inside]] == 10
    assert ranking["events"][by_key[partly]] == 6
    assert ranking["events"][by_key[after]] == 4
    # The whole life in the period: its floor is its exact number of people.
    assert ranking["employee_floor"][by_key[inside]] == 5

    _forget_lives(session)
    (before,) = repository.article_sums_by(session, start, end, "topic", [inside, partly, after])
    assert tuple(before) == tuple(row)
    unkept = repository.article_ranking(session, start, end)
    for name in ("key", "events", "impressions", "interactions", "conversion_value"):
        assert sorted(unkept[name].tolist()) == sorted(ranking[name].tolist())


def test_people_of_must_read_articles_come_from_their_life_or_their_sets(
    session: Session,
) -> None:
    """The acknowledgement rate's base (people reached per must-read article, summed) reads an
    article's life where its whole life lies in the period and its sets where it does not."""
    people = [make_employee(session) for _ in range(10)]
    start, end = _weeks_back(3), _weeks_back(1) + timedelta(days=6)
    inside = _article(session, {3: people[0:4], 1: people[2:7]})  # 7 people, all in the period
    older = _article(session, {6: people[0:10], 2: people[1:3]})  # 10 in its life, 2 in the period
    before = _article(session, {5: people[0:5]})  # none in the period
    _article(session, {2: people[0:9]})  # not a must-read
    for article_id in (inside, older, before):
        session.get(Article, article_id).must_read = True  # type: ignore[union-attr]
    roll(session)
    truth = session.execute(
        text(
            """SELECT COUNT(DISTINCT e.employee_id || '-' || e.article_id) FROM events e
            JOIN articles a ON a.id = e.article_id AND a.must_read
            WHERE e.occurred_at >= :start AND e.occurred_at < :end"""
        ),
        {"start": start, "end": end + timedelta(days=1)},
    ).scalar()
    keys = [str(a) for a in (inside, older, before)]
    expected = {str(inside): 7, str(older): 2}
    assert repository.article_people(session, start, end, keys) == expected
    assert service.overall(session, Settings(), start, end).totals.must_read_reached == truth == 9

    _forget_lives(session)
    assert repository.article_people(session, start, end, keys) == expected
