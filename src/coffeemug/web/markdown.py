"""Article bodies: Markdown to safe HTML (raw HTML in the source is escaped, not passed on)."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # html=False: an editor's <script> shows as text; unsafe link schemes are refused by default.
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def to_html(source: str) -> Markup:
    return Markup(_parser().render(source or ""))
