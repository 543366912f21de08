"""The reader's language on pages. The message catalogue's functions for templates and the
locale's formatting of dates and numbers are shared with e-mail and live in coffeemug.i18n; the
messages themselves are in the gettext catalogue (locales/)."""

from __future__ import annotations

from fastapi import Request

from coffeemug.i18n import DEFAULT_LANGUAGE, LANGUAGES, Formatter, gettext_functions, language_of
from coffeemug.people.models import Employee

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "Formatter", "gettext_functions", "request_language"]

LANG_COOKIE = "coffeemug_lang"


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
