"""``coffeemug bench replay``: online learning on a real MIND impression log (ids only).

The log is replayed in time order. Before each impression every policy ranks its candidates
with what it has learned so far; afterwards each learns from the clicks. Our policy is the
product's ranker fed exactly as the feed service feeds it: colleague counters per article
(impressions and engagement weights, as in ``ArticleStats``), the time an article first
appeared as its publication time, and the employee's own feedback (every shown item is an
impression, every click an open). The log has no text and no topics, so what can be learned
is mostly which articles catch on, how fast they age, and which items an employee keeps
passing over.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

import numpy as np
from rich.progress import Progress

from coffeemug.bench._mind_data import LogImpression
from coffeemug.bench.metrics import METRICS, ListDiversity, MetricMean
from coffeemug.feed.ranker import (
    Candidate,
    CandidateSet,
    Feedback,
    FeedbackKind,
    Profile,
    Ranker,
    engagement_weight,
)

POLICIES = ("ours", "random", "popularity", "vw_cb_adf")
LABELS = {
    "ours": "Coffee Mug ranker",
    "random": "random",
    "popularity": "popularity (clicks so far)",
    "vw_cb_adf": "Vowpal Wabbit --cb_explore_adf",
}


class Ledger:
    """What the service would know: colleague counters and first appearance per article, and
    per employee what they were shown without clicking (its impression log)."""

    def __init__(self) -> None:
        self.impressions: dict[str, float] = defaultdict(float)
        self.engagements: dict[str, float] = defaultdict(float)
        self.clicks: dict[str, int] = defaultdict(int)
        self.first_seen: dict[str, datetime] = {}
        # Per employee and article: times shown without a click (the feed's impression log).
        self.passed_over: dict[tuple[str, str], int] = defaultdict(int)

    def see(self, impression: LogImpression) -> None:
        for news_id in impression.candidates:
            self.first_seen.setdefault(news_id, impression.time)

    def record(self, impression: LogImpression) -> None:
        click = engagement_weight(FeedbackKind.opened)
        for news_id, label in zip(impression.candidates, impression.labels, strict=True):
            self.impressions[news_id] += 1.0
            if label:
                self.engagements[news_id] += click
                self.clicks[news_id] += 1
                self.passed_over.pop((impression.user_id, news_id), None)
            else:
                self.passed_over[(impression.user_id, news_id)] += 1


class Policy(Protocol):
    def scores(self, impression: LogImpression, order: Sequence[str]) -> np.ndarray: ...

    def learn(self, impression: LogImpression) -> None: ...


class Ours:
    """The product's ranker with the product's inputs."""

    def __init__(self, ledger: Ledger, seed: int, without: Sequence[str] = ()) -> None:
        self.ledger = ledger
        self.ranker = Ranker(seed=seed, without=without)
        self.profiles: dict[str, Profile] = {}
        self.ids: dict[str, int] = {}

    def _id(self, news_id: str) -> int:
        return self.ids.setdefault(news_id, len(self.ids) + 1)

    def scores(self, impression: LogImpression, order: Sequence[str]) -> np.ndarray:
        led = self.ledger
        now = impression.time.replace(tzinfo=UTC)
        candidates = CandidateSet.build(
            [
                Candidate(
                    article_id=self._id(n),
                    topics=(),
                    language="en",
                    published_at=led.first_seen.get(n, impression.time).replace(tzinfo=UTC),
                )
                for n in order
            ]
        ).with_stats(
            [led.impressions.get(n, 0.0) for n in order],
            [led.engagements.get(n, 0.0) for n in order],
        )
        profile = self.profiles.get(impression.user_id, Profile.empty())
        ranked = self.ranker.rank(profile, candidates, now=now, explore=False)
        position = {r.article_id: p for p, r in enumerate(ranked)}
        return np.array([-position[self._id(n)] for n in order], dtype=float)

    def learn(self, impression: LogImpression) -> None:
        when = impression.time.replace(tzinfo=UTC)
        events = [
            Feedback(
                FeedbackKind.opened if label else FeedbackKind.impressed,
                self._id(n),
                (),
                when,
            )
            for n, label in zip(impression.candidates, impression.labels, strict=True)
        ]
        profile = self.profiles.get(impression.user_id, Profile.empty())
        self.profiles[impression.user_id] = self.ranker.learn_many(profile, events)


class RandomOrder:
    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)

    def scores(self, impression: LogImpression, order: Sequence[str]) -> np.ndarray:
        return self.rng.random(len(order))

    def learn(self, impression: LogImpression) -> None:
        return None


class Popularity:
    """Most clicked so far first."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def scores(self, impression: LogImpression, order: Sequence[str]) -> np.ndarray:
        return np.array([self.ledger.clicks.get(n, 0) for n in order], dtype=float)

    def learn(self, impression: LogImpression) -> None:
        return None


class VowpalCbAdf:
    """Vowpal Wabbit's contextual bandit with action-dependent features, given the same facts:
    the user, the article id, how long ago it first appeared and how often this user was shown
    it without clicking. It learns from each shown item as a logged action of a uniform policy
    (cost -1 for a click, 0 otherwise)."""

    def __init__(self, ledger: Ledger, seed: int, negatives_per_click: int = 4) -> None:
        from vowpalwabbit import Workspace  # the benchmark extra; imported when used

        self.ledger = ledger
        self.vw = Workspace(
            f"--cb_explore_adf --softmax --lambda 10 -q ua --quiet --random_seed {seed}"
        )
        self.rng = random.Random(seed)
        self.negatives = negatives_per_click

    def _lines(self, impression: LogImpression, order: Sequence[str]) -> list[str]:
        hours = [
            (impression.time - self.ledger.first_seen.get(n, impression.time)).total_seconds()
            / 3600
            for n in order
        ]
        user = impression.user_id.replace(" ", "_").replace("|", "_").replace(":", "_")
        passed = [self.ledger.passed_over.get((impression.user_id, n), 0) for n in order]
        return [f"shared |u user={user}"] + [
            f"|a id={n.replace(':', '_')} age:{np.log1p(max(h, 0.0)):.4f} seen:{np.log1p(k):.4f}"
            for n, h, k in zip(order, hours, passed, strict=True)
        ]

    def scores(self, impression: LogImpression, order: Sequence[str]) -> np.ndarray:
        return np.asarray(self.vw.predict(self._lines(impression, order)), dtype=float)

    def learn(self, impression: LogImpression) -> None:
        order = list(impression.candidates)
        lines = self._lines(impression, order)
        clicked = [i for i, label in enumerate(impression.labels) if label]
        others = [i for i, label in enumerate(impression.labels) if not label]
        sampled = self.rng.sample(others, min(len(others), self.negatives * max(len(clicked), 1)))
        probability = 1.0 / len(order)
        for i in clicked + sampled:
            cost = -1.0 if impression.labels[i] else 0.0
            labelled = list(lines)
            labelled[i + 1] = f"0:{cost}:{probability} {lines[i + 1]}"
            self.vw.learn(labelled)

    def close(self) -> None:
        self.vw.finish()


def replay(
    impressions: Sequence[LogImpression],
    *,
    seed: int = 0,
    with_vw: bool = True,
    progress: Progress | None = None,
    without: Sequence[str] = (),
    baselines: bool = True,
    news: Mapping[str, tuple[str, np.ndarray]] | None = None,
) -> dict[str, Any]:
    """Metrics per policy overall, in the first and in the last quarter of the log; our ranker
    ``without`` some signals (an ablation), the random and popularity ``baselines`` if asked.
    With ``news`` (category and embedding per news id) also the intra-list diversity and topic
    coverage of each policy's first 10 items, over the items ``news`` knows."""
    ledger = Ledger()
    policies: dict[str, Policy] = {"ours": Ours(ledger, seed, without)}
    if baselines:
        policies |= {"random": RandomOrder(seed), "popularity": Popularity(ledger)}
    if with_vw:
        policies["vw_cb_adf"] = VowpalCbAdf(ledger, seed)
    overall = {name: MetricMean() for name in policies}
    diversity = {name: ListDiversity() for name in policies}
    quarters = {q: {name: MetricMean() for name in policies} for q in ("first", "last")}
    quarter = max(len(impressions) // 4, 1)
    shuffle = random.Random(seed)
    task = progress.add_task("replaying", total=len(impressions)) if progress else None
    for number, impression in enumerate(impressions):
        ledger.see(impression)
        # A fixed, random presentation order so no policy profits from the log's own order.
        order_index = list(range(len(impression.candidates)))
        shuffle.shuffle(order_index)
        order = [impression.candidates[i] for i in order_index]
        labels = [impression.labels[i] for i in order_index]
        which = (
            "first"
            if number < quarter
            else "last"
            if number >= len(impressions) - quarter
            else None
        )
        for name, policy in policies.items():
            scores = policy.scores(impression, order)
            overall[name].add(labels, scores)
            if news:
                diversity[name].add(*_first_screen(order, scores, news))
            if which:
                quarters[which][name].add(labels, scores)
        for policy in policies.values():
            policy.learn(impression)
        ledger.record(impression)
        if progress is not None and task is not None:
            progress.advance(task)
    for policy in policies.values():
        if isinstance(policy, VowpalCbAdf):
            policy.close()
    result: dict[str, Any] = {name: overall[name].result() for name in policies}
    if news:
        result["diversity_at_10"] = {name: diversity[name].result() for name in policies}
    result["by_feedback"] = {
        f"{q}_quarter": {name: quarters[q][name].result() for name in policies} for q in quarters
    }
    return result


def _first_screen(
    order: Sequence[str], scores: np.ndarray, news: Mapping[str, tuple[str, np.ndarray]]
) -> tuple[np.ndarray | None, list[tuple[str, ...]]]:
    """Embeddings and categories of the first 10 items placed that ``news`` knows."""
    first = [order[i] for i in np.argsort(-np.asarray(scores), kind="stable")[:10]]
    known = [news[n] for n in first if n in news]
    if len(known) < 2:
        return None, []
    return np.stack([vector for _, vector in known]), [(category,) for category, _ in known]


def metric_row(label: str, metrics: dict[str, float]) -> str:
    return f"{label:<34}" + "".join(f"{metrics[m]:>9.2f}" for m in METRICS)


def beaten_by(result: dict[str, Any]) -> list[str]:
    """Baselines that match or beat ours on any metric overall."""
    ours = result["ours"]
    return [
        name
        for name in POLICIES[1:]
        if name in result and any(result[name][m] >= ours[m] for m in METRICS)
    ]
