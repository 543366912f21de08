"""Ranking metrics as the official MIND scorer defines them, averaged per impression.

Per impression: AUC (area under the ROC curve, ties counted half), MRR (sum of label / rank
over the ranking, divided by the number of clicks), nDCG@k (gain ``2**label - 1``, discount
``log2(rank + 1)``, normalised by the ideal order). Impressions without a click or without a
non-click carry no AUC information and are skipped, as the scorer cannot score them either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

METRICS = ("auc", "mrr", "ndcg5", "ndcg10")


def _ranks_with_ties(values: np.ndarray) -> np.ndarray:
    """1-based ranks, tied values sharing their average rank."""
    order = np.argsort(values, kind="mergesort")
    sorted_values = values[order]
    ranks = np.empty(len(values))
    start = 0
    while start < len(values):
        end = start
        while end + 1 < len(values) and sorted_values[end + 1] == sorted_values[start]:
            end += 1
        ranks[order[start : end + 1]] = (start + end) / 2.0 + 1.0
        start = end + 1
    return ranks


def auc(labels: Sequence[int] | np.ndarray, scores: Sequence[float] | np.ndarray) -> float:
    """Probability that a random clicked item outscores a random non-clicked one.

    >>> auc([1, 0, 0], [0.9, 0.1, 0.5])
    1.0
    >>> auc([1, 0], [0.5, 0.5])
    0.5
    """
    y = np.asarray(labels, dtype=np.float64)
    s = np.asarray(scores, dtype=np.float64)
    positives = float(y.sum())
    negatives = float(len(y) - positives)
    if positives == 0 or negatives == 0:
        raise ValueError("AUC needs at least one clicked and one non-clicked item")
    ranks = _ranks_with_ties(s)
    return float((ranks[y == 1].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def _ranked_labels(labels: np.ndarray, scores: np.ndarray) -> np.ndarray:
    # The scorer's own ordering: np.argsort ascending, reversed.
    return np.take(labels, np.argsort(scores)[::-1])


def mrr(labels: Sequence[int] | np.ndarray, scores: Sequence[float] | np.ndarray) -> float:
    """Mean reciprocal rank of the clicked items.

    >>> mrr([0, 1, 0], [0.9, 0.5, 0.1])
    0.5
    """
    y = np.asarray(labels, dtype=np.float64)
    ranked = _ranked_labels(y, np.asarray(scores, dtype=np.float64))
    return float(np.sum(ranked / (np.arange(len(ranked)) + 1)) / np.sum(y))


def _dcg(labels: np.ndarray, scores: np.ndarray, k: int) -> float:
    ranked = _ranked_labels(labels, scores)[:k]
    return float(np.sum((2**ranked - 1) / np.log2(np.arange(len(ranked)) + 2)))


def ndcg(labels: Sequence[int] | np.ndarray, scores: Sequence[float] | np.ndarray, k: int) -> float:
    """Normalised discounted cumulative gain of the top ``k``.

    >>> round(ndcg([0, 1, 0], [0.9, 0.5, 0.1], k=5), 4)
    0.6309
    """
    y = np.asarray(labels, dtype=np.float64)
    ideal = _dcg(y, y, k)
    return _dcg(y, np.asarray(scores, dtype=np.float64), k) / ideal


def impression_metrics(
    labels: Sequence[int] | np.ndarray, scores: Sequence[float] | np.ndarray
) -> dict[str, float]:
    """All four metrics for one impression (on the 0..1 scale)."""
    return {
        "auc": auc(labels, scores),
        "mrr": mrr(labels, scores),
        "ndcg5": ndcg(labels, scores, 5),
        "ndcg10": ndcg(labels, scores, 10),
    }


def scorable(labels: Sequence[int] | np.ndarray) -> bool:
    """Whether an impression has both a click and a non-click."""
    y = np.asarray(labels)
    return bool(0 < y.sum() < len(y))


@dataclass
class MetricMean:
    """Running equal-weight mean of the four metrics over impressions."""

    sums: dict[str, float] = field(default_factory=lambda: dict.fromkeys(METRICS, 0.0))
    impressions: int = 0

    def add(self, labels: Sequence[int] | np.ndarray, scores: Sequence[float] | np.ndarray) -> None:
        """Score one impression; impressions without both outcomes are skipped."""
        if not scorable(labels):
            return
        for name, value in impression_metrics(labels, scores).items():
            self.sums[name] += value
        self.impressions += 1

    def result(self) -> dict[str, float]:
        """Means x100, rounded to two decimals, plus the impression count."""
        n = max(self.impressions, 1)
        out: dict[str, float] = {name: round(100 * self.sums[name] / n, 2) for name in METRICS}
        out["impressions"] = self.impressions
        return out


def intra_list_diversity(vectors: np.ndarray) -> float | None:
    """Mean cosine distance (1 - cosine) between every two items of a list of unit vectors;
    None for fewer than two items."""
    n = len(vectors)
    if n < 2:
        return None
    sims = vectors @ vectors.T
    return float((n * n - sims.sum()) / (n * (n - 1)))


def topic_coverage(topics: Sequence[Sequence[str]]) -> float | None:
    """Distinct topics among a list's items per item (1.0: every item of another topic)."""
    if not topics:
        return None
    return len({t for item in topics for t in item[:1]}) / len(topics)


@dataclass
class ListDiversity:
    """Intra-list diversity and topic coverage of the lists shown, averaged per list."""

    ild: list[float] = field(default_factory=list)
    coverage: list[float] = field(default_factory=list)

    def add(self, vectors: np.ndarray | None, topics: Sequence[Sequence[str]]) -> None:
        if vectors is not None:
            value = intra_list_diversity(vectors)
            if value is not None:
                self.ild.append(value)
        covered = topic_coverage(topics)
        if covered is not None:
            self.coverage.append(covered)

    def result(self) -> dict[str, float]:
        return {
            "ild": round(float(np.mean(self.ild)), 4) if self.ild else 0.0,
            "topic_coverage": round(float(np.mean(self.coverage)), 4) if self.coverage else 0.0,
        }
