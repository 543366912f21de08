"""Macro-F1 and accuracy (x100), in numpy, as the benchmarks and training report them."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def macro_f1(gold: Sequence[int] | np.ndarray, predicted: Sequence[int] | np.ndarray) -> float:
    """Mean F1 over the classes present in gold or predicted, x100."""
    gold, predicted = np.asarray(gold), np.asarray(predicted)
    scores = []
    for label in np.union1d(gold, predicted):
        tp = np.sum((gold == label) & (predicted == label))
        denominator = np.sum(gold == label) + np.sum(predicted == label)
        scores.append(2 * tp / denominator if denominator else 0.0)
    return 100.0 * float(np.mean(scores)) if scores else 0.0


def accuracy(gold: Sequence[int] | np.ndarray, predicted: Sequence[int] | np.ndarray) -> float:
    gold, predicted = np.asarray(gold), np.asarray(predicted)
    return 100.0 * float(np.mean(gold == predicted)) if len(gold) else 0.0
