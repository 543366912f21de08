"""The dashboard of a fresh demo newsroom in a real browser: every panel shows figures, and the
German dashboard, charts and toolbars included, has no English or raw word left."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from coffeemug.analytics import tables
from coffeemug.analytics.rollup import run_rollup
from coffeemug.app import create_app
from coffeemug.db import get_sessionmaker
from coffeemug.demo.service import SeedOptions, seed
from coffeemug.migrate import upgrade_to_head
from coffeemug.settings import Settings
from coffeemug.text.embeddings import get_encoder
from e2e.conftest import served
from web.client_tools import assert_translated

pytestmark = pytest.mark.browser

# plotly's English toolbar titles: on a German page they must not remain.
ENGLISH_TOOLBAR = ("Download plot as a png", "Zoom in", "Zoom out", "Reset axes", "Autoscale")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app serving a freshly seeded (small) demo newsroom, rolled up as `make demo` does."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    upgrade_to_head(url)
    settings = Settings(database_url=url, embedder="hashing", ranker_seed=7)
    with get_sessionmaker(url)() as session:
        options = SeedOptions(employees=300, articles=150, days=30, seed=42)
        seed(session, options, get_encoder("hashing"), settings=settings)
        run_rollup(session, until=datetime.now(UTC))
        session.commit()
    with served(create_app(settings)) as base:
        yield base


def _panels(page: Page) -> None:
    for section in tables.SECTIONS:
        panel = page.locator(f"#{section.id}")
        expect(panel).to_be_visible()
        # A drawn chart or a table with at least one row that is not suppressed.
        if section.chart is not None:
            expect(panel.locator(".main-svg").first).to_be_visible()
        rows = panel.locator("tbody tr:not(.suppressed)")
        assert rows.count() > 0, section.id
        assert "–" not in rows.first.inner_text().split("\t")[1:2], section.id


def test_every_panel_of_a_fresh_demo_shows_figures(open_as: Callable[..., Page]) -> None:
    page = open_as("analyst-1", "en", next="/analytics")
    expect(page.get_by_role("heading", name="Newsroom analytics")).to_be_visible()
    tiles = page.locator("#overview .kpi dd")
    expect(tiles).to_have_count(4)
    texts = tiles.all_inner_texts()
    assert all(re.search(r"\d", text) for text in texts), texts
    # Each with its trend against the previous two weeks.
    assert all("vs. previous period" in text for text in texts), texts
    _panels(page)
    # Names in the top list lead to the article.
    first = page.locator("#top tbody a").first
    assert (first.get_attribute("href") or "").startswith("/articles/")


def test_the_german_dashboard_has_no_untranslated_word(open_as: Callable[..., Page]) -> None:
    page = open_as("editor-1", "de", next="/analytics")
    expect(page.get_by_role("heading", name="Newsroom-Analysen")).to_be_visible()
    _panels(page)
    page.locator("#by_topic .an-chart").hover()
    html = page.content()  # after the charts are drawn: legends, axes and toolbars included
    assert_translated(html)
    text = page.locator("main").inner_text()
    raw = sorted(set(re.findall(r"\b[a-z]+_[a-z_]+\b", text)))
    assert not raw, raw
    for english in ENGLISH_TOOLBAR:
        assert f'data-title="{english}"' not in html, english
    for header in ("Hours", "Cost", "Roi", "Flag", "Impressions", "Link visits"):
        assert f">{header}<" not in html, header
    # German numbers: thousands with a point, decimals with a comma.
    assert re.search(r"\d\.\d{3}", text) and re.search(r"\d,\d", text)
