"""An employee in a real browser: onboarding, feedback that changes the feed, must-read, reset."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from web.newsroom import Newsroom

pytestmark = pytest.mark.browser


def test_newcomer_picks_topics_and_gets_a_feed(
    open_as: Callable[..., Page], shot: Callable[[Page, str], None]
) -> None:
    page = open_as("demo-0003")
    # First visit: the onboarding step, in the newcomer's language (German).
    expect(page.locator("#onboarding h1")).to_have_text("Willkommen bei Coffee Mug")
    page.get_by_label("Folgen: Künstliche Intelligenz").check()
    page.get_by_label("Folgen: Gesundheit").check()
    expect(page.get_by_label("Folgen: Sicherheit")).to_be_disabled()
    page.get_by_role("button", name="Meinen Feed starten").click()
    expect(page).to_have_url(re.compile(r"/\?welcome=1$"))
    expect(page.locator("#welcome")).to_contain_text("Dein Feed ist bereit.")
    expect(page.locator(".card").first).to_be_visible()
    expect(page.locator(".sidebar .chip", has_text="Künstliche Intelligenz")).to_be_visible()


def test_feedback_changes_the_feed_without_reload(
    open_as: Callable[..., Page], shot: Callable[[Page, str], None], newsroom: Newsroom
) -> None:
    page = open_as("demo-0001", "en")
    must = page.locator('[data-lane="must"] .card')
    expect(must).to_have_count(1)
    shot(page, "feed")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "feed-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    cards = page.locator('[data-lane="feed"] .card')
    count = cards.count()
    assert count >= 3
    liked_title = cards.nth(0).locator("h3").inner_text()
    cards.nth(0).get_by_role("button", name="Like").click()
    expect(cards.nth(0).get_by_role("button", name="Like")).to_have_attribute(
        "aria-pressed", "true"
    )
    victim = cards.nth(1)
    dismissed_title = victim.locator("h3").inner_text()
    victim.get_by_text("Not interested").click()
    victim.get_by_label("Why? (optional)").select_option("topic")
    url_before = page.url
    victim.get_by_role("button", name="Hide this").click()
    # The card folds to one line with Undo; gone on the next load.
    expect(page.locator("h3", has_text=dismissed_title)).to_be_hidden()
    expect(victim.get_by_role("button", name="Undo")).to_be_visible()
    assert page.url == url_before  # no reload

    # The must-read lane: acknowledging removes it, now and on the next load.
    must.get_by_role("button", name="I have read this").click()
    expect(page.locator('[data-lane="must"]')).to_have_count(0)

    # Today's feed stays (less what was liked and hidden); more can be added below.
    page.goto("/")
    expect(page.locator('[data-lane="feed"] .card')).to_have_count(count - 2)
    page.get_by_role("link", name="Show more anyway").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator('[data-lane="feed"] .card').first).to_be_visible()
    expect(page.locator("h3", has_text=dismissed_title)).to_have_count(0)
    expect(page.locator('[data-lane="must"]')).to_have_count(0)
    assert liked_title

    # Reading time: measured while the article is visible and sent when the reader leaves.
    # (Other browser tests may have read as this employee before: only new reads count.)
    before = {e["id"] for e in _reads(page)}
    page.locator('[data-lane="feed"] .card').first.get_by_role("link", name="Read").click()
    expect(page.locator("[data-reading]")).to_be_visible()
    page.wait_for_timeout(1200)
    page.goto("/saved")
    reads = _reads_arrived(page, before)
    assert len(reads) == 1 and reads[0]["dwell_seconds"] >= 1

    # The feed learned: the page about me names interests, and reset forgets them.
    page.goto("/me/learned")
    expect(page.locator("#affinities tbody tr").first).to_be_visible()
    page.get_by_text("Reset what was learned").click()
    page.get_by_role("button", name="Yes, forget it").click()
    expect(page.locator("#reset-done")).to_be_visible()
    expect(page.locator("#nothing-learned")).to_be_visible()


def test_settings_page_shows_locked_topics(
    open_as: Callable[..., Page], shot: Callable[[Page, str], None]
) -> None:
    page = open_as("demo-0002")
    page.goto("/settings")
    expect(page.get_by_label("Follow: Security")).to_be_disabled()
    expect(page.get_by_label("Mute: Security")).to_be_disabled()
    page.get_by_label("Mute: Healthcare").check()
    page.get_by_label("15 a day").check()
    shot(page, "settings")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Your settings are saved.")).to_be_visible()
    expect(page.get_by_label("Mute: Healthcare")).to_be_checked()
    expect(page.get_by_label("15 a day")).to_be_checked()


def _reads(page: Page) -> list[dict]:
    events = page.request.get("/me/export").json()["events"]
    return [e for e in events if e["type"] == "article_read"]


def _reads_arrived(page: Page, before: set[str], seconds: float = 10) -> list[dict]:
    """The reading-time events in the employee's export that were not there ``before``, once
    the beacon sent on leaving the article has been stored (the browser sends it in the
    background, so it may trail the next page on a busy machine)."""
    deadline = time.monotonic() + seconds
    while True:
        reads = [e for e in _reads(page) if e["id"] not in before]
        if reads or time.monotonic() > deadline:
            return reads
        page.wait_for_timeout(200)
