"""The pages work under the Content-Security-Policy: nothing the browser refuses on them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from web.newsroom import Newsroom

pytestmark = pytest.mark.browser


def _refusals(page: Page) -> list[str]:
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refused


def test_no_page_breaks_the_policy(open_as: Callable[..., Page], newsroom: Newsroom) -> None:
    page = open_as("editor-1", "en")
    refused = _refusals(page)
    page.goto("/")
    page.goto(f"/articles/{newsroom.articles[0].id}")
    page.goto("/desk/new")
    page.locator('input[name="audience_regions"]').first.check()
    expect(page.locator("[data-audience] .reach")).to_contain_text("This audience reaches")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#preview")).to_be_visible()
    page.goto("/analytics")
    # Charts are drawn wherever the period has figures (the analytics browser tests add them
    # before this one runs); a panel without figures says so instead.
    charts = page.locator(".an-chart")
    if charts.count():
        expect(page.locator(".an-chart .main-svg").first).to_be_visible()
    else:
        expect(page.get_by_text("No data in this period.").first).to_be_visible()
    page.goto("/settings")
    assert refused == []
