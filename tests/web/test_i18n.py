"""The message catalogue: every message of code and templates translated in German, templates
without untranslated text, placeholders kept; numbers and dates formatted by locale."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from jinja2 import Environment

from coffeemug.i18n import LANGUAGES, gettext, po_path
from coffeemug.mail.compose import TEMPLATE_DIR as MAIL_TEMPLATES
from coffeemug.web import i18n
from coffeemug.web.templating import TEMPLATE_DIR

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _extracted() -> dict[object, tuple[str | None, object]]:
    """Every message the code and templates use, as ``pybabel extract -F babel.cfg`` sees it."""
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = {}
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT),
        method_map,
        options_map,
        keywords={
            "_": None,
            "gettext": None,
            "N_": None,
            "ngettext": (1, 2),
            "pgettext": ((1, "c"), 2),
        },
    ):
        found[(context, message)] = message
    return found


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_every_message_is_translated(lang: str) -> None:
    with po_path(lang).open("rb") as handle:
        catalogue = read_po(handle)
    entries = {(m.context, m.id): m for m in catalogue if m.id}
    missing, untranslated = [], []
    for key, message in _extracted().items():
        entry = entries.get(key)
        if entry is None:
            missing.append(message)
        elif entry.fuzzy or not all(
            entry.string if isinstance(entry.string, tuple) else [entry.string]
        ):
            untranslated.append(message)
    assert not missing, f"not in {po_path(lang).name} ({lang}): {missing}"
    assert not untranslated, f"untranslated or fuzzy in {lang}: {untranslated}"
    stale = sorted(str(k[1]) for k in set(entries) - set(_extracted()))
    assert not stale, f"no longer used, remove from {lang}: {stale}"


def test_translations_keep_the_placeholders() -> None:
    for lang in LANGUAGES:
        if lang == "en":
            continue
        with po_path(lang).open("rb") as handle:
            catalogue = read_po(handle)
        for message in catalogue:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            wanted = set(PLACEHOLDER.findall(ids[-1]))
            for text in strings:
                assert set(PLACEHOLDER.findall(text)) <= wanted | {"num"}, (lang, message.id)


def _visible_text(source: str) -> str:
    """The template's own text outside tags, expressions and statements."""
    env = Environment()
    # Expressions and statements become a mark, so tags around them stay whole.
    data = "".join(value if kind == "data" else "\x00" for _, kind, value in env.lex(source))
    data = re.sub(r"<(script|style)\b.*?</\1>", " ", data, flags=re.S)
    data = re.sub(r"<[^<>]*>|^[^<]*?>|<[^>]*$", " ", data)
    data = re.sub(r'[\w-]+="[^"]*"', " ", data)  # attributes a macro writes into a tag
    return re.sub(r"&\w+;|&#\d+;", " ", data)


def _templates() -> list[Path]:
    """Every page template and every e-mail template (HTML and plain-text parts)."""
    return sorted(
        [
            *TEMPLATE_DIR.rglob("*.html"),
            *MAIL_TEMPLATES.rglob("*.html"),
            *MAIL_TEMPLATES.glob("*.txt"),
        ]
    )


def test_templates_have_no_text_outside_the_catalogue() -> None:
    for path in _templates():
        text = _visible_text(path.read_text(encoding="utf-8"))
        words = re.findall(r"[A-Za-zÄÖÜäöüß]{2,}", text)
        assert not words, (path.name, words)
        attributes = re.findall(
            r'(?:aria-label|title|placeholder|alt)="([^"{]*[A-Za-z][^"{]*)"',
            path.read_text(encoding="utf-8"),
        )
        # Example ids (``demo-0001``) are no words.
        words = [a for a in attributes if not re.fullmatch(r"[a-z]+-\d+", a)]
        assert not words, (path.name, words)


def test_unknown_messages_fall_back_to_english_and_placeholders_fill() -> None:
    assert gettext("de", "My feed") == "Mein Feed"
    assert gettext("en", "My feed") == "My feed"
    assert gettext("fr", "My feed") == "My feed"
    assert gettext("de", "Good to see you, %(name)s", name="Ada") == "Schön, dass du da bist, Ada"


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


@pytest.mark.parametrize("lang", ["de", "en"])
def test_numbers_read_as_babel_writes_them(lang: str) -> None:
    """The dashboard's quick number formatting gives what babel's own function gives: grouping,
    decimal mark, rounding half to even on the value's decimal digits; only a value that rounds
    to zero loses babel's minus sign."""
    formatter = i18n.Formatter(lang)
    rng = random.Random(7)
    values = [0, 0.5, 1.5, 2.5, 2.675, 0.125, 1e15, 123456789.987654, -1234.5, -7]
    values += [rng.uniform(-1e7, 1e7) for _ in range(300)]
    values += [rng.randint(-(10**9), 10**9) for _ in range(300)]
    for value in values:
        for digits in (0, 1, 2):
            pattern = "#,##0" + ("." + "0" * digits if digits else "")
            expected = format_decimal(value, format=pattern, locale=formatter.locale)
            assert formatter.number(value, digits) == expected, (value, digits)
    assert formatter.number(-0.001, 1) == formatter.number(0, 1)
