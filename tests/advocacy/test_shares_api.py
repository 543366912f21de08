"""The share composer over HTTP: limits per network, the disclosure line, the nudge before an
unchanged caption, crisis mode, blocked posts, and the tracked link that counts one click."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coffeemug.advocacy.models import GuidelineRule, Share, ShareClick
from coffeemug.content import service as content
from coffeemug.events.models import Event
from factories import identity, make_article, make_employee

OWN_WORDS = (
    "Proud moment: our Leipzig plant now runs on sunshine!\n\nI visited last month and the "
    "team was buzzing. What should run on solar next? #Solar"
)


def _article(session: Session, **extra: object):  # type: ignore[no-untyped-def]
    return make_article(
        session,
        "Leipzig plant runs on solar power",
        summary="The new plant in Leipzig runs entirely on solar power.",
        topics=("sustainability",),
        **extra,
    )


def _share(client: TestClient, who, article_id: int, network: str = "linkedin", **body):  # type: ignore[no-untyped-def]
    payload = {"article_id": article_id, "network": network, "text": OWN_WORDS, **body}
    return client.post("/api/shares", json=payload, headers=identity(who))


def test_share_answers_link_intent_checks_and_coach(client: TestClient, session: Session) -> None:
    reader = make_employee(session)
    article = _article(session)
    response = _share(client, reader, article.id)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["url"].startswith("/s/") and body["link"].endswith(body["url"])
    assert body["intent_url"].startswith("https://www.linkedin.com/feed/?")
    assert "%23Employee" in body["intent_url"]  # the disclosure line goes out with the post
    assert body["post"].endswith(body["link"])
    assert 0 <= body["coach"]["score"] <= 100
    share = session.scalars(select(Share)).one()
    assert share.employee_id == reader.id and "#Employee" in share.text
    # The token says nothing about the employee.
    token = body["url"].removeprefix("/s/")
    assert str(reader.id) not in token.split("-") and reader.external_id not in token


def test_limits_per_network(client: TestClient, session: Session) -> None:
    reader = make_employee(session)
    article = _article(session)
    long_text = "I am proud of this. " * 14  # 280 characters: over X's limit with the link
    too_long = _share(client, reader, article.id, "x", text=long_text)
    assert too_long.status_code == 422
    assert too_long.json()["limit"] == 280
    assert _share(client, reader, article.id, "linkedin", text=long_text).status_code == 201
    huge = "I am proud of this. " * 160  # 3,200 characters
    assert _share(client, reader, article.id, "linkedin", text=huge).status_code == 422
    assert _share(client, reader, article.id, "facebook", text=huge).status_code == 201
    assert _share(client, reader, article.id, "instagram", text=huge).status_code == 422
    blank = _share(client, reader, article.id, "x", text="  \n ")
    assert blank.status_code == 422 and blank.json()["field"] == "text"


def test_unchanged_starter_is_nudged_then_allowed(client: TestClient, session: Session) -> None:
    reader = make_employee(session, languages=("en",))
    article = _article(session)
    kit = client.get(f"/api/shares/kit/{article.id}", headers=identity(reader)).json()
    assert len(kit["starters"]) == 3 and kit["hashtags"] == ["#Sustainability"]
    starter = kit["starters"][0]
    nudged = _share(client, reader, article.id, text=starter)
    assert nudged.status_code == 409 and nudged.json()["error"] == "unchanged_caption"
    assert (
        _share(client, reader, article.id, text=starter, confirm_unchanged=True).status_code == 201
    )
    edited = starter + " I saw the panels myself last week and they are huge."
    assert _share(client, reader, article.id, text=edited).status_code == 201


def test_crisis_mode_pauses_shares_but_not_links(client: TestClient, session: Session) -> None:
    reader = make_employee(session)
    article = _article(session)
    link = _share(client, reader, article.id).json()["url"]
    content.set_crisis_mode(session, "sustainability", "Plant incident")
    paused = _share(client, reader, article.id)
    assert paused.status_code == 409
    assert paused.json()["error"] == "conflict" and "crisis" in paused.json()["detail"]
    kit = client.get(f"/api/shares/kit/{article.id}", headers=identity(reader)).json()
    assert kit["paused"] is True
    followed = client.get(link, follow_redirects=False)
    assert followed.status_code == 302
    assert client.get(followed.headers["location"]).status_code == 200


def test_blocked_terms_block_in_inflected_german(client: TestClient, session: Session) -> None:
    reader = make_employee(session, languages=("de",))
    article = _article(session, language="de")
    session.add(
        GuidelineRule(
            kind="term",
            language="de",
            value="vertraulich",
            severity="block",
            clause="Verhaltenskodex 4.2",
            clause_url="https://example.com/kodex#4-2",
        )
    )
    session.flush()
    text = "Ich darf euch die vertraulichen Zahlen leider nicht zeigen. Was meint ihr? #Solar"
    response = _share(client, reader, article.id, text=text)
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "blocked_by_guidelines"
    assert body["violations"][0]["match"] == "vertraulichen"
    assert body["violations"][0]["clause_url"] == "https://example.com/kodex#4-2"
    assert session.scalar(select(func.count(Share.id))) == 0


def test_not_public_articles_cannot_be_shared(client: TestClient, session: Session) -> None:
    reader = make_employee(session, business_unit="Mobility")
    targeted = _article(session, audience_business_units=["Mobility"])
    closed = _article(session, shareable=False)
    assert _share(client, reader, targeted.id).status_code == 409
    assert _share(client, reader, closed.id).status_code == 409
    assert client.get(f"/p/{targeted.id}").status_code == 404
    draft = _article(session, status="draft")
    assert _share(client, reader, draft.id).status_code == 404


def test_redirect_counts_one_click_per_request_and_stores_no_visitor_data(
    client: TestClient, session: Session
) -> None:
    reader = make_employee(session)
    article = _article(session)
    link = _share(client, reader, article.id, "x").json()["url"]
    before = session.scalar(select(func.count(Event.id)).where(Event.type == "share_clicked"))
    headers = {"User-Agent": "Visitor/1.0", "X-Forwarded-For": "203.0.113.9", "Cookie": "a=b"}
    for _ in range(3):
        response = client.get(link, headers=headers, follow_redirects=False)
        assert response.status_code == 302
        assert "set-cookie" not in response.headers
    target = urlsplit(response.headers["location"])
    assert target.path == f"/p/{article.id}"
    query = parse_qs(target.query)
    assert query["utm_source"] == ["x"] and query["utm_medium"] == ["social"]
    assert str(reader.id) not in target.query and reader.external_id not in target.query
    clicks = session.scalars(select(Event).where(Event.type == "share_clicked")).all()
    assert len(clicks) - before == 3
    for event in clicks:
        assert event.employee_id is None and event.region is None and event.business_unit is None
        assert event.channel == "social" and event.properties == {"network": "x"}
        assert "203.0.113.9" not in str(event.properties)
    assert session.scalar(select(func.count(ShareClick.id))) == 3
    assert client.get("/s/unknown-token", follow_redirects=False).status_code == 404


def test_public_page_has_open_graph_and_twitter_tags(client: TestClient, session: Session) -> None:
    article = _article(session)
    page = client.get(f"/p/{article.id}")
    assert page.status_code == 200
    html = page.text
    assert 'property="og:title" content="Leipzig plant runs on solar power"' in html
    assert 'name="twitter:card" content="summary"' in html
    assert "Smart Infrastructure" not in html  # no internal data


def test_tokens_are_random_and_say_nothing_about_the_employee(
    client: TestClient, session: Session
) -> None:
    reader = make_employee(session)
    article = _article(session)
    tokens = []
    for i in range(12):
        text = f"{OWN_WORDS} Day {i}: I keep thinking about it."
        tokens.append(_share(client, reader, article.id, text=text).json()["url"][3:])
    assert len(set(tokens)) == len(tokens)
    for token in tokens:
        # 16 random bytes, URL-safe base64: 128 bits, nothing derived from the person.
        assert len(token) == 22 and set(token) <= set(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        )
        assert reader.external_id not in token
    # Tokens of one employee share no common prefix or suffix that would link them.
    assert len({t[:4] for t in tokens}) > 6 and len({t[-4:] for t in tokens}) > 6


def test_the_networks_preview_fetches_are_not_clicks(client: TestClient, session: Session) -> None:
    reader = make_employee(session)
    link = _share(client, reader, _article(session).id).json()["url"]
    for agent in ("facebookexternalhit/1.1", "LinkedInBot/1.0 (compatible)", "Twitterbot/1.0"):
        answer = client.get(link, headers={"User-Agent": agent}, follow_redirects=False)
        assert answer.status_code == 302
    assert session.scalar(select(func.count(ShareClick.id))) == 0
    client.get(link, headers={"User-Agent": "Mozilla/5.0"}, follow_redirects=False)
    assert session.scalar(select(func.count(ShareClick.id))) == 1
