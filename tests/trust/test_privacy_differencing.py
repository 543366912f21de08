"""No figure about fewer than k people, directly or as the difference of two answers.

A small newsroom with small groups on purpose (a region of two, a channel one person used, an
article two people read, three people who converted) is rolled up; then every analytics
endpoint is asked for the same period, unfiltered and with every filter value. Each figure
shown is traced back to the raw events it sums, and checked:

* directly: a row is backed by at least k distinct employees; a conversion figure by at least
  k employees who converted;
* by subtraction: for any two figures of one kind where one's events are part of the other's,
  the difference is backed by at least k employees; and a figure minus the rows of one answer
  that it contains (a total minus a breakdown) leaves nothing or at least k employees.

Campaign and topic rows sum the articles that the article breakdown of the same view shows
(analytics.disclosure); the test checks that their figures are exactly those sums.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from coffeemug.analytics.rollup import run_rollup
from coffeemug.content.models import Article, article_topics
from coffeemug.db import utcnow
from coffeemug.events.models import Event
from coffeemug.events.schemas import EventCreate
from coffeemug.events.service import ingest_many
from coffeemug.people.models import Employee
from factories import identity, make_article, make_campaign, make_employee

K = 5
DIMENSIONS = ("day", "article", "campaign", "topic", "channel", "region", "business_unit")
FILTERS = ("region", "business_unit", "channel")
COUNTED = {"impressions": "article_impressed", "opens": "article_opened", "likes": "article_liked"}


@dataclass(frozen=True)
class Fact:
    """One raw event as the rollup saw it."""

    id: str
    employee: int
    type: str
    article: int | None
    channel: str
    region: str
    business_unit: str
    day: str
    kind: str | None
    value: float


@dataclass(frozen=True)
class Figure:
    """A figure some answer shows: which events it sums, and of which kind it is."""

    answer: str
    row: str
    family: str  # "row" (a row's figures) or "conversions"
    events: frozenset[str]


def _newsroom(session: Session) -> Employee:
    """Readers in groups of every size, articles in campaigns and topics, a few conversions."""
    big = [make_employee(session, region="DE", business_unit="SI") for _ in range(12)]
    unit = [make_employee(session, region="DE", business_unit="Mobility") for _ in range(4)]
    tiny = [make_employee(session, region="Tiny", business_unit="SI") for _ in range(2)]
    first, second = make_campaign(session, "First"), make_campaign(session, "Second")
    a1 = make_article(session, "A1", topics=["energy"], campaign_id=first.id)
    a2 = make_article(session, "A2", topics=["energy", "finance"], campaign_id=first.id)
    a3 = make_article(session, "A3", topics=["finance"])
    a4 = make_article(session, "A4", topics=["ai"], campaign_id=second.id)
    a5 = make_article(session, "A5", topics=["ai"])
    when = datetime.combine(utcnow().date() - timedelta(days=1), time(10), tzinfo=UTC)
    plan: list[tuple[list[Employee], str, Article | None, dict[str, Any]]] = [
        (big, "article_opened", a1, {}),
        (big[:3], "article_liked", a1, {}),
        (tiny, "article_opened", a2, {}),
        (big[:8] + unit, "article_opened", a3, {}),
        (big[4:10], "article_opened", a4, {}),
        (big[11:], "article_opened", a5, {"channel": "email"}),
        (big + unit + tiny, "article_impressed", a1, {"score": 1.0}),
        (big[:2], "conversion_recorded", a1, {"kind": "meeting_booked", "value": 500.0}),
        (tiny[:1], "conversion_recorded", a2, {"kind": "registration", "value": 80.0}),
    ]
    items = []
    for people, kind, article, extra in plan:
        for person in people:
            event = EventCreate(
                id=uuid.uuid4(),
                type=kind,
                article_id=article.id if article else None,
                occurred_at=when,
                **extra,
            )
            items.append((person, event))
    ingest_many(session, items)
    run_rollup(session, until=utcnow())
    return make_employee(session, region="DE", business_unit="SI", roles=["analyst", "editor"])


def _article_id(session: Session, title: str) -> int:
    return session.scalars(select(Article.id).where(Article.title == title)).one()


def _facts(session: Session) -> tuple[list[Fact], dict[int, int], dict[int, list[str]]]:
    facts = [
        Fact(
            e.id,
            e.employee_id,
            e.type,
            e.article_id,
            e.channel,
            e.region,
            e.business_unit,
            e.occurred_at.date().isoformat(),
            (e.properties or {}).get("kind"),
            e.value or 0.0,
        )
        for e in session.scalars(select(Event))
    ]
    campaigns = {a.id: a.campaign_id for a in session.scalars(select(Article)) if a.campaign_id}
    topics: dict[int, list[str]] = {}
    for article_id, topic_id in session.execute(select(article_topics)):
        topics.setdefault(article_id, []).append(topic_id)
    return facts, campaigns, topics


class Truth:
    """Which raw events a row of a breakdown sums."""

    def __init__(self, session: Session) -> None:
        self.facts, self.campaigns, self.topics = _facts(session)

    def member(self, dim: str, key: str) -> Callable[[Fact], bool]:
        if dim == "day":
            return lambda f: f.day == key
        if dim == "article":
            return lambda f: str(f.article) == key
        if dim == "campaign":
            return lambda f: f.article is not None and str(self.campaigns.get(f.article)) == key
        if dim == "topic":
            return lambda f: f.article is not None and key in self.topics.get(f.article, [])
        return lambda f: getattr(f, dim) == key

    def select(self, *tests: Callable[[Fact], bool]) -> list[Fact]:
        return [f for f in self.facts if all(test(f) for test in tests)]


def _people(facts: Iterable[Fact]) -> int:
    return len({f.employee for f in facts})


def _ids(facts: Iterable[Fact]) -> frozenset[str]:
    return frozenset(f.id for f in facts)


def _conversions(facts: Iterable[Fact]) -> list[Fact]:
    return [f for f in facts if f.type == "conversion_recorded"]


class Collector:
    """Asks the endpoints as an analyst and turns every figure shown into a Figure."""

    def __init__(self, client: TestClient, analyst: Employee, truth: Truth, day: str) -> None:
        self.client, self.headers, self.truth = client, identity(analyst), truth
        self.period = {"start": day, "end": day}
        self.figures: list[Figure] = []
        self.answers: dict[str, list[Figure]] = {}

    def get(self, path: str, **params: Any) -> dict[str, Any]:
        answer = self.client.get(path, params={**self.period, **params}, headers=self.headers)
        assert answer.status_code == 200, (path, params, answer.text)
        return answer.json()

    def add(self, answer: str, row: str, facts: list[Fact], shown: dict[str, Any]) -> None:
        """Record the row's figures, after checking they sum exactly ``facts``."""
        for column, kind in COUNTED.items():
            if shown.get(column) is not None:
                expected = sum(1 for f in facts if f.type == kind)
                assert shown[column] == expected, (answer, row, column, shown[column], expected)
        figures = [Figure(answer, row, "row", _ids(facts))]
        if shown.get("conversions") not in (None, 0):
            assert shown["conversions"] == len(_conversions(facts)), (answer, row)
            figures.append(Figure(answer, row, "conversions", _ids(_conversions(facts))))
        self.figures += figures
        self.answers.setdefault(answer, []).extend(figures)

    def breakdown(self, dim: str, filters: dict[str, str]) -> None:
        name = f"breakdown/{dim}?{filters}"
        table = self.get(f"/api/analytics/breakdown/{dim}", limit=1000, **filters)
        scope = [self.truth.member(f, v) for f, v in filters.items()]
        hidden_articles = set()
        if dim in ("campaign", "topic"):
            # The rule under test: these rows sum the articles the same view shows.
            articles = self.get("/api/analytics/breakdown/article", limit=1000, **filters)
            hidden_articles = {r["key"] for r in articles["rows"] if r["suppressed"]}
        for row in table["rows"]:
            if row["suppressed"]:
                continue
            facts = self.truth.select(
                self.truth.member(dim, row["key"]),
                *scope,
                lambda f: str(f.article) not in hidden_articles,
            )
            self.add(name, row["key"], facts, row)

    def overview(self) -> None:
        table = self.get("/api/analytics/overview")
        shown = {row["kpi"]: row["value"] for row in table["rows"]}
        if shown["impressions"] is not None:
            self.add("overview", "all", self.truth.facts, shown)

    def conversions_by_kind(self) -> None:
        table = self.get("/api/analytics/conversions")
        for row in table["rows"]:
            assert row["suppressed"] or row["kind"], row
            if row["suppressed"]:
                assert row["kind"] is None, "a suppressed kind must not be named"
                continue
            facts = self.truth.select(lambda f, kind=row["kind"]: f.kind == kind)
            assert row["conversions"] == len(facts)
            figure = Figure("conversions", row["kind"], "conversions", _ids(facts))
            self.figures.append(figure)
            self.answers.setdefault("conversions", []).append(figure)

    def ranked(self) -> None:
        """Top and flop rows are breakdown rows: never a suppressed one."""
        for dim, which in itertools.product(("article", "campaign"), ("top", "flop")):
            shown = {f.row for f in self.answers[f"breakdown/{dim}?{{}}"]}
            for row in self.get(f"/api/analytics/top/{dim}", which=which)["rows"]:
                assert not row["suppressed"] and row["key"] in shown, (which, dim, row)

    def roi(self) -> None:
        """ROI rows show an article's or campaign's conversion value where it may be shown."""
        for row in self.get("/api/analytics/roi")["rows"]:
            if row["conversion_value"]:
                facts = self.truth.select(self.truth.member(row["kind"], row["key"]))
                converted = _conversions(facts)
                assert row["conversion_value"] == sum(f.value for f in converted)
                self.figures.append(Figure("roi", row["key"], "conversions", _ids(converted)))


def _check(collector: Collector) -> int:
    """Every figure and every difference backed by k people or none; returns the checks made."""
    checks = 0
    by_id = {f.id: f for f in collector.truth.facts}

    def people(ids: Iterable[str]) -> int:
        return _people(by_id[i] for i in ids)

    shown = [f for f in collector.figures if f.events]
    for figure in shown:
        assert people(figure.events) >= K, f"{figure.answer} {figure.row}: fewer than k"
        checks += 1
    for small, large in itertools.permutations(shown, 2):
        if small.family == large.family and small.events < large.events:
            rest = large.events - small.events
            assert people(rest) >= K, (
                f"{large.answer} {large.row} minus {small.answer} {small.row}: "
                f"{people(rest)} people"
            )
            checks += 1
    for total in shown:
        for answer, rows in collector.answers.items():
            parts = [r for r in rows if r.family == total.family and r.events < total.events]
            if not parts or any(a.events & b.events for a, b in itertools.combinations(parts, 2)):
                continue
            rest = total.events - frozenset().union(*(p.events for p in parts))
            assert not rest or people(rest) >= K, (
                f"{total.answer} {total.row} minus the rows of {answer}: {people(rest)} people"
            )
            checks += 1
    return checks


def test_no_figure_of_fewer_than_k_people_directly_or_by_difference(
    client: TestClient, session: Session
) -> None:
    analyst = _newsroom(session)
    truth = Truth(session)
    day = (utcnow().date() - timedelta(days=1)).isoformat()
    collector = Collector(client, analyst, truth, day)
    for article in ("A1", "A2"):
        effort = {"article_id": _article_id(session, article), "hours": 2}
        saved = client.put("/api/analytics/efforts", json=effort, headers=identity(analyst))
        assert saved.is_success
    collector.overview()
    collector.conversions_by_kind()
    values = {dim: sorted({getattr(f, dim) for f in truth.facts}) for dim in FILTERS}
    for dim in DIMENSIONS:
        collector.breakdown(dim, {})
        for name, options in values.items():
            for value in options:
                collector.breakdown(dim, {name: value})
    for path in ("social", "share-of-buzz", "topic-footprint"):
        collector.get(f"/api/analytics/{path}")  # no employee behind their figures
    collector.ranked()
    collector.roi()
    assert _check(collector) > 40
    # The small groups were there, and hidden: three people converted, two read A2.
    overview = {r["kpi"]: r["value"] for r in collector.get("/api/analytics/overview")["rows"]}
    assert overview["opens"] == 33 and overview["conversions"] is None
    articles = collector.get("/api/analytics/breakdown/article")["rows"]
    assert {r["label"]: r["suppressed"] for r in articles}["A2"] is True
