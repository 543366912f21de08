"""E-mails from Jinja2 templates: a plain-text and an HTML part, in the employee's language.

Texts come from the interface's gettext catalogue (``coffeemug.i18n``, English message ids marked
with ``_()`` in the templates and ``N_()`` here), so mail and pages say the same in the same
words. The Message-ID is derived from the message's key: should a message ever be handed
over twice, mail systems see one message.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from email.charset import QP, Charset
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32
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


# Quoted-printable keeps the German text readable in the raw message and small.
_UTF8 = Charset("utf-8")
_UTF8.body_encoding = QP
# Lines end in CRLF on the wire (SMTP); the classic policy would write bare LF.
_WIRE = compat32.clone(linesep="\r\n")


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
    # The classic MIME classes: several times faster to build and flatten than EmailMessage,
    # which matters at hundreds of digests a second.
    message = MIMEMultipart("alternative")
    message["From"] = settings.mail_from
    # A name imported with a line break in it would read as a second header (the email package
    # refuses the message); folded to spaces, the employee still gets their mail.
    name = " ".join(recipient.name.split())
    message["To"] = formataddr((name, recipient.address), charset="utf-8")
    message["Subject"] = Header(subject, "utf-8")
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = _message_id(settings, key)
    message["Content-Language"] = recipient.language
    # Tell auto-responders this is no conversation (RFC 3834).
    message["Auto-Submitted"] = "auto-generated"
    for name, value in (headers or {}).items():
        message[name] = value
    message.attach(MIMEText(text, "plain", _UTF8))
    message.attach(MIMEText(html, "html", _UTF8))
    return Outgoing(recipient.address, recipient.language, message.as_bytes(policy=_WIRE))


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
