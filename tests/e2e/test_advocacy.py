"""Sharing an article on social networks in a real browser, in English and in German: the
composer's starters, live length and coach, the network's own share page, the tracked link."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, Route, expect

from web.newsroom import Newsroom

pytestmark = pytest.mark.browser


def _stub_networks(page: Page) -> None:
    """The networks' share pages answer locally: the test never leaves the machine."""

    def answer(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html", body="<p>network</p>")

    page.context.route(
        re.compile(r"https://(x\.com|www\.linkedin\.com|www\.facebook\.com)/.*"), answer
    )


def test_sharing_an_article_in_english_on_x(
    open_as: Callable[..., Page], newsroom: Newsroom, shot: Callable[[Page, str], None]
) -> None:
    article = newsroom.articles[0]  # "Solar roofs on every plant by 2030", English
    page = open_as("demo-0002", "en", next=f"/articles/{article.id}")
    _stub_networks(page)
    page.get_by_role("link", name="↗ Share on social").first.click()
    expect(page.locator("h1")).to_have_text("Share in your own words")
    starters = page.locator("button.starter[data-starter]:not([data-starter=''])")
    expect(starters).to_have_count(3)
    starters.first.click()
    text = page.locator("#text")
    expect(text).to_have_value(re.compile(r"^Proud of my colleagues: Solar roofs"))
    text.fill(
        "Our plants will soon make their own power! I saw the first roof last week and the "
        "team was thrilled. Which site should be next?"
    )
    page.locator("button.hashtag").first.click()
    page.get_by_label("X", exact=False).first.check()
    expect(page.locator("#counter")).to_contain_text("/ 280")
    # The first score of a process loads the readability dictionaries: allow for that.
    expect(page.locator("#coach-score")).not_to_have_text("–", timeout=30_000)
    shot(page, "share-composer")
    with page.context.expect_page() as popup:
        page.locator("#share-button").click()
    network = popup.value
    # Opened blank at the click, pointed at the network once the share is stored.
    network.wait_for_url(re.compile(r"https://x\.com/"))
    intent = urlsplit(network.url)
    assert intent.netloc == "x.com" and intent.path == "/intent/post"
    query = parse_qs(intent.query)
    assert "#Employee" in query["text"][0] and "#Sustainability" in query["text"][0]
    link = query["url"][0]
    expect(page.locator("#share-created")).to_contain_text("#Employee")
    # The tracked link leads to the public page with Open Graph tags and UTM parameters.
    page.goto(urlsplit(link).path)
    assert urlsplit(page.url).path == f"/p/{article.id}"
    assert parse_qs(urlsplit(page.url).query)["utm_source"] == ["x"]
    expect(page.locator('meta[property="og:title"]')).to_have_attribute(
        "content", "Solar roofs on every plant by 2030"
    )
    mine = open_as("demo-0002", "en", next="/me/shares")
    expect(mine.locator("#my-shares tbody tr")).to_have_count(1)
    expect(mine.locator("#my-shares .clicks")).to_have_text("1")
    shot(mine, "my-shares")


def test_sharing_an_article_in_german_on_linkedin(
    open_as: Callable[..., Page], newsroom: Newsroom
) -> None:
    article = newsroom.articles[1]  # "Neue Ladesäulen am Standort Erlangen", German
    page = open_as("demo-0001", "de", next=f"/share/{article.id}")
    _stub_networks(page)
    expect(page.locator("h1")).to_have_text("In eigenen Worten teilen")
    expect(page.locator("button.starter").first).to_contain_text(
        "Stolz auf meine Kolleginnen und Kollegen: Neue Ladesäulen"
    )
    text = page.locator("#text")
    text.fill("Endlich! Ich lade ab Montag direkt am Werk. Wie kommt ihr zur Arbeit? #Mobilität")
    expect(page.locator("#counter")).to_contain_text("/ 3000")
    expect(page.locator("#coach-tips")).to_be_attached()
    # The first score of a process loads the readability dictionaries: allow for that.
    expect(page.locator("#coach-score")).not_to_have_text("–", timeout=30_000)
    with page.context.expect_page() as popup:
        page.locator("#share-button").click()
    network = popup.value
    network.wait_for_url(re.compile(r"https://www\.linkedin\.com/"))
    intent = urlsplit(network.url)
    assert intent.netloc == "www.linkedin.com"
    posted = parse_qs(intent.query)["text"][0]
    assert posted.startswith("Endlich! Ich lade") and "#Mitarbeiter" in posted and "/s/" in posted
    expect(page.locator("#share-created")).to_contain_text("#Mitarbeiter")


def test_a_blocked_term_is_marked_in_the_preview_and_stops_the_share(
    open_as: Callable[..., Page], newsroom: Newsroom, shot: Callable[[Page, str], None]
) -> None:
    admin = open_as("admin-1", "en", next="/admin/guidelines")
    admin.locator('select[name="kind"]').select_option("term")
    admin.locator('select[name="language"]').select_option("de")
    admin.locator('input[name="value"]').fill("Betriebsgeheimnis")
    admin.locator('select[name="severity"]').select_option("block")
    admin.locator('input[name="clause"]').fill("Kodex 4.2")
    admin.locator('input[name="clause_url"]').fill("https://example.com/kodex#4-2")
    admin.get_by_role("button", name="Add", exact=True).click()
    expect(admin.locator("#rules")).to_contain_text("Betriebsgeheimnis")

    article = newsroom.articles[3]  # German
    page = open_as("demo-0001", "de", next=f"/share/{article.id}")
    page.locator("#text").fill(
        "Ich verrate euch keine Betriebsgeheimnisse, aber das Ergebnis ist toll! Was meint ihr?"
    )
    mark = page.locator("#preview-text mark.blocks")
    expect(mark).to_have_text("Betriebsgeheimnisse", timeout=30_000)
    expect(page.locator("#coach-tips li").first).to_be_visible(timeout=30_000)
    shot(page, "share-composer-de")
    expect(page.locator("#coach-violations a")).to_have_attribute(
        "href", "https://example.com/kodex#4-2"
    )
    page.locator("#share-button").click()
    expect(page.locator("#share-error")).to_contain_text("Verhaltensrichtlinien")
