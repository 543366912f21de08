"""``coffeemug bench mind``: feed quality on real MIND impressions with news text.

Each impression's clicked history becomes ``opened`` feedback for a fresh profile; the
product's ranker (default hyperparameters, no exploration) then orders the impression's
candidates, and the order it returns is scored with the official MIND metrics.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

import numpy as np
from rich.progress import Progress

from coffeemug.bench._mind_data import MindArticle, MindImpression
from coffeemug.bench.metrics import METRICS, ListDiversity, MetricMean
from coffeemug.feed.ranker import Candidate, Feedback, FeedbackKind, Profile, Ranker
from coffeemug.text.embeddings import Encoder

# At or above every published result on the held-out split (AUC / MRR / nDCG@5 / nDCG@10).
TARGETS = {"auc": 72.0, "mrr": 50.0, "ndcg5": 54.0, "ndcg10": 62.0}
PUBLISHED = {
    "NRMS": {"auc": 66.25, "mrr": 43.60, "ndcg5": 46.86, "ndcg10": 56.82},
    "LSTUR": {"auc": 67.17, "mrr": 43.76, "ndcg5": 47.84, "ndcg10": 57.00},
    "RecPrompt (GPT-4)": {"auc": 69.43, "mrr": 48.65, "ndcg5": 52.66, "ndcg10": 60.73},
}
LABELS = {"auc": "AUC", "mrr": "MRR", "ndcg5": "nDCG@5", "ndcg10": "nDCG@10"}

# The files carry no times: the impression happens at a fixed moment and the history clicks,
# in their recorded order, one hour apart before it.
IMPRESSION_TIME = datetime(2019, 11, 15, 9, 0, tzinfo=UTC)


def article_text(article: MindArticle) -> str:
    """What gets embedded: the headline. (MIND abstracts are teasers; adding them lowered
    every metric on both tuning files.)"""
    return article.title or article.abstract


class EmbeddingCache:
    """Embeds each news item once per run."""

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self._vectors: dict[str, np.ndarray] = {}

    def fill(
        self, articles: Sequence[MindArticle], on_batch: Callable[[int], None] | None = None
    ) -> None:
        todo = {a.news_id: a for a in articles if a.news_id not in self._vectors}
        items = list(todo.values())
        for start in range(0, len(items), 256):
            batch = items[start : start + 256]
            vectors = self.encoder.encode([article_text(a) for a in batch])
            for article, vector in zip(batch, vectors, strict=True):
                self._vectors[article.news_id] = vector
            if on_batch:
                on_batch(len(batch))

    def __getitem__(self, news_id: str) -> np.ndarray:
        return self._vectors[news_id]


def rank_impression(
    ranker: Ranker, impression: MindImpression, embeddings: EmbeddingCache
) -> list[float]:
    """Scores aligned with the candidates: higher = placed earlier by the ranker."""
    n_hist = len(impression.history)
    feedbacks = [
        Feedback(
            kind=FeedbackKind.opened,
            article_id=k,
            topics=article.topics,
            occurred_at=IMPRESSION_TIME - timedelta(hours=n_hist - k),
            embedding=embeddings[article.news_id],
        )
        for k, article in enumerate(impression.history)
    ]
    profile = ranker.learn_many(Profile.empty(), feedbacks)
    offset = n_hist + 1
    candidates = [
        Candidate(
            article_id=offset + k,
            topics=article.topics,
            language="en",
            published_at=IMPRESSION_TIME,
            embedding=embeddings[article.news_id],
        )
        for k, article in enumerate(impression.candidates)
    ]
    ranked = ranker.rank(profile, candidates, now=IMPRESSION_TIME, explore=False)
    position = {r.article_id: p for p, r in enumerate(ranked)}
    # The order shown is what counts (after diversity), so positions are the scores.
    return [float(-position[c.article_id]) for c in candidates]


def evaluate(
    impressions: Sequence[MindImpression],
    *,
    encoder: Encoder,
    ranker: Ranker | None = None,
    progress: Progress | None = None,
    cache: EmbeddingCache | None = None,
) -> dict[str, float]:
    """The four metrics (x100) and the number of impressions scored; ``cache`` keeps the
    headlines' embeddings between runs on the same file (an ablation)."""
    ranker = ranker or Ranker(seed=0)
    cache = cache or EmbeddingCache(encoder)
    articles = [a for imp in impressions for a in (*imp.history, *imp.candidates)]
    unique = len({a.news_id for a in articles})
    if progress is not None:
        task = progress.add_task("embedding headlines", total=unique)
        cache.fill(articles, lambda n: progress.advance(task, n))
        task = progress.add_task("ranking impressions", total=len(impressions))
    else:
        cache.fill(articles)
    mean = MetricMean()
    diversity = ListDiversity()
    for impression in impressions:
        scores = rank_impression(ranker, impression, cache)
        mean.add(impression.labels, scores)
        diversity.add(*_top(impression, scores, cache))
        if progress is not None:
            progress.advance(task)
    result = mean.result()
    # The first screen (10 items) as ranked: how varied it is, next to how accurate.
    return {**result, **{f"{k}_at_10": v for k, v in diversity.result().items()}}


def _top(
    impression: MindImpression, scores: Sequence[float], cache: EmbeddingCache, k: int = 10
) -> tuple[np.ndarray, list[tuple[str, ...]]]:
    """Embeddings and topics of the ``k`` candidates placed first."""
    order = np.argsort(-np.asarray(scores), kind="stable")[:k]
    chosen = [impression.candidates[i] for i in order]
    return np.stack([cache[a.news_id] for a in chosen]), [a.topics for a in chosen]


def missed_targets(result: dict[str, float]) -> list[str]:
    return [name for name in METRICS if result[name] < TARGETS[name]]
