"""The real server on a free port, a fresh SQLite newsroom, and headless Chromium."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from coffeemug.app import create_app
from coffeemug.bench.dashboard import CHROMIUM, CHROMIUM_ARGS
from coffeemug.db import get_sessionmaker
from coffeemug.migrate import upgrade_to_head
from coffeemug.settings import Settings
from web.newsroom import Newsroom, build_newsroom

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served(app: FastAPI) -> Iterator[str]:
    """The app served by uvicorn in a thread on a free port: its base URL while it runs."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, Newsroom, str]]:
    """The app served by uvicorn in a thread against its own freshly seeded SQLite file.

    Yields the base URL, the newsroom and the database URL (for tests that add data behind it).
    """
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'coffeemug.db'}"
    upgrade_to_head(url)
    with get_sessionmaker(url)() as session:
        room = build_newsroom(session)
        session.commit()
        session.expunge_all()
    # Background jobs run inside the server, as under 'coffeemug serve' in the demo.
    settings = Settings(database_url=url, embedder="hashing", ranker_seed=7, jobs_in_process=True)
    with served(create_app(settings)) as base:
        yield base, room, url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not shutil.which(CHROMIUM):
        pytest.skip(f"Chromium not installed at {CHROMIUM}")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def base_url(live_server: tuple[str, Newsroom, str]) -> str:
    return live_server[0]


@pytest.fixture
def newsroom(live_server: tuple[str, Newsroom, str]) -> Newsroom:
    return live_server[1]


@pytest.fixture
def open_as(browser: Browser, base_url: str) -> Iterator[Callable[[str], Page]]:
    """A fresh browser tab signed in (through the demo picker) as the given employee."""
    contexts: list[BrowserContext] = []

    def _open(
        external_id: str, lang: str | None = None, next: str = "/", width: int = 1280
    ) -> Page:
        context = browser.new_context(
            base_url=base_url, viewport={"width": width, "height": 900}, locale="en-GB"
        )
        contexts.append(context)
        context.set_default_timeout(10_000)
        page = context.new_page()
        if lang:
            page.goto(f"/lang/{lang}?next=/login")
        page.goto(f"/login?q={external_id}&next={quote(next)}")
        page.locator(f'button[name="external_id"][value="{external_id}"]').first.click()
        page.wait_for_load_state()
        return page

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def shot() -> Callable[[Page, str], None]:
    """Save a full-page screenshot for the docs."""

    def _shot(page: Page, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return _shot
