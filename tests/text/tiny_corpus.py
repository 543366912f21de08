"""A tiny labelled corpus written for the tests (hand-made phrases, no real data), laid out
like the evaluation data folder: sentiment_xlmt/{german,english} and germeval2018."""

from __future__ import annotations

from itertools import product
from pathlib import Path

SUBJECTS = {
    "de": ["Das Essen", "Die neue App", "Der Workshop", "Das Meeting", "Die Schulung"],
    "en": ["The food", "The new app", "The workshop", "The meeting", "The training"],
}
PHRASES = {
    "de": {
        0: ["ist furchtbar schlecht", "war eine Katastrophe"],
        1: ["findet morgen statt", "ist im Intranet beschrieben"],
        2: ["ist wunderbar gut", "war einfach großartig"],
    },
    "en": {
        0: ["is awful and bad", "was a total disaster"],
        1: ["takes place tomorrow", "is described on the intranet"],
        2: ["is wonderful and good", "was simply great"],
    },
}
TARGETS = ["die Chefs", "der Vorstand", "die Kollegen", "die Leute da oben"]
OFFENSIVE = {
    "abuse": ["{} sind Abschaum und Pack", "{} gehören weggesperrt, dieses Gesindel"],
    "insult": ["{} sind dumme Idioten", "{} sind totale Vollpfosten"],
    "profanity": ["verdammte Scheiße, {} schon wieder", "so ein Mist, {} verdammt"],
}
HARMLESS = [
    "{} haben heute informiert",
    "{} laden zur Versammlung ein",
    "{} danken allen für die Arbeit",
    "{} stellen den Plan vor",
    "{} beantworten Fragen im Forum",
]


def sentiment_rows(language: str) -> list[tuple[str, int]]:
    rows = []
    for label, phrases in PHRASES[language].items():
        for subject, phrase in product(SUBJECTS[language], phrases):
            rows.append((f"{subject} {phrase}", label))
    return rows  # 10 per class


def write_corpus(root: Path) -> Path:
    for folder, language in (("german", "de"), ("english", "en")):
        directory = root / "sentiment_xlmt" / folder
        directory.mkdir(parents=True)
        rows = sentiment_rows(language)
        for split, part in (("train", rows), ("val", rows[::2])):
            (directory / f"{split}_text.txt").write_text(
                "".join(f"{t}\n" for t, _ in part), encoding="utf-8"
            )
            (directory / f"{split}_labels.txt").write_text(
                "".join(f"{y}\n" for _, y in part), encoding="utf-8"
            )
    lines = []
    for kind, templates in OFFENSIVE.items():
        for template, target in product(templates, TARGETS):
            lines.append(f"{template.format(target)}\tOFFENSE\t{kind.upper()}")
    for template, target in product(HARMLESS, TARGETS):
        lines.append(f"{template.format(target)}\tOTHER\tOTHER")
    germeval = root / "germeval2018"
    germeval.mkdir()
    (germeval / "germeval2018.training.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root
