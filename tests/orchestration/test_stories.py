"""#learnfromit stories: the three-part template, de-identification, the teller's consent
before publishing (409 until then), strict moderation by default."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coffeemug.orchestration import stories
from factories import identity, make_employee, make_topic

STORY = {
    "title": "The night the Becker shipment went to the wrong port",
    "language": "en",
    "what_happened": "Anna Becker noticed that Globex's order was routed to Rotterdam.",
    "what_we_learned": "Nobody owned the last check before dispatch; ANNA BECKER did it alone.",
    "what_we_changed": "Two people now confirm the port for every Globex shipment.",
    "hide_names": ["Anna Becker", "Globex", "Becker"],
}


def test_story_is_composed_deidentified_and_waits_for_consent(
    client: TestClient, session: Session
) -> None:
    make_topic(session, "learnfromit")
    editor = make_employee(session, roles=("editor",))
    teller = make_employee(session)
    created = client.post(
        "/api/stories", json={**STORY, "teller_id": teller.id}, headers=identity(editor)
    )
    assert created.status_code == 201, created.text
    story = created.json()
    assert story["status"] == "draft" and story["strict_moderation"] is True
    assert story["deidentified"] == 5
    text = " ".join(story[p] for p in ("what_happened", "what_we_learned", "what_we_changed"))
    assert "Becker" not in text and "Globex" not in text and "[name left out]" in text
    assert "Becker" not in story["title"]
    article = client.get(f"/api/articles/{story['article_id']}", headers=identity(editor)).json()
    assert "## What happened" in article["body"] and "## What we changed" in article["body"]
    assert article["topics"] == ["learnfromit"]

    publish = {"status": "published"}
    path = f"/api/articles/{story['article_id']}"
    refused = client.patch(path, json=publish, headers=identity(editor))
    assert refused.status_code == 409 and "consent" in refused.json()["detail"]
    consent = f"/api/stories/{story['article_id']}/consent"
    assert client.post(consent, headers=identity(editor)).status_code == 403
    agreed = client.post(consent, headers=identity(teller)).json()
    assert agreed["consent_by"] == teller.id and agreed["consent_at"]
    assert client.patch(path, json=publish, headers=identity(editor)).status_code == 200
    assert story["article_id"] in stories.strictly_moderated(session)
    assert story["article_id"] in stories.story_article_ids(session)


def test_german_story_has_german_headings(client: TestClient, session: Session) -> None:
    make_topic(session, "learnfromit")
    editor = make_employee(session, roles=("editor",))
    body = {
        "title": "Als das Update am Freitag kam",
        "language": "de",
        "what_happened": "Das Update ging um 17 Uhr live.",
        "what_we_learned": "Freitags spielen wir nichts mehr ein.",
        "what_we_changed": "Änderungen nur noch montags bis donnerstags.",
        "hide_names": ["Müller"],
        "strict_moderation": False,
    }
    story = client.post("/api/stories", json=body, headers=identity(editor)).json()
    article = client.get(f"/api/articles/{story['article_id']}", headers=identity(editor)).json()
    assert "## Was passiert ist" in article["body"]
    assert story["deidentified"] == 0 and story["strict_moderation"] is False
    missing = client.post(
        "/api/stories", json={**body, "what_we_changed": " "}, headers=identity(editor)
    )
    assert missing.status_code == 422


def test_deidentify_matches_whole_words_only() -> None:
    text, count = stories.deidentify("Ann met Anna and ann.", ["Ann"], "en")
    assert text == "[name left out] met Anna and [name left out]." and count == 2


def test_story_form_and_consent_page(client: TestClient, session: Session) -> None:
    from web.client_tools import assert_translated, sign_in, token_of
    from web.newsroom import build_newsroom

    build_newsroom(session)
    make_topic(session, "learnfromit")
    sign_in(client, "editor-1", "de")
    page = client.get("/desk/stories/new")
    assert page.status_code == 200 and "Neue #learnfromit-Geschichte" in page.text
    assert_translated(page.text)
    form = {
        "csrf_token": token_of(page.text),
        "title": "Die vergessene Freigabe",
        "language": "de",
        "what_happened": "Frau Schulz hat die Freigabe vergessen.",
        "what_we_learned": "Eine Person allein ist zu wenig.",
        "what_we_changed": "",
        "teller": "demo-0001",
        "hide_names": "Schulz",
        "strict_moderation": "on",
    }
    missing = client.post("/desk/stories/new", data=form)
    assert missing.status_code == 422 and "Bitte fülle diesen Teil aus." in missing.text
    saved = client.post(
        "/desk/stories/new",
        data={**form, "what_we_changed": "Zwei Personen geben frei."},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    article_id = int(saved.headers["location"].split("saved=")[1])
    edit = client.get(f"/desk/{article_id}/edit").text
    assert 'id="story-consent"' in edit and f"/stories/{article_id}/consent" in edit
    assert client.get(f"/stories/{article_id}/consent").status_code == 403  # not the teller
    sign_in(client, "demo-0001", "de")
    consent_page = client.get(f"/stories/{article_id}/consent")
    assert "Frau [Name entfernt]" in consent_page.text
    done = client.post(
        f"/stories/{article_id}/consent",
        data={"csrf_token": token_of(consent_page.text)},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert 'id="consented"' in client.get(f"/stories/{article_id}/consent").text


def test_reactions_to_stories_are_left_out_of_personal_profiles(
    client: TestClient, session: Session
) -> None:
    from factories import event_payload, make_article

    make_topic(session, "learnfromit")
    editor = make_employee(session, roles=("editor",))
    reader = make_employee(session)
    story = client.post("/api/stories", json=STORY, headers=identity(editor)).json()
    client.post(f"/api/stories/{story['article_id']}/consent", headers=identity(editor))
    client.patch(
        f"/api/articles/{story['article_id']}",
        json={"status": "published"},
        headers=identity(editor),
    )
    ordinary = make_article(session, "Ordinary news", topics=["learnfromit"])
    for article_id in (story["article_id"], ordinary.id):
        response = client.post(
            "/api/events",
            json=event_payload("article_liked", article_id),
            headers=identity(reader),
        )
        assert response.status_code in (200, 201, 202), response.text
    learned = client.get("/api/me/learned", headers=identity(reader)).json()
    assert learned["feedback_count"] == 1, learned  # the ordinary article's like only


def test_comments_on_a_strictly_moderated_story_wait_for_a_moderator(
    client: TestClient, session: Session
) -> None:
    from factories import make_article

    make_topic(session, "learnfromit")
    editor = make_employee(session, roles=("editor",))
    reader, other = make_employee(session), make_employee(session)
    story = client.post("/api/stories", json=STORY, headers=identity(editor)).json()
    client.post(f"/api/stories/{story['article_id']}/consent", headers=identity(editor))
    path = f"/api/articles/{story['article_id']}"
    client.patch(path, json={"status": "published"}, headers=identity(editor))
    ordinary = make_article(session, "Ordinary news", topics=["learnfromit"])
    body = {"body": "Thank you for telling this so openly."}

    held = client.post(f"{path}/comments", json=body, headers=identity(reader))
    shown = client.post(
        f"/api/articles/{ordinary.id}/comments", json=body, headers=identity(reader)
    )
    assert held.status_code == shown.status_code == 201, (held.text, shown.text)
    assert held.json()["status"] == "held" and shown.json()["status"] == "visible"
    # The author sees their comment waiting; other readers do not see it yet.
    own = client.get(f"{path}/comments", headers=identity(reader)).json()["items"]
    assert [c["status"] for c in own] == ["held"]
    assert client.get(f"{path}/comments", headers=identity(other)).json()["items"] == []
