"""The audit chain detects a manual UPDATE; crisis mode holds back articles scheduled on the
topic until it is lifted, and is recorded with who and why."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from coffeemug.content import service as content
from coffeemug.db import utcnow
from coffeemug.feed import repository as feed_repository
from coffeemug.listening import audit
from factories import make_article
from listening.conftest import Room, as_


def test_a_manual_update_breaks_the_chain_and_is_found(session: Session, room: Room) -> None:
    for n in range(3):
        audit.record(session, room.moderator.id, "assign", f"item:{n}", {"team": "hr"})
    assert audit.verify_log(session).ok
    session.execute(text("UPDATE listening_audit SET detail = '{\"team\": \"legal\"}' WHERE id = "
                         "(SELECT MIN(id) + 1 FROM listening_audit)"))  # fmt: skip
    session.expire_all()
    verdict = audit.verify_log(session)
    assert not verdict.ok and "changed" in (verdict.problem or "")


def test_verify_audit_command(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from coffeemug.cli import app
    from coffeemug.db import session_scope
    from coffeemug.migrate import upgrade_to_head

    url = f"sqlite:///{tmp_path / 'audit.db'}"
    upgrade_to_head(url)
    with session_scope(url) as session:
        audit.record(session, 1, "hide", "item:1", {"reason": "spam"})
        audit.record(session, 1, "hide", "item:2", {"reason": "spam"})
    runner = CliRunner()
    ok = runner.invoke(app, ["moderation", "verify-audit", "--database-url", url])
    assert ok.exit_code == 0 and "2 entries" in ok.output
    with session_scope(url) as session:
        session.execute(text("UPDATE listening_audit SET action = 'assign' WHERE id = 1"))
    broken = runner.invoke(app, ["moderation", "verify-audit", "--database-url", url])
    assert broken.exit_code == 1 and "entry 1" in broken.output


def test_crisis_mode_holds_back_scheduled_articles_until_lifted(
    client: TestClient, session: Session, room: Room
) -> None:
    live_before = room.article
    soon = make_article(
        session, "Canteen reopening", topics=["canteen"],
        publish_at=utcnow() + timedelta(milliseconds=300),
    )  # fmt: skip
    session.flush()
    started = client.post(
        "/api/moderation/topics/canteen/crisis", json={"reason": "Food safety recall"},
        headers=as_(room.moderator),
    )  # fmt: skip
    assert started.status_code == 200 and started.json()["in_crisis"] is True
    # The scheduled time comes while the crisis lasts: the article stays away.
    soon.publish_at = datetime.fromisoformat(started.json()["since"]) + timedelta(milliseconds=1)
    session.flush()
    time.sleep(0.01)
    ids = [live_before.id, soon.id]
    assert content.visible_article_ids(session, room.reader, ids) == {live_before.id}
    assert soon.id not in {r.id for r in feed_repository.published_articles(session, utcnow())}
    client.post(
        "/api/moderation/topics/canteen/crisis", json={"reason": None},
        headers=as_(room.moderator),
    )  # fmt: skip
    assert content.visible_article_ids(session, room.reader, ids) == set(ids)
    log = client.get("/api/moderation/audit", headers=as_(room.admin)).json()["items"]
    assert [(e["action"], e["actor_id"], e["detail"]["reason"]) for e in log[:2]] == [
        ("crisis_lifted", room.moderator.id, None),
        ("crisis_started", room.moderator.id, "Food safety recall"),
    ]
