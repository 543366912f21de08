"""German and English interface text, and dates and numbers formatted for the reader's locale."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from babel.dates import format_date, format_datetime, format_timedelta
from babel.numbers import format_decimal, format_percent
from fastapi import Request

from coffeemug.people.models import Employee

LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "en"
LANG_COOKIE = "coffeemug_lang"
LOCALES = {"de": "de_DE", "en": "en_GB"}
# Rendered for a key missing from the catalogue, so a test can find it in any page.
MISSING_MARK = "[[missing:"

# key -> (English, German). Placeholders use str.format names.
MESSAGES: dict[str, tuple[str, str]] = {}


def _add(entries: dict[str, tuple[str, str]]) -> None:
    MESSAGES.update(entries)


_add(
    {
        "app.name": ("Coffee Mug", "Coffee Mug"),
        "app.tagline": ("News that fits you", "Nachrichten, die zu dir passen"),
        "nav.feed": ("My feed", "Mein Feed"),
        "nav.saved": ("Saved", "Gemerkt"),
        "nav.settings": ("My Coffee Mug", "Mein Coffee Mug"),
        "nav.learned": ("What the feed learned", "Was der Feed gelernt hat"),
        "nav.desk": ("Editors' desk", "Redaktion"),
        "nav.analytics": ("Analytics", "Analysen"),
        "nav.main": ("Main navigation", "Hauptnavigation"),
        "nav.skip": ("Skip to content", "Zum Inhalt springen"),
        "nav.language": ("Language", "Sprache"),
        "nav.switch_user": ("Switch person", "Person wechseln"),
        "nav.signed_in_as": ("Signed in as {name}", "Angemeldet als {name}"),
        "nav.not_signed_in": ("Not signed in", "Nicht angemeldet"),
        "lang.de": ("Deutsch", "Deutsch"),
        "lang.en": ("English", "English"),
        "footer.privacy": (
            "Your reading is pseudonymous. Editors see totals only, never who read what.",
            "Dein Leseverhalten ist pseudonym. Die Redaktion sieht nur Summen, nie wer was las.",
        ),
    }
)


def language_of(value: str | None) -> str | None:
    if value and value[:2].lower() in LANGUAGES:
        return value[:2].lower()
    return None


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


def translate(lang: str, key: str, **values: object) -> str:
    entry = MESSAGES.get(key)
    if entry is None:
        return f"{MISSING_MARK}{key}]]"
    text = entry[1] if lang == "de" else entry[0]
    return text.format(**values) if values else text


def translator(lang: str) -> Callable[..., str]:
    def t(key: str, **values: object) -> str:
        return translate(lang, key, **values)

    return t


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
        return format_percent(value, format="#,##0.0 %", locale=self.locale)
