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


def add_messages(entries: dict[str, tuple[str, str]]) -> None:
    """Register (English, German) texts; other modules' pages add their own keys this way."""
    clash = sorted(k for k, v in entries.items() if k in MESSAGES and MESSAGES[k] != v)
    if clash:
        raise ValueError(f"interface text keys defined twice: {', '.join(clash)}")
    MESSAGES.update(entries)


add_messages(
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


def plural_translator(lang: str) -> Callable[..., str]:
    """``tn(key, count, n=...)``: the ``key.one`` text when count is 1 (both languages put
    the singular only there), else ``key``."""

    def tn(key: str, count: int, **values: object) -> str:
        chosen = f"{key}.one" if count == 1 and f"{key}.one" in MESSAGES else key
        return translate(lang, chosen, **values)

    return tn


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


add_messages(
    {
        "role.reader": ("Employee", "Mitarbeiter:in"),
        "role.editor": ("Editor", "Redaktion"),
        "role.moderator": ("Moderator", "Moderation"),
        "role.analyst": ("Analyst", "Analyse"),
        "role.admin": ("Admin", "Admin"),
        "login.title": ("Who are you?", "Wer bist du?"),
        "login.lead": (
            "This is the demo: pick an employee to see their personal feed.",
            "Das ist die Demo: Wähle eine Person, um ihren persönlichen Feed zu sehen.",
        ),
        "login.search": ("Search by id or name", "Nach ID oder Name suchen"),
        "login.search_button": ("Search", "Suchen"),
        "login.staff": ("Newsroom staff", "Redaktionsteam"),
        "login.employees": ("Employees", "Mitarbeitende"),
        "login.nobody": ("Nobody matches that search.", "Niemand passt zu dieser Suche."),
        "login.sso_title": ("Single sign-on", "Single Sign-on"),
        "login.sso_help": (
            "You are signed in through the company portal. Open Coffee Mug from there.",
            "Die Anmeldung erfolgt über das Firmenportal. Öffne Coffee Mug von dort.",
        ),
        "error.detail": ("Details", "Details"),
        "error.home": ("Go to my feed", "Zu meinem Feed"),
        "error.bad_request": ("That request did not work", "Diese Anfrage hat nicht geklappt"),
        "error.bad_request.help": (
            "Something in the request was not right. Please go back and try again.",
            "Etwas an der Anfrage stimmte nicht. Bitte geh zurück und versuche es erneut.",
        ),
        "error.csrf": ("This form has expired", "Dieses Formular ist abgelaufen"),
        "error.csrf.help": (
            "The form was too old or was changed on the way. Reload the page and send it again; "
            "nothing was saved.",
            "Das Formular war zu alt oder wurde unterwegs verändert. Lade die Seite neu und "
            "sende es noch einmal; es wurde nichts gespeichert.",
        ),
        "error.not_authenticated": ("Please sign in", "Bitte anmelden"),
        "error.not_authenticated.help": (
            "We could not tell who you are.",
            "Wir konnten nicht feststellen, wer du bist.",
        ),
        "error.forbidden": ("Not allowed", "Nicht erlaubt"),
        "error.forbidden.help": (
            "This page is for people with another role.",
            "Diese Seite ist für Personen mit einer anderen Rolle.",
        ),
        "error.not_found": ("Not found", "Nicht gefunden"),
        "error.not_found.help": (
            "This page or article does not exist (any more).",
            "Diese Seite oder dieser Artikel existiert nicht (mehr).",
        ),
        "error.conflict": ("Changed in the meantime", "Inzwischen geändert"),
        "error.conflict.help": (
            "Someone changed this at the same time. Reload and try again.",
            "Jemand hat das gleichzeitig geändert. Neu laden und erneut versuchen.",
        ),
        "error.too_large": ("Too large", "Zu groß"),
        "error.too_large.help": ("What you sent is too large.", "Das Gesendete ist zu groß."),
        "error.invalid": ("Invalid input", "Ungültige Eingabe"),
        "error.invalid.help": (
            "Some of the values were not valid.",
            "Einige Werte waren nicht gültig.",
        ),
        "error.unexpected": ("Something went wrong", "Etwas ist schiefgelaufen"),
        "error.unexpected.help": (
            "An unexpected error happened; it has been logged. Please try again later.",
            "Ein unerwarteter Fehler ist aufgetreten und wurde protokolliert. Bitte später "
            "erneut versuchen.",
        ),
    }
)


add_messages(
    {
        "desk.title": ("Editors' desk", "Redaktionsdesk"),
        "desk.lead": (
            "Your articles with their first numbers. Totals only; articles seen by fewer than "
            "{k} people show no figures.",
            "Deine Artikel mit ersten Zahlen. Nur Summen; bei weniger als {k} erreichten "
            "Personen werden keine Zahlen gezeigt.",
        ),
        "desk.new": ("New article", "Neuer Artikel"),
        "desk.pages": ("Pages", "Seiten"),
        "desk.newer": ("Newer", "Neuere"),
        "desk.older": ("Older", "Ältere"),
        "desk.page_of": (
            "Page {page} of {pages} ({total} articles)",
            "Seite {page} von {pages} ({total} Artikel)",
        ),
        "desk.edit": ("Edit article", "Artikel bearbeiten"),
        "desk.saved": ("Saved.", "Gespeichert."),
        "desk.mine": ("Show only my articles", "Nur meine Artikel zeigen"),
        "desk.all": ("Show all newsroom articles", "Alle Artikel der Redaktion zeigen"),
        "desk.table_caption": ("Articles and their numbers", "Artikel und ihre Zahlen"),
        "desk.col.title": ("Article", "Artikel"),
        "desk.col.status": ("Status", "Status"),
        "desk.col.impressions": ("Impressions", "Impressionen"),
        "desk.col.readers": ("Unique readers", "Leser:innen"),
        "desk.col.open_rate": ("Open rate", "Öffnungsrate"),
        "desk.col.likes": ("Likes", "Likes"),
        "desk.col.dismissals": ("Not interested", "Kein Interesse"),
        "desk.col.ack_rate": ("Acknowledged", "Bestätigt"),
        "desk.must_read": ("Must read", "Pflichtlektüre"),
        "desk.status.draft": ("Draft", "Entwurf"),
        "desk.status.published": ("Published", "Veröffentlicht"),
        "desk.status.archived": ("Archived", "Archiviert"),
        "desk.status.scheduled": ("Scheduled", "Geplant"),
        "desk.too_few": (
            "Fewer than {k} people reached: no figures shown.",
            "Weniger als {k} Personen erreicht: keine Zahlen.",
        ),
        "desk.empty": (
            "You have not written any articles yet.",
            "Du hast noch keine Artikel geschrieben.",
        ),
        "desk.fix_errors": (
            "Please correct the fields marked below.",
            "Bitte korrigiere die unten markierten Felder.",
        ),
        "desk.confirm_title": ("Publish this article?", "Diesen Artikel veröffentlichen?"),
        "desk.confirm_help": (
            "Check the audience and the preview below, then confirm.",
            "Prüfe Zielgruppe und Vorschau unten und bestätige dann.",
        ),
        "desk.confirm_publish": ("Yes, publish", "Ja, veröffentlichen"),
        "desk.reach": (
            "This audience reaches {n} employees.",
            "Diese Zielgruppe erreicht {n} Mitarbeitende.",
        ),
        "desk.reach.one": (
            "This audience reaches {n} employee.",
            "Diese Zielgruppe erreicht {n} Person.",
        ),
        "desk.reach.few": (
            "This audience reaches fewer than {k} employees.",
            "Diese Zielgruppe erreicht weniger als {k} Mitarbeitende.",
        ),
        "desk.preview": ("Preview", "Vorschau"),
        "desk.publish": ("Publish…", "Veröffentlichen…"),
        "desk.save_draft": ("Save as draft", "Als Entwurf speichern"),
        "desk.field.title": ("Title", "Titel"),
        "desk.field.summary": ("Summary", "Zusammenfassung"),
        "desk.field.body": ("Text", "Text"),
        "desk.field.body_hint": (
            "Markdown: **bold**, *italic*, # heading, - list, [link](https://…)",
            "Markdown: **fett**, *kursiv*, # Überschrift, - Liste, [Link](https://…)",
        ),
        "desk.field.language": ("Article language", "Sprache des Artikels"),
        "desk.field.publish_at": ("Publish at (UTC)", "Veröffentlichen am (UTC)"),
        "desk.field.publish_hint": ("Empty means now.", "Leer bedeutet sofort."),
        "desk.field.expires_at": ("Expires at (UTC, optional)", "Läuft ab am (UTC, optional)"),
        "desk.field.topics": ("Topics", "Themen"),
        "desk.field.audience": ("Audience", "Zielgruppe"),
        "desk.field.audience_hint": (
            "Nothing ticked in a group means everyone in it.",
            "Nichts angekreuzt in einer Gruppe bedeutet alle.",
        ),
        "desk.field.regions": ("Regions", "Regionen"),
        "desk.field.units": ("Business units", "Geschäftsbereiche"),
        "desk.field.languages": ("Languages", "Sprachen"),
        "desk.field.options": ("Options", "Optionen"),
        "desk.field.must_read": (
            "Must read (shown first until acknowledged)",
            "Pflichtlektüre (zuerst gezeigt, bis bestätigt)",
        ),
        "desk.field.shareable": ("May be shared", "Darf geteilt werden"),
        "desk.error.title_empty": ("Please enter a title.", "Bitte einen Titel eingeben."),
        "desk.error.title_long": (
            "The title is too long (at most 200 characters).",
            "Der Titel ist zu lang (höchstens 200 Zeichen).",
        ),
        "desk.error.summary_long": (
            "The summary is too long (at most 1,000 characters).",
            "Die Zusammenfassung ist zu lang (höchstens 1.000 Zeichen).",
        ),
        "desk.error.body_long": (
            "The text is too long (at most 200,000 characters).",
            "Der Text ist zu lang (höchstens 200.000 Zeichen).",
        ),
        "desk.error.language": ("Choose German or English.", "Wähle Deutsch oder Englisch."),
        "desk.error.topics_empty": ("Choose at least one topic.", "Wähle mindestens ein Thema."),
        "desk.error.topics_many": ("Choose at most 10 topics.", "Wähle höchstens 10 Themen."),
        "desk.error.topic_unknown": (
            "One of the topics does not exist.",
            "Eines der Themen existiert nicht.",
        ),
        "desk.error.time": (
            "Enter a date and time like 2026-03-01T09:00.",
            "Gib Datum und Uhrzeit ein, z. B. 2026-03-01T09:00.",
        ),
        "desk.error.expiry_before": (
            "The expiry must come after the publish time.",
            "Das Ablaufdatum muss nach der Veröffentlichung liegen.",
        ),
        "desk.error.audience_nobody": (
            "This audience matches no employee. Widen it.",
            "Diese Zielgruppe trifft niemanden. Bitte erweitern.",
        ),
        "desk.error.invalid": ("This value is not valid.", "Dieser Wert ist ungültig."),
    }
)


add_messages(
    {
        "feedback.error": (
            "That did not work. Please try again.",
            "Das hat nicht geklappt. Bitte erneut versuchen.",
        ),
        "feed.title": ("My feed", "Mein Feed"),
        "feed.hello": ("Good to see you, {name}", "Schön, dass du da bist, {name}"),
        "feed.lead": ("Your news for {date}.", "Deine Nachrichten für {date}."),
        "feed.must_read": ("Must read", "Pflichtlektüre"),
        "feed.welcome": (
            "Your feed is ready. Like what helps you and hide what does not: it learns from both.",
            "Dein Feed ist bereit. Markiere, was dir hilft, und blende aus, was nicht: "
            "er lernt aus beidem.",
        ),
        "feed.why_help": (
            "Your feed combines the topics you follow, what you liked or dismissed, what "
            "colleagues read, and freshness.",
            "Dein Feed kombiniert die Themen, denen du folgst, was dir gefiel oder nicht, "
            "was Kolleg:innen lesen, und Aktualität.",
        ),
        "feed.why_link": ("See what the feed learned", "Ansehen, was der Feed gelernt hat"),
        "feed.acknowledge": ("I have read this", "Gelesen und verstanden"),
        "feed.acknowledged": ("Thanks, noted as read.", "Danke, als gelesen vermerkt."),
        "feed.open": ("Read", "Lesen"),
        "feed.like": ("Like", "Gefällt mir"),
        "feed.liked": ("Liked. You will see more like this.", "Gefällt dir. Du siehst mehr davon."),
        "feed.save": ("Save", "Merken"),
        "feed.saved": ("Saved for later.", "Für später gemerkt."),
        "feed.share": ("Share", "Teilen"),
        "feed.shared": ("Link copied.", "Link kopiert."),
        "feed.not_interested": ("Not interested", "Kein Interesse"),
        "feed.dismiss": ("Hide this", "Ausblenden"),
        "feed.dismissed": (
            "Hidden. You will see less like this.",
            "Ausgeblendet. Du siehst weniger davon.",
        ),
        "feed.dismiss_reason": ("Why? (optional)", "Warum? (optional)"),
        "feed.reason.none": ("No reason given", "Ohne Angabe"),
        "feed.reason.topic": ("Not my topic", "Nicht mein Thema"),
        "feed.reason.seen": ("Already seen", "Schon gesehen"),
        "feed.reason.irrelevant": ("Not relevant for me", "Für mich nicht relevant"),
        "feed.reason.too_many": ("Too much of this", "Zu viel davon"),
        "feed.budget_used": (
            "That was today's {n} items.",
            "Das waren deine {n} Beiträge für heute.",
        ),
        "feed.budget_help": (
            "You chose how much news you get per day in My Coffee Mug.",
            "Wie viele Nachrichten du pro Tag bekommst, legst du in Mein Coffee Mug fest.",
        ),
        "feed.show_more": ("Show more anyway", "Trotzdem mehr zeigen"),
        "feed.empty_title": ("Nothing new for you right now", "Gerade nichts Neues für dich"),
        "feed.empty_help": (
            "Follow a few more topics or add a language, and your feed fills up.",
            "Folge ein paar weiteren Themen oder ergänze eine Sprache, dann füllt sich dein Feed.",
        ),
        "feed.empty_settings": ("Choose topics", "Themen wählen"),
        "feed.you_follow": ("You follow", "Du folgst"),
        "feed.volume_is": ("Up to {n} items a day.", "Bis zu {n} Beiträge pro Tag."),
        "feed.change_settings": ("Change", "Ändern"),
        "article.related": ("Related articles", "Ähnliche Artikel"),
        "article.no_related": ("No related articles yet.", "Noch keine ähnlichen Artikel."),
        "saved.title": ("Saved articles", "Gemerkte Artikel"),
        "saved.empty": (
            "Nothing saved yet. Use ☆ Save on any article to keep it here.",
            "Noch nichts gemerkt. Mit ☆ Merken landet ein Artikel hier.",
        ),
        "saved.saved_on": ("Saved {date}", "Gemerkt am {date}"),
        "settings.title": ("My Coffee Mug", "Mein Coffee Mug"),
        "settings.lead": (
            "You decide which news you get and how much.",
            "Du entscheidest, welche Nachrichten du bekommst und wie viele.",
        ),
        "settings.saved": ("Your settings are saved.", "Deine Einstellungen sind gespeichert."),
        "settings.topics": ("Topics", "Themen"),
        "settings.topics_hint": (
            "Follow what interests you; mute what you never want to see.",
            "Folge dem, was dich interessiert; stummschalten, was du nie sehen willst.",
        ),
        "settings.topic": ("Topic", "Thema"),
        "settings.follow": ("Follow", "Folgen"),
        "settings.mute": ("Mute", "Stumm"),
        "settings.locked": ("required", "Pflicht"),
        "settings.locked_help": (
            "Everyone receives this topic; it cannot be unfollowed or muted.",
            "Dieses Thema erhalten alle; es kann nicht abbestellt werden.",
        ),
        "settings.volume": ("Items per day", "Beiträge pro Tag"),
        "settings.volume.n": ("{n} a day", "{n} pro Tag"),
        "settings.volume.all": ("All", "Alle"),
        "settings.digest": ("E-mail digest", "E-Mail-Zusammenfassung"),
        "settings.digest.none": ("Never", "Nie"),
        "settings.digest.daily": ("Daily", "Täglich"),
        "settings.digest.weekly": ("Weekly", "Wöchentlich"),
        "settings.languages": ("Languages I read", "Sprachen, die ich lese"),
        "settings.save": ("Save settings", "Einstellungen speichern"),
        "settings.error.pick_topics": (
            "Pick at least one topic, or skip this step.",
            "Wähle mindestens ein Thema oder überspringe diesen Schritt.",
        ),
        "settings.error.languages": (
            "Choose at least one language.",
            "Wähle mindestens eine Sprache.",
        ),
        "settings.error.both": (
            "A topic cannot be followed and muted at the same time.",
            "Ein Thema kann nicht zugleich gefolgt und stummgeschaltet sein.",
        ),
        "settings.error.volume": ("Choose one of the amounts.", "Wähle eine der Mengen."),
        "settings.error.digest": ("Choose how often.", "Wähle, wie oft."),
        "settings.error.followed_topics": ("Check the topics.", "Prüfe die Themen."),
        "settings.error.muted_topics": ("Check the muted topics.", "Prüfe die Stummschaltungen."),
        "settings.error.form": ("Check your input.", "Prüfe deine Eingaben."),
        "onboarding.title": ("Welcome to Coffee Mug", "Willkommen bei Coffee Mug"),
        "onboarding.lead": (
            "Pick a few topics you care about. Your feed learns the rest as you read.",
            "Wähle ein paar Themen, die dich interessieren. Den Rest lernt dein Feed beim Lesen.",
        ),
        "onboarding.start": ("Start my feed", "Meinen Feed starten"),
        "onboarding.skip": ("Skip for now", "Später"),
        "learned.title": ("What the feed learned about me", "Was der Feed über mich gelernt hat"),
        "learned.lead": (
            "Only you see this page. Editors never see individual readers.",
            "Nur du siehst diese Seite. Die Redaktion sieht nie einzelne Leser:innen.",
        ),
        "learned.topics": ("Topic interests", "Interesse an Themen"),
        "learned.based_on": (
            "Based on {n} reactions.",
            "Beruht auf {n} Reaktionen.",
        ),
        "learned.based_on.one": ("Based on {n} reaction.", "Beruht auf {n} Reaktion."),
        "learned.updated": ("last change {date}", "zuletzt geändert {date}"),
        "learned.in_words": ("In words", "In Worten"),
        "learned.value": ("Value", "Wert"),
        "learned.nothing": (
            "Nothing learned yet. Like or hide a few articles and come back.",
            "Noch nichts gelernt. Markiere ein paar Artikel und schau wieder vorbei.",
        ),
        "learned.control": ("Your data", "Deine Daten"),
        "learned.reset_help": (
            "Forget what the feed learned. Your topics and settings stay.",
            "Vergessen, was der Feed gelernt hat. Deine Themen und Einstellungen bleiben.",
        ),
        "learned.reset": ("Reset what was learned", "Gelerntes zurücksetzen"),
        "learned.reset_done": (
            "Done: the feed starts learning afresh.",
            "Erledigt: Der Feed lernt von vorn.",
        ),
        "learned.export_help": (
            "Everything stored about you, as a JSON file.",
            "Alles, was über dich gespeichert ist, als JSON-Datei.",
        ),
        "learned.export": ("Download my data", "Meine Daten herunterladen"),
    }
)
