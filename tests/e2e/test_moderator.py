"""A moderator's day in headless Chromium, in German and in English: a reader comments, the
moderator triages the inbox, answers criticism with a fact card, hides abuse, asks for a second
approval to hide criticism, a second person approves, and the reader sees the outcome."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from coffeemug.db import get_sessionmaker, utcnow
from coffeemug.listening.models import FactCard
from coffeemug.text.embeddings import get_encoder, to_bytes
from factories import make_employee
from web.newsroom import Newsroom

pytestmark = pytest.mark.browser

DAY = {
    "de": {
        "criticism": "Warum wird die Kantine schon wieder teurer? Das ist unfair.",
        "second": "Die neue Homeoffice-Regel ist enttäuschend und ungerecht.",
        "abuse": "Ihr seid alle Idioten, haltet die Fresse ihr Vollpfosten",
        "statement": "Die Kantinenpreise steigen um 0,40 EUR; Lieferanten erhöhten um 18 %.",
        "inbox": "Moderations-Eingang",
        "replied": "Antwort gesendet.",
        "hidden": "Beitrag ausgeblendet.",
        "newsroom": "Antwort der Redaktion",
    },
    "en": {
        "criticism": "Why are canteen prices going up again? This is unfair.",
        "second": "The new hybrid-work rule is disappointing and unfair.",
        "abuse": "You are all idiots and liars, shut up you stupid morons",
        "statement": "Canteen prices rise by EUR 0.40; suppliers raised theirs by 18 %.",
        "inbox": "Moderation inbox",
        "replied": "Reply sent.",
        "hidden": "Item hidden.",
        "newsroom": "Reply from the newsroom",
    },
}


@pytest.fixture(scope="module")
def moderators(live_server: tuple[str, Newsroom, str]) -> None:
    """Two moderators and the canteen fact card (in both languages) in the live database."""
    with get_sessionmaker(live_server[2])() as session:
        make_employee(session, "moderator-e2e", display_name="Mo Derator", roles=["moderator"])
        make_employee(session, "moderator-e2e-2", display_name="Second Pair", roles=["moderator"])
        statements = {"de": DAY["de"]["statement"], "en": DAY["en"]["statement"]}
        text = "Canteen prices. " + " ".join(statements.values())
        session.add(
            FactCard(title="Canteen prices", statements=statements, owner="Facilities",
                     valid_until=(utcnow() + timedelta(days=90)).date(),
                     embedding=to_bytes(get_encoder("hashing").encode([text])[0]))
        )  # fmt: skip
        session.commit()


def _comment(page: Page, article_id: int, body: str) -> None:
    page.goto(f"/articles/{article_id}")
    page.fill("#comment-body", body)
    page.locator("form.comment-form button[type=submit]").click()
    page.wait_for_load_state()


def _open_item(page: Page, text: str) -> None:
    page.goto("/moderation")
    page.locator("tr[data-item]", has_text=text[:40]).locator("a").first.click()
    page.wait_for_load_state()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_moderators_day(
    open_as: Callable[..., Page],
    newsroom: Newsroom,
    moderators: None,
    lang: str,
    shot: Callable[[Page, str], None],
) -> None:
    words = DAY[lang]
    article_id = newsroom.articles[0].id
    reader = open_as("demo-0001", lang)
    for body in (words["criticism"], words["second"], words["abuse"]):
        _comment(reader, article_id, body)
    expect(reader.locator("[data-held]")).to_have_count(1)

    moderator = open_as("moderator-e2e", lang, next="/moderation")
    expect(moderator.locator("h1")).to_have_text(words["inbox"])
    expect(moderator.locator("tr[data-item]", has_text=words["abuse"][:30])).to_be_visible()
    shot(moderator, f"moderation-inbox-{lang}")
    moderator.select_option("#f-label", "abuse")
    moderator.locator("form.filters button[type=submit]").click()
    expect(moderator.locator("tr[data-item]", has_text=words["abuse"][:30])).to_be_visible()
    expect(moderator.locator("tr[data-item]", has_text=words["criticism"][:30])).to_have_count(0)

    # Triage and answer the criticism with the suggested fact card, in the item's language.
    _open_item(moderator, words["criticism"])
    moderator.locator("form[action$='/assign']:not([data-team-form]) button").click()
    # Its fact card is among the suggestions (other tests may have added cards of their own).
    card = moderator.locator("[data-suggestions] li", has_text=words["statement"][:25])
    card.locator("a[data-insert]").click()
    expect(moderator.locator("#reply-body")).to_have_value(words["statement"])
    moderator.evaluate("window.scrollTo(0, 0)")
    shot(moderator, f"moderation-item-{lang}")
    moderator.locator("[data-reply-form] button[type=submit]").click()
    expect(moderator.locator("[data-done]")).to_contain_text(words["replied"])

    # Abuse is hidden at once, with its reason.
    _open_item(moderator, words["abuse"])
    moderator.select_option("[data-hide-form] select[name=reason]", "abuse")
    moderator.locator("[data-hide-form] button[type=submit]").click()
    expect(moderator.locator("[data-done]")).to_contain_text(words["hidden"])

    # Criticism can only be hidden with a second person's approval.
    _open_item(moderator, words["second"])
    moderator.select_option("[data-hide-form] select[name=reason]", "privacy")
    moderator.locator("[data-hide-form] input[name=request_approval]").check()
    moderator.locator("[data-hide-form] button[type=submit]").click()
    expect(moderator.locator("[data-done]")).to_have_attribute("data-done", "approval_requested")
    second = open_as("moderator-e2e-2", lang, next="/moderation")
    second.locator("[data-approvals] form button").first.click()
    second.wait_for_load_state()

    reader.goto(f"/articles/{article_id}")
    expect(reader.locator(".comment.official", has_text=words["statement"])).to_be_visible()
    expect(reader.locator(".comment.official").first).to_contain_text(words["newsroom"])
    expect(
        reader.locator(".comment", has_text=words["second"]).locator("[data-hidden]")
    ).to_be_visible()
