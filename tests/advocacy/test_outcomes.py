"""Outcomes: each employee sees their own shares only; editors and analysts see aggregates of at
least k sharers; team goals count a unit, badges are private and opt-in; nothing per person."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coffeemug.advocacy import outcomes
from coffeemug.advocacy.models import Share, ShareClick
from coffeemug.db import utcnow
from coffeemug.settings import Settings
from factories import identity, make_article, make_employee


def _share(
    session: Session,
    employee,
    article,
    network: str = "linkedin",
    clicks: int = 0,  # type: ignore[no-untyped-def]
    language: str = "en",
    score: int = 70,
) -> Share:
    share = Share(
        token=f"t{session.info.setdefault('n', 0)}-{employee.id}-{article.id}-{network}-{clicks}",
        employee_id=employee.id,
        article_id=article.id,
        network=network,
        text="I like it",
        language=language,
        business_unit=employee.business_unit,
        campaign="advocacy",
        coach_score=score,
    )
    session.info["n"] += 1
    session.add(share)
    session.flush()
    for _ in range(clicks):
        session.add(ShareClick(share_id=share.id, clicked_at=utcnow()))
    session.flush()
    return share


def test_outcomes_are_visible_to_the_owner_only(client: TestClient, session: Session) -> None:
    owner = make_employee(session)
    other = make_employee(session)
    editor = make_employee(session, roles=["reader", "editor"])
    admin = make_employee(session, roles=["reader", "admin"])
    share = _share(session, owner, make_article(session), clicks=4)
    mine = client.get("/api/shares/mine", headers=identity(owner)).json()
    assert [(s["id"], s["clicks"]) for s in mine] == [(share.id, 4)]
    assert client.get(f"/api/shares/{share.id}", headers=identity(owner)).status_code == 200
    for who in (other, editor, admin):
        assert client.get(f"/api/shares/{share.id}", headers=identity(who)).status_code == 404
        assert client.get("/api/shares/mine", headers=identity(who)).json() == []
    assert client.get(f"/api/shares/{share.id}").status_code == 401
    page = client.get("/me/shares", headers=identity(other))
    assert page.status_code == 200 and 'data-share="' not in page.text
    own_page = client.get("/me/shares", headers=identity(owner))
    assert f'data-share="{share.id}"' in own_page.text


def test_aggregates_need_k_sharers(client: TestClient, session: Session) -> None:
    settings = client.app.state.settings  # type: ignore[attr-defined]
    k = settings.privacy_k
    article = make_article(session)
    for _ in range(k):
        _share(session, make_employee(session, business_unit="Mobility"), article, "linkedin", 2)
    lonely = make_employee(session, business_unit="Digital Industries")
    _share(session, lonely, article, "x", 9)
    analyst = make_employee(session, roles=["analyst"])
    reader = make_employee(session)
    assert client.get("/api/advocacy/outcomes", headers=identity(reader)).status_code == 403
    table = client.get("/api/advocacy/outcomes?by=network", headers=identity(analyst)).json()
    # X has one sharer: hidden; with it alone hidden, LinkedIn's row would reveal it from the
    # total, so complementary suppression hides LinkedIn too.
    assert table["rows"] == [] and table["hidden"] == 2
    assert table["earned"]["clicks"] == 2 * k + 9 and table["earned"]["shares"] == k + 1
    units = client.get("/api/advocacy/outcomes?by=business_unit", headers=identity(analyst)).json()
    assert all(r["key"] != "Digital Industries" for r in units["rows"])
    for _ in range(k):
        _share(session, make_employee(session), article, "x", 1)
    table = client.get("/api/advocacy/outcomes?by=network", headers=identity(analyst)).json()
    assert {r["key"]: r["sharers"] for r in table["rows"]} == {"linkedin": k, "x": k + 1}


def test_earned_reach_keeps_estimates_apart(session: Session) -> None:
    settings = Settings(advocacy_cpm_eur=10, advocacy_cpc_eur=2, advocacy_impressions_per_click=50)
    earned = outcomes.earned_reach(4, 20, settings)
    assert (earned.shares, earned.clicks) == (4, 20)
    assert earned.estimated_impressions == 1000
    assert earned.estimated_media_value_eur == 10.0 and earned.estimated_click_value_eur == 40.0
    assert earned.estimate_basis.startswith("Estimate")


def test_team_goal_counts_the_unit_only_from_k_sharers(
    client: TestClient, session: Session
) -> None:
    k = client.app.state.settings.privacy_k  # type: ignore[attr-defined]
    month = outcomes.month_of(utcnow())
    editor = make_employee(session, roles=["reader", "editor"])
    goal = {"business_unit": "Mobility", "month": month, "target": 40}
    reader = make_employee(session, business_unit="Mobility")
    assert client.put("/api/advocacy/goals", json=goal, headers=identity(reader)).status_code == 403
    answer = client.put("/api/advocacy/goals", json=goal, headers=identity(editor))
    assert answer.status_code == 200 and answer.json()["shares"] is None
    article = make_article(session)
    _share(session, reader, article)
    assert client.get("/api/advocacy/goals", headers=identity(reader)).json()[0]["shares"] is None
    for _ in range(k - 1):
        _share(session, make_employee(session, business_unit="Mobility"), article)
    goals = client.get("/api/advocacy/goals", headers=identity(reader)).json()
    assert goals[0]["shares"] == k and goals[0]["target"] == 40
    bad = {**goal, "month": "2026-13"}
    assert client.put("/api/advocacy/goals", json=bad, headers=identity(editor)).status_code == 422


def test_badges_are_private_and_opt_in(client: TestClient, session: Session) -> None:
    owner = make_employee(session)
    article = make_article(session)
    _share(session, owner, article, language="en", score=85, clicks=10)
    _share(session, owner, article, language="de")
    assert client.get("/api/advocacy/badges", headers=identity(owner)).json() == {
        "opted_in": False,
        "badges": [],
    }
    chosen = client.put("/api/advocacy/badges", json={"opted_in": True}, headers=identity(owner))
    assert set(chosen.json()["badges"]) == {"first_share", "own_words", "both_languages", "read_on"}
    other = make_employee(session)
    assert client.get("/api/advocacy/badges", headers=identity(other)).json()["badges"] == []


def test_days_limit_the_period(session: Session) -> None:
    settings = Settings(privacy_k=5)
    article = make_article(session)
    for _ in range(5):
        share = _share(session, make_employee(session), article, clicks=1)
        share.created_at = utcnow() - timedelta(days=40)
    session.flush()
    assert outcomes.outcome_table(session, "network", settings, days=30).earned.shares is None
    assert outcomes.outcome_table(session, "network", settings).earned.shares == 5


def test_the_data_export_contains_the_employees_own_shares(
    client: TestClient, session: Session
) -> None:
    owner = make_employee(session)
    other = make_employee(session)
    share = _share(session, owner, make_article(session), clicks=2)
    exported = client.get("/api/me/export", headers=identity(owner)).json()
    assert [(s["id"], s["clicks"]) for s in exported["shares"]] == [(share.id, 2)]
    assert client.get("/api/me/export", headers=identity(other)).json()["shares"] == []


def test_the_coach_is_checked_against_our_own_clicks(session: Session) -> None:
    settings = Settings(privacy_k=5)
    article = make_article(session)
    # Better-scored posts got more clicks, except one pair the other way round.
    for score, clicks in ((90, 9), (80, 7), (70, 5), (60, 6), (40, 1)):
        _share(session, make_employee(session), article, clicks=clicks, score=score)
    table = outcomes.outcome_table(session, "network", settings)
    assert table.coach_pairs == 10
    assert table.coach_accuracy == 90.0
    few = outcomes.outcome_table(session, "network", Settings(privacy_k=6))
    assert few.coach_accuracy is None
