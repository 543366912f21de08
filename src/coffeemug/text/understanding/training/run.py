"""The training run behind ``coffeemug text train`` and the cross-validation behind
``coffeemug bench text --cv``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.model_selection import StratifiedKFold

from coffeemug.text.embeddings import Encoder
from coffeemug.text.understanding.analysis import TextUnderstanding
from coffeemug.text.understanding.model import MODEL_DIR, ModelFilesMissing, Models
from coffeemug.text.understanding.training.data import Example, is_held_out, read_decisions
from coffeemug.text.understanding.training.lexicons import build_lexicon
from coffeemug.text.understanding.training.train import (
    CachingEncoder,
    Score,
    fit_models,
    load_corpus,
    score,
)

Step = Callable[[str], None]
# Steps a full training run reports: features, then five base models per head.
TRAIN_STEPS = 1 + 3 * 5


@dataclass
class TrainingReport:
    version: str
    written: bool
    out_of_fold: dict[str, dict[str, float]]
    held_out: list[Score] = field(default_factory=list)
    decisions: dict[str, dict[str, float]] = field(default_factory=dict)  # task -> old/new
    message: str = ""


def _decision_scores(
    understanding: TextUnderstanding, held_out: Sequence[Example]
) -> dict[str, float]:
    scores = {}
    for task, target in (("sentiment", "sentiment"), ("offense", "offense")):
        part = [e for e in held_out if e.task == task]
        if part:
            scores[task] = score(understanding, part, target, "all", timed=False).macro_f1
    return scores


def train(
    data_dir: Path,
    out_dir: Path = MODEL_DIR,
    *,
    encoder: Encoder,
    fit_on_val: bool = True,
    decisions: Path | None = None,
    step: Step | None = None,
) -> TrainingReport:
    """Fits every shipped file; with decisions, writes them only if not worse than the old."""
    corpus = load_corpus(data_dir, fit_on_val)
    held_decisions: list[Example] = []
    if decisions is not None:
        rows = read_decisions(decisions)
        held_decisions = [e for e in rows if is_held_out(e)]
        corpus.train += [e for e in rows if not is_held_out(e)]
        corpus.sources.append(f"moderator decisions ({len(rows) - len(held_decisions)} used)")
    cached = CachingEncoder(encoder)
    models, oof = fit_models(corpus.train, build_lexicon(), cached, step)
    new = TextUnderstanding(models, cached)
    report = TrainingReport("", False, oof)
    for name, examples in corpus.held_out.items():
        target_language = examples[0].language if examples else "und"
        report.held_out.append(score(new, examples, "sentiment", f"{target_language} ({name})"))
    if held_decisions:
        try:
            old = TextUnderstanding(Models.load(out_dir), cached)
        except ModelFilesMissing:
            old = None
        new_scores = _decision_scores(new, held_decisions)
        old_scores = _decision_scores(old, held_decisions) if old else {}
        report.decisions = {
            task: {"old": old_scores.get(task, float("nan")), "new": value}
            for task, value in new_scores.items()
        }
        worse = [t for t, v in new_scores.items() if t in old_scores and v < old_scores[t]]
        if worse:
            report.message = (
                f"kept the old model {old.version if old else ''}: the new one is worse on the "
                f"held-out decisions for {', '.join(worse)}"
            )
            report.version = old.version if old else ""
            return report
    manifest = {
        "trained_on": corpus.sources,
        "out_of_fold_macro_f1": oof,
        "held_out": [s.as_dict() for s in report.held_out],
    }
    report.version = models.save(out_dir, manifest)
    report.written = True
    report.message = f"wrote {out_dir} (version {report.version})"
    return report


def cross_validate(
    examples: Sequence[Example],
    auxiliary: Sequence[Example],
    targets: Sequence[str],
    *,
    encoder: Encoder,
    folds: int = 5,
    step: Step | None = None,
) -> dict[str, list[Score]]:
    """K-fold cross-validation of the whole recipe: each fold trains on the other folds plus
    ``auxiliary`` (e.g. the other language's sentiment) and is scored through the product's
    inference path, for each target head. Folds are stratified on the finest labels."""
    strata = np.array([e.label if e.kind is None else e.kind for e in examples])
    splitter = StratifiedKFold(folds, shuffle=True, random_state=0)
    cached = CachingEncoder(encoder)
    lexicon = build_lexicon()
    language = examples[0].language if examples else "und"
    scores: dict[str, list[Score]] = {target: [] for target in targets}
    for number, (train, test) in enumerate(splitter.split(strata, strata), start=1):
        fold_train = [examples[i] for i in train] + list(auxiliary)
        models, _ = fit_models(fold_train, lexicon, cached, heads=targets)
        fold = [examples[i] for i in test]
        for target in targets:
            understanding = TextUnderstanding(models, cached)
            scores[target].append(score(understanding, fold, target, language, timed=False))
        if step:
            step(f"fold {number}")
    return scores
