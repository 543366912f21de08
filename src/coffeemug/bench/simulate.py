"""``coffeemug bench simulate``: the learning curve the product promises.

Simulated employees with hidden interests use the feed day after day. Each day every policy
shows each employee five items; the employee engages (or dismisses) according to the hidden
truth, and our ranker learns from that feedback exactly as the feed service would. Hit rate at 5
is the share of shown items the employee would engage with.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from rich.progress import Progress

from coffeemug.bench._population import World, build_world
from coffeemug.bench.metrics import ListDiversity
from coffeemug.demo.simulation import Reaction, respond
from coffeemug.errors import BadRequest
from coffeemug.feed.learning import FEEDBACK_KINDS
from coffeemug.feed.ranker import (
    Candidate,
    CandidateSet,
    Feedback,
    FeedbackKind,
    Profile,
    Ranker,
    engagement_weight,
)

SLOTS = 5
POLICIES = ("ours", "random", "popularity", "followed")
LABELS = {
    "ours": "Coffee Mug ranker (learning)",
    "random": "random",
    "popularity": "popularity only (oracle)",
    "followed": "followed topics only",
}
JSON_NAME = "learning-curve.json"
PNG_NAME = "learning-curve.png"


class Policy(Protocol):
    def pick(self, employee: int, candidates: np.ndarray, round_: int) -> np.ndarray: ...

    def observe(
        self, employee: int, shown: np.ndarray, reactions: Sequence[Reaction], round_: int
    ) -> None: ...

    def end_round(self, round_: int) -> None: ...


class _Static:
    """Baselines that do not learn from feedback."""

    def observe(
        self, employee: int, shown: np.ndarray, reactions: Sequence[Reaction], round_: int
    ) -> None:
        return None

    def end_round(self, round_: int) -> None:
        return None


class RandomPolicy(_Static):
    def __init__(self, seed: int) -> None:
        self._rng = np.random.default_rng(seed)

    def pick(self, employee: int, candidates: np.ndarray, round_: int) -> np.ndarray:
        return self._rng.permutation(candidates)[:SLOTS]


class PopularityPolicy(_Static):
    """The best any popularity ranking could do: it knows the share of the whole population
    that would engage with each article (colleagues' click-through without noise)."""

    def __init__(self, world: World) -> None:
        self._world = world

    def pick(self, employee: int, candidates: np.ndarray, round_: int) -> np.ndarray:
        share = self._world.relevant(round_)[:, candidates].mean(axis=0)
        return candidates[np.argsort(-share, kind="stable")[:SLOTS]]


class FollowedPolicy(_Static):
    """Items of followed topics first, newest first; then everything else, newest first."""

    def __init__(self, world: World) -> None:
        self._world = world
        self._published = np.asarray([p.timestamp() for p in world.article_published])

    def pick(self, employee: int, candidates: np.ndarray, round_: int) -> np.ndarray:
        followed = self._world.employees_before[employee].followed
        hit = np.asarray(
            [bool(followed.intersection(self._world.articles[a].topics)) for a in candidates]
        )
        order = np.lexsort((-self._published[candidates], ~hit))
        return candidates[order[:SLOTS]]


class RankerPolicy:
    """Our ranker, fed what the feed service would give it: stated topics, the learned profile
    and colleagues' counters per region, updated after every simulated day."""

    def __init__(self, world: World, seed: int) -> None:
        self._world = world
        self._ranker = Ranker(seed=seed)
        self._profiles = [Profile.empty() for _ in range(world.n_employees)]
        n = world.n_articles
        region_names = [str(e.region) for e in world.employees_before]
        self._regions = sorted(set(region_names))
        self._region_of = np.asarray([self._regions.index(r) for r in region_names])
        self._impressions = np.zeros(n)
        self._engagements = np.zeros(n)
        self._seg_impressions = np.zeros((len(self._regions), n))
        self._seg_engagements = np.zeros((len(self._regions), n))
        self._all = CandidateSet.build(
            [
                Candidate(
                    article_id=article.article_id,
                    topics=article.topics,
                    language=article.language,
                    published_at=world.article_published[article.article_id],
                    embedding=world.embeddings[article.article_id],
                )
                for article in world.articles
            ]
        )
        self._round: int | None = None
        self._live: np.ndarray = np.zeros(0, dtype=np.int64)
        self._position: np.ndarray = np.zeros(n, dtype=np.int64)
        self._by_region: list[CandidateSet] = []

    def _prepare(self, round_: int) -> None:
        # One candidate set per region and day, as a service would cache it.
        self._round = round_
        self._live = self._world.live(round_)
        self._position[self._live] = np.arange(len(self._live))
        live = self._all.subset(self._live)
        self._by_region = [
            live.with_stats(
                self._impressions[self._live],
                self._engagements[self._live],
                self._seg_impressions[r, self._live],
                self._seg_engagements[r, self._live],
                segment_label=region,
            )
            for r, region in enumerate(self._regions)
        ]

    def pick(self, employee: int, candidates: np.ndarray, round_: int) -> np.ndarray:
        if self._round != round_:
            self._prepare(round_)
        region = int(self._region_of[employee])
        subset = self._by_region[region].subset(self._position[candidates])
        ranked = self._ranker.rank(
            self._profiles[employee],
            subset,
            now=self._world.day_start(round_),
            followed=self._world.employees_before[employee].followed,
            limit=SLOTS,
            explore=True,
            segment_label=self._regions[region],
        )
        return np.asarray([r.article_id for r in ranked], dtype=np.int64)

    def observe(
        self, employee: int, shown: np.ndarray, reactions: Sequence[Reaction], round_: int
    ) -> None:
        # As in the product: every shown item is an impression, every reaction an event.
        seen = self._world.day_start(round_) + timedelta(minutes=5)
        signals = [(int(a), FeedbackKind.impressed, None, seen) for a in shown]
        signals += [
            (
                r.article_id,
                FEEDBACK_KINDS[r.type.value],
                r.dwell_seconds,
                seen + timedelta(minutes=1),
            )
            for r in reactions
            if r.type.value in FEEDBACK_KINDS
        ]
        region = int(self._region_of[employee])
        feedbacks = []
        for a, kind, dwell, when in signals:
            article = self._world.articles[a]
            feedbacks.append(
                Feedback(
                    kind=kind,
                    article_id=a,
                    topics=article.topics,
                    occurred_at=when,
                    embedding=self._world.embeddings[a],
                    dwell_seconds=dwell,
                )
            )
            if kind is FeedbackKind.impressed:
                self._impressions[a] += 1.0
                self._seg_impressions[region, a] += 1.0
            else:
                weight = engagement_weight(kind, dwell)
                self._engagements[a] += weight
                self._seg_engagements[region, a] += weight
        self._profiles[employee] = self._ranker.learn_many(self._profiles[employee], feedbacks)

    def end_round(self, round_: int) -> None:
        self._round = None  # colleagues' counters changed: rebuild tomorrow's sets


@dataclass(frozen=True)
class SimulationResult:
    employees: int
    rounds: int
    seed: int
    drift_round: int
    hit_rate: dict[str, list[float]]
    # Per policy over every list shown: intra-list diversity and topic coverage.
    diversity: dict[str, dict[str, float]] = field(default_factory=dict)

    def summary(self) -> dict[str, dict[str, float]]:
        tail = max(1, min(3, self.rounds // 4))
        return {
            name: {
                "first": round(curve[0], 4),
                "last": round(float(np.mean(curve[-tail:])), 4),
            }
            for name, curve in self.hit_rate.items()
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "benchmark": "simulate",
            "employees": self.employees,
            "rounds": self.rounds,
            "seed": self.seed,
            "slots": SLOTS,
            "drift_round": self.drift_round,
            "feedback_per_employee": [SLOTS * r for r in range(self.rounds)],
            "hit_rate_at_5": {k: [round(v, 4) for v in c] for k, c in self.hit_rate.items()},
            "summary": self.summary(),
            "diversity": self.diversity,
        }


def run_simulation(
    *,
    employees: int,
    rounds: int,
    seed: int,
    on_round: Callable[[], None] | None = None,
) -> SimulationResult:
    """Run every policy over the same world and return hit rate at 5 per round."""
    if employees < 1 or rounds < 2:
        raise BadRequest("the simulation needs at least 1 employee and 2 rounds")
    world = build_world(employees=employees, rounds=rounds, seed=seed)
    policies: dict[str, Policy] = {
        "ours": RankerPolicy(world, seed),
        "random": RandomPolicy(seed),
        "popularity": PopularityPolicy(world),
        "followed": FollowedPolicy(world),
    }
    curves: dict[str, list[float]] = {name: [] for name in POLICIES}
    seen = {name: np.zeros((world.n_employees, world.n_articles), dtype=bool) for name in POLICIES}
    diversity = {name: ListDiversity() for name in POLICIES}
    for round_ in range(rounds):
        live = world.live(round_)
        relevant = world.relevant(round_)
        people = world.employees(round_)
        for name in POLICIES:
            policy = policies[name]
            # The same stream of chance for every policy: differences come from ranking.
            rng = random.Random(seed * 100_003 + round_)
            hits = shown_total = 0
            for e in range(world.n_employees):
                candidates = live[world.readable[e, live] & ~seen[name][e, live]]
                if len(candidates) == 0:
                    continue
                shown = policy.pick(e, candidates, round_)
                diversity[name].add(
                    world.embeddings[shown], [world.articles[a].topics for a in shown]
                )
                hits += int(relevant[e, shown].sum())
                shown_total += len(shown)
                seen[name][e, shown] = True
                reactions = respond(people[e], [world.articles[a] for a in shown], rng)
                policy.observe(e, shown, reactions, round_)
            policy.end_round(round_)
            curves[name].append(hits / shown_total if shown_total else 0.0)
            if on_round:
                on_round()
    return SimulationResult(
        employees=employees,
        rounds=rounds,
        seed=seed,
        drift_round=world.drift_round,
        hit_rate=curves,
        diversity={name: d.result() for name, d in diversity.items()},
    )


def write_chart(result: SimulationResult, path: Path) -> None:
    """Hit rate at 5 against the feedback each employee has given so far."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    x = [SLOTS * r for r in range(result.rounds)]
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=120)
    styles = {"ours": "-", "random": ":", "popularity": "--", "followed": "-."}
    for name in POLICIES:
        ax.plot(
            x,
            result.hit_rate[name],
            styles[name],
            linewidth=2.4 if name == "ours" else 1.6,
            label=LABELS[name],
        )
    ax.axvline(SLOTS * result.drift_round, color="grey", linewidth=0.8)
    ax.annotate(
        " interests of 20 % drift",
        (SLOTS * result.drift_round, 0.02),
        color="grey",
        fontsize=8,
    )
    ax.set_xlabel("items shown to each employee so far (5 a day)")
    ax.set_ylabel("hit rate at 5")
    ax.set_ylim(0, 1)
    ax.set_title(f"Learning curve: {result.employees:,} simulated employees, {result.rounds} days")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)


def simulate_to(out: Path, *, employees: int, rounds: int, seed: int) -> dict[str, Any]:
    """Run with a progress bar; write the JSON and the chart into ``out``; return the JSON."""
    with Progress(transient=True) as progress:
        task = progress.add_task("simulating", total=rounds * len(POLICIES))
        result = run_simulation(
            employees=employees,
            rounds=rounds,
            seed=seed,
            on_round=lambda: progress.advance(task),
        )
    data = result.to_dict()
    out.mkdir(parents=True, exist_ok=True)
    (out / JSON_NAME).write_text(json.dumps(data, indent=2) + "\n")
    write_chart(result, out / PNG_NAME)
    return data
