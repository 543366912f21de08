"""The desk's approval panel: ask for review, approve, and the refusal to publish unapproved."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coffeemug.orchestration import approvals
from coffeemug.orchestration.models import ApprovalMode
from web.client_tools import assert_translated, sign_in, token_of
from web.newsroom import Newsroom


def test_desk_review_panel_walks_the_workflow(
    client: TestClient, room: Newsroom, session: Session
) -> None:
    approvals.set_mode(session, ApprovalMode.required, None)
    article = room.articles[0]
    article.status, article.author_id = "draft", room.editor.id
    session.flush()
    sign_in(client, "editor-1", "de")
    page = client.get(f"/desk/{article.id}/edit")
    assert 'data-state="draft"' in page.text and "Prüfung anfordern" in page.text
    assert_translated(page.text)
    form = {
        "csrf_token": token_of(page.text),
        "title": article.title,
        "body": "Text",
        "language": "en",
        "topics": ["sustainability"],
        "shareable": "on",
        "action": "confirm",
    }
    refused = client.post(f"/desk/{article.id}/edit", data=form)
    assert refused.status_code == 409
    assert "muss vor dem Veröffentlichen freigegeben werden" in refused.text
    asked = client.post(
        f"/desk/{article.id}/review",
        data={"csrf_token": token_of(page.text), "action": "submit"},
        follow_redirects=False,
    )
    assert asked.status_code == 303, asked.text[-600:]
    # The author may not approve; the admin may.
    own = client.post(
        f"/desk/{article.id}/review", data={"csrf_token": token_of(page.text), "action": "approve"}
    )
    assert own.status_code == 409
    sign_in(client, "admin-1", "en")
    page = client.get(f"/desk/{article.id}/edit")
    assert 'data-state="in_review"' in page.text
    done = client.post(
        f"/desk/{article.id}/review",
        data={"csrf_token": token_of(page.text), "action": "approve"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    page = client.get(f"/desk/{article.id}/edit")
    assert 'data-state="approved"' in page.text and "review-trail" in page.text
