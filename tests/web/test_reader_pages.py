"""Reader pages of the reader-experience work: search, topic lists in German order, the phone
navigation, the reset confirmation and the note about followed topics that were dismissed."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from web.client_tools import sign_in, token_of
from web.newsroom import Newsroom


def test_search_page_finds_a_german_article_by_an_inflected_word(
    client: TestClient, room: Newsroom
) -> None:
    sign_in(client, "demo-0001")
    page = client.get("/search", params={"q": "Ladesäule"})
    assert page.status_code == 200
    assert "Neue Ladesäulen am Standort Erlangen" in page.text
    assert 'id="no-results"' in client.get("/search", params={"q": "Quantenfrosch"}).text
    assert 'role="search"' in client.get("/").text, "the search box is on every page"


def test_german_topic_list_follows_german_names(client: TestClient, room: Newsroom) -> None:
    sign_in(client, "demo-0001", "de")
    page = client.get("/settings").text
    names = re.findall(r'<label for="follow-[^"]+">([^<]+)</label>', page)
    assert names == sorted(names, key=lambda n: n.replace("ä", "a").replace("ü", "u"))
    assert names[0] == "Digitalisierung" and "Künstliche Intelligenz" in names


def test_phone_navigation_and_reset_confirmation(client: TestClient, room: Newsroom) -> None:
    sign_in(client, "demo-0001")
    page = client.get("/me/learned").text
    assert 'class="tabbar"' in page
    assert '<details class="confirm" id="reset">' in page, "reset asks before it forgets"


def test_learned_page_says_when_a_followed_topic_was_dismissed(
    client: TestClient, room: Newsroom
) -> None:
    sign_in(client, "demo-0001")
    token = token_of(client.get("/settings").text)
    followed = [a for a in room.articles if a.language == "en"][:1]
    for article in followed:
        client.post(
            "/feedback",
            data={
                "csrf_token": token,
                "article_id": article.id,
                "type": "article_dismissed",
                "topic": "sustainability",
            },
        )
    page = client.get("/me/learned").text
    assert "You follow Sustainability, but you hid articles about it" in page
    assert "Based on 1 reaction." in page


def test_without_script_a_hidden_card_can_be_undone(client: TestClient, room: Newsroom) -> None:
    sign_in(client, "demo-0001")
    feed = client.get("/").text
    victim = re.findall(r'<li class="card[^"]*" data-article="(\d+)"', feed)[1]
    sent = client.post(
        "/feedback",
        data={
            "csrf_token": token_of(feed),
            "article_id": victim,
            "type": "article_dismissed",
            "topic": "none",
        },
        headers={"referer": "http://testserver/"},
        follow_redirects=False,
    )
    assert sent.headers["location"] == f"/?hidden={victim}&topic=none"
    page = client.get(sent.headers["location"]).text
    assert 'id="undo-hidden"' in page and f'data-article="{victim}"' not in page
    client.post(
        "/feedback",
        data={
            "csrf_token": token_of(page),
            "article_id": victim,
            "type": "article_dismissal_undone",
            "topic": "none",
        },
    )
    assert f'data-article="{victim}"' in client.get("/").text
