"""The demo seed leaves a living inbox: both languages, criticism, questions, abuse held, a
CEO post with a spike and its executive-watch alert, work already done and an approval waiting."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from coffeemug.demo.service import SeedOptions, seed
from coffeemug.listening import audit
from coffeemug.listening.models import Alert, Approval, Comment, Item
from coffeemug.settings import Settings
from coffeemug.text.embeddings import get_encoder


def test_the_demo_inbox_is_alive(session: Session, settings: Settings) -> None:
    options = SeedOptions(
        employees=60, articles=60, days=2, seed=5, now=datetime(2026, 3, 2, tzinfo=UTC)
    )
    seed(session, options, get_encoder("hashing"), settings=settings)
    items = session.scalars(select(Item)).all()
    assert len(items) >= 300
    assert {i.language for i in items} >= {"de", "en"}
    labels = Counter(label for i in items for label in i.labels())
    assert labels["criticism"] >= 50 and labels["question"] >= 20 and labels["abuse"] >= 3
    assert Counter(i.status for i in items)["answered"] >= 5
    assert any(c.status == "held" for c in session.scalars(select(Comment)))
    alert = session.scalars(select(Alert)).first()
    assert alert is not None and alert.exec_watch and alert.scope == "thread"
    assert session.scalars(select(Approval)).first() is not None
    assert audit.verify_log(session).ok
