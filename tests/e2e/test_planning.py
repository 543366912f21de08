"""Planning a week in the browser, in German and in English: claim a daily-topic slot with a
planned article, schedule it, have it approved, and see it on the calendar."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from coffeemug.content.models import Article
from coffeemug.db import get_sessionmaker
from coffeemug.orchestration import approvals, service
from coffeemug.orchestration.models import ApprovalMode, CalendarSlot
from coffeemug.orchestration.schemas import CampaignCreate
from web.newsroom import Newsroom

WORDS = {
    "en": {
        "claim": "Claim",
        "claimed": "Claimed by Mobility",
        "ask": "Ask for review",
        "approve": "Approve",
        "publish": "Publish…",
        "confirm": "Yes, publish",
        "draft": "Save as draft",
        "refused": "must be approved before it is published",
    },
    "de": {
        "claim": "Belegen",
        "claimed": "Belegt von Mobility",
        "ask": "Prüfung anfordern",
        "approve": "Freigeben",
        "publish": "Veröffentlichen…",
        "confirm": "Ja, veröffentlichen",
        "draft": "Als Entwurf speichern",
        "refused": "muss vor dem Veröffentlichen freigegeben werden",
    },
}


@pytest.fixture
def approvals_required(live_server: tuple[str, Newsroom, str]) -> Iterator[None]:
    """Approvals required while the test runs; the shared server's other tests publish
    without."""
    url = live_server[2]
    with get_sessionmaker(url)() as session:
        approvals.set_mode(session, ApprovalMode.required, None)
        session.commit()
    yield
    with get_sessionmaker(url)() as session:
        approvals.set_mode(session, ApprovalMode.optional, None)
        session.commit()


def _prepare(url: str, day: date, region: str) -> int:
    with get_sessionmaker(url)() as session:
        slot = CalendarSlot(day=day, region=region, country="DE", topic_id="sustainability")
        session.add(slot)
        session.commit()
        return slot.id


@pytest.mark.parametrize("lang", ["en", "de"])
def test_planning_a_week(
    lang: str,
    open_as: Callable[..., Page],
    live_server: tuple[str, Newsroom, str],
    shot: Callable[[Page, str], None],
    approvals_required: None,
) -> None:
    words = WORDS[lang]
    # Tuesday of next week (next-but-one for German, so both runs plan their own day).
    today = datetime.now(UTC).date()
    tuesday = today + timedelta(days=7 - today.weekday() + 1 + (7 if lang == "de" else 0))
    slot_id = _prepare(live_server[2], tuesday, f"Germany {lang}")
    title = {"en": "Solar roofs: the plan for 2027", "de": "Solardächer: der Plan für 2027"}[lang]

    editor = open_as("editor-1", lang, next="/desk/new")
    editor.locator("#title").fill(title)
    editor.locator("#body").fill("Every plant gets solar panels.")
    editor.locator('input[name="topics"][value="sustainability"]').check()
    editor.locator("#publish_at").fill(f"{tuesday.isoformat()}T09:00")
    editor.get_by_role("button", name=words["draft"]).click()
    expect(editor.get_by_role("link", name=title)).to_be_visible()

    editor.goto(f"/calendar?day={tuesday.isoformat()}")
    slot = editor.locator(f'[data-slot="{slot_id}"]')
    slot.locator('select[name="business_unit"]').select_option("Mobility")
    slot.locator('select[name="article_id"]').select_option(label=title)
    slot.get_by_role("button", name=words["claim"]).click()
    slot = editor.locator(f'[data-slot="{slot_id}"]')
    expect(slot).to_contain_text(words["claimed"])
    expect(slot).to_contain_text(title)

    # Scheduling before approval is refused.
    slot.get_by_role("link", name=title).click()
    editor.get_by_role("button", name=words["publish"]).click()
    editor.get_by_role("button", name=words["confirm"]).click()
    expect(editor.locator("#form-errors")).to_contain_text(words["refused"])
    editor.reload()
    editor.get_by_role("button", name=words["ask"]).click()
    expect(editor.locator("#review [data-state]")).to_have_attribute("data-state", "in_review")
    article_url = editor.url.split("#")[0]

    approver = open_as("admin-1", lang, next="/desk")
    approver.goto(article_url)
    approver.get_by_role("button", name=words["approve"], exact=True).click()
    expect(approver.locator("#review [data-state]")).to_have_attribute("data-state", "approved")

    editor.goto(article_url)
    editor.get_by_role("button", name=words["publish"]).click()
    editor.get_by_role("button", name=words["confirm"]).click()
    expect(editor.get_by_role("link", name=title)).to_be_visible()

    editor.goto(f"/calendar?day={tuesday.isoformat()}")
    day = editor.locator(f'[data-day="{tuesday.isoformat()}"]')
    item = day.locator("[data-article]", has_text=title)
    expect(item).to_be_visible()
    expect(item.locator("[data-state]")).to_have_attribute("data-state", "scheduled")
    # The keyboard alternative to dragging: the day field and the Move button.
    if lang == "en":
        shot(editor, "calendar")
        item.locator('input[name="to"]').fill((tuesday + timedelta(days=1)).isoformat())
        item.get_by_role("button", name="Move").click()
        moved = editor.locator(f'[data-day="{(tuesday + timedelta(days=1)).isoformat()}"]')
        expect(moved.locator("[data-article]", has_text=title)).to_be_visible()


def test_campaign_report_page(
    open_as: Callable[..., Page],
    live_server: tuple[str, Newsroom, str],
    shot: Callable[[Page, str], None],
) -> None:
    room = live_server[1]
    with get_sessionmaker(live_server[2])() as session:
        campaign = service.create_campaign(
            session,
            CampaignCreate(
                name="Net Zero 2030",
                description="Our path to net-zero operations by 2030.",
                starts_at=datetime.now(UTC) - timedelta(days=20),
                ends_at=datetime.now(UTC) + timedelta(days=40),
                goal_score=30,
                goal_reach=500,
                key_messages=["Every plant counts", "Measure first, then cut"],
                business_units=["Mobility", "Healthcare"],
                planned_hours=120,
                planned_budget=8000,
                status="running",
            ),
        )
        article = session.get(Article, room.articles[0].id)
        assert article is not None
        article.campaign_id = campaign.id
        session.commit()
    page = open_as("editor-1", "en", next=f"/campaigns/{campaign.id}")
    expect(page.get_by_role("heading", name="Net Zero 2030")).to_be_visible()
    expect(page.locator("#campaign-articles")).to_contain_text(room.articles[0].title)
    shot(page, "campaign_report")
