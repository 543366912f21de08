"""The analytics dashboard in a real browser: charts drawn, data tables behind them, effort."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import delete

from analytics.analytics_factories import add_events
from coffeemug.analytics.rollup import run_rollup
from coffeemug.db import get_sessionmaker, utcnow
from coffeemug.events.models import Event
from coffeemug.people.models import Employee
from factories import make_employee, make_preferences, new_event
from web.newsroom import Newsroom

pytestmark = pytest.mark.browser

READERS = 8


@pytest.fixture(scope="module")
def activity(live_server: tuple[str, Newsroom, str]) -> Iterator[str]:
    """Eight more readers open and like the first article yesterday; rolled up.

    The readers and their events go again afterwards (the other browser tests count people);
    the rollups stay, as they would in production.
    """
    _, room, url = live_server
    article = room.articles[0]
    with get_sessionmaker(url)() as session:
        readers = [
            make_employee(session, region="DE", business_unit="Mobility", languages=("en",))
            for _ in range(READERS)
        ]
        day = utcnow().date() - timedelta(days=1)
        # Ingested now: the server's own rollup job has moved the watermark to about now.
        now = utcnow()
        add_events(session, readers, "article_impressed", article.id, day, ingested_at=now)
        add_events(session, readers, "article_opened", article.id, day, ingested_at=now)
        add_events(session, readers[:5], "article_liked", article.id, day, ingested_at=now)
        # Other browser tests add a few people's events today. These readers saw every article
        # today too, so no day or topic is left with fewer than k people, whose suppression
        # would take other rows with it (against subtraction, as it should).
        session.add_all(
            new_event(r, "article_impressed", a.id, occurred_at=now, ingested_at=now)
            for r in readers
            for a in room.articles
        )
        run_rollup(session, until=utcnow())
        session.commit()
        ids = [r.id for r in readers]
    yield article.title
    with get_sessionmaker(url)() as session:
        session.execute(delete(Event).where(Event.employee_id.in_(ids)))
        session.execute(delete(Employee).where(Employee.id.in_(ids)))
        session.commit()


def test_the_dashboard_draws_charts_with_tables_and_takes_effort(
    activity: str, open_as: Callable[..., Page], shot: Callable[[Page, str], None]
) -> None:
    page = open_as("editor-1", "en", next="/analytics")
    expect(page.get_by_role("heading", name="Newsroom analytics")).to_be_visible()
    # plotly.js (from the installed package) has drawn the score chart.
    expect(page.locator("#score_over_time .main-svg").first).to_be_visible()
    expect(page.locator("#by_topic .main-svg").first).to_be_visible()
    top = page.locator("#top")
    expect(top.get_by_role("cell", name=activity)).to_be_visible()
    # The chart's data table opens below it.
    topics = page.locator("#by_topic")
    topics.get_by_text("Data table").click()
    expect(topics.locator("table")).to_be_visible()

    effort = page.locator("#effort")
    effort.get_by_role("button", name="Save effort").click()
    expect(effort.get_by_text("Choose an article or a campaign.")).to_be_visible()
    effort.get_by_label("Article or campaign").select_option(label=activity)
    effort.get_by_label("Hours").fill("6,5")
    effort.get_by_label("Budget (EUR)").fill("1200")
    effort.get_by_role("button", name="Save effort").click()
    expect(page.get_by_text("Effort saved.")).to_be_visible()
    roi = page.locator("#roi")
    expect(roi.get_by_role("cell", name=activity)).to_be_visible()
    expect(roi.get_by_role("cell", name="6.5", exact=True)).to_be_visible()
    shot(page, "analytics")


def test_readers_are_not_shown_the_dashboard(open_as: Callable[..., Page]) -> None:
    page = open_as("demo-0001", "en", next="/settings")
    expect(page.get_by_role("link", name="Analytics")).to_have_count(0)
    response = page.goto("/analytics")
    assert response is not None and response.status == 403


def test_chart_axes_speak_german_on_the_german_page(
    activity: str, open_as: Callable[..., Page]
) -> None:
    # The time axis spans the chosen period (four weeks around yesterday's activity).
    day = utcnow().date()
    start, end = day - timedelta(days=20), day + timedelta(days=14)
    page = open_as("admin-1", "de", next=f"/analytics?start={start}&end={end}")
    expect(page.get_by_role("heading", name="Newsroom-Analysen")).to_be_visible()
    ticks = page.locator("#score_over_time .xtick text")
    expect(ticks.first).to_be_visible()
    labels = " ".join(ticks.all_text_contents())
    german = ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez")
    assert any(month in labels for month in german), labels
    assert not any(f"{month} " in labels for month in ("Mar", "May", "Oct", "Dec")), labels


def test_a_period_without_data_says_so_instead_of_empty_axes(
    open_as: Callable[..., Page],
) -> None:
    page = open_as("admin-1", "de", next="/analytics?start=2026-03-02&end=2026-03-29")
    section = page.locator("#score_over_time")
    expect(section.get_by_text("Keine Daten in diesem Zeitraum.")).to_be_visible()
    expect(section.locator(".main-svg")).to_have_count(0)


def test_a_bad_period_is_a_message_next_to_the_fields(open_as: Callable[..., Page]) -> None:
    page = open_as("admin-1", "en", next="/analytics?start=2026-03-29&end=2026-03-02")
    message = page.locator("#period-error")
    expect(message).to_contain_text("The start date lies after the end date")
    expect(page.get_by_label("From")).to_have_attribute("aria-describedby", "period-error")


@pytest.fixture
def clicker(live_server: tuple[str, Newsroom, str]) -> Iterator[str]:
    """A reader of its own (the other browser tests count people and items); gone afterwards."""
    url = live_server[2]
    with get_sessionmaker(url)() as session:
        person = make_employee(session, region="DE", business_unit="Mobility", languages=("en",))
        make_preferences(session, person, languages=("en",))
        session.commit()
        ident, external_id = person.id, person.external_id
    yield external_id
    with get_sessionmaker(url)() as session:
        session.execute(delete(Event).where(Event.employee_id == ident))
        session.execute(delete(Employee).where(Employee.id == ident))
        session.commit()


def test_the_dashboard_follows_a_click_within_two_minutes(
    open_as: Callable[..., Page], clicker: str
) -> None:
    """The demo's promise: the rollup runs every minute inside the server, and the dashboard
    says how fresh its figures are."""
    reader = open_as(clicker, "en")
    reader.locator('[data-lane="feed"] .card').first.get_by_role("link", name="Read").click()
    expect(reader.locator("[data-reading]")).to_be_visible()
    clicked = utcnow()

    page = open_as("editor-1", "en", next="/analytics")
    freshness = page.locator("#data-as-of")
    expect(freshness).to_contain_text("Data as of")
    deadline = clicked + timedelta(minutes=2)
    while True:
        as_of = freshness.get_attribute("data-as-of")
        if as_of and datetime.fromisoformat(as_of) >= clicked:
            break
        assert utcnow() < deadline, f"data still as of {as_of}, two minutes after the click"
        page.wait_for_timeout(3000)
        page.reload()
    expect(freshness).to_contain_text("refreshed every minute")
