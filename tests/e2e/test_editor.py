"""The editors' desk in a real browser: a targeted must-read reaches its audience only."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

TITLE = "Winter opening hours for the US sites"


def test_editor_publishes_a_targeted_must_read(
    open_as: Callable[..., Page], shot: Callable[[Page, str], None]
) -> None:
    desk = open_as("editor-1", "en")
    desk.goto("/desk/new")
    desk.get_by_label("Title").fill(TITLE)
    desk.get_by_label("Summary").fill("All US sites close at 6 pm from December.")
    desk.get_by_label("Text").fill("## Hours\n\n- Monday to Friday: **7 am – 6 pm**")
    desk.get_by_label("Article language").select_option("en")
    desk.get_by_role("group", name="Topics").get_by_label("Mobility").check()
    audience = desk.locator("[data-audience] .reach")
    expect(audience).to_have_text("This audience reaches 5 employees.")
    desk.locator('input[name="audience_regions"][value="US"]').check()
    expect(audience).to_have_text("This audience reaches fewer than 5 employees.")
    desk.get_by_role("button", name="Preview").click()
    expect(desk.locator("#preview strong")).to_have_text("7 am – 6 pm")
    desk.get_by_label("Must read (shown first until acknowledged)").check()
    desk.get_by_role("button", name="Publish…").click()
    expect(desk.locator("#confirm .reach")).to_have_text(
        "This audience reaches fewer than 5 employees."
    )
    desk.get_by_role("button", name="Yes, publish").click()
    expect(desk.get_by_role("link", name=TITLE)).to_be_visible()
    shot(desk, "desk")

    inside = open_as("demo-0002")
    inside.goto("/?more=1")
    expect(inside.locator('[data-lane="must"] h3', has_text=TITLE)).to_be_visible()

    outside = open_as("admin-1", "en")
    outside.goto("/?more=1")
    expect(outside.get_by_text(TITLE)).to_have_count(0)


def test_reader_cannot_reach_the_desk(open_as: Callable[..., Page]) -> None:
    page = open_as("demo-0001", "en", next="/settings")
    expect(page.get_by_role("link", name="Editors' desk")).to_have_count(0)
    for path in ("/desk", "/desk/new"):
        response = page.goto(path)
        assert response is not None and response.status == 403
        expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
