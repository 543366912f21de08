"""The planning calendar: slots claimed by business units, conflicts (must-reads, audience,
public holidays), days in the viewer's time zone, rescheduling by form."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coffeemug.orchestration import calendar
from coffeemug.people.models import Preferences
from factories import identity, make_article, make_employee, make_topic
from web.client_tools import assert_translated, sign_in, token_of
from web.newsroom import Newsroom

CHRISTMAS = date(2026, 12, 25)


def _slot(
    client: TestClient, editor, day: date, region="Germany", country="DE", topic="sustainability"
):
    return client.post(
        "/api/calendar/slots",
        json={"day": day.isoformat(), "region": region, "country": country, "topic_id": topic},
        headers=identity(editor),
    )


def test_business_units_claim_slots_once(client: TestClient, session: Session) -> None:
    make_topic(session, "sustainability")
    editor = make_employee(session, roles=("editor",))
    created = _slot(client, editor, date(2026, 12, 8))
    assert created.status_code == 201, created.text
    assert _slot(client, editor, date(2026, 12, 8)).status_code == 409
    assert _slot(client, editor, date(2026, 12, 8), topic="nope").status_code == 422
    slot = created.json()["id"]
    draft = make_article(session, "Green steel", status="draft")
    claim = client.post(
        f"/api/calendar/slots/{slot}/claim",
        json={"business_unit": "Rail", "article_id": draft.id},
        headers=identity(editor),
    )
    assert claim.status_code == 200 and claim.json()["business_unit"] == "Rail"
    taken = client.post(
        f"/api/calendar/slots/{slot}/claim",
        json={"business_unit": "Energy"},
        headers=identity(editor),
    )
    assert taken.status_code == 409
    assert (
        client.delete(f"/api/calendar/slots/{slot}/claim", headers=identity(editor)).status_code
        == 204
    )
    week = client.get(
        "/api/calendar", params={"day": "2026-12-08"}, headers=identity(editor)
    ).json()
    assert week["start"] == "2026-12-07" and week["end"] == "2026-12-13"
    tuesday = next(d for d in week["days"] if d["day"] == "2026-12-08")
    assert tuesday["slots"][0]["business_unit"] is None
    reader = make_employee(session)
    assert client.get("/api/calendar", headers=identity(reader)).status_code == 403


def test_holiday_and_must_read_conflicts(client: TestClient, session: Session) -> None:
    make_topic(session, "sustainability")
    editor = make_employee(session, roles=("editor",))
    _slot(client, editor, CHRISTMAS, region="UK & Ireland", country="GB")
    _slot(client, editor, CHRISTMAS + timedelta(days=1), region="Americas", country="US")
    noon = datetime(2026, 12, 22, 11, tzinfo=UTC)
    make_article(session, "Safety week", must_read=True, publish_at=noon)
    make_article(session, "Travel policy", must_read=True, publish_at=noon + timedelta(hours=2))
    make_article(session, "Berlin only", audience_regions=["Berlin"], publish_at=noon)
    make_article(session, "Berlin again", audience_regions=["Berlin"], publish_at=noon)
    make_article(session, "Everyone", publish_at=noon)
    make_article(session, "Everyone too", publish_at=noon)
    body = client.get(
        "/api/calendar", params={"day": "2026-12-22", "view": "month"}, headers=identity(editor)
    ).json()
    assert body["start"] == "2026-11-30" and body["end"] == "2027-01-03"
    days = {d["day"]: d for d in body["days"]}
    kinds = [c["kind"] for c in days["2026-12-22"]["conflicts"]]
    # Untargeted articles are the ordinary feed: no conflict between "Everyone" and its twin.
    assert sorted(kinds) == ["must_reads", "same_audience"]
    assert "Berlin only" in days["2026-12-22"]["conflicts"][1]["detail"]
    assert days["2026-12-25"]["conflicts"] == [
        {"kind": "holiday", "detail": "UK & Ireland: Christmas Day"}
    ]
    # 26 December is no public holiday in the United States.
    assert days["2026-12-26"]["conflicts"] == []
    assert calendar.holiday("DE", CHRISTMAS, "de") == "Erster Weihnachtstag"


def test_days_follow_the_viewers_time_zone(client: TestClient, session: Session) -> None:
    editor = make_employee(session, roles=("editor",))
    session.add(Preferences(employee_id=editor.id, time_zone="America/Los_Angeles"))
    session.flush()
    # 02:00 UTC on Wednesday is still Tuesday evening in Los Angeles.
    make_article(session, "Late news", publish_at=datetime(2026, 12, 9, 2, tzinfo=UTC))
    body = client.get(
        "/api/calendar", params={"day": "2026-12-08"}, headers=identity(editor)
    ).json()
    assert body["time_zone"] == "America/Los_Angeles"
    days = {d["day"]: [a["title"] for a in d["articles"]] for d in body["days"]}
    assert days["2026-12-08"] == ["Late news"] and days["2026-12-09"] == []


def test_reschedule_keeps_the_local_time_across_dst(session: Session) -> None:
    editor = make_employee(session, roles=("editor",))
    zone = ZoneInfo("Europe/Berlin")
    # 09:00 in Berlin on Friday before the change to summer time (29 March 2026).
    article = make_article(
        session, "Spring", publish_at=datetime(2026, 3, 27, 8, tzinfo=UTC), status="draft"
    )
    from coffeemug.text.embeddings import get_encoder

    moved = calendar.reschedule(
        session, article.id, date(2026, 3, 30), zone, editor, get_encoder("hashing")
    )
    assert moved.publish_at == datetime(2026, 3, 30, 7, tzinfo=UTC)  # still 09:00 local


def test_calendar_page_in_both_languages_and_move_by_form(
    client: TestClient, room: Newsroom, session: Session
) -> None:
    editor = room.editor
    slot = _slot(client, editor, date(2026, 12, 8)).json()
    article = make_article(
        session, "Heat pumps everywhere", publish_at=datetime(2026, 12, 8, 9, tzinfo=UTC)
    )
    for lang in ("en", "de"):
        sign_in(client, "editor-1", lang)
        for view in ("week", "month"):
            page = client.get("/calendar", params={"view": view, "day": "2026-12-08"})
            assert page.status_code == 200
            assert "Heat pumps everywhere" in page.text and f'data-slot="{slot["id"]}"' in page.text
            assert_translated(page.text)
    assert "Kalender" in page.text
    token = token_of(page.text)
    moved = client.post(
        f"/calendar/articles/{article.id}/move",
        data={"csrf_token": token, "to": "2026-12-10", "view": "week", "day": "2026-12-08"},
        follow_redirects=False,
    )
    assert moved.status_code == 303 and f"moved={article.id}" in moved.headers["location"]
    session.expire_all()
    from coffeemug.content.models import Article

    assert session.get(Article, article.id).publish_at.date() == date(2026, 12, 10)
    claimed = client.post(
        f"/calendar/slots/{slot['id']}/claim",
        data={"csrf_token": token, "business_unit": "Rail", "article_id": str(article.id)},
        follow_redirects=False,
    )
    assert claimed.status_code == 303
    page = client.get("/calendar", params={"day": "2026-12-08"})
    assert "Belegt von Rail" in page.text
    bad = client.post(
        f"/calendar/articles/{article.id}/move", data={"csrf_token": token, "to": "soon"}
    )
    assert bad.status_code == 400
