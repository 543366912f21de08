"""The tracked link ``/s/<token>`` as answered in front of the middleware stack: the same
headers as every response, JSON 404s, preview fetches not counted, and clicks arriving together
stored once each in one transaction, a bad one failing nobody else."""

from __future__ import annotations

import asyncio
import secrets
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coffeemug.advocacy.models import Share, ShareClick
from coffeemug.app import create_app
from coffeemug.db import get_engine, get_sessionmaker
from coffeemug.events.models import Event
from coffeemug.group_commit import GroupCommit
from coffeemug.security_headers import SECURITY_HEADERS
from coffeemug.settings import Settings
from coffeemug.web.tracked_links import TrackedLinks
from database_support import make_database
from factories import make_article, make_employee


def _shares(session: Session, count: int, network: str = "linkedin") -> list[Share]:
    author = make_employee(session)
    article = make_article(session, "Solar in Leipzig", shareable=True)
    shares = [
        Share(
            token=secrets.token_urlsafe(16),
            employee_id=author.id,
            article_id=article.id,
            network=network,
            text="Proud of this.",
            language="en",
            business_unit="Energy",
            campaign="advocacy",
            coach_score=60,
        )
        for _ in range(count)
    ]
    session.add_all(shares)
    session.flush()
    return shares


def _clicks(session: Session) -> dict[int, int]:
    rows = session.execute(
        select(ShareClick.share_id, func.count()).group_by(ShareClick.share_id)
    ).all()
    return {share_id: n for share_id, n in rows}


def _click_events(session: Session) -> int:
    return session.scalar(select(func.count(Event.id)).where(Event.type == "share_clicked")) or 0


def _assert_security_headers(response: httpx.Response) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value, name


def test_redirect_carries_the_security_headers_and_is_not_cached(
    client: TestClient, session: Session
) -> None:
    (share,) = _shares(session, 1, "x")
    answer = client.get(f"/s/{share.token}", follow_redirects=False)
    assert answer.status_code == 302 and answer.content == b""
    assert answer.headers["location"].startswith(f"/p/{share.article_id}?utm_source=x&")
    assert answer.headers["cache-control"] == "no-store"
    _assert_security_headers(answer)
    assert _clicks(session) == {share.id: 1} and _click_events(session) == 1


def test_head_redirects_like_get(client: TestClient, session: Session) -> None:
    (share,) = _shares(session, 1)
    answer = client.head(f"/s/{share.token}", follow_redirects=False)
    assert answer.status_code == 302 and answer.content == b""
    assert answer.headers["location"].startswith(f"/p/{share.article_id}?")
    _assert_security_headers(answer)


@pytest.mark.parametrize("token", ["unknown-token", "x" * 65, "bad%00token", "t%C3%B6ken", "a%20b"])
def test_unknown_or_impossible_tokens_answer_a_json_404(
    client: TestClient, session: Session, token: str
) -> None:
    _shares(session, 1)
    answer = client.get(f"/s/{token}", follow_redirects=False)
    assert answer.status_code == 404
    assert answer.json() == {"error": "not_found", "detail": "link not found"}
    assert "cache-control" not in answer.headers
    _assert_security_headers(answer)
    assert _clicks(session) == {} and _click_events(session) == 0


def test_other_methods_and_deeper_paths_are_left_to_the_application(
    client: TestClient, session: Session
) -> None:
    (share,) = _shares(session, 1)
    posted = client.post(f"/s/{share.token}", follow_redirects=False)
    assert posted.status_code in (404, 405) and posted.json()["error"]
    deeper = client.get(f"/s/{share.token}/more", follow_redirects=False)
    assert deeper.status_code == 404 and deeper.json()["error"] == "not_found"
    _assert_security_headers(deeper)
    assert _clicks(session) == {}


def test_preview_fetches_redirect_without_counting(client: TestClient, session: Session) -> None:
    (share,) = _shares(session, 1)
    for agent in ("facebookexternalhit/1.1", "Slackbot-LinkExpanding 1.0", "WhatsApp/2.23"):
        answer = client.get(
            f"/s/{share.token}", headers={"User-Agent": agent}, follow_redirects=False
        )
        assert answer.status_code == 302
    assert _clicks(session) == {} and _click_events(session) == 0


async def _get_all(app: object, paths: Sequence[str]) -> list[httpx.Response]:
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://coffeemug") as http:
        return await asyncio.gather(*(http.get(p) for p in paths))


def test_concurrent_clicks_are_each_stored_once_and_bad_ones_fail_nobody(
    database_url: str, tmp_path: Path
) -> None:
    """Through the application's own sessions, committing for real from worker threads: on a
    database of its own, so what it commits stays out of the other tests' way."""
    backend = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    url, remove = make_database(backend, tmp_path)
    try:
        app = create_app(Settings(database_url=url, embedder="hashing"))
        with get_sessionmaker(url)() as session:
            shares = _shares(session, 10)
            session.commit()
            good = [f"/s/{shares[i % 10].token}" for i in range(50)]
            bad = ["/s/nobody-has-this", "/s/bad%00token", "/s/" + "y" * 65, "/s/t%C3%B6ken"]
            paths = good[:20] + bad + good[20:]
            answers = asyncio.run(_get_all(app, paths))
            codes = [a.status_code for a in answers]
            assert codes == [302] * 20 + [404] * len(bad) + [302] * 30
            assert _clicks(session) == {share.id: 5 for share in shares}
            assert _click_events(session) == 50
        layer = app.middleware_stack
        while not isinstance(layer, TrackedLinks):
            layer = layer.app  # type: ignore[union-attr]
        assert layer._clicks is not None and layer._clicks.largest_batch > 1  # stored together
    finally:
        get_engine(url).dispose()
        remove()


def test_an_item_that_fails_its_batch_fails_alone() -> None:
    """The group commit stores a failed batch again item by item: only the bad one fails."""
    entered = threading.Event()
    batches: list[list[int]] = []

    def store(items: Sequence[int]) -> list[int]:
        batches.append(list(items))
        if len(batches) == 1:
            entered.set()
            time.sleep(0.05)  # the others arrive meanwhile and gather into one batch
        if 13 in items:
            raise ValueError("thirteen cannot be stored")
        return [item * 2 for item in items]

    async def main() -> list[int | BaseException]:
        commit: GroupCommit[int, int] = GroupCommit(store)
        first = asyncio.ensure_future(commit.submit(0))
        while not entered.is_set():
            await asyncio.sleep(0.001)
        rest = [commit.submit(i) for i in range(1, 20)]
        return await asyncio.gather(first, *rest, return_exceptions=True)

    results = asyncio.run(main())
    assert results[:13] == [i * 2 for i in range(13)]
    assert isinstance(results[13], ValueError)
    assert results[14:] == [i * 2 for i in range(14, 20)]
    assert batches[1] == list(range(1, 20))  # one batch, failed, then each alone
    assert len(batches) == 2 + 19
