"""Does the post coach's score rank better-performing headlines above worse ones?

Two measurements on public MIND data (English news headlines with click logs):

- **impressions** (RecPrompt files): within each impression, every pair of a clicked and a
  not-clicked headline; the coach is right when it scores the clicked one higher.
- **click-through** (behaviours log + news file): headlines shown at least ``min_shown`` times
  get their click-through rate; every pair with different rates; right when the coach scores
  the higher rate higher.

Pairwise accuracy counts a tie as half right, so chance is 50%. The coach is scored as written
(network X, English, its link added by the composer); nothing here tunes it.
"""

from __future__ import annotations

import csv
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from coffeemug.advocacy.coach import coach
from coffeemug.bench._mind_data import read_behaviors, read_recprompt
from coffeemug.errors import DataFileError


@dataclass(frozen=True)
class PairwiseResult:
    source: str
    pairs: int
    accuracy: float  # x100, ties count half
    ties: float  # share of pairs the coach scored equally, x100
    headlines: int
    seconds: float


def headline_score(title: str) -> int:
    return coach(title, "x", "en", link_added=True).score


def pairwise(pairs: Iterable[tuple[int, int]]) -> tuple[int, float, float]:
    """(pairs, accuracy x100, ties x100) of (better's score, worse's score) pairs."""
    right = ties = total = 0
    for better, worse in pairs:
        total += 1
        right += better > worse
        ties += better == worse
    if total == 0:
        return 0, 50.0, 0.0
    return total, 100 * (right + 0.5 * ties) / total, 100 * ties / total


def impressions(files: Sequence[Path]) -> PairwiseResult:
    started = time.perf_counter()
    cache: dict[str, int] = {}
    pairs: list[tuple[int, int]] = []
    for path in files:
        for impression in read_recprompt(path):
            scores = [
                cache.setdefault(a.title, headline_score(a.title)) for a in impression.candidates
            ]
            clicked = [s for s, label in zip(scores, impression.labels, strict=True) if label]
            skipped = [s for s, label in zip(scores, impression.labels, strict=True) if not label]
            pairs += [(c, s) for c in clicked for s in skipped]
    total, accuracy, ties = pairwise(pairs)
    source = ", ".join(p.name for p in files)
    return PairwiseResult(source, total, accuracy, ties, len(cache), time.perf_counter() - started)


def _titles(news: Path) -> dict[str, str]:
    if not news.is_file():
        raise DataFileError(str(news), "file not found")
    with news.open(newline="", encoding="utf-8") as handle:
        return {row[0]: row[3] for row in csv.reader(handle, delimiter="\t") if len(row) > 3}


def click_through(behaviors: Path, news: Path, min_shown: int = 20) -> PairwiseResult:
    started = time.perf_counter()
    titles = _titles(news)
    shown: Counter[str] = Counter()
    clicked: Counter[str] = Counter()
    for impression in read_behaviors(behaviors):
        for news_id, label in zip(impression.candidates, impression.labels, strict=True):
            if news_id in titles:
                shown[news_id] += 1
                clicked[news_id] += label
    rated = [
        (clicked[n] / shown[n], headline_score(titles[n])) for n in shown if shown[n] >= min_shown
    ]
    pairs = [
        (a[1], b[1]) if a[0] > b[0] else (b[1], a[1])
        for i, a in enumerate(rated)
        for b in rated[i + 1 :]
        if a[0] != b[0]
    ]
    total, accuracy, ties = pairwise(pairs)
    return PairwiseResult(
        behaviors.name, total, accuracy, ties, len(rated), time.perf_counter() - started
    )


def as_dict(result: PairwiseResult) -> dict[str, object]:
    return asdict(result)
