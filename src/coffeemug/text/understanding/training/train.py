"""``coffeemug text train``: rebuild the shipped model files from the labelled data.

Reads (never copies) ``sentiment_xlmt/{german,english}`` and ``germeval2018`` from the data
folder, builds lexicon, vocabularies and the three stacked heads, reports figures and writes
``models/``. With moderators' decisions, the new model replaces the old one only if it is not
worse on the held-out decisions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from time import perf_counter

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from threadpoolctl import threadpool_limits

from coffeemug.text.embeddings import Encoder
from coffeemug.text.understanding.analysis import TextUnderstanding
from coffeemug.text.understanding.features import (
    Lexicon,
    Vocabulary,
    char_ngrams,
    normalise,
    word_ngrams,
)
from coffeemug.text.understanding.heads import Scaler
from coffeemug.text.understanding.metrics import accuracy, macro_f1
from coffeemug.text.understanding.model import Models
from coffeemug.text.understanding.training.data import (
    OFFENSE,
    OFFENSE_KINDS,
    SENTIMENTS,
    Example,
    read_germeval,
    read_xlmt,
)
from coffeemug.text.understanding.training.fit import (
    ALL_BASES,
    CROSS_LINGUAL,
    GroupSpec,
    fit_head,
)

XLMT = "sentiment_xlmt"
GERMEVAL = "germeval2018/germeval2018.training.txt"
MIN_DF = {"char": 3, "word": 2}
Step = Callable[[str], None]


class CachingEncoder:
    """Embeds each distinct text once per training run (folds and heads share texts)."""

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self.dim = encoder.dim
        self._cache: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        todo = sorted({t for t in texts if t not in self._cache})
        for start in range(0, len(todo), 512):
            batch = todo[start : start + 512]
            self._cache.update(zip(batch, self.encoder.encode(batch), strict=True))
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.vstack([self._cache[t] for t in texts])


@dataclass
class Corpus:
    train: list[Example]
    held_out: dict[str, list[Example]] = field(default_factory=dict)  # name -> examples
    sources: list[str] = field(default_factory=list)


def load_corpus(data_dir: Path, fit_on_val: bool) -> Corpus:
    """Both sentiment languages (train, and val when ``fit_on_val``) and GermEval 2018."""
    corpus = Corpus(train=[])
    for folder in ("german", "english"):
        directory = data_dir / XLMT / folder
        corpus.train += read_xlmt(directory, "train")
        corpus.sources.append(f"{XLMT}/{folder}/train")
        val = read_xlmt(directory, "val")
        if fit_on_val:
            corpus.train += val
            corpus.sources.append(f"{XLMT}/{folder}/val")
        else:
            corpus.held_out[f"sentiment {folder} val"] = val
    corpus.train += read_germeval(data_dir / GERMEVAL)
    corpus.sources.append(GERMEVAL)
    return corpus


def _vocabulary(
    texts: Sequence[str], analyzer: Callable[[str], list[str]], min_df: int
) -> Vocabulary:
    vectorizer = TfidfVectorizer(analyzer=analyzer, min_df=min_df, sublinear_tf=True)
    vectorizer.fit(texts)
    terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    return Vocabulary(terms, vectorizer.idf_)


def _groups(
    languages: np.ndarray, full: dict[str, Sequence[str]], fallback: Sequence[str], y: np.ndarray
) -> dict[str, GroupSpec]:
    """One meta model per listed language that has every class, and 'other' over all rows."""
    groups = {}
    for language, bases in full.items():
        rows = languages == language
        if len(np.unique(y[rows])) == len(np.unique(y)):
            groups[language] = GroupSpec(tuple(bases), rows)
    groups["other"] = GroupSpec(tuple(fallback), np.ones(len(y), dtype=bool))
    return groups


def fit_models(
    examples: Sequence[Example],
    lexicon: Lexicon,
    encoder: Encoder,
    step: Step | None = None,
    heads: Sequence[str] = ("sentiment", "offense", "offense_kind"),
) -> tuple[Models, dict[str, dict[str, float]]]:
    """All shipped parts from labelled examples; returns the models and out-of-fold macro-F1
    per head and language group (offsets tuned on the same predictions: a slight optimism)."""
    # Single-threaded BLAS: the fits are small, and extra threads only spin on a busy machine.
    with threadpool_limits(limits=1):
        return _fit_models(examples, lexicon, encoder, step, heads)


def _fit_models(
    examples: Sequence[Example],
    lexicon: Lexicon,
    encoder: Encoder,
    step: Step | None,
    heads: Sequence[str],
) -> tuple[Models, dict[str, dict[str, float]]]:
    texts = [normalise(e.text) for e in examples]
    vocabularies = {
        "char": _vocabulary(texts, char_ngrams, MIN_DF["char"]),
        "word": _vocabulary(texts, word_ngrams, MIN_DF["word"]),
    }
    raw = lexicon.features(texts)
    scaler = Scaler(raw.mean(axis=0), np.where(raw.std(axis=0) > 0, raw.std(axis=0), 1.0))
    models = Models("", vocabularies, lexicon, scaler, {}, {})
    features = models.featurise(texts, encoder)
    if step:
        step("features")
    fitted, figures = {}, {}
    for head in heads:
        rows, y, classes, full, fallback = _head_data(head, examples)
        part = features.subset(rows)
        languages = np.array([examples[i].language for i in rows])
        groups = _groups(languages, full, fallback, y)
        fitted[head], figures[head] = fit_head(head, classes, part, y, groups, scaler, step=step)
    models.heads = fitted
    return models, figures


def _head_data(
    head: str, examples: Sequence[Example]
) -> tuple[np.ndarray, np.ndarray, tuple[str, ...], dict[str, Sequence[str]], Sequence[str]]:
    if head == "sentiment":
        rows = [i for i, e in enumerate(examples) if e.task == "sentiment"]
        y = [examples[i].label for i in rows]
        return (
            np.array(rows),
            np.array(y),
            SENTIMENTS,
            {"de": ALL_BASES, "en": ALL_BASES},
            ALL_BASES,
        )
    if head == "offense":
        rows = [i for i, e in enumerate(examples) if e.task == "offense"]
        y = [examples[i].label for i in rows]
        return np.array(rows), np.array(y), OFFENSE, {"de": ALL_BASES}, CROSS_LINGUAL
    rows = [i for i, e in enumerate(examples) if e.task == "offense" and e.kind is not None]
    y = [examples[i].kind for i in rows]
    return np.array(rows), np.array(y), OFFENSE_KINDS, {"de": ALL_BASES}, CROSS_LINGUAL


@dataclass(frozen=True)
class Score:
    task: str
    language: str
    macro_f1: float
    accuracy: float
    items: int
    items_per_s: float

    def as_dict(self) -> dict[str, object]:
        return {
            "task": self.task,
            "language": self.language,
            "macro_f1": round(self.macro_f1, 2),
            "accuracy": round(self.accuracy, 2),
            "items": self.items,
            "items_per_s": round(self.items_per_s, 1),
        }


def predict_labels(
    understanding: TextUnderstanding, examples: Sequence[Example], target: str, timed: bool
) -> tuple[np.ndarray, float]:
    """Predicted class indices for ``target`` ("sentiment", "offense" or "offense_kind")
    through the product's own path, and (when ``timed``) the throughput of the full
    ``analyse`` in texts/s."""
    texts = [e.text for e in examples]
    languages: list[str | None] = [e.language for e in examples]
    elapsed = 0.0
    if timed:
        started = perf_counter()
        understanding.analyse(texts, languages)
        elapsed = perf_counter() - started
    predictions = []
    for start in range(0, len(texts), 256):
        _, _, _, probs = understanding.probabilities(
            texts[start : start + 256], languages[start : start + 256]
        )
        predictions.append(probs[target].argmax(axis=1))
    labels = np.concatenate(predictions) if predictions else np.zeros(0, dtype=int)
    return labels, len(texts) / elapsed if elapsed > 0 else 0.0


def score(
    understanding: TextUnderstanding,
    examples: Sequence[Example],
    target: str,
    language: str,
    timed: bool = True,
) -> Score:
    gold = np.array([e.kind if target == "offense_kind" else e.label for e in examples])
    predicted, speed = predict_labels(understanding, examples, target, timed)
    task = "sentiment" if target == "sentiment" else "abuse"
    return Score(
        task, language, macro_f1(gold, predicted), accuracy(gold, predicted), len(gold), speed
    )
