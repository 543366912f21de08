"""The editors' desk through the in-process client."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from coffeemug.content.models import Article
from web.client_tools import assert_translated, sign_in, token_of
from web.newsroom import Newsroom


def _form(token: str, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "csrf_token": token,
        "title": "Canteen goes plant-based on Fridays",
        "summary": "From March, Friday menus are vegetarian.",
        "body": "# Fridays\n\nMore **vegetables**.",
        "language": "en",
        "topics": ["sustainability"],
        "publish_at": "",
        "expires_at": "",
        "shareable": "on",
        "action": "draft",
    }
    data.update(overrides)
    return data


def test_desk_lists_the_editors_articles_in_both_languages(
    client: TestClient, room: Newsroom
) -> None:
    sign_in(client, "editor-1", "en")
    page = client.get("/desk")
    assert page.status_code == 200
    assert "Solar roofs on every plant by 2030" in page.text
    assert "Employees reached" in page.text
    assert_translated(page.text)
    sign_in(client, "editor-1", "de")
    page = client.get("/desk")
    assert "Erreichte Mitarbeitende" in page.text
    assert_translated(page.text)


def test_reader_cannot_reach_the_desk(client: TestClient, room: Newsroom) -> None:
    sign_in(client, "demo-0001")
    for path in ("/desk", "/desk/new", f"/desk/{room.articles[0].id}/edit"):
        page = client.get(path)
        assert page.status_code == 403, path
        assert "Not allowed" in page.text


def test_reader_cannot_post_to_the_desk(client: TestClient, room: Newsroom) -> None:
    sign_in(client, "demo-0001")
    token = token_of(client.get("/settings").text)
    for path in ("/desk/new", f"/desk/{room.articles[0].id}/edit", "/desk/preview"):
        page = client.post(path, data=_form(token))
        assert page.status_code == 403, path


def test_anonymous_visitor_is_sent_to_the_picker(client: TestClient, room: Newsroom) -> None:
    page = client.get("/desk", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"].startswith("/login?next=")


def test_editor_writes_a_draft(client: TestClient, room: Newsroom, session: Session) -> None:
    sign_in(client, "editor-1")
    token = token_of(client.get("/desk/new").text)
    saved = client.post("/desk/new", data=_form(token), follow_redirects=False)
    assert saved.status_code == 303, saved.text
    article = session.scalars(
        select(Article).where(Article.title == "Canteen goes plant-based on Fridays")
    ).one()
    assert article.status == "draft"
    assert article.author_id == room.editor.id


def test_publishing_asks_first_and_shows_the_reach(
    client: TestClient, room: Newsroom, session: Session
) -> None:
    sign_in(client, "editor-1")
    token = token_of(client.get("/desk/new").text)
    form = _form(token, action="publish", audience_regions=["US"], must_read="on")
    asked = client.post("/desk/new", data=form)
    assert asked.status_code == 200
    assert 'id="confirm"' in asked.text
    # One employee: the desk says only "fewer than k", never the head count.
    assert "This audience reaches fewer than 5 employees." in asked.text
    assert 'data-reach="1"' not in asked.text
    assert session.scalars(select(Article).where(Article.title == form["title"])).first() is None
    done = client.post("/desk/new", data={**form, "action": "confirm"}, follow_redirects=False)
    assert done.status_code == 303
    article = session.scalars(select(Article).where(Article.title == form["title"])).one()
    assert (article.status, article.must_read, article.audience_regions) == (
        "published",
        True,
        ["US"],
    )


def test_form_errors_are_shown_next_to_fields_and_keep_what_was_typed(
    client: TestClient, room: Newsroom
) -> None:
    sign_in(client, "editor-1")
    token = token_of(client.get("/desk/new").text)
    cases = {
        "title": ({"title": "   "}, "Please enter a title."),
        "title-long": ({"title": "x" * 201}, "The title is too long"),
        "expires_at": (
            {"publish_at": "2030-05-02T10:00", "expires_at": "2030-05-01T10:00"},
            "The expiry must come after the publish time.",
        ),
        "topics": ({"topics": ["no-such-topic"]}, "One of the topics does not exist."),
        "language": ({"language": "fr"}, "Choose German or English."),
        "publish_at": ({"publish_at": "next tuesday"}, "Enter a date and time like"),
        "audience": (
            {"audience_regions": ["US"], "audience_business_units": ["Communications"]},
            "This audience matches no employee.",
        ),
    }
    for name, (overrides, message) in cases.items():
        page = client.post("/desk/new", data=_form(token, summary=f"typed {name}", **overrides))
        assert page.status_code == 422, name
        field = name.split("-")[0]
        assert f'id="{field}-error"' in page.text, name
        assert message in page.text, name
        assert f"typed {name}" in page.text, name
        assert_translated(page.text)


def test_editing_keeps_values_and_saves_changes(
    client: TestClient, room: Newsroom, session: Session
) -> None:
    sign_in(client, "editor-1")
    article = room.articles[0]
    page = client.get(f"/desk/{article.id}/edit")
    assert page.status_code == 200
    assert f'value="{article.title}"' in page.text
    form = _form(token_of(page.text), title="Solar roofs: the plan", action="confirm")
    done = client.post(f"/desk/{article.id}/edit", data=form, follow_redirects=False)
    assert done.status_code == 303
    session.expire_all()
    assert session.get(Article, article.id).title == "Solar roofs: the plan"


def test_stale_or_tampered_form_gets_a_clear_400(client: TestClient, room: Newsroom) -> None:
    sign_in(client, "editor-1")
    token = token_of(client.get("/desk/new").text)
    for bad in ("", token[:-3] + "abc", "garbage"):
        page = client.post("/desk/new", data=_form(bad))
        assert page.status_code == 400
        assert "This form has expired" in page.text
        assert "Traceback" not in page.text
    # A token issued to someone else does not pass either.
    sign_in(client, "demo-0001")
    reader_token = token_of(client.get("/login").text)
    sign_in(client, "editor-1")
    assert client.post("/desk/new", data=_form(reader_token)).status_code == 400


def test_preview_renders_markdown_safely(client: TestClient, room: Newsroom) -> None:
    sign_in(client, "editor-1")
    token = token_of(client.get("/desk/new").text)
    body = "## Hello\n\n<script>alert(1)</script>"
    page = client.post("/desk/preview", data=_form(token, body=body))
    assert page.status_code == 200
    assert "<h2>Hello</h2>" in page.text
    assert "<script>alert(1)</script>" not in page.text


def test_reach_follows_the_audience_ticked(client: TestClient, room: Newsroom) -> None:
    sign_in(client, "editor-1")
    token = token_of(client.get("/desk/new").text)
    everyone = client.post("/desk/reach", data=_form(token)).json()
    assert everyone == {"reach": 5, "text": "This audience reaches 5 employees."}
    germany = client.post("/desk/reach", data=_form(token, audience_regions=["DE"])).json()
    assert germany == {"reach": None, "text": "This audience reaches fewer than 5 employees."}
    german_readers_in_us = client.post(
        "/desk/reach", data=_form(token, audience_regions=["US"], audience_languages=["de"])
    ).json()
    assert german_readers_in_us["reach"] == 0


def test_a_refused_edit_leaves_the_article_unchanged(
    client: TestClient, room: Newsroom, session: Session
) -> None:
    sign_in(client, "editor-1")
    article = room.articles[3]
    page = client.get(f"/desk/{article.id}/edit")
    later = _form(token_of(page.text), publish_at="2031-01-10T09:00", action="confirm")
    saved = client.post(f"/desk/{article.id}/edit", data=later, follow_redirects=False)
    assert saved.status_code == 303
    # Expiry after now but before the stored publish time: only the service can tell.
    refused = _form(
        token_of(page.text),
        topics=["ai"],
        title="Changed title",
        expires_at="2031-01-05T09:00",
        action="confirm",
    )
    answer = client.post(f"/desk/{article.id}/edit", data=refused)
    assert answer.status_code == 422
    assert 'id="expires_at-error"' in answer.text and "Changed title" in answer.text
    session.expire_all()
    stored = session.scalars(
        select(Article).where(Article.id == article.id).options(selectinload(Article.topics))
    ).one()
    assert stored.title != "Changed title"
    assert [t.id for t in stored.topics] == ["sustainability"]
