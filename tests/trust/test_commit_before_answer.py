"""A 2xx means committed: what a request wrote is in the database when its response starts.

The app runs against a real database (no test transaction around it); a wrapper looks into
the database through a connection of its own at the moment each successful response starts,
before a single byte of it reaches the client.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from starlette.types import Message, Receive, Scope, Send

from coffeemug.app import create_app
from coffeemug.db import get_sessionmaker, utcnow
from coffeemug.settings import Settings
from trust.trust_room import build_trust_room
from web.client_tools import token_of

Check = Callable[[Any], bool]


class LooksAtResponseStart:
    """ASGI wrapper: runs the current check against the database when a 2xx response starts."""

    def __init__(self, app: Any, url: str) -> None:
        self.app = app
        self.engine = create_engine(url)
        self.check: Check | None = None
        self.results: list[tuple[str, bool]] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_and_look(message: Message) -> None:
            start = message["type"] == "http.response.start"
            if start and self.check is not None and 200 <= message["status"] < 400:
                with self.engine.connect() as conn:
                    self.results.append((scope["path"], self.check(conn)))
            await send(message)

        await self.app(scope, receive, send_and_look)


def _exists(sql: str, **params: Any) -> Check:
    return lambda conn: conn.execute(text(sql), params).first() is not None


def test_every_write_is_committed_before_its_response_starts(committed_url: str) -> None:
    with get_sessionmaker(committed_url)() as session:
        trust = build_trust_room(session)
        session.commit()
        reader, editor, admin = trust.reader.external_id, "editor-1", "admin-1"
        article_id, reader_id = trust.live.id, trust.reader.id
    settings = Settings(database_url=committed_url, embedder="hashing", ranker_seed=7)
    probe = LooksAtResponseStart(create_app(settings), committed_url)
    event_id = str(uuid.uuid4())
    api_writes: list[tuple[str, str, dict[str, Any], str, Check]] = [
        (
            "POST",
            "/api/events",
            {
                "id": event_id,
                "type": "article_liked",
                "article_id": article_id,
                "occurred_at": utcnow().isoformat(),
            },
            reader,
            _exists("SELECT 1 FROM events WHERE id = :id", id=event_id),
        ),
        (
            "POST",
            "/api/topics",
            {"id": "energy", "name_de": "Energie", "name_en": "Energy"},
            admin,
            _exists("SELECT 1 FROM topics WHERE id = 'energy'"),
        ),
        (
            "PUT",
            "/api/me/preferences",
            {"volume": 15},
            reader,
            _exists(
                "SELECT 1 FROM preferences WHERE employee_id = :e AND volume = 15", e=reader_id
            ),
        ),
        (
            "PUT",
            "/api/analytics/efforts",
            {"article_id": article_id, "hours": 3},
            editor,
            _exists("SELECT 1 FROM analytics_efforts WHERE article_id = :a", a=article_id),
        ),
        (
            "GET",
            "/api/feed",
            {},
            reader,
            _exists(
                "SELECT 1 FROM events WHERE employee_id = :e AND type = 'article_impressed'",
                e=reader_id,
            ),
        ),
    ]
    with TestClient(probe) as client:
        for method, path, body, who, check in api_writes:
            probe.check = check
            response = client.request(
                method, path, json=body or None, headers={"X-Employee-Id": who}
            )
            assert response.status_code < 300, (path, response.text)

        # The pages' forms: the employee's feedback and the editor's new article.
        picker = token_of(client.get("/login").text)
        client.post("/login", data={"csrf_token": picker, "external_id": editor})
        token = token_of(client.get("/desk/new").text)
        probe.check = _exists("SELECT 1 FROM articles WHERE title = 'Committed first'")
        created = client.post(
            "/desk/new",
            data={
                "csrf_token": token,
                "title": "Committed first",
                "language": "en",
                "topics": "ai",
                "action": "draft",
            },
            follow_redirects=False,
        )
        assert created.status_code == 303, created.text
        probe.check = _exists(
            "SELECT 1 FROM events WHERE article_id = :a AND type = 'article_saved'", a=article_id
        )
        saved = client.post(
            "/feedback",
            data={"csrf_token": token, "article_id": article_id, "type": "article_saved"},
            follow_redirects=False,
        )
        assert saved.status_code == 303, saved.text
    probe.engine.dispose()
    looked = [path for path, _ in probe.results]
    assert "/api/events" in looked and "/desk/new" in looked and "/feedback" in looked
    late = [path for path, committed in probe.results if not committed]
    assert late == [], f"answered before the data was committed: {late}"
