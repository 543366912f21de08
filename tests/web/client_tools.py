"""Signing in as someone, reading a page's form token, finding untranslated text."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from coffeemug import demo_identity
from coffeemug.i18n import translations

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


TEXT = re.compile(r">([^<>]+)<|(?:aria-label|title|placeholder|alt)=\"([^\"]+)\"")


def _german_differs() -> set[str]:
    catalogue = translations("de")._catalog  # msgid -> msgstr, as compiled from messages.po
    return {
        k for k, v in catalogue.items() if isinstance(k, str) and k and v != k and "%(" not in k
    }


def assert_translated(html: str) -> None:
    """No placeholder left unfilled, and on a German page no text that is an English message
    the catalogue words differently in German."""
    at = html.find("%(")
    assert at < 0, html[max(at - 200, 0) : at + 80]
    lang = re.search(r'<html lang="(\w+)"', html)
    if lang is None or lang.group(1) != "de":
        return
    english = _german_differs()
    texts = {" ".join((a or b).split()) for a, b in TEXT.findall(html)}
    left = sorted(t for t in texts if t in english)
    assert not left, left
