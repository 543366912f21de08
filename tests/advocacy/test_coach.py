"""The post coach on hand-written good and weak posts in German and English."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coffeemug.advocacy.coach import coach
from coffeemug.text.embeddings import get_encoder
from factories import identity, make_article, make_employee

ARTICLE_EN = (
    "Leipzig plant runs on solar power. The new plant in Leipzig runs entirely on solar "
    "power and employs 300 people."
)
GOOD_EN = (
    "Proud moment: 300 colleagues now work in a plant that runs on sunshine!\n\n"
    "I visited Leipzig last month and the team was buzzing. What should run on solar next? "
    "#Solar #Leipzig"
)
WEAK_EN = ARTICLE_EN
GOOD_DE = (
    "Stolz: 300 Kolleginnen und Kollegen arbeiten jetzt in einem Werk, das mit Sonne läuft!\n\n"
    "Ich war letzten Monat in Leipzig. Was sollte als Nächstes mit Sonnenstrom laufen? "
    "#Solar #Leipzig"
)
WEAK_DE = (
    "Die in der Gesamtbetrachtung der unternehmensweiten Energieversorgungsstrategie "
    "vorgenommene Umstellung sämtlicher Produktionsanlagen des Standortes erfolgte "
    "planmäßig unter Berücksichtigung regulatorischer Rahmenbedingungen "
    "#A #B #C #D #E"
)


@pytest.fixture(scope="module")
def encoder():  # type: ignore[no-untyped-def]
    return get_encoder("hashing")


def test_good_english_post_passes_every_check(encoder) -> None:  # type: ignore[no-untyped-def]
    result = coach(
        GOOD_EN, "linkedin", "en", references=[ARTICLE_EN], encoder=encoder, link_added=True
    )
    assert result.score == 100 and result.tips == []


def test_copied_english_post_gets_own_words_and_other_tips(encoder) -> None:  # type: ignore[no-untyped-def]
    result = coach(WEAK_EN, "linkedin", "en", references=[ARTICLE_EN], encoder=encoder)
    codes = [t.code for t in result.tips]
    assert codes[0] == "own_words"  # the heaviest failed check comes first
    assert {"call_to_action", "hashtags", "first_person", "link"} <= set(codes)
    assert result.score <= 40
    own = result.tips[0]
    assert "own words" in own.message and "staged" in own.reason


def test_good_german_post_passes_and_weak_one_gets_german_tips(encoder) -> None:  # type: ignore[no-untyped-def]
    good = coach(GOOD_DE, "linkedin", "de", encoder=encoder, link_added=True)
    assert good.score == 100
    weak = coach(WEAK_DE, "linkedin", "de", encoder=encoder)
    codes = {t.code for t in weak.tips}
    assert {"readability", "hashtags", "first_person", "call_to_action", "hook"} <= codes
    hashtags = next(t for t in weak.tips if t.code == "hashtags")
    assert hashtags.message == "Verwende 1 bis 3 Hashtags (jetzt 5)."
    assert weak.readability is not None and weak.readability < 50


def test_length_band_depends_on_the_network(encoder) -> None:  # type: ignore[no-untyped-def]
    on_x = coach(GOOD_EN, "x", "en", encoder=encoder, link_added=True)
    assert "length" in on_x.passed
    short = "I love it! #Solar"
    assert "length" in {t.code for t in coach(short, "linkedin", "en").tips}


def test_coach_api_answers_in_the_asked_language(client: TestClient, session: Session) -> None:
    reader = make_employee(session)
    article = make_article(session, "Leipzig plant runs on solar power", summary=ARTICLE_EN)
    body = {"text": WEAK_EN, "network": "x", "language": "de", "article_id": article.id}
    response = client.post("/api/coach", json=body, headers=identity(reader))
    assert response.status_code == 200
    data = response.json()
    assert data["language"] == "de" and data["score"] < 60
    assert any(t["code"] == "own_words" and "eigenen Worten" in t["message"] for t in data["tips"])
    assert data["violations"] == []
