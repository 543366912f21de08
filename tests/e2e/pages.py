"""What a page must hold on any screen, measured in the browser: no sideways scroll on a phone
and no control too small to tap (WCAG 2.5.8: at least 24 x 24 CSS px)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

PHONE = 390
DESKTOP = 1280

# Controls smaller than 24 x 24 px (a checkbox counts with its label) that are visible: buttons,
# fields, menus and the links of the header and of navigation bars. Links in running text are
# exempt (WCAG 2.5.8 "inline"); links styled as buttons are not.
_SMALL_TARGETS = """() => {
  const targets = 'main button, main input:not([type=hidden]), main select, main textarea, '
    + 'main summary, main a.button, main nav a, nav.tabbar a, .site-header a, '
    + '.site-header button';
  return [...document.querySelectorAll(targets)]
    .filter(e => e.offsetParent !== null)
    .map(e => {
      const r = e.getBoundingClientRect();
      const l = e.closest('label') ? e.closest('label').getBoundingClientRect() : r;
      return [e.outerHTML.slice(0, 60), Math.max(r.width, l.width), Math.max(r.height, l.height)];
    })
    .filter(([_, w, h]) => w < 24 || h < 24);
}"""


def small_targets(page: Page) -> list[Any]:
    """The visible controls under 24 x 24 px: their markup's start, width and height."""
    return list(page.evaluate(_SMALL_TARGETS))


def scroll_width(page: Page) -> int:
    """How wide the document is; wider than the window means the page scrolls sideways."""
    return int(page.evaluate("() => document.documentElement.scrollWidth"))


def inner_width(page: Page) -> int:
    return int(page.evaluate("() => window.innerWidth"))


# Tables that could push a phone's page sideways: each must sit in a scroll area of its own
# that the keyboard reaches (tabindex) and a screen reader names (a region with a label).
_LOOSE_TABLES = """() => [...document.querySelectorAll('main table')]
  .filter(t => t.offsetParent !== null)
  .filter(t => {
    const wrap = t.closest('.table-wrap');
    if (!wrap) return true;
    const scrolls = ['auto', 'scroll'].includes(getComputedStyle(wrap).overflowX);
    const named = wrap.getAttribute('role') === 'region' && !!wrap.getAttribute('aria-label');
    return !(scrolls && wrap.tabIndex === 0 && named);
  })
  .map(t => t.outerHTML.slice(0, 60))"""


def loose_tables(page: Page) -> list[str]:
    """The visible tables not inside a named, keyboard-reachable scroll area."""
    return list(page.evaluate(_LOOSE_TABLES))
