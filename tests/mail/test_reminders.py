"""Must-read reminders (once, only to those who may see it and have not acknowledged), notices
to authors of scheduled articles, and the team channels' daily post."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import pytest
from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from coffeemug.events.models import EventType
from coffeemug.mail import delivery, webhooks
from coffeemug.people.models import Employee
from coffeemug.settings import Settings
from factories import make_article, make_employee, make_event, make_preferences
from mail.conftest import Deferred, Inbox, Units, html_and_text


def _reader(session: Session, name: str, languages=("en",), region="Germany") -> Employee:  # type: ignore[no-untyped-def]
    employee = make_employee(session, display_name=name, languages=languages, region=region)
    employee.email = f"{name.lower()}@example.com"
    make_preferences(session, employee, digest="none", languages=languages)
    return employee


def test_one_reminder_to_each_who_may_see_it_and_has_not_acknowledged(
    session: Session,
    units: Units,
    mail_settings: Settings,
    inbox: tuple[Inbox, str],
    deferred: Deferred,
) -> None:
    received, _ = inbox
    now = utcnow()
    policy = make_article(
        session,
        "Travel policy 2027",
        topics=("security",),
        must_read=True,
        audience_regions=("Germany",),
        publish_at=now - timedelta(days=3),
        due_at=now - timedelta(hours=1),
    )
    make_article(  # due tomorrow: nobody is reminded yet
        session, "Code of conduct", must_read=True, due_at=now + timedelta(days=1)
    )
    anna = _reader(session, "Anna")
    done = _reader(session, "Done")
    make_event(session, done, EventType.article_acknowledged.value, policy.id)
    _reader(session, "German", languages=("de",))  # cannot read an English article
    _reader(session, "Abroad", region="USA")  # not in the audience

    delivery.schedule_reminders(units, mail_settings, now, deferred)
    for _, arguments in deferred:
        pairs = [(e, r) for e, r in arguments["items"]]
        delivery.send_batch(units, mail_settings, arguments["kind"], pairs, arguments["batch"])
    assert [r for r, _ in received.messages] == ["anna@example.com"]
    (mail,) = received.to("anna@example.com")
    assert mail["Subject"] == "Reminder: please read “Travel policy 2027”"
    text, _ = html_and_text(mail)
    assert "http://coffeemug.test/m/" in text
    assert anna.id

    # Never more than one per article, however often the sweep runs.
    deferred.clear()
    assert delivery.schedule_reminders(units, mail_settings, now, deferred).startswith("0 ")
    assert deferred == []


def test_reminders_can_be_switched_off(
    session: Session, units: Units, mail_settings: Settings, deferred: Deferred
) -> None:
    now = utcnow()
    make_article(session, "Due", must_read=True, due_at=now - timedelta(hours=1))
    _reader(session, "Anna")
    off = mail_settings.model_copy(update={"must_read_reminders": False})
    assert delivery.schedule_reminders(units, off, now, deferred).startswith("0 ")


def test_authors_hear_when_their_scheduled_article_goes_live(
    session: Session, units: Units, mail_settings: Settings, inbox: tuple[Inbox, str]
) -> None:
    now = utcnow()
    author = _reader(session, "Editor", languages=("de",))
    scheduled = make_article(
        session, "Geplanter Artikel", author=author, publish_at=now - timedelta(minutes=2)
    )
    # Written now, published an hour ago: no scheduled article, no notice.
    make_article(session, "Sofort", author=author)
    scheduled.created_at = now - timedelta(days=1)
    session.flush()
    summary = delivery.publish_notices(units, mail_settings, now)
    assert "1 sent" in summary
    (mail,) = inbox[0].to("editor@example.com")
    assert mail["Subject"] == "Dein Artikel ist online: Geplanter Artikel"
    assert "no scheduled" in delivery.publish_notices(units, mail_settings, now)


class _Hook(BaseHTTPRequestHandler):
    posts: ClassVar[list[dict]] = []

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        _Hook.posts.append(json.loads(self.rfile.read(length)))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hook() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Hook)
    _Hook.posts = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()


def test_team_channels_get_titles_and_links_once_a_day_never_figures(
    mail_settings: Settings, units: Units, hook: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = mail_settings.model_copy(update={"team_webhooks": {"newsroom": hook}})
    monkeypatch.setattr(webhooks, "top_articles", lambda *a: [(7, "Solar roofs"), (9, "Rail")])
    now = utcnow()
    assert webhooks.post_top_of_newsroom(units, settings, now) == "posted to 1 channels"
    assert webhooks.post_top_of_newsroom(units, settings, now) == "posted to 0 channels"
    (post,) = _Hook.posts
    assert post["text"].splitlines() == [
        "**Top of the newsroom**",
        "1. [Solar roofs](http://coffeemug.test/articles/7)",
        "2. [Rail](http://coffeemug.test/articles/9)",
    ]


def test_top_of_the_newsroom_names_no_article_below_k(
    session: Session, mail_settings: Settings, units: Units
) -> None:
    make_article(session, "Read by two people")
    assert webhooks.top_articles(units, mail_settings, utcnow()) == []
