"""axe-core in the page: injected offline from the copy `make axe` fetched from the npm registry.

Usage in a browser test: ``assert violations(page) == []``. Injected through the DevTools
protocol (``page.evaluate``), so the pages' content security policy, which refuses inline
scripts, stays as it is.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

AXE = Path(__file__).resolve().parents[2] / ".cache" / "axe-core" / "package" / "axe.min.js"

_RUN = """async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
  }));
}"""


def axe_source() -> str:
    """The axe-core script; the test is skipped (failed on CI) when `make axe` has not run."""
    if not AXE.exists():
        message = f"axe-core not found at {AXE}: run `make axe`"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


def violations(page: Page) -> list[dict[str, Any]]:
    """The axe-core violations of the page as it is now: rule id, impact, help, first nodes."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    return list(page.evaluate(_RUN))
