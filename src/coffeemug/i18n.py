"""The message catalogue: gettext in German and English for every package.

Messages are English source strings (gettext message ids) marked in code with ``N_()`` or
``_()`` and in templates with ``_()``, ``ngettext()`` and ``pgettext()``; placeholders are
``%(name)s``. ``pybabel extract -F babel.cfg`` collects them into ``locales/messages.pot``; each
language has ``locales/<lang>/LC_MESSAGES/messages.po``. The ``.po`` files are read directly
(with Babel, once per process), so a fresh checkout needs no compile step; English is the
source language and needs no catalogue. A new language is a new ``.po`` file (``pybabel init``)
and its code in ``LANGUAGES``; see docs/architecture.md. Pages (``web``) and e-mails (``mail``)
share the template functions (``gettext_functions``) and the locale's formatting (``Formatter``).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

from babel.dates import format_date, format_datetime, format_timedelta
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import (
    format_percent,
    get_decimal_symbol,
    get_group_symbol,
    get_minus_sign_symbol,
)
from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).parent / "locales"
DOMAIN = "messages"


class Language(StrEnum):
    """The languages the newsroom publishes and speaks in."""

    de = "de"
    en = "en"


LANGUAGES = tuple(language.value for language in Language)
DEFAULT_LANGUAGE = "en"
# The locale each language formats dates and numbers in.
LOCALES = {"de": "de_DE", "en": "en_GB"}


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated where it is shown."""
    return message


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(lang: str) -> NullTranslations:
    """The catalogue of ``lang`` (English and unknown languages: the source strings)."""
    path = po_path(lang)
    if lang == DEFAULT_LANGUAGE or not path.is_file():
        return NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries are left out, as msgfmt does
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def _format(text: str, values: dict[str, Any]) -> str:
    return text % values if values else text


def gettext(lang: str, message: str, **values: Any) -> str:
    """``message`` in ``lang`` with ``%(name)s`` placeholders filled from ``values``."""
    return _format(translations(lang).gettext(message), values)


def ngettext(lang: str, singular: str, plural: str, count: int, **values: Any) -> str:
    """The singular or plural form for ``count`` in ``lang``; ``%(num)s`` is the count."""
    return _format(translations(lang).ngettext(singular, plural, count), {"num": count, **values})


def pgettext(lang: str, context: str, message: str, **values: Any) -> str:
    """``message`` in ``lang`` where the same English means different things (``context``)."""
    return _format(translations(lang).pgettext(context, message), values)


def language_of(value: str | None) -> str | None:
    """The supported language a code or locale names (``de-AT`` -> ``de``), else None."""
    if value and value[:2].lower() in LANGUAGES:
        return value[:2].lower()
    return None


def gettext_functions(lang: str) -> dict[str, Callable[..., str]]:
    """``_``, ``gettext``, ``ngettext`` and ``pgettext`` in ``lang``, as templates call them
    (``_('Hello %(name)s', name=...)``)."""

    def _gettext(message: str, **values: Any) -> str:
        return gettext(lang, message, **values)

    def _ngettext(singular: str, plural: str, count: int, **values: Any) -> str:
        return ngettext(lang, singular, plural, count, **values)

    def _pgettext(context: str, message: str, **values: Any) -> str:
        return pgettext(lang, context, message, **values)

    return {"_": _gettext, "gettext": _gettext, "ngettext": _ngettext, "pgettext": _pgettext}


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@functools.cache
def _number_symbols(locale: str) -> dict[str, str]:
    return {
        ",": get_group_symbol(locale),
        ".": get_decimal_symbol(locale),
        "-": get_minus_sign_symbol(locale),
    }


def _grouped(value: float | int, digits: int, locale: str) -> str:
    """What babel's ``format_decimal(value, "#,##0.00…", locale)`` gives (rounding half to
    even on the decimal digits of the value), at a fraction of its cost: a dashboard formats
    thousands of cells per page."""
    exact = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN)
    if exact == 0:
        exact = abs(exact)  # a value that rounds to zero has no sign (babel writes "-0")
    symbols = _number_symbols(locale)
    return "".join(symbols.get(c, c) for c in f"{exact:,.{digits}f}")


class Formatter:
    """Locale-aware formatting for templates: ``fmt.date(x)``, ``fmt.number(x)``, ..."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.locale = LOCALES.get(lang, LOCALES[DEFAULT_LANGUAGE])

    def date(self, value: datetime | None) -> str:
        return format_date(value, format="medium", locale=self.locale) if value else ""

    def datetime(self, value: datetime | None) -> str:
        if value is None:
            return ""
        return format_datetime(_aware(value), format="medium", tzinfo=UTC, locale=self.locale)

    def age(self, value: datetime | None, now: datetime | None = None) -> str:
        """'3 hours ago' / 'vor 3 Stunden'."""
        if value is None:
            return ""
        now = now or datetime.now(UTC)
        delta = _aware(value) - now
        return format_timedelta(delta, add_direction=True, threshold=1.0, locale=self.locale)

    def number(self, value: float | int | None, digits: int = 0) -> str:
        if value is None:
            return "–"
        return _grouped(value, digits, self.locale)

    def percent(self, value: float | None) -> str:
        if value is None:
            return "–"
        # One decimal, with the locale's own pattern (German puts a space before the sign).
        return format_percent(round(value, 3), locale=self.locale, decimal_quantization=False)
