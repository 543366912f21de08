"""A simulated newsroom for the learning curve: articles published day by day and employees
with hidden interests, judged by the demo's click model (``coffeemug.demo.simulation``).

The truth is fixed up front (who would engage with what), so every policy is scored against
the same answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np

from coffeemug.bench._synthetic import REGIONS, TOPIC_SLUGS, TOPIC_WEIGHTS
from coffeemug.demo.simulation import SimArticle, SimulatedEmployee, is_relevant

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
LIVE_DAYS = 7  # an article stays in the feed for a week
EMBEDDING_DIM = 64
DRIFT_SHARE = 0.2  # employees whose interests change halfway


@dataclass(frozen=True)
class World:
    """Articles, employees (before and after some interests drift) and the hidden truth."""

    articles: list[SimArticle]
    article_day: np.ndarray  # publishing day; day 0 is the first simulated day
    article_published: list[datetime]
    embeddings: np.ndarray  # (articles, dim) unit-norm float32
    employees_before: list[SimulatedEmployee]
    employees_after: list[SimulatedEmployee]
    drift_round: int
    readable: np.ndarray  # (employees, articles) bool: the employee reads that language
    relevant_before: np.ndarray  # (employees, articles) bool
    relevant_after: np.ndarray

    @property
    def n_employees(self) -> int:
        return len(self.employees_before)

    @property
    def n_articles(self) -> int:
        return len(self.articles)

    def employees(self, round_: int) -> list[SimulatedEmployee]:
        return self.employees_after if round_ >= self.drift_round else self.employees_before

    def relevant(self, round_: int) -> np.ndarray:
        return self.relevant_after if round_ >= self.drift_round else self.relevant_before

    def day_start(self, round_: int) -> datetime:
        return START + timedelta(days=round_)

    def live(self, round_: int) -> np.ndarray:
        """Indices of the articles published in the week up to this day."""
        mask = (self.article_day <= round_) & (self.article_day > round_ - LIVE_DAYS)
        return np.flatnonzero(mask)


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return (matrix / np.where(norms == 0, 1.0, norms)).astype(np.float32)


def _truth(employees: list[SimulatedEmployee], articles: list[SimArticle]) -> np.ndarray:
    # Articles share few (topics, language) combinations, so judge each combination once.
    keys = [(a.topics, a.language) for a in articles]
    distinct = list(dict.fromkeys(keys))
    column = np.asarray([distinct.index(k) for k in keys])
    probes = [SimArticle(0, topics, language) for topics, language in distinct]
    table = np.asarray([[is_relevant(e, probe) for probe in probes] for e in employees])
    return table[:, column].reshape(len(employees), len(articles))


def _employee(
    rng: np.random.Generator, e: int, topic_prior: np.ndarray
) -> tuple[SimulatedEmployee, SimulatedEmployee]:
    """One simulated employee before and after the drift (the same person if they stay)."""
    topics = TOPIC_SLUGS
    n_topics = len(topics)
    reads = (("de",), ("en",), ("de", "en"), ("en", "de"))[
        int(rng.choice(4, p=[0.35, 0.25, 0.2, 0.2]))
    ]
    chosen = [
        topics[t]
        for t in rng.choice(n_topics, size=int(rng.integers(2, 5)), replace=False, p=topic_prior)
    ]
    interests = {t: float(rng.uniform(0.5, 1.0)) for t in chosen}
    # A faint liking for one more topic: clicked now and then, never a hit.
    others = [t for t in topics if t not in interests]
    interests[others[int(rng.integers(len(others)))]] = 0.15
    stated: set[str] = set()
    # Stated interests are only part of the truth: many never pick topics at all, others
    # follow one or two of their real interests, some a topic they never read.
    if rng.random() < 0.6:
        stated.update(chosen[: int(rng.integers(1, 3))])
    if rng.random() < 0.3:
        stated.add(others[int(rng.integers(len(others)))])
    person = SimulatedEmployee(
        employee_id=e,
        interests=interests,
        languages=reads,
        preferred_language=reads[0],
        region=REGIONS[int(rng.integers(len(REGIONS)))],
        followed=frozenset(stated),
    )
    if rng.random() >= DRIFT_SHARE:
        return person, person
    # Moved to a new job: one interest fades, a new one takes its place.
    gone = chosen[int(rng.integers(len(chosen)))]
    fresh = [t for t in topics if t not in interests]
    drifted = dict(interests)
    drifted[fresh[int(rng.integers(len(fresh)))]] = drifted.pop(gone)
    later = SimulatedEmployee(
        employee_id=e,
        interests=drifted,
        languages=reads,
        preferred_language=reads[0],
        region=person.region,
        followed=person.followed,
    )
    return person, later


def build_world(*, employees: int, rounds: int, seed: int, articles_per_day: int = 80) -> World:
    """A deterministic world for ``rounds`` days of feed use (plus a week of back catalogue)."""
    rng = np.random.default_rng(seed)
    topics = TOPIC_SLUGS
    n_topics = len(topics)
    topic_prior = np.asarray(TOPIC_WEIGHTS, dtype=np.float64)
    topic_prior /= topic_prior.sum()

    days = np.repeat(np.arange(-(LIVE_DAYS - 1), rounds), articles_per_day)
    n_articles = len(days)
    primary = rng.choice(n_topics, size=n_articles, p=topic_prior)
    secondary = rng.choice(n_topics, size=n_articles, p=topic_prior)
    has_second = (rng.random(n_articles) < 0.3) & (secondary != primary)
    topic_matrix = np.zeros((n_articles, n_topics), dtype=np.float32)
    topic_matrix[np.arange(n_articles), primary] = 1.0
    topic_matrix[np.flatnonzero(has_second), secondary[has_second]] = 0.5
    centroids = _unit(rng.normal(size=(n_topics, EMBEDDING_DIM)))
    embeddings = _unit(
        topic_matrix @ centroids + 0.35 * rng.normal(size=(n_articles, EMBEDDING_DIM))
    )
    appeal = rng.uniform(0.6, 1.2, size=n_articles)
    language = np.where(rng.random(n_articles) < 0.55, "de", "en")
    articles = [
        SimArticle(
            article_id=a,
            topics=(topics[primary[a]],) + ((topics[secondary[a]],) if has_second[a] else ()),
            language=str(language[a]),
            appeal=float(appeal[a]),
        )
        for a in range(n_articles)
    ]
    published = [
        START + timedelta(days=int(d), hours=float(h))
        for d, h in zip(days, rng.uniform(-14, 0, size=n_articles), strict=True)
    ]

    before: list[SimulatedEmployee] = []
    after: list[SimulatedEmployee] = []
    for e in range(employees):
        person, later = _employee(rng, e, topic_prior)
        before.append(person)
        after.append(later)

    lang_of = np.asarray([a.language == "de" for a in articles])
    reads_de = np.asarray(["de" in e.languages for e in before])
    reads_en = np.asarray(["en" in e.languages for e in before])
    readable = np.where(lang_of[None, :], reads_de[:, None], reads_en[:, None])
    return World(
        articles=articles,
        article_day=days,
        article_published=published,
        embeddings=embeddings,
        employees_before=before,
        employees_after=after,
        drift_round=rounds // 2,
        readable=readable,
        relevant_before=_truth(before, articles),
        relevant_after=_truth(after, articles),
    )
