"""A real SMTP server in process (aiosmtpd) and units of work inside the test's transaction."""

from __future__ import annotations

import email
import socket
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from coffeemug.db import unit_of_work, utcnow
from coffeemug.mail.service import WEEKDAYS
from coffeemug.settings import Settings


@dataclass
class Inbox:
    """What the SMTP server accepted; addresses in ``refuse`` get a 550."""

    messages: list[tuple[str, EmailMessage]] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address in self.refuse:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=default_policy)
        for recipient in envelope.rcpt_tos:
            self.messages.append((recipient, parsed))  # type: ignore[arg-type]
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for r, m in self.messages if r == address]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, str]]:
    handler = Inbox()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, f"smtp://127.0.0.1:{port}"
    controller.stop()


@pytest.fixture
def mail_settings(database_url: str, inbox: tuple[Inbox, str]) -> Settings:
    """Digests due now: every day from midnight, weekly ones on today's weekday."""
    return Settings(
        database_url=database_url,
        embedder="hashing",
        ranker_seed=7,
        smtp_url=inbox[1],
        smtp_tls="none",
        digest_hour=0,
        digest_weekday=WEEKDAYS[utcnow().weekday()],
        default_time_zone="UTC",
        public_url="http://coffeemug.test",
    )


Units = Callable[[], AbstractContextManager[Session]]


@pytest.fixture
def units(connection: Connection) -> Units:
    """What delivery commits becomes savepoints of the test's transaction."""

    def unit() -> AbstractContextManager[Session]:
        session = Session(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        return unit_of_work(session)

    return unit


class Deferred(list):
    """Collects what a job hands on, in place of the queue."""

    def __call__(self, name: str, arguments: dict) -> None:
        self.append((name, arguments))


@pytest.fixture
def deferred() -> Deferred:
    return Deferred()


def html_and_text(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


def now() -> datetime:
    return utcnow()
