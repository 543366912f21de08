"""Every page of every role, in English and German, on a desktop (1280 px) and a phone (390 px):
axe-core finds no violation, no page scrolls sideways on the phone, and no control is smaller
than 24 x 24 px; every table scrolls inside its own keyboard-reachable area."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe import violations
from pages import DESKTOP, PHONE, inner_width, loose_tables, scroll_width, small_targets
from playwright.sync_api import Browser, Page
from sqlalchemy import delete
from sqlalchemy.orm import Session

from analytics.analytics_factories import add_events
from coffeemug.analytics.rollup import run_rollup
from coffeemug.db import get_sessionmaker, utcnow
from coffeemug.events.models import Event
from coffeemug.listening import service as listening
from coffeemug.listening.models import FactCard, Item
from coffeemug.mail import links
from coffeemug.orchestration import service as orchestration
from coffeemug.orchestration import stories
from coffeemug.orchestration.models import CalendarSlot
from coffeemug.orchestration.schemas import CampaignCreate, StoryCreate
from coffeemug.people.models import Employee
from coffeemug.settings import Settings
from coffeemug.text.embeddings import get_encoder, to_bytes
from factories import make_employee
from web.newsroom import Newsroom

pytestmark = pytest.mark.browser

ERROR_PAGE = "/articles/987654"  # no such article: the "not found" page

# Who sees which pages; the names in braces are filled in by the `ids` fixture.
ROLE_PAGES: dict[str, tuple[str, ...]] = {
    "anonymous": ("/login", "/p/{article}", "{unsubscribe}"),
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
        "/stories/{story}/consent",
        ERROR_PAGE,
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


LONG_LINK = (
    "https://intranet.example.com/sustainability/solar-roofs/retrofit-plan-older-sites-2030.pdf"
)
READERS = 8  # enough people behind a figure for the dashboard to draw its charts


def _activity(session: Session, article_id: int) -> list[int]:
    """Eight readers open and like an article yesterday, rolled up; their ids (to remove)."""
    readers = [
        make_employee(session, region="DE", business_unit="Mobility", languages=("en",))
        for _ in range(READERS)
    ]
    day, now = utcnow().date() - timedelta(days=1), utcnow()
    add_events(session, readers, "article_impressed", article_id, day, ingested_at=now)
    add_events(session, readers, "article_opened", article_id, day, ingested_at=now)
    add_events(session, readers[:5], "article_liked", article_id, day, ingested_at=now)
    run_rollup(session, until=utcnow())
    return [r.id for r in readers]


def _campaign(session: Session) -> int:
    return orchestration.create_campaign(
        session,
        CampaignCreate(
            name="Accessible everywhere",
            description=f"Every page for every colleague, on every screen: {LONG_LINK}",
            starts_at=datetime.now(UTC) - timedelta(days=10),
            ends_at=datetime.now(UTC) + timedelta(days=20),
            goal_reach=300,
            key_messages=["Nobody left out"],
            business_units=["Mobility"],
            status="running",
        ),
    ).id


def _story(session: Session, editor: Employee, teller: Employee) -> int:
    """A #learnfromit story told by the reader, waiting for their consent."""
    data = StoryCreate(
        title="What a failed pump taught us",
        language="en",
        topics=["sustainability"],
        what_happened="A pump failed on a Sunday night and nobody was on call.",
        what_we_learned="One person on call is not enough when the alarm goes to a shared inbox.",
        what_we_changed="Two people are on call, and the alarm rings their phones.",
        teller_id=teller.id,
    )
    return stories.create_story(session, editor, data, get_encoder("hashing")).article_id


def _plans(session: Session) -> None:
    """A fact card for the moderators and a daily-topic slot on this week's calendar."""
    statements = {
        "de": "Die Kantine bleibt bis 20 Uhr offen.",
        "en": "The canteen stays open until 8 pm.",
    }
    text = "Canteen hours. " + " ".join(statements.values())
    session.add(
        FactCard(title="Canteen hours", statements=statements, owner="Facilities",
                 valid_until=(utcnow() + timedelta(days=90)).date(),
                 embedding=to_bytes(get_encoder("hashing").encode([text])[0]))
    )  # fmt: skip
    session.add(
        CalendarSlot(day=utcnow().date(), region="DE", country="DE", topic_id="sustainability")
    )


@pytest.fixture(scope="module")
def ids(live_server: tuple[str, Newsroom, str]) -> Iterator[dict[str, Any]]:
    """An analyst, a moderator, a reader's comment in the inbox, a running campaign, a story
    waiting for its teller, an unsubscribe link and a day of activity on the dashboard."""
    _, room, url = live_server
    settings = Settings(database_url=url, embedder="hashing")
    with get_sessionmaker(url)() as session:
        make_employee(session, "analyst-a11y", display_name="Ana Lyst", roles=["analyst"])
        make_employee(session, "moderator-a11y", display_name="Mo Derator", roles=["moderator"])
        reader, editor = (
            session.get(Employee, room.reader.id),
            session.get(Employee, room.editor.id),
        )
        assert reader is not None and editor is not None
        article = room.articles[0].id
        # A long unbroken link: phone pages must wrap it rather than scroll sideways.
        text = f"What about the older sites? {LONG_LINK}"
        comment = listening.post_comment(session, settings, reader, article, text)
        found = {
            "article": article,
            "item": session.query(Item).filter_by(comment_id=comment.id).one().id,
            "campaign": _campaign(session),
            "story": _story(session, editor, reader),
            "unsubscribe": urlsplit(links.unsubscribe_url(settings, reader.id)).path,
        }
        _plans(session)
        readers = _activity(session, article)
        session.commit()
    yield found
    # The other browser tests count people: the extra readers and their events go again.
    with get_sessionmaker(url)() as session:
        session.execute(delete(Event).where(Event.employee_id.in_(readers)))
        session.execute(delete(Employee).where(Employee.id.in_(readers)))
        session.commit()


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
    response = page.goto(path)
    page.wait_for_load_state("load")
    found: dict[str, Any] = {}
    # The page itself, not a refusal or an error page that would pass in its place.
    if response is None or response.status != (404 if path == ERROR_PAGE else 200):
        found["status"] = response.status if response else None
    # What folds away (data tables behind charts, menus, confirmations) is checked open too.
    page.evaluate("() => document.querySelectorAll('main details').forEach(d => d.open = true)")
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
    ids: dict[str, Any],
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


def test_a_wide_table_scrolls_inside_its_card_with_the_keyboard(
    ids: dict[str, Any], open_as: Callable[..., Page]
) -> None:
    page = open_as("analyst-a11y", "de", next="/analytics", width=PHONE)
    page.evaluate("() => document.querySelectorAll('main details').forEach(d => d.open = true)")
    # The same list for finding the wide one and for taking it (indices are per list).
    areas = page.locator(".table-wrap").filter(has=page.locator("table"))
    wide = areas.evaluate_all(
        "ws => ws.map((w, i) => [i, w.scrollWidth > w.clientWidth]).filter(x => x[1])"
    )
    assert wide, "no table on the phone's dashboard is wider than its card"
    area = areas.nth(wide[0][0])
    area.focus()
    assert area.evaluate("w => document.activeElement === w")
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    # Keyboard scrolling may be animated: wait until the area has moved (up to 5 s).
    page.wait_for_function("w => w.scrollLeft > 0", arg=area.element_handle(), timeout=5000)
    assert area.evaluate("w => w.scrollLeft") > 0
    # The page itself stays put: only the table moved.
    assert page.evaluate("() => window.scrollX") == 0
    assert scroll_width(page) <= PHONE
