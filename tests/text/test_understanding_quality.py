"""A small quality floor on hand-written comments (written for these tests, not taken from any
data set): clear cases must come out right."""

from __future__ import annotations

import pytest

from coffeemug.text.understanding import TextUnderstanding

SENTIMENT = {
    "de": [
        ("Großartige Arbeit, ich bin richtig begeistert von der neuen App!", "positive"),
        ("Vielen Dank für die schnelle Hilfe, das war super.", "positive"),
        ("Endlich Wochenende, ich freue mich riesig 😊", "positive"),
        ("Das neue Portal ist eine einzige Katastrophe, nichts funktioniert.", "negative"),
        ("Schon wieder Stau und ausgefallene Züge, ich bin total genervt.", "negative"),
        ("Die Entscheidung ist enttäuschend und völlig unverständlich.", "negative"),
        ("Die Betriebsversammlung findet am Donnerstag um 10 Uhr statt.", "neutral"),
        ("Der Bericht für das dritte Quartal liegt im Intranet.", "neutral"),
    ],
    "en": [
        ("What a fantastic event, I loved every minute of it!", "positive"),
        ("Thank you so much, this is really helpful and well done.", "positive"),
        ("So happy with the new office, it looks amazing 😍", "positive"),
        ("This update is terrible, nothing works and support is useless.", "negative"),
        ("I hate how slow and buggy the new system is.", "negative"),
        ("Really disappointed by this decision, it makes no sense.", "negative"),
        ("The town hall meeting starts at 10 am on Thursday.", "neutral"),
        ("The third quarter report is available on the intranet.", "neutral"),
    ],
}

OFFENSIVE_DE = [
    "Du bist so ein dummer Idiot, halt einfach die Fresse.",
    "Diese Vollidioten in der Chefetage sind zu blöd für alles.",
    "Was für ein erbärmlicher Haufen von Versagern und Schwachköpfen.",
]
HARMLESS_DE = [
    "Ich sehe das anders, die Zahlen sprechen gegen diesen Plan.",
    "Können wir die Präsentation bitte nächste Woche besprechen?",
    "Die Kritik am neuen Schichtmodell ist berechtigt, hier sind unsere Gründe.",
]


@pytest.mark.parametrize("language", ["de", "en"])
def test_sentiment_floor(understanding: TextUnderstanding, language: str) -> None:
    examples = SENTIMENT[language]
    results = understanding.analyse([t for t, _ in examples])
    correct = [r.sentiment == gold for r, (_, gold) in zip(results, examples, strict=True)]
    assert all(r.language == language for r in results)
    assert sum(correct) >= 6, [
        (t, r.sentiment) for r, (t, _) in zip(results, examples, strict=True)
    ]
    polar = [(r, gold) for r, (_, gold) in zip(results, examples, strict=True) if gold != "neutral"]
    # A positive comment is never read as negative, nor the other way round.
    assert all({r.sentiment, gold} != {"positive", "negative"} for r, gold in polar)


def test_insults_are_flagged_and_criticism_is_not(understanding: TextUnderstanding) -> None:
    offensive = understanding.analyse(OFFENSIVE_DE, language="de")
    harmless = understanding.analyse(HARMLESS_DE, language="de")
    assert all(r.abuse is not None for r in offensive), [r.abuse_score for r in offensive]
    assert all(r.abuse is None for r in harmless), [r.abuse_score for r in harmless]
    assert min(r.abuse_score for r in offensive) > max(r.abuse_score for r in harmless)
    assert any(
        (r.reasons and r.reasons[-1].startswith("offensive"))
        or any(x.startswith("offensive") for x in r.reasons)
        for r in offensive
    )
