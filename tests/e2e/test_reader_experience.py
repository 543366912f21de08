"""What a reader notices: today's feed survives reading, going back and reloading; every
feedback can be taken back; search finds a German article by an inflected word and never a
draft; no page scrolls sideways on a phone; axe-core finds nothing on any reader page."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from axe import violations
from pages import PHONE, scroll_width, small_targets
from playwright.sync_api import Page, expect

from coffeemug.content.models import Article, ArticleStatus
from coffeemug.db import get_sessionmaker, utcnow
from coffeemug.demo.pictures import seed_pictures
from coffeemug.pictures.storage import storage_for
from coffeemug.settings import Settings
from web.newsroom import Newsroom, _employee

pytestmark = pytest.mark.browser

_numbers = itertools.count(101)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def fresh_reader(live_server: tuple[str, Newsroom, str]) -> Callable[..., str]:
    """A new onboarded reader in Germany (German and English), with nothing read yet."""

    def _make(languages: tuple[str, ...] = ("de", "en")) -> str:
        external_id = f"demo-{next(_numbers):04d}"
        with get_sessionmaker(live_server[2])() as session:
            _employee(
                session,
                external_id,
                f"Reader {external_id}",
                "DE",
                "Mobility",
                list(languages),
                ["reader"],
            )
            session.commit()
        return external_id

    return _make


def _card_ids(page: Page) -> list[str]:
    return page.locator('[data-lane="feed"] .card').evaluate_all(
        "cards => cards.map(c => c.dataset.article)"
    )


def test_the_feed_survives_read_back_and_reload(
    open_as: Callable[..., Page], fresh_reader: Callable[..., str]
) -> None:
    reader = fresh_reader()
    page = open_as(reader, "en")
    before = _card_ids(page)
    assert len(before) >= 5
    third = before[2]
    page.locator(f'#card-{third} a:has-text("Read")').click()
    expect(page.locator("[data-reading]")).to_be_visible()
    page.go_back()
    page.reload()
    after = _card_ids(page)
    # Figure for the record: of the items shown, all but the one read are still there.
    print(f"feed items kept after read + back + reload: {len(after)} of {len(before)}")
    assert after == [c for c in before if c != third]
    expect(page.locator("#today")).to_contain_text("Read today: 1 of 7.")
    # A second device (another browser, signed in as the same person) sees the same feed.
    assert _card_ids(open_as(reader, "en")) == after


def test_every_feedback_can_be_taken_back(
    open_as: Callable[..., Page], fresh_reader: Callable[..., str]
) -> None:
    page = open_as(fresh_reader(), "en")
    card = page.locator('[data-lane="feed"] .card').first
    like = card.get_by_role("button", name="Like")
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    like.click()
    expect(like).to_have_attribute("aria-pressed", "false")
    save = card.get_by_role("button", name="Save")
    save.click()
    expect(save).to_have_attribute("aria-pressed", "true")
    title = card.locator("h3").inner_text()
    # On the article's own page after a reload: the like withdrawn, the save standing.
    page.goto(card.locator("h3 a").get_attribute("href") or "/")
    expect(page.get_by_role("button", name="Like")).to_have_attribute("aria-pressed", "false")
    expect(page.get_by_role("button", name="Save")).to_have_attribute("aria-pressed", "true")

    # Saved: remove it there.
    page.goto("/saved")
    expect(page.locator(".card h3", has_text=title)).to_be_visible()
    saved = page.locator(".card", has=page.locator("h3", has_text=title))
    saved.get_by_role("button", name=re.compile("^Remove")).click()
    expect(page.locator(".card h3", has_text=title)).to_have_count(0)
    page.reload()
    expect(page.locator(".card h3", has_text=title)).to_have_count(0)

    # Not interested: names the topic, and Undo brings the card back.
    page.goto("/")
    victim = page.locator('[data-lane="feed"] .card').nth(1)
    victim_title = victim.locator("h3").inner_text()
    victim.get_by_text("Not interested").click()
    choice = victim.get_by_role("radio", name=re.compile("^Less of "))
    expect(choice.first).to_be_checked()
    victim.get_by_role("button", name="Hide this").click()
    expect(victim.locator("h3")).to_be_hidden()
    victim.get_by_role("button", name="Undo").click()
    expect(victim.locator("h3")).to_be_visible()
    page.reload()
    expect(page.locator('[data-lane="feed"] .card h3', has_text=victim_title)).to_be_visible()

    # Reset asks first.
    page.goto("/me/learned")
    page.get_by_text("Reset what was learned").click()
    page.get_by_role("button", name="Yes, forget it").click()
    expect(page.locator("#reset-done")).to_be_visible()


def test_search_finds_a_german_article_by_an_inflected_word_and_no_draft(
    open_as: Callable[..., Page], live_server: tuple[str, Newsroom, str]
) -> None:
    _, room, url = live_server
    with get_sessionmaker(url)() as session:
        session.add(
            Article(
                title="Entwurf: Ladesäulen für alle Standorte",
                summary="Noch nicht veröffentlicht.",
                body="Entwurf",
                language="de",
                author_id=room.editor.id,
                status=ArticleStatus.draft.value,
                publish_at=utcnow(),
            )
        )
        session.commit()
    page = open_as("demo-0001", "de")
    box = page.get_by_role("searchbox", name="Artikel suchen").first
    box.fill("Ladesäule")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search\?q="))
    results = page.locator("#results .card h3")
    expect(results).to_have_count(1)
    expect(results.first).to_have_text("Neue Ladesäulen am Standort Erlangen")


READER_PAGES = ("/", "/search?q=Energie", "/saved", "/settings", "/me/learned")


def _pages(room: Newsroom) -> list[str]:
    return [*READER_PAGES, f"/articles/{room.articles[0].id}"]


def test_no_page_scrolls_sideways_on_a_phone_and_taps_are_big_enough(
    open_as: Callable[..., Page],
    fresh_reader: Callable[..., str],
    live_server: tuple[str, Newsroom, str],
) -> None:
    _, newsroom, url = live_server
    with get_sessionmaker(url)() as session:
        # Pictures as the demo draws them, so the phone shows cards with pictures.
        rows = [(a.id, a.title, a.language) for a in newsroom.articles]
        seed_pictures(session, storage_for(Settings()), rows, seed=1)
        session.commit()
    page = open_as(fresh_reader(), "de", width=PHONE)
    for path in _pages(newsroom):
        page.goto(path)
        width = scroll_width(page)
        assert width <= PHONE, f"{path} is {width} px wide on a {PHONE} px phone"
        expect(page.locator("nav.tabbar")).to_be_visible()
        small = small_targets(page)
        assert small == [], f"{path}: tap targets under 24 px: {small}"
    page.goto("/")
    expect(page.locator(".card-picture").first).to_be_visible()
    # What a phone's screen shows (a full-page picture would put the tab bar mid-page).
    page.screenshot(path=str(SCREENSHOTS / "reader-phone.png"))


@pytest.mark.parametrize("width", [1280, PHONE])
def test_axe_finds_no_violations_on_reader_pages(
    open_as: Callable[..., Page],
    fresh_reader: Callable[..., str],
    newsroom: Newsroom,
    width: int,
) -> None:
    page = open_as(fresh_reader(), "de", width=width)
    found = {}
    for path in _pages(newsroom):
        page.goto(path)
        found[path] = violations(page)
    print(f"axe violations per page at {width} px: { {p: len(v) for p, v in found.items()} }")
    assert {p: v for p, v in found.items() if v} == {}
