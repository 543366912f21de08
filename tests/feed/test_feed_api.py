"""The personal feed over HTTP: candidates, must-read, budget, reasons, impressions, learning."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from coffeemug.events.models import Event
from coffeemug.feed.models import ArticleStats
from coffeemug.feed.service import get_feed
from coffeemug.settings import Settings
from factories import (
    event_payload,
    identity,
    make_article,
    make_employee,
    make_preferences,
    make_topic,
)


def _feed(client: TestClient, employee, **params: object) -> dict:  # type: ignore[no-untyped-def]
    response = client.get("/api/feed", params={"limit": 50, **params}, headers=identity(employee))
    assert response.status_code == 200, response.text
    return response.json()


def _ids(feed: dict) -> list[int]:
    return [item["article_id"] for item in feed["items"]]


def _scores(feed: dict) -> dict[int, float]:
    return {item["article_id"]: item["score"] for item in feed["items"]}


def test_feed_needs_identity(client: TestClient) -> None:
    assert client.get("/api/feed").status_code == 401


def test_feed_shape_and_logged_impressions(client: TestClient, session: Session) -> None:
    make_topic(session, "sustainability", name_de="Nachhaltigkeit", name_en="Sustainability")
    employee = make_employee(session)
    make_preferences(session, employee, followed=["sustainability"], languages=["en"])
    article = make_article(session, "Solar roofs", topics=["sustainability"], summary="Sun.")
    feed = _feed(client, employee)
    assert set(feed) == {"items", "request_id", "budget"}
    item = feed["items"][0]
    assert item["article_id"] == article.id
    assert item["title"] == "Solar roofs" and item["summary"] == "Sun."
    assert item["topics"] == ["sustainability"] and item["language"] == "en"
    assert item["must_read"] is False
    assert item["reason_code"] == "follows_topic"
    assert item["reason"] == "You follow Sustainability"
    assert {"score", "propensity", "position", "published_at"} <= set(item)

    impressions = session.scalars(
        select(Event).where(Event.employee_id == employee.id, Event.type == "article_impressed")
    ).all()
    assert len(impressions) == 1
    logged = impressions[0]
    assert logged.article_id == article.id and logged.position == 0
    assert logged.properties["request_id"] == feed["request_id"]
    assert logged.properties["score"] == item["score"]
    assert logged.properties["propensity"] == item["propensity"]
    stats = session.get(ArticleStats, (article.id, "*"))
    assert stats is not None and stats.impressions == 1


def test_reasons_in_the_employees_language(client: TestClient, session: Session) -> None:
    make_topic(session, "sustainability", name_de="Nachhaltigkeit", name_en="Sustainability")
    employee = make_employee(session, languages=["de"])
    make_preferences(session, employee, followed=["sustainability"], languages=["de", "en"])
    make_article(session, topics=["sustainability"], language="de")
    make_article(session, topics=["security"], must_read=True)
    feed = _feed(client, employee)
    reasons = [i["reason"] for i in feed["items"]]
    assert reasons == ["Pflichtlektüre", "Du folgst Nachhaltigkeit"]


def test_candidates_are_filtered(client: TestClient, session: Session) -> None:
    employee = make_employee(session, region="Germany", business_unit="Mobility")
    make_preferences(session, employee, muted=["gossip"], languages=["en", "de"])
    now = utcnow()
    visible = {
        make_article(session, "for everyone").id,
        make_article(session, "for Germany", audience_regions=["Germany", "Nordics"]).id,
        make_article(session, "for Mobility", audience_business_units=["Mobility"]).id,
        make_article(session, "auf Deutsch", language="de", audience_languages=["de"]).id,
        make_article(session, "expires later", expires_at=now + timedelta(days=1)).id,
    }
    hidden = {
        make_article(session, "for Americas", audience_regions=["Americas"]).id,
        make_article(session, "for Healthcare", audience_business_units=["Healthcare"]).id,
        make_article(session, "muted", topics=["gossip", "general"]).id,
        make_article(
            session, "expired", publish_at=now - timedelta(days=3), expires_at=now - timedelta(1)
        ).id,
        make_article(session, "scheduled", publish_at=now + timedelta(hours=2)).id,
        make_article(session, "draft", status="draft").id,
        make_article(session, "archived", status="archived").id,
    }
    other_language = make_employee(session, region="Germany", business_unit="Mobility")
    make_preferences(session, other_language, languages=["en"])
    dismissed = make_article(session, "dismissed")
    acknowledged = make_article(session, "acknowledged", must_read=True)
    headers = identity(employee)
    for payload in (
        event_payload("article_dismissed", dismissed.id, reason="not for me"),
        event_payload("article_acknowledged", acknowledged.id),
    ):
        assert client.post("/api/events", json=payload, headers=headers).status_code == 201
    hidden |= {dismissed.id, acknowledged.id}

    shown = set(_ids(_feed(client, employee)))
    assert visible <= shown
    assert not hidden & shown
    german_only = [a for a in visible if a not in set(_ids(_feed(client, other_language)))]
    assert len(german_only) == 1, "the German article is not for an English-only reader"


def test_must_read_first_until_acknowledged(client: TestClient, session: Session) -> None:
    employee = make_employee(session)
    make_preferences(session, employee, followed=["ai"])
    for _ in range(3):
        make_article(session, topics=["ai"], priority=1.0)
    must = make_article(session, "Security update", topics=["security"], must_read=True)
    feed = _feed(client, employee)
    assert feed["items"][0]["article_id"] == must.id
    assert feed["items"][0]["must_read"] is True
    assert feed["items"][0]["reason_code"] == "must_read"
    opened = event_payload("article_opened", must.id)
    client.post("/api/events", json=opened, headers=identity(employee))
    assert _ids(_feed(client, employee))[0] == must.id, "opening is not acknowledging"
    client.post(
        "/api/events",
        json=event_payload("article_acknowledged", must.id),
        headers=identity(employee),
    )
    assert must.id not in _ids(_feed(client, employee))


def _send(client: TestClient, employee, kind: str, article_id: int, **extra: object) -> None:  # type: ignore[no-untyped-def]
    sent = client.post(
        "/api/events", json=event_payload(kind, article_id, **extra), headers=identity(employee)
    )
    assert sent.status_code == 201, sent.text


def test_todays_feed_stays_until_read_and_the_volume_counts_what_was_read(
    client: TestClient, session: Session
) -> None:
    employee = make_employee(session)
    make_preferences(session, employee, volume=3)
    for _ in range(8):
        make_article(session)
    must = make_article(session, topics=["security"], must_read=True)
    first = _feed(client, employee, limit=10)
    assert len(first["items"]) == 4, "the must-read comes on top of the three of the budget"
    assert first["budget"] == {
        "volume": 3,
        "consumed_today": 0,
        "shown_today": 4,
        "remaining": 3,
        "exhausted": False,
    }
    again = _feed(client, employee, limit=10)
    assert _ids(again) == _ids(first), "a reload (or a second device) shows the same items"
    shown = session.scalars(
        select(Event.article_id).where(
            Event.employee_id == employee.id, Event.type == "article_impressed"
        )
    ).all()
    assert sorted(shown) == sorted(_ids(first)), "items kept are not logged as shown again"

    third, fourth = _ids(first)[2], _ids(first)[3]
    _send(client, employee, "article_opened", third)
    after_read = _feed(client, employee, limit=10)
    assert _ids(after_read) == [i for i in _ids(first) if i != third]
    assert after_read["budget"]["consumed_today"] == 1
    assert after_read["budget"]["remaining"] == 2 and not after_read["budget"]["exhausted"]

    _send(client, employee, "article_dismissed", fourth)
    _send(client, employee, "article_opened", _ids(first)[1])
    used = _feed(client, employee, limit=10)
    assert _ids(used) == [must.id], "only the unacknowledged must-read is left"
    assert used["budget"]["exhausted"] is True and used["budget"]["consumed_today"] == 3

    more = _feed(client, employee, limit=5, more="true")
    assert _ids(more)[0] == must.id and len(more["items"]) == 1 + 5, "more adds below"
    assert _ids(_feed(client, employee, limit=10)) == _ids(more), "and the added ones stay"


def test_the_must_read_does_not_use_the_volume(client: TestClient, session: Session) -> None:
    employee = make_employee(session)
    make_preferences(session, employee, volume=3)
    for _ in range(5):
        make_article(session)
    must = make_article(session, topics=["security"], must_read=True)
    _feed(client, employee)
    _send(client, employee, "article_opened", must.id)
    _send(client, employee, "article_acknowledged", must.id)
    feed = _feed(client, employee)
    assert len(feed["items"]) == 3 and must.id not in _ids(feed)
    assert feed["budget"]["consumed_today"] == 0


def test_volume_all_has_no_budget(client: TestClient, session: Session) -> None:
    employee = make_employee(session)
    make_preferences(session, employee, volume=None)
    for _ in range(4):
        make_article(session)
    feed = _feed(client, employee, limit=3)
    assert len(feed["items"]) == 3
    assert feed["budget"] == {
        "volume": None,
        "consumed_today": 0,
        "shown_today": 3,
        "remaining": None,
        "exhausted": False,
    }


def test_liked_topic_rises_and_dismissed_topic_sinks(client: TestClient, session: Session) -> None:
    employee = make_employee(session)
    make_preferences(session, employee)
    words = {
        "ai": "machine learning neural model training data",
        "mobility": "rail train signalling station commuter",
        "healthcare": "hospital imaging clinic patient diagnosis",
        "energy": "grid solar wind turbine storage",
    }
    topics = list(words)
    # Three different stories per topic (titles sharing most words would be one story).
    articles = {
        t: [
            make_article(session, " ".join(words[t].split()[i : i + 3]), topics=[t])
            for i in range(3)
        ]
        for t in topics
    }
    before = _scores(_feed(client, employee))
    headers = identity(employee)

    client.post(
        "/api/events",
        json={"events": [event_payload("article_liked", articles["ai"][0].id)]},
        headers=headers,
    )
    after_like = _feed(client, employee)
    scores = _scores(after_like)
    assert articles["ai"][0].id not in scores, "what was liked is not shown again"
    for other in articles["ai"][1:]:
        assert scores[other.id] > before[other.id]
        assert scores[other.id] > max(scores[a.id] for t in topics[1:] for a in articles[t])

    client.post(
        "/api/events",
        json=event_payload("article_dismissed", articles["mobility"][0].id),
        headers=headers,
    )
    after_dismiss = _scores(_feed(client, employee))
    assert articles["mobility"][0].id not in after_dismiss
    for other in articles["mobility"][1:]:
        assert after_dismiss[other.id] < scores[other.id]
        assert after_dismiss[other.id] < min(after_dismiss[a.id] for a in articles["healthcare"])


def test_cold_start_without_topics_prefers_popular_in_region(
    client: TestClient, session: Session
) -> None:
    newcomer = make_employee(session, region="Nordics", business_unit="Mobility")
    make_preferences(session, newcomer, languages=["en"])
    quiet = [make_article(session) for _ in range(3)]
    here, elsewhere = make_article(session), make_article(session)
    for region, favourite in (("Nordics", here), ("Americas", elsewhere)):
        for _ in range(6):
            colleague = make_employee(session, region=region, business_unit="Healthcare")
            events = [event_payload("article_impressed", a.id) for a in [*quiet, here, elsewhere]]
            events.append(event_payload("article_liked", favourite.id))
            response = client.post(
                "/api/events", json={"events": events}, headers=identity(colleague)
            )
            assert response.status_code == 201
    feed = _feed(client, newcomer)
    assert _ids(feed)[:2] == [here.id, elsewhere.id]


def test_learned_state_can_be_read_reset_and_exported(client: TestClient, session: Session) -> None:
    make_topic(session, "ai", name_en="Artificial intelligence")
    employee = make_employee(session)
    make_preferences(session, employee, languages=["en"])
    article = make_article(session, topics=["ai"])
    headers = identity(employee)
    empty = client.get("/api/me/learned", headers=headers).json()
    assert empty["feedback_count"] == 0 and empty["topics"] == []
    events = [
        event_payload("article_liked", article.id),
        event_payload("article_saved", article.id),
    ]
    client.post("/api/events", json={"events": events}, headers=headers)

    learned = client.get("/api/me/learned", headers=headers).json()
    assert learned["feedback_count"] == 2
    ai = learned["topics"][0]
    assert ai["topic"] == "ai" and ai["name"] == "Artificial intelligence"
    assert ai["affinity"] > 0 and "interest" in ai["words"]
    # In the interface's language when the caller asks, not only the first reading language.
    german = client.get("/api/me/learned", params={"lang": "de"}, headers=headers).json()
    assert german["topics"][0]["words"] != ai["words"]
    assert "interest" not in german["topics"][0]["words"]

    saved = client.get("/api/me/saved", headers=headers).json()
    assert [s["article_id"] for s in saved] == [article.id]

    export = client.get("/api/me/export", headers=headers).json()
    assert export["employee"]["external_id"] == employee.external_id
    assert export["preferences"]["languages"] == ["en"]
    assert export["learned"]["state"] != {}
    assert {e["id"] for e in export["events"]} == {e["id"] for e in events}

    assert client.delete("/api/me/learned", headers=headers).status_code == 204
    reset = client.get("/api/me/learned", headers=headers).json()
    assert reset["feedback_count"] == 0 and reset["topics"] == []


def test_scheduled_article_appears_and_expired_one_leaves_on_time(
    session: Session, settings: Settings
) -> None:
    employee = make_employee(session)
    make_preferences(session, employee)
    now = utcnow()
    scheduled = make_article(session, "tomorrow", publish_at=now + timedelta(days=1))
    expiring = make_article(session, "today only", expires_at=now + timedelta(hours=6))

    def shown(at: datetime) -> set[int]:
        return {i.article_id for i in get_feed(session, employee, now=at, settings=settings).items}

    assert shown(now) == {expiring.id}
    assert shown(now + timedelta(days=1, hours=1)) == {scheduled.id}


def test_one_card_per_story_on_a_page(client: TestClient, session: Session) -> None:
    employee = make_employee(session)
    make_preferences(session, employee, followed=["people"])
    bengaluru = make_article(session, "Summer party in Bengaluru: the photos", topics=["people"])
    singapore = make_article(session, "Summer party in Singapore: the photos", topics=["people"])
    others = [
        make_article(session, title, topics=["people"])
        for title in ("New canteen opens in Pune", "Mentoring programme starts", "Team awards")
    ]
    shown = _ids(_feed(client, employee))
    assert len({bengaluru.id, singapore.id} & set(shown)) == 1, "the same story once"
    assert {o.id for o in others} <= set(shown)
