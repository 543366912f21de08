"""Feed quality through the service: mandatory topics are no stated interest, reasons come in
the language the page is shown in."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coffeemug.feed.service import get_feed
from coffeemug.settings import Settings
from factories import make_article, make_employee, make_preferences, make_topic
from web.client_tools import sign_in


def test_mandatory_topic_is_not_a_stated_interest(session: Session, settings: Settings) -> None:
    make_topic(session, "security", mandatory=True)
    make_topic(session, "ai", name_en="AI")
    make_topic(session, "mobility")
    employee = make_employee(session)
    make_preferences(session, employee, followed=["security", "ai"], languages=["en"])
    security = make_article(session, topics=["security"])
    ai = make_article(session, topics=["ai"])
    other = make_article(session, topics=["mobility"])
    feed = get_feed(session, employee, limit=10, settings=settings)
    by_id = {item.article_id: item for item in feed.items}
    assert by_id[ai.id].reason_code == "follows_topic"
    assert by_id[security.id].reason_code != "follows_topic"
    # Ranked like any topic the employee said nothing about.
    assert abs(by_id[security.id].score - by_id[other.id].score) < 0.05
    assert by_id[ai.id].score > by_id[security.id].score + 0.5


def test_reason_language_can_be_chosen(session: Session, settings: Settings) -> None:
    make_topic(session, "sustainability", name_de="Nachhaltigkeit", name_en="Sustainability")
    employee = make_employee(session, languages=["de", "en"])
    make_preferences(session, employee, followed=["sustainability"], languages=["de", "en"])
    make_article(session, topics=["sustainability"])
    german = get_feed(session, employee, settings=settings, more=True)
    assert german.items[0].reason == "Du folgst Nachhaltigkeit"
    english = get_feed(session, employee, settings=settings, more=True, language="en")
    assert english.items[0].reason == "You follow Sustainability"


def test_feed_page_shows_reasons_in_the_page_language(client: TestClient, session: Session) -> None:
    make_topic(session, "sustainability", name_de="Nachhaltigkeit", name_en="Sustainability")
    employee = make_employee(session, languages=["de", "en"])
    make_preferences(session, employee, followed=["sustainability"], languages=["de", "en"])
    make_article(session, "Solar roofs", topics=["sustainability"])
    sign_in(client, employee.external_id, lang="en")
    page = client.get("/")
    assert page.status_code == 200, page.text
    assert "Solar roofs" in page.text
    assert "You follow Sustainability" in page.text
    assert "Du folgst" not in page.text
