"""The page tests' small newsroom, for orchestration's page and workflow tests."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from mail.conftest import inbox, mail_settings, units  # noqa: F401  (the e-mail tests' fixtures)
from web.newsroom import Newsroom, build_newsroom


@pytest.fixture
def room(session: Session) -> Newsroom:
    return build_newsroom(session)
