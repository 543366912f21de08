"""iCalendar feeds: parsed back with icalendar, times right on both sides of a daylight-saving
change, TZID given, tokens revocable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy.orm import Session

from coffeemug.orchestration.models import Task
from coffeemug.people.models import Preferences
from factories import identity, make_article, make_campaign, make_employee

BERLIN = ZoneInfo("Europe/Berlin")


def _feed(client: TestClient, who, scope: str, value: str = "") -> dict:
    response = client.post(
        "/api/calendar/feeds", json={"scope": scope, "value": value}, headers=identity(who)
    )
    assert response.status_code == 201, response.text
    return response.json()


def _parse(client: TestClient, url: str) -> Calendar:
    path = url[url.index("/api/") :]
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_person_feed_keeps_local_times_across_the_dst_change(
    client: TestClient, session: Session
) -> None:
    editor = make_employee(session, roles=("editor",))
    session.add(Preferences(employee_id=editor.id, time_zone="Europe/Berlin"))
    year = datetime.now(UTC).year + 1
    # 09:00 in Berlin on the Friday before and the Monday after the switch to summer time
    # (the last Sunday of March).
    last_sunday = max(
        datetime(year, 3, d, tzinfo=BERLIN)
        for d in range(25, 32)
        if datetime(year, 3, d).weekday() == 6
    )
    before = (last_sunday - timedelta(days=2)).replace(hour=9)
    after = (last_sunday + timedelta(days=1)).replace(hour=9)
    make_article(session, "Before", publish_at=before.astimezone(UTC), author=editor)
    make_article(session, "After", publish_at=after.astimezone(UTC), author=editor)
    make_article(session, "Draft", status="draft", publish_at=after.astimezone(UTC), author=editor)
    session.add(
        Task(
            kind="legal_review",
            title="Check claims",
            assignee_id=editor.id,
            due_at=after.astimezone(UTC),
        )
    )
    session.flush()
    feed = _feed(client, editor, "person")
    assert feed["time_zone"] == "Europe/Berlin"
    from coffeemug.orchestration import feeds

    calendar = Calendar.from_ical(
        feeds.feed(session, feed["url"].split("token=")[1], now=before - timedelta(days=10))
    )
    assert any(tz["TZID"] == "Europe/Berlin" for tz in calendar.walk("VTIMEZONE"))
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Before", "After", "legal_review: Check claims"}
    for name, expected in (("Before", before), ("After", after)):
        start = events[name].decoded("DTSTART")
        assert start.hour == 9 and str(start.tzinfo) == "Europe/Berlin"
        assert start.astimezone(UTC) == expected.astimezone(UTC)
        assert events[name]["DTSTART"].params["TZID"] == "Europe/Berlin"
    # One hour apart in UTC: 08:00 before the change, 07:00 after it.
    assert events["Before"].decoded("DTSTART").astimezone(UTC).hour == 8
    assert events["After"].decoded("DTSTART").astimezone(UTC).hour == 7
    assert "Embargo until" in str(events["After"]["DESCRIPTION"])


def test_campaign_and_unit_feeds_and_revocation(client: TestClient, session: Session) -> None:
    editor = make_employee(session, roles=("editor",))
    campaign = make_campaign(session, "Safe by Design")
    campaign.starts_at = datetime.now(UTC) - timedelta(days=3)
    campaign.ends_at = datetime.now(UTC) + timedelta(days=10)
    soon = datetime.now(UTC) + timedelta(days=2)
    make_article(session, "Phishing drill", campaign_id=campaign.id, publish_at=soon)
    make_article(session, "Rail only", audience_business_units=["Rail"], publish_at=soon)
    make_article(session, "Unrelated", publish_at=soon)
    session.flush()
    feed = _feed(client, editor, "campaign", str(campaign.id))
    summaries = {str(e["SUMMARY"]) for e in _parse(client, feed["url"]).walk("VEVENT")}
    assert summaries == {"Phishing drill", "Safe by Design"}
    unit = _feed(client, editor, "business_unit", "Rail")
    summaries = {str(e["SUMMARY"]) for e in _parse(client, unit["url"]).walk("VEVENT")}
    assert summaries == {"Rail only"}
    listed = client.get("/api/calendar/feeds", headers=identity(editor)).json()
    assert {f["id"] for f in listed} == {feed["id"], unit["id"]}
    other = make_employee(session, roles=("editor",))
    assert (
        client.delete(f"/api/calendar/feeds/{feed['id']}", headers=identity(other)).status_code
        == 404
    )
    assert (
        client.delete(f"/api/calendar/feeds/{feed['id']}", headers=identity(editor)).status_code
        == 204
    )
    path = feed["url"][feed["url"].index("/api/") :]
    assert client.get(path).status_code == 404
    assert client.get("/api/calendar.ics?token=guess").status_code == 404
    bad = client.post(
        "/api/calendar/feeds",
        json={"scope": "campaign", "value": "999999"},
        headers=identity(editor),
    )
    assert bad.status_code == 422
    reader = make_employee(session)
    assert (
        client.post(
            "/api/calendar/feeds", json={"scope": "person"}, headers=identity(reader)
        ).status_code
        == 403
    )


def test_feeds_are_created_and_revoked_on_the_calendar_page(
    client: TestClient, session: Session
) -> None:
    from web.client_tools import assert_translated, sign_in, token_of
    from web.newsroom import build_newsroom

    build_newsroom(session)
    sign_in(client, "editor-1", "de")
    page = client.get("/calendar")
    assert "Kalender-Abos" in page.text
    assert_translated(page.text)
    made = client.post(
        "/calendar/feeds",
        data={"csrf_token": token_of(page.text), "scope": "person"},
        follow_redirects=False,
    )
    assert made.status_code == 303
    page = client.get("/calendar").text
    start = page.index("/api/calendar.ics?token=")
    url = page[start : page.index('"', start)]
    assert client.get(url).status_code == 200
    feed_id = page.split('data-feed="')[1].split('"')[0]
    client.post(f"/calendar/feeds/{feed_id}/revoke", data={"csrf_token": token_of(page)})
    assert client.get(url).status_code == 404
    bad = client.post("/calendar/feeds", data={"csrf_token": token_of(page), "scope": "x"})
    assert bad.status_code == 400
