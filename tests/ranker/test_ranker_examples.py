"""The examples in the ranker's docstrings run as written."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "coffeemug.feed.ranker",
    "coffeemug.feed.ranker.candidates",
    "coffeemug.feed.ranker.profile",
    "coffeemug.feed.ranker.ranker",
    "coffeemug.feed.ranker.signals",
    "coffeemug.feed.ranker.weights",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str):
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0
    assert result.attempted > 0
