"""Training for corporate influencers: short lessons on what makes a good post, in German and
English, and example posts with the coach's explanation (computed by the coach itself)."""

from __future__ import annotations

from dataclasses import dataclass

from coffeemug.advocacy.coach import coach

TOPIC_ID = "corporate-influencers"
TOPIC_NAMES = {"de": "Corporate Influencer", "en": "Corporate influencers"}


@dataclass(frozen=True)
class Lesson:
    key: str
    language: str
    title: str
    summary: str
    body: str


LESSONS = (
    Lesson(
        "good-post",
        "en",
        "What makes a good post",
        "Five habits of posts that colleagues and customers actually read.",
        "1. **Start with a hook.** The first line is all most people see: a question, a number, "
        "or what surprised you.\n"
        "2. **Say it in your own words.** Suggested captions are a start, not the post. Identical "
        "copy from many colleagues looks staged.\n"
        '3. **Write as yourself.** "I" and "we": what does this mean to you, your team, '
        "your customers?\n"
        "4. **Ask something.** A question at the end invites comments, and comments carry a "
        "post further.\n"
        "5. **Keep it plain and short.** One to three hashtags, short sentences, the link at "
        "the end. The composer adds the link and the disclosure line for you.",
    ),
    Lesson(
        "good-post",
        "de",
        "Was einen guten Beitrag ausmacht",
        "Fünf Gewohnheiten von Beiträgen, die Kolleginnen, Kollegen und Kunden wirklich lesen.",
        "1. **Beginne mit einem Aufhänger.** Die erste Zeile ist oft alles, was man sieht: eine "
        "Frage, eine Zahl oder was dich überrascht hat.\n"
        "2. **Sag es in eigenen Worten.** Textvorschläge sind ein Anfang, nicht der Beitrag. "
        "Gleicher Text von vielen wirkt inszeniert.\n"
        "3. **Schreib als du selbst.** „Ich“ und „wir“: Was bedeutet das für dich, dein Team, "
        "eure Kunden?\n"
        "4. **Frag etwas.** Eine Frage am Ende lädt zu Kommentaren ein, und Kommentare tragen "
        "einen Beitrag weiter.\n"
        "5. **Bleib einfach und kurz.** Ein bis drei Hashtags, kurze Sätze, der Link am Ende. "
        "Link und Hinweiszeile fügt der Editor für dich an.",
    ),
    Lesson(
        "guidelines",
        "en",
        "Sharing within our business conduct guidelines",
        "What the guideline check looks for, and why nobody is ranked.",
        "Before a post goes out, the composer checks it against our business conduct "
        "guidelines: confidential information, forecasts of figures, customer names and "
        "personal data. A warning shows the words and links the clause; a blocking rule stops "
        "the post.\n\n"
        "While a topic is in crisis mode, sharing its articles pauses; links already posted "
        "keep working.\n\n"
        "What your shares achieve is yours: only you see your clicks. Editors see totals of at "
        "least five colleagues, managers nothing per person, and there is no leaderboard.",
    ),
    Lesson(
        "guidelines",
        "de",
        "Teilen im Rahmen unserer Verhaltensrichtlinien",
        "Worauf die Richtlinienprüfung achtet und warum niemand gerankt wird.",
        "Bevor ein Beitrag rausgeht, prüft der Editor ihn gegen unsere Verhaltensrichtlinien: "
        "vertrauliche Informationen, Prognosen von Zahlen, Kundennamen und personenbezogene "
        "Daten. Eine Warnung zeigt die Wörter und verlinkt den Abschnitt; eine blockierende "
        "Regel hält den Beitrag auf.\n\n"
        "Solange ein Thema im Krisenmodus ist, ruht das Teilen seiner Artikel; bereits "
        "gepostete Links funktionieren weiter.\n\n"
        "Was deine Beiträge erreichen, gehört dir: Nur du siehst deine Klicks. Die Redaktion "
        "sieht Summen über mindestens fünf Kolleginnen und Kollegen, Führungskräfte nichts pro "
        "Person, und es gibt keine Rangliste.",
    ),
)

EXAMPLES = {
    "en": (
        (
            "good",
            "Proud moment: 300 colleagues now work in a plant that runs on sunshine!\n\n"
            "I visited Leipzig last month and the team was buzzing. What should run on solar "
            "next? #Solar #Leipzig",
        ),
        (
            "weak",
            "The new plant in Leipzig runs entirely on solar power and employs 300 people.",
        ),
    ),
    "de": (
        (
            "good",
            "Stolz: 300 Kolleginnen und Kollegen arbeiten jetzt in einem Werk, das mit Sonne "
            "läuft!\n\nIch war letzten Monat in Leipzig. Was sollte als Nächstes mit "
            "Sonnenstrom laufen? #Solar #Leipzig",
        ),
        (
            "weak",
            "Die Umstellung sämtlicher Produktionsanlagen des Standortes Leipzig auf "
            "Solarenergie erfolgte planmäßig unter Berücksichtigung regulatorischer "
            "Rahmenbedingungen.",
        ),
    ),
}
EXAMPLE_TITLES = {
    "en": (
        "Good and weak posts, explained by the coach",
        "Two posts about one article, and what the post coach says about each.",
    ),
    "de": (
        "Gute und schwache Beiträge, vom Coach erklärt",
        "Zwei Beiträge zu einem Artikel und was der Beitrags-Coach zu jedem sagt.",
    ),
}
_LABELS = {
    "good": {"en": "A good post", "de": "Ein guter Beitrag"},
    "weak": {"en": "A weak post", "de": "Ein schwacher Beitrag"},
    "score": {"en": "Coach score", "de": "Coach-Wertung"},
    "all": {"en": "Passes every check.", "de": "Besteht jede Prüfung."},
}


def example_lesson(language: str) -> Lesson:
    """The example posts with the coach's score and tips, as the coach gives them today."""
    parts = []
    for kind, text in EXAMPLES[language]:
        result = coach(text, "linkedin", language, link_added=kind == "good")
        quoted = "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))
        tips = "\n".join(f"- **{t.message}** {t.reason}" for t in result.tips)
        parts.append(
            f"## {_LABELS[kind][language]}\n\n{quoted}\n\n"
            f"**{_LABELS['score'][language]}: {result.score} / 100**\n\n"
            f"{tips or _LABELS['all'][language]}"
        )
    title, summary = EXAMPLE_TITLES[language]
    return Lesson("examples", language, title, summary, "\n\n".join(parts))


def lessons() -> list[Lesson]:
    return [*LESSONS, example_lesson("en"), example_lesson("de")]
