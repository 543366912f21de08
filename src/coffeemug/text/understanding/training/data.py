"""Readers for the training and evaluation files and for moderators' decisions.

Every reader names the file and line of a malformed row (``DataFileError``, exit code 2).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from coffeemug.errors import DataFileError

SENTIMENTS = ("negative", "neutral", "positive")
OFFENSE = ("other", "offense")
OFFENSE_KINDS = ("other", "abuse", "insult", "profanity")
XLMT_LANGUAGES = {"german": "de", "english": "en"}
# Decisions whose text hashes into this share are held out to compare old and new model.
DECISION_HOLDOUT = 0.2


@dataclass(frozen=True)
class Example:
    """One labelled text. ``label`` indexes the task's classes; for offence, ``kind`` indexes
    OFFENSE_KINDS or is None where only offensive / not offensive is known."""

    text: str
    language: str
    task: str  # "sentiment" or "offense"
    label: int
    kind: int | None = None


def _lines(path: Path) -> list[str]:
    if not path.is_file():
        raise DataFileError(str(path), "file not found")
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    return lines[:-1] if text.endswith("\n") else lines


def read_xlmt(directory: Path, split: str, language: str | None = None) -> list[Example]:
    """``DIR/{split}_text.txt`` and ``DIR/{split}_labels.txt`` (0 negative, 1 neutral,
    2 positive)."""
    texts = _lines(directory / f"{split}_text.txt")
    labels_path = directory / f"{split}_labels.txt"
    labels = _lines(labels_path)
    if len(texts) != len(labels):
        raise DataFileError(str(labels_path), f"{len(labels)} labels for {len(texts)} texts")
    language = language or XLMT_LANGUAGES.get(directory.name, "und")
    examples = []
    for number, (text, label) in enumerate(zip(texts, labels, strict=True), start=1):
        if label.strip() not in ("0", "1", "2"):
            raise DataFileError(str(labels_path), f"label {label!r} is not 0, 1 or 2", number)
        examples.append(Example(text, language, "sentiment", int(label)))
    return examples


def read_germeval(path: Path) -> list[Example]:
    """GermEval 2018 lines ``text<TAB>coarse<TAB>fine``: coarse OTHER/OFFENSE, fine
    OTHER/ABUSE/INSULT/PROFANITY."""
    examples = []
    for number, line in enumerate(_lines(path), start=1):
        parts = line.split("\t")
        if len(parts) != 3:
            raise DataFileError(str(path), "expected text<TAB>coarse<TAB>fine", number)
        text, coarse, fine = parts[0], parts[1].strip().lower(), parts[2].strip().lower()
        if coarse not in OFFENSE or fine not in OFFENSE_KINDS:
            raise DataFileError(str(path), f"labels {parts[1]!r}, {parts[2]!r} unknown", number)
        if (coarse == "other") != (fine == "other"):
            detail = f"coarse {parts[1]!r} contradicts fine {parts[2]!r}"
            raise DataFileError(str(path), detail, number)
        examples.append(
            Example(text, "de", "offense", OFFENSE.index(coarse), OFFENSE_KINDS.index(fine))
        )
    return examples


# A moderator's decision: {"text": ..., "language": "de", "task": ..., "label": ...}.
DECISION_LABELS = {
    "sentiment": {name: (i, None) for i, name in enumerate(SENTIMENTS)},
    "abuse": {
        "none": (0, 0),
        "offensive": (1, None),
        "abuse": (1, 1),
        "insult": (1, 2),
        "profanity": (1, 3),
    },
}


def read_decisions(path: Path) -> list[Example]:
    """Moderators' decisions as JSON Lines (format in docs/models.md)."""
    examples = []
    for number, line in enumerate(_lines(path), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            text, language, task, label = (
                row["text"],
                row.get("language") or "und",
                row["task"],
                row["label"],
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise DataFileError(str(path), f"not a decision ({exc})", number) from exc
        if task not in DECISION_LABELS or label not in DECISION_LABELS[task]:
            choices = ", ".join(f"{t}: {'/'.join(v)}" for t, v in DECISION_LABELS.items())
            raise DataFileError(str(path), f"task/label {task!r}/{label!r}; use {choices}", number)
        if not isinstance(text, str) or not isinstance(language, str):
            raise DataFileError(str(path), "text and language must be strings", number)
        index, kind = DECISION_LABELS[task][label]
        examples.append(
            Example(text, language, "sentiment" if task == "sentiment" else "offense", index, kind)
        )
    return examples


def is_held_out(example: Example) -> bool:
    """Stable split of decisions: the same text is always on the same side."""
    digest = hashlib.sha256(example.text.encode()).digest()
    return int.from_bytes(digest[:4], "big") < DECISION_HOLDOUT * 2**32
