"""E-mails from Jinja2 templates: a plain-text and an HTML part, in the employee's language.

Texts come from the interface's gettext catalogue (``coffeemug.i18n``, English message ids marked
with ``_()`` in the templates and ``N_()`` here), so mail and pages say the same in the same
words. The Message-ID is derived from the message's key: should a message ever be handed
over twice, mail systems see one message.
"""

from __future__ import annotations

import binascii
import hashlib
import secrets
from dataclasses import dataclass
from email.header import Header
from email.utils import formataddr, formatdate, parseaddr
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from coffeemug.i18n import N_, gettext, gettext_functions
from coffeemug.settings import Settings

TEMPLATE_DIR = Path(__file__).parent / "templates"

_env = Environment(
    loader=FileSystemLoader(str(TEMPLATE_DIR)),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class Recipient:
    employee_id: int
    name: str
    address: str
    language: str  # de or en


@dataclass(frozen=True)
class Outgoing:
    """A message ready for the mail server: who gets it, in which language, its bytes."""

    to: str
    language: str
    data: bytes


# Lines end in CRLF on the wire (SMTP).
_CRLF = "\r\n"


def _header(name: str, value: str) -> str:
    """One header line; a value that is not ASCII as RFC 2047 encoded words."""
    if not value.isascii():
        value = Header(value, "utf-8", header_name=name).encode(linesep=_CRLF)
    return f"{name}: {value}"


def _part(subtype: str, body: str) -> str:
    """A text part in quoted-printable: the German text stays readable in the raw message and
    small; binascii's encoder does it in C."""
    crlf = body.replace("\r\n", "\n").replace("\n", _CRLF)
    encoded = binascii.b2a_qp(crlf.encode("utf-8"), istext=True).decode("ascii")
    return _CRLF.join(
        (
            f'Content-Type: text/{subtype}; charset="utf-8"',
            "Content-Transfer-Encoding: quoted-printable",
            "",
            encoded,
        )
    )


def _wire(headers: list[tuple[str, str]], text: str, html: str) -> bytes:
    """A multipart/alternative message as bytes for the mail server, written directly: the
    email package's generator folds and checks every header and scans the body for the
    boundary, several times the cost of the rest of a digest. Quoted-printable never
    contains two "=" in a row, so a boundary of them cannot occur in a part."""
    boundary = f"=={secrets.token_hex(16)}=="
    lines = [
        f'Content-Type: multipart/alternative; boundary="{boundary}"',
        "MIME-Version: 1.0",
        *(_header(name, value) for name, value in headers),
        "",
        f"--{boundary}",
        _part("plain", text),
        f"--{boundary}",
        _part("html", html),
        f"--{boundary}--",
        "",
    ]
    return _CRLF.join(lines).encode("ascii")


@dataclass(frozen=True)
class Item:
    """One article in a digest, as the e-mail shows it."""

    title: str
    summary: str
    reason: str
    url: str
    must_read: bool


def _message_id(settings: Settings, key: str) -> str:
    domain = parseaddr(settings.mail_from)[1].rpartition("@")[2] or "coffeemug.example"
    digest = hashlib.sha256(f"{key}:{settings.secret_key}".encode()).hexdigest()[:24]
    return f"<{key.replace(':', '.')}.{digest}@{domain}>"


def _render(name: str, recipient: Recipient, context: dict[str, Any]) -> tuple[str, str]:
    lang = recipient.language
    full = {"lang": lang, **gettext_functions(lang), "name": recipient.name, **context}
    text = _env.get_template(f"{name}.txt").render(full)
    html = _env.get_template(f"{name}.html").render(full)
    return text, html


def _message(
    settings: Settings,
    recipient: Recipient,
    key: str,
    template: str,
    subject: str,
    context: dict[str, Any],
    headers: dict[str, str] | None = None,
) -> Outgoing:
    text, html = _render(template, recipient, {"subject": subject, **context})
    subject_words = Header(subject, "utf-8", header_name="Subject").encode(linesep=_CRLF)
    lines = [
        ("From", formataddr(parseaddr(settings.mail_from), charset="utf-8")),
        ("To", formataddr((recipient.name, recipient.address), charset="utf-8")),
        ("Subject", subject_words),
        ("Date", formatdate(localtime=False)),
        ("Message-ID", _message_id(settings, key)),
        ("Content-Language", recipient.language),
        # Tell auto-responders this is no conversation (RFC 3834).
        ("Auto-Submitted", "auto-generated"),
        *(headers or {}).items(),
    ]
    return Outgoing(recipient.address, recipient.language, _wire(lines, text, html))


# Subjects (gettext ids): the digest's per cadence, the reminder's, the author's notice's.
DIGEST_SUBJECTS = {
    "daily": N_("Your Coffee Mug today: %(n)s for you"),
    "weekly": N_("Your Coffee Mug this week: %(n)s for you"),
}
REMINDER_SUBJECT = N_("Reminder: please read “%(title)s”")
PUBLISHED_SUBJECT = N_("Your article is live: %(title)s")
APPROVAL_SUBJECT = N_("Waiting for your approval: %(title)s")


def digest(
    settings: Settings,
    recipient: Recipient,
    cadence: str,
    ref: str,
    items: list[Item],
    unsubscribe_url: str,
) -> Outgoing:
    """The digest: must-reads first, then the top of the employee's feed."""
    subject = gettext(recipient.language, DIGEST_SUBJECTS[cadence], n=len(items))
    return _message(
        settings,
        recipient,
        f"digest:{ref}:{recipient.employee_id}",
        "digest",
        subject,
        {
            "cadence": cadence,
            "must_read": [i for i in items if i.must_read],
            "items": [i for i in items if not i.must_read],
            "feed_url": f"{settings.public_url}/",
            "settings_url": f"{settings.public_url}/settings",
            "unsubscribe_url": unsubscribe_url,
        },
        # One-click unsubscribe (RFC 8058): mail programs POST to the link without a page.
        {
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def reminder(
    settings: Settings,
    recipient: Recipient,
    article_id: int,
    title: str,
    summary: str,
    url: str,
    due: str,
) -> Outgoing:
    """The one reminder about a must-read past its due date."""
    subject = gettext(recipient.language, REMINDER_SUBJECT, title=title)
    return _message(
        settings,
        recipient,
        f"reminder:{article_id}:{recipient.employee_id}",
        "reminder",
        subject,
        {"title": title, "summary": summary, "url": url, "due": due},
    )


def published(
    settings: Settings, recipient: Recipient, article_id: int, title: str, at: str
) -> Outgoing:
    """The notice to an author that their scheduled article went live."""
    subject = gettext(recipient.language, PUBLISHED_SUBJECT, title=title)
    return _message(
        settings,
        recipient,
        f"published:{article_id}:{recipient.employee_id}",
        "published",
        subject,
        {"title": title, "at": at, "desk_url": f"{settings.public_url}/desk/{article_id}/edit"},
    )


def approval(
    settings: Settings, recipient: Recipient, article_id: int, title: str, since: str
) -> Outgoing:
    """The reminder to an approver (or their deputy) that an article waits for a decision."""
    subject = gettext(recipient.language, APPROVAL_SUBJECT, title=title)
    return _message(
        settings,
        recipient,
        f"approval:{article_id}:{recipient.employee_id}",
        "approval",
        subject,
        {
            "title": title,
            "since": since,
            "desk_url": f"{settings.public_url}/desk/{article_id}/edit#review",
        },
    )
