"""A small newsroom for listening tests: a live article, a reader, two moderators, an admin."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from coffeemug.content.models import Article
from coffeemug.people.models import Employee
from coffeemug.settings import Settings
from factories import ensure_topics, make_article, make_employee

INSULT_EN = "You are all idiots and liars, shut up you stupid morons"
INSULT_DE = "Ihr seid alle Idioten, haltet die Fresse ihr Vollpfosten"
CRITICISM_EN = "Why was the canteen price raised by 20 percent? This is unfair to staff."
CRITICISM_DE = "Warum wurden die Kantinenpreise erhöht? Das ist unfair."
PRAISE_EN = "Great article, thanks!"


@dataclass
class Room:
    article: Article
    reader: Employee
    other_reader: Employee
    moderator: Employee
    second_moderator: Employee
    admin: Employee


@pytest.fixture
def room(session: Session) -> Room:
    ensure_topics(session, ["canteen", "general"])
    article = make_article(session, "New canteen prices from May", topics=["canteen"])
    room = Room(
        article=article,
        reader=make_employee(session, "reader-l1"),
        other_reader=make_employee(session, "reader-l2"),
        moderator=make_employee(session, "moderator-l1", roles=["moderator"]),
        second_moderator=make_employee(session, "moderator-l2", roles=["moderator"]),
        admin=make_employee(session, "admin-l1", roles=["reader", "admin"]),
    )
    session.flush()
    return room


def as_(employee: Employee) -> dict[str, str]:
    return {"X-Employee-Id": employee.external_id}


SECRET = "social-secret-for-tests"


@pytest.fixture
def settings(database_url: str) -> Settings:
    """The suite's settings plus a webhook secret for the source "social"."""
    return Settings(
        database_url=database_url,
        embedder="hashing",
        ranker_seed=7,
        listening_webhook_secrets={"social": SECRET},
    )
