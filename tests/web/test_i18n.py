"""Interface text: every key used by a template exists in both languages; formatting by locale."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from coffeemug.web import i18n
from coffeemug.web.templating import TEMPLATE_DIR

# t('key'), t("key"), tn('key', count), and t('prefix.' + variable) for keys built at render time.
LITERAL = re.compile(r"""\btn?\(\s*['"]([a-z0-9_.]+)['"]\s*[,)]""")
PREFIX = re.compile(r"""\btn?\(\s*['"]([a-z0-9_.]+\.)['"]\s*\+""")


def _templates() -> list[Path]:
    return sorted(TEMPLATE_DIR.rglob("*.html"))


def test_every_literal_key_in_templates_is_in_the_catalogue() -> None:
    missing = {
        (path.name, key)
        for path in _templates()
        for key in LITERAL.findall(path.read_text(encoding="utf-8"))
        if key not in i18n.MESSAGES
    }
    assert not missing, sorted(missing)


def test_every_built_key_prefix_has_entries() -> None:
    for path in _templates():
        for prefix in PREFIX.findall(path.read_text(encoding="utf-8")):
            assert any(k.startswith(prefix) for k in i18n.MESSAGES), (path.name, prefix)


def test_both_languages_are_filled_and_use_the_same_placeholders() -> None:
    field = re.compile(r"\{(\w+)\}")
    for key, (en, de) in i18n.MESSAGES.items():
        assert en.strip() and de.strip(), key
        assert sorted(field.findall(en)) == sorted(field.findall(de)), key


def test_missing_key_is_visible_so_page_tests_catch_it() -> None:
    assert i18n.translate("de", "no.such.key").startswith(i18n.MISSING_MARK)
    assert i18n.translate("de", "nav.feed") == "Mein Feed"
    assert i18n.translate("en", "nav.feed") == "My feed"


def test_numbers_dates_and_ages_follow_the_locale() -> None:
    de, en = i18n.Formatter("de"), i18n.Formatter("en")
    assert de.number(1234567) == "1.234.567"
    assert en.number(1234567) == "1,234,567"
    assert de.percent(0.256) == "25,6\xa0%"
    assert en.percent(0.256) == "25.6%"
    day = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    assert de.date(day) == "01.03.2026"
    assert en.date(day) == "1 Mar 2026"
    now = day + timedelta(hours=3)
    assert de.age(day, now) == "vor 3 Stunden"
    assert en.age(day, now) == "3 hours ago"
