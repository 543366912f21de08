"""Editors enter effort on the dashboard; errors stand next to their field, values kept."""

from __future__ import annotations

from datetime import timedelta

from analytics_factories import add_events, roll
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coffeemug.analytics import repository
from coffeemug.db import utcnow
from factories import identity, make_article, make_campaign, make_employee
from web.client_tools import assert_translated, token_of


def _form(client: TestClient, editor) -> str:
    page = client.get("/analytics", headers=identity(editor))
    assert page.status_code == 200
    return token_of(page.text)


def test_an_editor_enters_effort_and_sees_it_in_the_roi_table(
    client: TestClient, session: Session
) -> None:
    readers = [make_employee(session) for _ in range(6)]
    article = make_article(session, "Trade fair in Hanover")
    add_events(session, readers, "article_opened", article.id, utcnow().date() - timedelta(days=1))
    roll(session)
    editor = make_employee(session, roles=("editor",), languages=("de",))
    page = client.get("/analytics", headers=identity(editor))
    assert f'<option value="article:{article.id}"' in page.text
    assert_translated(page.text)

    saved = client.post(
        "/analytics/effort",
        headers=identity(editor),
        data={
            "csrf_token": token_of(page.text),
            "subject": f"article:{article.id}",
            "hours": "12,5",
            "budget": "800",
            "note": "Booth visit",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert "effort_saved=1" in saved.headers["location"]
    effort = repository.get_effort(session, article.id, None)
    assert (effort.hours, effort.budget, effort.note) == (12.5, 800.0, "Booth visit")
    after = client.get(saved.headers["location"], headers=identity(editor))
    assert "Aufwand gespeichert." in after.text
    roi = after.text.split('id="roi"')[1].split("</section>")[0]
    assert "Trade fair in Hanover" in roi and "12,5" in roi


def test_bad_effort_is_refused_next_to_its_field_with_the_typed_values_kept(
    client: TestClient, session: Session
) -> None:
    campaign = make_campaign(session, "Hydrogen year")
    editor = make_employee(session, roles=("editor",), languages=("en",))
    token = _form(client, editor)
    bad = client.post(
        "/analytics/effort",
        headers=identity(editor),
        data={"csrf_token": token, "subject": "", "hours": "-3", "budget": "lots", "note": "x"},
    )
    assert bad.status_code == 422
    assert 'id="subject-error">Choose an article or a campaign.' in bad.text
    assert 'id="hours-error">Enter a number of 0 or more.' in bad.text
    assert 'id="budget-error">Enter a number of 0 or more.' in bad.text
    assert 'value="lots"' in bad.text and 'value="-3"' in bad.text
    gone = client.post(
        "/analytics/effort",
        headers=identity(editor),
        data={"csrf_token": token, "subject": "campaign:999999", "hours": "1"},
    )
    assert gone.status_code == 422
    assert "campaign 999999 does not exist" in gone.text
    assert repository.get_effort(session, None, campaign.id) is None


def test_only_editors_with_a_valid_form_token_enter_effort(
    client: TestClient, session: Session
) -> None:
    campaign = make_campaign(session)
    analyst = make_employee(session, roles=("analyst",))
    page = client.get("/analytics", headers=identity(analyst))
    assert 'action="/analytics/effort' not in page.text
    # A genuine token of the analyst's, from a page where they do have a form.
    token = token_of(client.get("/settings", headers=identity(analyst)).text)
    data = {"csrf_token": token, "subject": f"campaign:{campaign.id}", "hours": "2"}
    refused = client.post("/analytics/effort", headers=identity(analyst), data=data)
    assert refused.status_code == 403
    editor = make_employee(session, roles=("editor",))
    forged = client.post(
        "/analytics/effort", headers=identity(editor), data={**data, "csrf_token": "forged"}
    )
    assert forged.status_code == 400
    assert repository.get_effort(session, None, campaign.id) is None
