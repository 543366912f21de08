"""The shipped text models, loaded once per test session."""

from __future__ import annotations

import pytest

from coffeemug.text.understanding import TextUnderstanding, default_understanding


@pytest.fixture(scope="session")
def understanding() -> TextUnderstanding:
    return default_understanding()
