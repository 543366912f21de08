"""The analytics dashboard's weight and cold load (its command: ``coffeemug bench dashboard``).

Seeds a demo newsroom into a fresh SQLite file, serves it with ``coffeemug serve`` and opens
``/analytics`` as the demo's editor in headless Chromium, each time with an empty browser cache.
Bytes are what went over the wire for the page and everything it loaded (the network layer's
encoded length, i.e. after compression); the time runs from navigation until every chart of
the page is drawn."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TARGET_BYTES = 1_000_000
TARGET_SECONDS = 1.0
EDITOR = "editor-1"


@dataclass
class DashboardBenchResult:
    loads: int
    bytes_transferred: int
    seconds_median: float
    seconds_min: float
    seconds_max: float
    first_byte_median: float
    charts: int

    def verdicts(self) -> dict[str, bool]:
        return {
            "bytes_transferred": self.bytes_transferred < TARGET_BYTES,
            "seconds_median": self.seconds_median < TARGET_SECONDS,
        }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _coffeemug() -> str:
    return str(Path(sys.executable).with_name("coffeemug"))


def _seed(env: dict[str, str], employees: int, articles: int, days: int) -> None:
    for command in (
        ["db", "upgrade"],
        [
            "demo",
            "seed",
            "--no-progress",
            f"--employees={employees}",
            f"--articles={articles}",
            f"--days={days}",
        ],
    ):
        subprocess.run([_coffeemug(), *command], env=env, check=True, stdout=subprocess.DEVNULL)


def _wait_until_up(base: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/api/health", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def _one_load(browser: Any, base: str) -> tuple[int, float, float, int]:
    """Sign in, empty the cache, load the dashboard: bytes, seconds, first byte, charts."""
    context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"/login?q={EDITOR}&next=/desk")
        page.locator(f'button[name="external_id"][value="{EDITOR}"]').first.click()
        page.wait_for_load_state()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.clearBrowserCache")
        sizes: dict[str, float] = {}
        cdp.on(
            "Network.loadingFinished",
            lambda e: sizes.update({e["requestId"]: e["encodedDataLength"]}),
        )
        started = time.perf_counter()
        page.goto("/analytics")
        charts = page.locator(".an-chart").count()
        if charts:
            page.wait_for_function(
                "n => document.querySelectorAll('.an-chart .main-svg').length >= n", arg=charts
            )
        seconds = time.perf_counter() - started
        first_byte = page.evaluate(
            "() => performance.getEntriesByType('navigation')[0].responseStart / 1000"
        )
        page.wait_for_timeout(300)  # the last loadingFinished events arrive
        return int(sum(sizes.values())), seconds, float(first_byte), charts
    finally:
        context.close()


def run(
    loads: int = 5, employees: int = 300, articles: int = 150, days: int = 30
) -> DashboardBenchResult:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        port = _free_port()
        env = {
            **os.environ,
            "COFFEEMUG_DATABASE_URL": f"sqlite:///{Path(folder) / 'dashboard.db'}",
        }
        _seed(env, employees, articles, days)
        server = subprocess.Popen(
            [_coffeemug(), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                _one_load(browser, base)  # the server's first page builds its caches
                measured = [_one_load(browser, base) for _ in range(loads)]
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    seconds = [m[1] for m in measured]
    return DashboardBenchResult(
        loads=loads,
        bytes_transferred=int(statistics.median(m[0] for m in measured)),
        seconds_median=round(statistics.median(seconds), 3),
        seconds_min=round(min(seconds), 3),
        seconds_max=round(max(seconds), 3),
        first_byte_median=round(statistics.median(m[2] for m in measured), 3),
        charts=measured[0][3],
    )
