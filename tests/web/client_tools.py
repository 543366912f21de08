"""Signing in as someone, reading a page's form token, finding untranslated text."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from coffeemug import demo_identity
from coffeemug.web.i18n import MISSING_MARK

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def sign_in(client: TestClient, external_id: str, lang: str = "en") -> None:
    """What the demo picker does: a signed identity cookie, and the language cookie."""
    secret = client.app.state.settings.secret_key  # type: ignore[attr-defined]
    client.cookies.set(demo_identity.COOKIE, demo_identity.cookie_value(secret, external_id))
    client.cookies.set("coffeemug_lang", lang)


def token_of(html: str) -> str:
    found = TOKEN.search(html)
    assert found, "the page has no form token"
    return found.group(1)


def assert_translated(html: str) -> None:
    at = html.find(MISSING_MARK)
    assert at < 0, html[max(at - 200, 0) : at + 80]
