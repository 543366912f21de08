"""Signed links in e-mails: a tracked link per item and the one-click unsubscribe.

A link carries who it was sent to and what it points at, signed with the secret key, so a click
is recorded for the right (pseudonymous) employee without a sign-in and nobody can forge one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer

from coffeemug.errors import NotFound
from coffeemug.settings import Settings

_OPEN = "coffeemug.mail.open"
_UNSUBSCRIBE = "coffeemug.mail.unsubscribe"
# Clicks on one link are one open: its event id is derived from the link.
_CLICKS = uuid.UUID("6f1c1c43-9a55-4d7b-9f4e-3c2f0b0b8a11")


@dataclass(frozen=True)
class OpenLink:
    employee_id: int
    article_id: int
    kind: str  # what the link was in: digest, reminder
    ref: str
    position: int

    @property
    def event_id(self) -> uuid.UUID:
        return uuid.uuid5(_CLICKS, f"{self.kind}:{self.ref}:{self.employee_id}:{self.article_id}")


def _serializer(settings: Settings, salt: str) -> URLSafeSerializer:
    return URLSafeSerializer(settings.secret_key, salt=salt)


def open_url(settings: Settings, link: OpenLink) -> str:
    payload = [link.employee_id, link.article_id, link.kind, link.ref, link.position]
    return f"{settings.public_url}/m/{_serializer(settings, _OPEN).dumps(payload)}"


def read_open(settings: Settings, token: str) -> OpenLink:
    """The link behind a token; 404 for anything not signed by us."""
    try:
        employee_id, article_id, kind, ref, position = _serializer(settings, _OPEN).loads(token)
        return OpenLink(int(employee_id), int(article_id), str(kind), str(ref), int(position))
    except (BadSignature, ValueError, TypeError) as exc:
        raise NotFound("this link is not valid") from exc


def unsubscribe_url(settings: Settings, employee_id: int) -> str:
    token = _serializer(settings, _UNSUBSCRIBE).dumps(employee_id)
    return f"{settings.public_url}/mail/unsubscribe/{token}"


def read_unsubscribe(settings: Settings, token: str) -> int:
    try:
        return int(_serializer(settings, _UNSUBSCRIBE).loads(token))
    except (BadSignature, ValueError, TypeError) as exc:
        raise NotFound("this unsubscribe link is not valid") from exc
