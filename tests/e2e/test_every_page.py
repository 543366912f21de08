"""Every page of every role, in English and German, on a desktop (1280 px) and a phone (390 px):
axe-core finds no violation, no page scrolls sideways on the phone, and no control is smaller
than 24 x 24 px; every table scrolls inside its own keyboard-reachable area."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from axe import violations
from pages import DESKTOP, PHONE, inner_width, loose_tables, scroll_width, small_targets
from playwright.sync_api import Browser, Page

from coffeemug.db import get_sessionmaker
from coffeemug.listening import service as listening
from coffeemug.listening.models import Item
from coffeemug.orchestration import service as orchestration
from coffeemug.orchestration.schemas import CampaignCreate
from coffeemug.people.models import Employee
from coffeemug.settings import Settings
from factories import make_employee
from web.newsroom import Newsroom

pytestmark = pytest.mark.browser

# Who sees which pages; "{article}", "{item}" and "{campaign}" are filled in from the newsroom.
ROLE_PAGES: dict[str, tuple[str, ...]] = {
    "anonymous": ("/login", "/p/{article}"),
    "demo-0003": ("/settings",),  # a newcomer: the onboarding form
    "demo-0001": (
        "/",
        "/search?q=Energie",
        "/saved",
        "/settings",
        "/me/learned",
        "/articles/{article}",
        "/share/{article}",
        "/me/shares",
    ),
    "editor-1": (
        "/desk",
        "/desk/new",
        "/desk/{article}/edit",
        "/desk/stories/new",
        "/calendar",
        "/calendar?view=month",
        "/campaigns",
        "/campaigns/{campaign}",
    ),
    "analyst-a11y": ("/analytics", "/analytics/advocacy"),
    "moderator-a11y": (
        "/moderation",
        "/moderation/items/{item}",
        "/moderation/facts",
        "/moderation/crisis",
        "/moderation/map",
        "/moderation/stats",
    ),
    "admin-1": ("/admin/guidelines",),
}


@pytest.fixture(scope="module")
def ids(live_server: tuple[str, Newsroom, str]) -> dict[str, int]:
    """An analyst, a moderator, a reader's comment in the inbox and a running campaign."""
    _, room, url = live_server
    with get_sessionmaker(url)() as session:
        make_employee(session, "analyst-a11y", display_name="Ana Lyst", roles=["analyst"])
        make_employee(session, "moderator-a11y", display_name="Mo Derator", roles=["moderator"])
        reader = session.get(Employee, room.reader.id)
        assert reader is not None
        article = room.articles[0].id
        comment = listening.post_comment(
            session,
            Settings(database_url=url, embedder="hashing"),
            reader,
            article,
            "Great to see solar roofs on every plant, what about the older sites?",
        )
        item = session.query(Item).filter_by(comment_id=comment.id).one()
        campaign = orchestration.create_campaign(
            session,
            CampaignCreate(
                name="Accessible everywhere",
                description="Every page for every colleague, on every screen.",
                starts_at=datetime.now(UTC) - timedelta(days=10),
                ends_at=datetime.now(UTC) + timedelta(days=20),
                goal_reach=300,
                key_messages=["Nobody left out"],
                business_units=["Mobility"],
                status="running",
            ),
        )
        session.commit()
        return {"article": article, "item": item.id, "campaign": campaign.id}


@pytest.fixture
def open_anonymous(browser: Browser, base_url: str) -> Iterator[Callable[[str], Page]]:
    """A tab of someone not signed in, in the given language."""
    contexts = []

    def _open(lang: str) -> Page:
        context = browser.new_context(
            base_url=base_url, viewport={"width": DESKTOP, "height": 900}, locale="en-GB"
        )
        contexts.append(context)
        page = context.new_page()
        page.goto(f"/lang/{lang}?next=/login")
        return page

    yield _open
    for context in contexts:
        context.close()


def _check(page: Page, path: str, width: int) -> dict[str, Any]:
    """What is wrong with the page at this width (empty when nothing is)."""
    page.goto(path)
    page.wait_for_load_state("load")
    found: dict[str, Any] = {}
    if axe := violations(page):
        found["axe"] = axe
    if width == PHONE and (wide := scroll_width(page)) > inner_width(page):
        found["scrollWidth"] = wide
    if small := small_targets(page):
        found["small targets"] = small
    if tables := loose_tables(page):
        found["tables outside a scroll area"] = tables
    return found


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("role", list(ROLE_PAGES))
def test_every_page_is_accessible_on_desktop_and_phone(
    role: str,
    lang: str,
    ids: dict[str, int],
    open_as: Callable[..., Page],
    open_anonymous: Callable[[str], Page],
) -> None:
    paths = [p.format(**ids) for p in ROLE_PAGES[role]]
    page = open_anonymous(lang) if role == "anonymous" else open_as(role, lang, next=paths[0])
    problems: dict[str, Any] = {}
    for width in (DESKTOP, PHONE):
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            if found := _check(page, path, width):
                problems[f"{path} @ {width}px"] = found
    # The figures for the record: axe violations per page and width, in this language.
    counts = {k: len(v.get("axe", [])) for k, v in problems.items()}
    print(f"{role} [{lang}] {len(paths)} pages x 2 widths; axe violations: {counts}")
    assert problems == {}, json.dumps(problems, indent=1, ensure_ascii=False)
