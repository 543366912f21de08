"""The advocacy pages: the composer without JavaScript, the admins' guideline page with its
import, the aggregates page, all translated."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from coffeemug.advocacy.models import GuidelineRule, Share
from factories import make_article, make_employee
from web.client_tools import assert_translated, sign_in, token_of

OWN = "Endlich! Ich lade ab Montag direkt am Werk. Wie kommt ihr zur Arbeit? #Mobilität"


def test_composer_without_javascript_shares_and_offers_the_network(
    client: TestClient, session: Session
) -> None:
    reader = make_employee(session, languages=("de",))
    article = make_article(session, "Neue Ladesäulen", summary="Am Werk Erlangen.", language="de")
    sign_in(client, reader.external_id, "de")
    page = client.get(f"/share/{article.id}")
    assert page.status_code == 200
    assert_translated(page.text)
    assert "In eigenen Worten teilen" in page.text and "#Mitarbeiter" in page.text
    form = {"csrf_token": token_of(page.text), "network": "linkedin", "text": OWN}
    done = client.post(f"/share/{article.id}", data=form)
    assert done.status_code == 200
    assert 'id="share-created"' in done.text and "https://www.linkedin.com/feed/?" in done.text
    assert_translated(done.text)
    share = session.scalars(select(Share)).one()
    assert share.text.endswith("#Mitarbeiter") and share.language == "de"


def test_composer_page_shows_blocked_words_with_their_clause(
    client: TestClient, session: Session
) -> None:
    reader = make_employee(session, languages=("de",))
    article = make_article(session, "Neue Ladesäulen", language="de")
    session.add(
        GuidelineRule(
            kind="term",
            language="de",
            value="vertraulich",
            severity="block",
            clause="Kodex 4.2",
            clause_url="https://example.com/4-2",
        )
    )
    session.flush()
    sign_in(client, reader.external_id, "de")
    token = token_of(client.get(f"/share/{article.id}").text)
    text = "Ich darf die vertraulichen Pläne nicht zeigen. Was meint ihr?"
    refused = client.post(
        f"/share/{article.id}", data={"csrf_token": token, "network": "x", "text": text}
    )
    assert refused.status_code == 422
    assert (
        "<mark>vertraulichen</mark>" in refused.text and "https://example.com/4-2" in refused.text
    )
    assert session.scalars(select(Share)).all() == []


def test_admins_keep_and_import_guideline_rules(client: TestClient, session: Session) -> None:
    reader = make_employee(session)
    sign_in(client, reader.external_id)
    assert client.get("/admin/guidelines").status_code == 403
    admin = make_employee(session, roles=["reader", "admin"])
    sign_in(client, admin.external_id)
    page = client.get("/admin/guidelines")
    assert page.status_code == 200
    token = token_of(page.text)
    form = {
        "csrf_token": token,
        "kind": "customer",
        "language": "*",
        "value": "Contoso",
        "severity": "warn",
        "clause": "Code 6",
        "clause_url": "https://example.com/6",
    }
    assert client.post("/admin/guidelines", data=form, follow_redirects=False).status_code == 303
    csv_text = (
        "kind,language,value,severity,clause,clause_url\n"
        "term,en,confidential,block,Code 4.2,https://example.com/4-2\n"
    )
    imported = client.post(
        "/admin/guidelines/import",
        data={"csrf_token": token},
        files={"file": ("rules.csv", csv_text.encode(), "text/csv")},
        follow_redirects=False,
    )
    assert imported.status_code == 303
    values = {r.value for r in session.scalars(select(GuidelineRule))}
    assert values == {"Contoso", "confidential"}
    bad = client.post(
        "/admin/guidelines/import",
        data={"csrf_token": token},
        files={"file": ("rules.csv", b"kind,value\nregex,x\n", "text/csv")},
    )
    assert bad.status_code == 422 and 'id="rules-error"' in bad.text


def test_aggregates_page_for_editors_and_analysts_only(
    client: TestClient, session: Session
) -> None:
    reader = make_employee(session)
    sign_in(client, reader.external_id)
    assert client.get("/analytics/advocacy").status_code == 403
    analyst = make_employee(session, roles=["analyst"])
    sign_in(client, analyst.external_id, "de")
    page = client.get("/analytics/advocacy?by=business_unit")
    assert page.status_code == 200
    assert_translated(page.text)
    assert "Verdiente Reichweite" in page.text


def test_badges_are_switched_on_from_my_shares(client: TestClient, session: Session) -> None:
    reader = make_employee(session)
    sign_in(client, reader.external_id)
    page = client.get("/me/shares")
    assert page.status_code == 200 and "No badges yet." not in page.text
    form = {"csrf_token": token_of(page.text), "opted_in": "true"}
    assert client.post("/me/shares/badges", data=form, follow_redirects=False).status_code == 303
    assert "No badges yet." in client.get("/me/shares").text
