"""Page-test helpers: the small newsroom, signing in as someone, reading a page's form token."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coffeemug.web.i18n import MISSING_MARK
from web.newsroom import Newsroom, build_newsroom

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def room(session: Session) -> Newsroom:
    return build_newsroom(session)


def sign_in(client: TestClient, external_id: str, lang: str = "en") -> None:
    client.cookies.set("coffeemug_demo_employee", external_id)
    client.cookies.set("coffeemug_lang", lang)


def token_of(html: str) -> str:
    found = TOKEN.search(html)
    assert found, "the page has no form token"
    return found.group(1)


def assert_translated(html: str) -> None:
    assert MISSING_MARK not in html, html[
        html.find(MISSING_MARK) - 200 : html.find(MISSING_MARK) + 80
    ]
