"""The digest through a real SMTP server: right people, right language, right items, tracked
links, one-click unsubscribe, and never twice, not even after a worker dies mid-batch."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from coffeemug.events.models import Event, EventType
from coffeemug.feed.models import ArticleStats
from coffeemug.mail import compose, delivery, repository, service
from coffeemug.mail.models import MailSend, SendStatus
from coffeemug.mail.transport import SmtpTransport
from coffeemug.people.models import Employee, Preferences
from coffeemug.settings import Settings
from factories import make_article, make_employee, make_event, make_preferences
from mail.conftest import Deferred, Inbox, Units, html_and_text

EN = ("Solar roofs on every plant", "Rail signalling goes cloud-native", "Faults found early")
DE = ("Neue Ladesäulen in Erlangen", "Wasserstoff-Pilot gestartet")
MUST = "New travel policy: read before your next trip"


def _person(
    session: Session, name: str, languages: tuple[str, ...], digest: str, email: bool = True
) -> Employee:
    employee = make_employee(session, display_name=name, languages=languages)
    employee.email = f"{name.lower()}@example.com" if email else None
    make_preferences(session, employee, digest=digest, languages=languages, volume=None)
    return employee


@pytest.fixture
def people(session: Session) -> dict[str, Employee]:
    for title in EN:
        make_article(session, title, topics=("energy",), language="en")
    for title in DE:
        make_article(session, title, topics=("mobility",), language="de")
    make_article(session, MUST, topics=("security",), language="en", must_read=True)
    return {
        "anna": _person(session, "Anna", ("en",), "daily"),
        "bernd": _person(session, "Bernd", ("de",), "weekly"),
        "carla": _person(session, "Carla", ("en",), "none"),
        "dora": _person(session, "Dora", ("en",), "daily", email=False),
        "emil": _person(session, "Emil", ("en",), "daily"),
    }


def _send_all(units: Units, settings: Settings, deferred: Deferred) -> None:
    for name, arguments in deferred:
        assert name == "mail.send_batch"
        pairs = [(e, r) for e, r in arguments["items"]]
        delivery.send_batch(units, settings, arguments["kind"], pairs, arguments["batch"])
    deferred.clear()


def _titles(message) -> list[str]:  # type: ignore[no-untyped-def]
    text, _ = html_and_text(message)
    return [line[2:] for line in text.splitlines() if line.startswith("* ")]


def test_digests_reach_the_right_people_in_their_language_with_their_items(
    session: Session,
    people: dict[str, Employee],
    units: Units,
    mail_settings: Settings,
    inbox: tuple[Inbox, str],
    deferred: Deferred,
) -> None:
    received, _ = inbox
    summary = delivery.schedule_digests(units, mail_settings, utcnow(), deferred)
    assert summary.startswith("3 digests due")
    _send_all(units, mail_settings, deferred)

    assert sorted(r for r, _ in received.messages) == [
        "anna@example.com",
        "bernd@example.com",
        "emil@example.com",
    ]
    (anna,) = received.to("anna@example.com")
    assert anna["Subject"] == f"Your Coffee Mug today: {len(EN) + 1} for you"
    assert anna["Content-Language"] == "en"
    titles = _titles(anna)
    assert titles[0] == MUST  # unacknowledged must-reads on top
    assert set(titles[1:]) == set(EN)
    text, html = html_and_text(anna)
    assert "Why: Must read" in text and "Hello Anna," in text
    assert html.count('href="http://coffeemug.test/m/') == len(titles)
    assert anna["List-Unsubscribe"].strip().startswith("<http://coffeemug.test/mail/unsubscribe/")
    assert anna["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    (bernd,) = received.to("bernd@example.com")
    assert bernd["Subject"] == f"Dein Coffee Mug diese Woche: {len(DE)} für dich"
    assert set(_titles(bernd)) == set(DE)
    assert "Warum:" in html_and_text(bernd)[0]

    # What the digest showed was logged as impressions on the e-mail channel.
    shown = session.scalars(
        select(Event.channel).where(
            Event.employee_id == people["anna"].id, Event.type == EventType.article_impressed
        )
    ).all()
    assert shown == ["email"] * len(titles)

    # The same period again: nothing is due, nothing is sent twice.
    assert delivery.schedule_digests(units, mail_settings, utcnow(), deferred).startswith(
        "0 digests due"
    )
    assert len(received.messages) == 3


def test_a_digest_leaves_out_what_was_read_and_comes_back_empty_handed(
    session: Session,
    people: dict[str, Employee],
    units: Units,
    mail_settings: Settings,
    inbox: tuple[Inbox, str],
    deferred: Deferred,
) -> None:
    emil = people["emil"]
    from coffeemug.content.models import Article

    solar = session.scalars(select(Article).where(Article.title == EN[0])).one()
    make_event(session, emil, EventType.article_opened.value, solar.id)
    delivery.schedule_digests(units, mail_settings, utcnow(), deferred)
    _send_all(units, mail_settings, deferred)
    (mail,) = inbox[0].to("emil@example.com")
    assert EN[0] not in _titles(mail)
    assert EN[1] in _titles(mail)


def test_clicks_are_opens_on_the_email_channel_and_unsubscribe_takes_one_click(
    session: Session,
    people: dict[str, Employee],
    units: Units,
    mail_settings: Settings,
    inbox: tuple[Inbox, str],
    deferred: Deferred,
    client: TestClient,
) -> None:
    delivery.schedule_digests(units, mail_settings, utcnow(), deferred)
    _send_all(units, mail_settings, deferred)
    (anna,) = inbox[0].to("anna@example.com")
    _, html = html_and_text(anna)
    link = html.split('href="http://coffeemug.test', 1)[1].split('"', 1)[0]

    for _ in range(2):  # a second click is the same open
        response = client.get(link, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].endswith("?via=email")
    opens = session.scalars(
        select(Event).where(
            Event.employee_id == people["anna"].id, Event.type == EventType.article_opened
        )
    ).all()
    assert [(e.channel, e.properties.get("request_id", "")[:7]) for e in opens] == [
        ("email", "digest:")
    ]
    assert client.get("/m/forged-token").status_code == 404

    target = anna["List-Unsubscribe"].strip().strip("<>").removeprefix("http://coffeemug.test")
    page = client.get(target)
    assert page.status_code == 200 and "Yes, unsubscribe" in page.text
    assert session.get(Preferences, people["anna"].id).digest == "daily"  # a GET changes nothing
    response = client.post(target, content=b"List-Unsubscribe=One-Click")
    assert response.status_code == 200 and response.text == "unsubscribed"
    session.expire_all()
    assert session.get(Preferences, people["anna"].id).digest == "none"
    tomorrow = utcnow() + timedelta(days=1)
    due = {e for e, _ in service.due_digests(session, mail_settings, tomorrow)}
    assert people["anna"].id not in due and people["emil"].id in due


class _Crash(BaseException):
    """A worker dying: no except-block of ours runs."""


def test_no_digest_twice_after_a_worker_dies_mid_batch_and_the_job_is_retried(
    session: Session,
    people: dict[str, Employee],
    units: Units,
    mail_settings: Settings,
    inbox: tuple[Inbox, str],
    deferred: Deferred,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    received, _ = inbox
    extra = [_person(session, f"Reader{i}", ("en",), "daily") for i in range(6)]
    delivery.schedule_digests(units, mail_settings, utcnow(), deferred)
    ((_, arguments),) = deferred
    pairs = [(e, r) for e, r in arguments["items"]]
    assert len(pairs) == 9

    real_send = SmtpTransport.send
    handed = []

    def dies_on_the_fourth(self, message, to):  # type: ignore[no-untyped-def]
        if len(handed) == 3:
            raise _Crash()
        handed.append(to)
        return real_send(self, message, to)

    monkeypatch.setattr(SmtpTransport, "send", dies_on_the_fourth)
    with pytest.raises(_Crash):
        delivery.send_batch(units, mail_settings, "digest", pairs, arguments["batch"])
    assert len(received.messages) == 3
    monkeypatch.setattr(SmtpTransport, "send", real_send)

    # The queue runs the job again (same batch), and a later sweep hands the rest out again.
    delivery.send_batch(units, mail_settings, "digest", pairs, arguments["batch"])
    delivery.send_batch(units, mail_settings, "digest", pairs, uuid.uuid4().hex)
    addresses = [r for r, _ in received.messages]
    assert len(addresses) == len(set(addresses)) == 8  # nobody twice
    statuses = {
        s.employee_id: s.status
        for s in session.scalars(select(MailSend).where(MailSend.kind == "digest"))
    }
    (lost,) = [e for e, status in statuses.items() if status == SendStatus.sending.value]
    assert session.get(Employee, lost).email not in addresses
    freed, interrupted = repository.clean_stale(session, utcnow() + timedelta(hours=1))
    assert (freed, interrupted) == (0, 1)
    assert len(extra) == 6


def test_a_refused_address_is_recorded_and_the_batch_goes_on(
    session: Session,
    people: dict[str, Employee],
    units: Units,
    mail_settings: Settings,
    inbox: tuple[Inbox, str],
    deferred: Deferred,
) -> None:
    received, _ = inbox
    received.refuse.add("anna@example.com")
    delivery.schedule_digests(units, mail_settings, utcnow(), deferred)
    _send_all(units, mail_settings, deferred)
    assert sorted(r for r, _ in received.messages) == ["bernd@example.com", "emil@example.com"]
    anna = session.scalars(select(MailSend).where(MailSend.employee_id == people["anna"].id)).one()
    assert anna.status == "failed" and anna.error.startswith("550")
    bounce = repository.bounce_of(session, "anna@example.com")
    assert bounce is not None and bounce.failures == 1


def test_what_digests_show_counts_in_colleagues_counters(
    session: Session,
    people: dict[str, Employee],
    units: Units,
    mail_settings: Settings,
    inbox: tuple[Inbox, str],
    deferred: Deferred,
) -> None:
    delivery.schedule_digests(units, mail_settings, utcnow(), deferred)
    _send_all(units, mail_settings, deferred)
    shown = Counter(
        session.scalars(
            select(Event.article_id).where(
                Event.type == EventType.article_impressed, Event.channel == "email"
            )
        )
    )
    assert sum(shown.values()) == sum(len(_titles(m)) for _, m in inbox[0].messages) > 0
    counted = dict(
        session.execute(
            select(ArticleStats.article_id, ArticleStats.impressions).where(
                ArticleStats.segment == "*"
            )
        ).all()
    )
    assert counted == {article: float(n) for article, n in shown.items()}


def test_no_more_messages_a_minute_than_the_rate_allows(
    session: Session,
    people: dict[str, Employee],
    units: Units,
    mail_settings: Settings,
    inbox: tuple[Inbox, str],
    deferred: Deferred,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for i in range(4):
        _person(session, f"Reader{i}", ("en",), "daily")
    now = [1_000 * 60.0]  # the start of a minute

    def wait(seconds: float) -> None:
        now[0] += seconds

    monkeypatch.setattr(delivery, "clock", lambda: now[0])
    monkeypatch.setattr(delivery, "pause", wait)
    minutes: list[int] = []
    real_send = SmtpTransport.send

    def noting_the_minute(self, message, to):  # type: ignore[no-untyped-def]
        minutes.append(int(now[0] // 60))
        return real_send(self, message, to)

    monkeypatch.setattr(SmtpTransport, "send", noting_the_minute)
    limited = mail_settings.model_copy(update={"mail_rate_per_minute": 3})
    delivery.schedule_digests(units, limited, utcnow(), deferred)
    _send_all(units, limited, deferred)

    assert len(inbox[0].messages) == 7
    assert sorted(Counter(minutes).values()) == [1, 3, 3]  # three a minute, then the rest
    assert minutes == sorted(minutes) and minutes[-1] - minutes[0] == 2


def test_a_message_that_cannot_be_composed_fails_alone(
    session: Session,
    people: dict[str, Employee],
    units: Units,
    mail_settings: Settings,
    inbox: tuple[Inbox, str],
    deferred: Deferred,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_digest = compose.digest

    def broken_for_bernd(settings, recipient, *args):  # type: ignore[no-untyped-def]
        if recipient.employee_id == people["bernd"].id:
            raise ValueError("template broken")
        return real_digest(settings, recipient, *args)

    # Breaks after the feed was ranked and its impressions written.
    monkeypatch.setattr(compose, "digest", broken_for_bernd)
    delivery.schedule_digests(units, mail_settings, utcnow(), deferred)
    _send_all(units, mail_settings, deferred)
    assert sorted(r for r, _ in inbox[0].messages) == ["anna@example.com", "emil@example.com"]
    statuses = {
        s.employee_id: (s.status, s.error)
        for s in session.scalars(select(MailSend).where(MailSend.kind == "digest"))
    }
    assert statuses == {
        people["anna"].id: ("sent", None),
        people["bernd"].id: ("failed", "template broken"),
        people["emil"].id: ("sent", None),
    }
    # Nothing of the failed digest stays behind: no impressions for bernd.
    assert not session.scalars(select(Event).where(Event.employee_id == people["bernd"].id)).all()
    impressions = session.scalars(
        select(Event).where(Event.type == EventType.article_impressed)
    ).all()
    counted = session.scalars(
        select(ArticleStats.impressions).where(ArticleStats.segment == "*")
    ).all()
    assert sum(counted) == len(impressions) > 0  # and none of bernd's in the counters


def test_a_line_break_in_a_name_starts_no_header_of_its_own(
    session: Session,
    people: dict[str, Employee],
    units: Units,
    mail_settings: Settings,
    inbox: tuple[Inbox, str],
    deferred: Deferred,
) -> None:
    received, _ = inbox
    people["anna"].display_name = "Anna\r\nBcc: eve@example.com"
    session.flush()
    delivery.schedule_digests(units, mail_settings, utcnow(), deferred)
    _send_all(units, mail_settings, deferred)

    (anna,) = received.to("anna@example.com")
    assert anna["Bcc"] is None
    assert "eve@example.com" not in [r for r, _ in received.messages]
    assert "Anna" in anna["To"] and "\n" not in anna["To"]


def test_a_sending_mark_commits_synchronously_after_the_impressions_asked_otherwise(
    session: Session, people: dict[str, Employee]
) -> None:
    """Impressions ask PostgreSQL for an asynchronous commit; a mark in the same transaction
    takes that back, so a database crash cannot forget a message already handed over."""
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("the commit mode is PostgreSQL's")
    session.execute(text("SELECT set_config('synchronous_commit', 'off', true)"))
    mark = (people["anna"].id, "2026-12-05", {"status": SendStatus.sending.value})
    repository.mark_many(session, "digest", [mark])
    assert session.execute(text("SHOW synchronous_commit")).scalar() == "on"
