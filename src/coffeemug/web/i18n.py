"""The reader's language on pages, the message catalogue's functions for templates, and dates
and numbers formatted for the reader's locale. The messages themselves are in the gettext
catalogue (coffeemug.i18n, locales/)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from babel.dates import format_date, format_datetime, format_timedelta
from babel.numbers import format_decimal, format_percent
from fastapi import Request

from coffeemug import i18n
from coffeemug.i18n import DEFAULT_LANGUAGE, LANGUAGES, language_of
from coffeemug.people.models import Employee

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "Formatter", "gettext_functions", "request_language"]

LANG_COOKIE = "coffeemug_lang"
LOCALES = {"de": "de_DE", "en": "en_GB"}


def request_language(request: Request, employee: Employee | None) -> str:
    """The UI language: the switch (cookie), else the employee's first language, else the
    browser's, else English."""
    chosen = language_of(request.cookies.get(LANG_COOKIE))
    if chosen:
        return chosen
    if employee is not None:
        for lang in employee.languages or []:
            if language_of(lang):
                return language_of(lang) or DEFAULT_LANGUAGE
    for part in request.headers.get("accept-language", "").split(","):
        found = language_of(part.strip())
        if found:
            return found
    return DEFAULT_LANGUAGE


def gettext_functions(lang: str) -> dict[str, Callable[..., str]]:
    """``_``, ``gettext``, ``ngettext`` and ``pgettext`` in ``lang``, as templates call them
    (``_('Hello %(name)s', name=...)``)."""

    def gettext(message: str, **values: Any) -> str:
        return i18n.gettext(lang, message, **values)

    def ngettext(singular: str, plural: str, count: int, **values: Any) -> str:
        return i18n.ngettext(lang, singular, plural, count, **values)

    def pgettext(context: str, message: str, **values: Any) -> str:
        return i18n.pgettext(lang, context, message, **values)

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext, "pgettext": pgettext}


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


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
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def percent(self, value: float | None) -> str:
        if value is None:
            return "–"
        # One decimal, with the locale's own pattern (German puts a space before the sign).
        return format_percent(round(value, 3), locale=self.locale, decimal_quantization=False)
