"""Every employee page through the in-process client, in German and English."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from coffeemug import demo_identity
from coffeemug.events.models import Event
from coffeemug.people.models import Preferences
from web.client_tools import assert_translated, sign_in, token_of
from web.newsroom import Newsroom

PAGES = ("/", "/settings", "/me/learned", "/saved", "/login")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_page_renders_translated(client: TestClient, room: Newsroom, lang: str) -> None:
    sign_in(client, "editor-1", lang)
    for path in (*PAGES, f"/articles/{room.articles[0].id}", "/desk", "/desk/new"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert f'<html lang="{lang}">' in page.text, path
        assert_translated(page.text)
    expected = {"de": "Mein Feed", "en": "My feed"}[lang]
    feed = client.get("/").text
    assert f'aria-current="page">{expected}</a>' in feed
    assert 'href="/desk"' in feed and 'href="/analytics"' in feed


def test_language_follows_the_employee_then_the_switch(client: TestClient, room: Newsroom) -> None:
    sign_in(client, "demo-0002")  # speaks English only
    client.cookies.delete("coffeemug_lang")
    assert '<html lang="en">' in client.get("/settings").text
    switched = client.get("/lang/de?next=/settings", follow_redirects=False)
    assert switched.status_code == 303 and switched.headers["location"] == "/settings"
    client.cookies.set("coffeemug_lang", "de")
    page = client.get("/settings")
    assert '<html lang="de">' in page.text and "Beiträge pro Tag" in page.text


def test_language_switch_never_redirects_off_site(client: TestClient) -> None:
    for target in ("https://evil.example/", "//evil.example/", "/\\evil"):
        page = client.get("/lang/en", params={"next": target}, follow_redirects=False)
        assert page.headers["location"] == "/"


def test_picker_lists_staff_and_searches(client: TestClient, room: Newsroom) -> None:
    page = client.get("/login?q=brian")
    assert page.status_code == 200
    assert 'value="editor-1"' in page.text and 'value="admin-1"' in page.text
    assert "Brian Miller" in page.text and "Anna Becker" not in page.text
    signed = client.post(
        "/login",
        data={"csrf_token": token_of(page.text), "external_id": "demo-0002", "next": "/saved"},
        follow_redirects=False,
    )
    assert signed.status_code == 303 and signed.headers["location"] == "/saved"
    secret = client.app.state.settings.secret_key
    cookie = signed.cookies.get(demo_identity.COOKIE)
    assert demo_identity.external_id_from(secret, cookie) == "demo-0002"


def test_picker_refuses_unknown_people_and_bad_tokens(client: TestClient, room: Newsroom) -> None:
    token = token_of(client.get("/login").text)
    unknown = client.post("/login", data={"csrf_token": token, "external_id": "nobody"})
    assert unknown.status_code == 404
    forged = client.post("/login", data={"csrf_token": "forged", "external_id": "admin-1"})
    assert forged.status_code == 400 and "This form has expired" in forged.text


def test_feed_shows_must_read_lane_cards_and_reasons(client: TestClient, room: Newsroom) -> None:
    sign_in(client, "demo-0001")
    page = client.get("/")
    assert page.status_code == 200
    lane, _, rest = page.text.partition('data-lane="feed"')
    assert "New security rules for site access" in lane
    assert "I have read this" in lane
    assert 'class="reason"' in rest and "Not interested" in rest
    assert "Solar roofs on every plant by 2030" in rest
    assert 'href="/desk"' not in page.text and 'href="/analytics"' not in page.text
    assert_translated(page.text)


def test_feed_outside_the_audience_has_no_must_read(client: TestClient, room: Newsroom) -> None:
    sign_in(client, "demo-0002")
    page = client.get("/")
    assert "New security rules for site access" not in page.text
    assert 'data-lane="must"' not in page.text


def _cards(html: str) -> list[str]:
    return re.findall(r'<li class="card" data-article="(\d+)"', html)


def test_budget_counts_what_was_read_and_more_adds_below(
    client: TestClient, room: Newsroom
) -> None:
    sign_in(client, "demo-0001")
    first = _cards(client.get("/").text)
    assert first and _cards(client.get("/").text) == first, "a reload shows the same items"
    must = str(room.must_read.id)
    regular = [c for c in first if c != must]
    client.get(f"/articles/{regular[0]}")  # read one: it leaves, the others stay
    assert _cards(client.get("/").text) == [c for c in first if c != regular[0]]
    for article in regular[1:]:
        client.get(f"/articles/{article}")
    page = client.get("/")
    assert 'id="budget"' in page.text and "That was today&#39;s 7 items." in page.text
    more = client.get("/?more=1")
    assert str(more.url).endswith("/") and 'class="card"' in more.text
    added = _cards(more.text)
    assert _cards(client.get("/").text) == added, "what was added stays on reload"


def test_empty_feed_explains_what_to_do(
    client: TestClient, room: Newsroom, session: Session
) -> None:
    prefs = session.get(Preferences, room.outsider.id)
    prefs.languages = ["de"]
    prefs.muted_topics = ["sustainability", "mobility", "ai", "healthcare", "digitalization"]
    prefs.followed_topics = ["security"]
    session.flush()
    sign_in(client, "demo-0002")
    page = client.get("/")
    assert 'id="empty"' in page.text
    assert "Follow a few more topics" in page.text


def test_first_visit_goes_to_onboarding(client: TestClient, room: Newsroom) -> None:
    sign_in(client, "demo-0003", "de")
    first = client.get("/", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/settings?welcome=1"
    page = client.get("/settings?welcome=1")
    assert 'id="onboarding"' in page.text and "Willkommen bei Coffee Mug" in page.text
    token = token_of(page.text)
    empty = client.post("/settings", data={"csrf_token": token, "languages": ["de"]})
    assert empty.status_code == 422 and 'id="followed_topics-error"' in empty.text
    done = client.post(
        "/settings",
        data={"csrf_token": token, "followed_topics": ["ai"], "languages": ["de"]},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/?welcome=1"
    assert client.get("/", follow_redirects=False).status_code == 200


def test_settings_save_and_lock_mandatory_topics(
    client: TestClient, room: Newsroom, session: Session
) -> None:
    sign_in(client, "demo-0001")
    page = client.get("/settings")
    assert 'value="security" id="follow-security"' in page.text
    assert page.text.count("disabled") >= 2
    saved = client.post(
        "/settings",
        data={
            "csrf_token": token_of(page.text),
            "followed_topics": ["ai"],
            "muted_topics": ["healthcare"],
            "volume": "all",
            "digest": "daily",
            "languages": ["en"],
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303
    session.expire_all()
    prefs = session.get(Preferences, room.reader.id)
    assert set(prefs.followed_topics) == {"ai", "security"}
    assert (prefs.muted_topics, prefs.volume, prefs.digest, prefs.languages) == (
        ["healthcare"],
        None,
        "daily",
        ["en"],
    )


def test_settings_errors_keep_what_was_chosen(client: TestClient, room: Newsroom) -> None:
    sign_in(client, "demo-0001")
    token = token_of(client.get("/settings").text)
    both = client.post(
        "/settings",
        data={
            "csrf_token": token,
            "followed_topics": ["ai"],
            "muted_topics": ["ai"],
            "digest": "daily",
            "languages": ["en"],
        },
    )
    assert both.status_code == 422
    assert 'id="muted_topics-error"' in both.text
    assert "cannot be followed and muted at the same time" in both.text
    assert 'value="daily" checked' in both.text
    no_language = client.post("/settings", data={"csrf_token": token, "followed_topics": ["ai"]})
    assert no_language.status_code == 422 and 'id="languages-error"' in no_language.text
    bad_volume = client.post(
        "/settings", data={"csrf_token": token, "volume": "9", "languages": ["en"]}
    )
    assert bad_volume.status_code == 422 and 'id="volume-error"' in bad_volume.text


def test_feedback_form_without_javascript_records_the_event(
    client: TestClient, room: Newsroom, session: Session
) -> None:
    sign_in(client, "demo-0001")
    token = token_of(client.get("/").text)
    article = room.articles[1]
    sent = client.post(
        "/feedback",
        data={
            "csrf_token": token,
            "article_id": article.id,
            "type": "article_dismissed",
            "reason": "topic",
        },
        headers={"referer": "http://testserver/?more=1"},
        follow_redirects=False,
    )
    assert sent.status_code == 303 and sent.headers["location"] == "/?more=1"
    event = session.scalars(
        select(Event).where(Event.article_id == article.id, Event.type == "article_dismissed")
    ).one()
    assert event.employee_id == room.reader.id and event.properties.get("reason") == "topic"
    assert f'id="card-{article.id}"' not in client.get("/?more=1").text
    opened = client.post(
        "/feedback", data={"csrf_token": token, "article_id": article.id, "type": "article_read"}
    )
    assert opened.status_code == 400


def test_article_page_logs_the_open_and_renders_markdown(
    client: TestClient, room: Newsroom, session: Session
) -> None:
    sign_in(client, "demo-0001")
    article = room.articles[0]
    page = client.get(f"/articles/{article.id}")
    assert page.status_code == 200
    assert "<strong>full</strong>" in page.text and f'data-reading="{article.id}"' in page.text
    assert session.scalars(
        select(Event).where(Event.article_id == article.id, Event.type == "article_opened")
    ).first()
    assert client.get("/articles/999999").status_code == 404
    assert client.get("/articles/abc").status_code == 404


def test_saved_page_lists_saved_articles(client: TestClient, room: Newsroom) -> None:
    sign_in(client, "demo-0001")
    assert "Nothing saved yet" in client.get("/saved").text
    token = token_of(client.get("/settings").text)
    article = room.articles[2]
    client.post(
        "/feedback", data={"csrf_token": token, "article_id": article.id, "type": "article_saved"}
    )
    page = client.get("/saved")
    assert article.title in page.text
    article_page = client.get(f"/articles/{article.id}").text
    assert 'aria-pressed="true"><span aria-hidden="true">☆' in article_page
    assert 'aria-pressed="false"><span aria-hidden="true">♥' in article_page
    # Saved again takes it back: the form now sends the removal, and Saved is empty again.
    assert 'name="type" value="article_unsaved"' in article_page
    client.post(
        "/feedback",
        data={"csrf_token": token, "article_id": article.id, "type": "article_unsaved"},
    )
    assert article.title not in client.get("/saved").text
    assert 'aria-pressed="false"><span aria-hidden="true">☆' in (
        client.get(f"/articles/{article.id}").text
    )


def test_learned_page_reset_and_export(client: TestClient, room: Newsroom) -> None:
    sign_in(client, "demo-0001")
    page = client.get("/me/learned")
    assert 'id="nothing-learned"' in page.text
    token = token_of(page.text)
    for article in room.articles[:3]:
        client.post(
            "/feedback",
            data={"csrf_token": token, "article_id": article.id, "type": "article_liked"},
        )
    page = client.get("/me/learned")
    assert 'id="affinities"' in page.text and "<svg" in page.text
    export = client.get("/me/export")
    assert export.status_code == 200
    assert "attachment" in export.headers["content-disposition"]
    data = json.loads(export.text)
    assert data["employee"]["external_id"] == "demo-0001"
    assert sum(1 for e in data["events"] if e["type"] == "article_liked") == 3
    reset = client.post("/me/reset", data={"csrf_token": token}, follow_redirects=False)
    assert reset.status_code == 303
    page = client.get("/me/learned?reset=1")
    assert 'id="reset-done"' in page.text and 'id="nothing-learned"' in page.text
    assert client.post("/me/reset", data={"csrf_token": "stale"}).status_code == 400


def test_anonymous_pages_redirect_to_the_picker(client: TestClient, room: Newsroom) -> None:
    for path in ("/", "/settings", "/me/learned", "/saved", "/me/export"):
        page = client.get(path, follow_redirects=False)
        assert page.status_code == 303, path
        assert page.headers["location"].startswith("/login?next=")


def test_production_uses_the_sso_header(client: TestClient, room: Newsroom) -> None:
    client.app.state.settings = client.app.state.settings.model_copy(
        update={"demo_mode": False, "identity_header": "X-Remote-User"}
    )
    sign_in(client, "admin-1")
    assert client.get("/").status_code == 401  # the demo cookie counts for nothing
    page = client.get("/settings", headers={"X-Remote-User": "demo-0002"})
    assert page.status_code == 200 and "Brian Miller" in page.text
    desk = client.get("/desk", headers={"X-Remote-User": "demo-0002"})
    assert desk.status_code == 403
    assert "Switch person" not in page.text


def test_article_page_shows_related_articles_the_reader_may_see(
    client: TestClient, room: Newsroom
) -> None:
    sign_in(client, "demo-0002")  # in the US: the German must-read is not for them
    article = room.articles[0]
    page = client.get(f"/articles/{article.id}")
    related = page.text.partition("Related articles")[2]
    links = [a.id for a in room.articles if f'href="/articles/{a.id}"' in related]
    assert 1 <= len(links) <= 4
    assert article.id not in links
    assert f'href="/articles/{room.must_read.id}"' not in related


def test_acknowledging_a_must_read_takes_it_out_of_the_lane(
    client: TestClient, room: Newsroom
) -> None:
    sign_in(client, "demo-0001")
    page = client.get("/?more=1")
    assert 'data-lane="must"' in page.text
    client.post(
        "/feedback",
        data={
            "csrf_token": token_of(page.text),
            "article_id": room.must_read.id,
            "type": "article_acknowledged",
        },
    )
    assert 'data-lane="must"' not in client.get("/?more=1").text
