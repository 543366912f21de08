"""Fitting the stacked heads with scikit-learn; the result is plain numpy arrays.

Per head: five base models (encoder; encoder + lexicon; lexicon; character n-grams; word
n-grams), each a class-balanced logistic regression on all of the head's training texts, both
languages together. Their out-of-fold log-probabilities train one meta model per language
group, whose class offsets are then tuned on the meta model's own out-of-fold predictions to
maximise macro-F1.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from coffeemug.text.understanding.features import Features, Rows
from coffeemug.text.understanding.heads import (
    DENSE_VIEWS,
    FLOOR,
    Head,
    Linear,
    Scaler,
    Stack,
    dense_view,
    softmax,
)
from coffeemug.text.understanding.metrics import macro_f1

# Base model name -> (view, inverse regularisation C), chosen by cross-validation on train.
BASES: dict[str, tuple[str, float]] = {
    "emb": ("emb", 1.0),
    "emblex": ("emblex", 0.5),
    "lex": ("lex", 1.0),
    "char": ("char", 3.0),
    "word": ("word", 10.0),
}
ALL_BASES = tuple(BASES)
# Views that carry meaning across languages (the encoder is multilingual, the lexicon bilingual).
CROSS_LINGUAL = ("emb", "emblex", "lex")
META_C = 0.3
FOLDS = 5
SEED = 0
OFFSET_GRID = np.round(np.arange(-1.5, 1.51, 0.05), 2)


@dataclass(frozen=True)
class GroupSpec:
    """A language group's meta model: which base models it reads, which rows train it."""

    bases: tuple[str, ...]
    rows: np.ndarray  # boolean mask over the head's training rows


def design(features: Features, view: str, scaler: Scaler) -> np.ndarray | csr_matrix:
    if view in DENSE_VIEWS:
        return dense_view(features, view, scaler)
    rows: Rows = features.char if view == "char" else features.word
    return csr_matrix((rows.data, rows.indices, rows.indptr), shape=(len(rows), rows.width))


def _logistic(
    X: np.ndarray | csr_matrix,
    y: np.ndarray,
    c: float,
    n_classes: int,
    balanced: bool = True,
) -> Linear:
    model = LogisticRegression(
        C=c, max_iter=3000, class_weight="balanced" if balanced else None
    ).fit(X, y)
    coef, intercept = model.coef_.T, model.intercept_
    if n_classes == 2:  # scikit-learn keeps one column for two classes
        coef = np.hstack([np.zeros_like(coef), coef])
        intercept = np.array([0.0, intercept[0]])
    return Linear("", np.asarray(coef, np.float64), np.asarray(intercept, np.float64))


def _folds(y: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    splitter = StratifiedKFold(FOLDS, shuffle=True, random_state=SEED)
    return list(splitter.split(np.zeros(len(y)), y))


def _log_probs(linear: Linear, X: np.ndarray | csr_matrix) -> np.ndarray:
    return np.log(softmax(np.asarray(X @ linear.coef) + linear.intercept) + FLOOR)


def tune_offsets(probs: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per-class additive offsets on log-probabilities that maximise macro-F1 (coordinate
    ascent over a grid; ties keep the smaller offset, so the result is deterministic)."""
    logs = np.log(probs + 1e-12)
    offsets = np.zeros(probs.shape[1])
    best = macro_f1(y, logs.argmax(1))
    for _ in range(2):
        for k in range(1, probs.shape[1]):  # class 0 is the reference
            for value in OFFSET_GRID:
                trial = offsets.copy()
                trial[k] = value
                score = macro_f1(y, (logs + trial).argmax(1))
                if score > best + 1e-9:
                    best, offsets = score, trial
    return offsets


def fit_head(
    name: str,
    classes: Sequence[str],
    features: Features,
    y: np.ndarray,
    groups: Mapping[str, GroupSpec],
    scaler: Scaler,
    step: Callable[[str], None] | None = None,
) -> tuple[Head, dict[str, float]]:
    """Fits base and meta models; returns the head and out-of-fold macro-F1 per group."""
    k = len(classes)
    folds = _folds(y)
    bases: dict[str, Linear] = {}
    oof: dict[str, np.ndarray] = {}
    needed = sorted({b for spec in groups.values() for b in spec.bases}, key=ALL_BASES.index)
    for base in needed:
        view, c = BASES[base]
        X = design(features, view, scaler)
        oof[base] = np.zeros((len(y), k))
        for train, test in folds:
            oof[base][test] = _log_probs(_logistic(X[train], y[train], c, k), X[test])
        linear = _logistic(X, y, c, k)
        bases[base] = Linear(view, linear.coef, linear.intercept)
        if step:
            step(f"{name}: {base}")
    stacks, figures = {}, {}
    for group, spec in groups.items():
        Z = np.hstack([oof[b] for b in spec.bases])[spec.rows]
        yg = y[spec.rows]
        meta_oof = np.zeros((len(yg), k))
        for train, test in _folds(yg):
            meta = _logistic(Z[train], yg[train], META_C, k, balanced=False)
            meta_oof[test] = softmax(Z[test] @ meta.coef + meta.intercept)
        offsets = tune_offsets(meta_oof, yg)
        meta = _logistic(Z, yg, META_C, k, balanced=False)
        stacks[group] = Stack(spec.bases, meta.coef, meta.intercept, offsets)
        figures[group] = round(macro_f1(yg, (np.log(meta_oof + 1e-12) + offsets).argmax(1)), 2)
    return Head(name, tuple(classes), bases, stacks), figures
