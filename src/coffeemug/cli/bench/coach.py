"""``coffeemug bench coach``: pairwise accuracy of the post coach on MIND headlines."""

from __future__ import annotations

import json
from pathlib import Path

import typer

DEFAULT_DATA = Path("../shared/data")


def register(app: typer.Typer) -> None:
    @app.command("coach")
    def coach(
        data: Path = typer.Option(
            DEFAULT_DATA, "--data", help="Folder with mind_recprompt/ and mind_logs/."
        ),
        min_shown: int = typer.Option(
            20, "--min-shown", min=1, help="Click-through: headlines shown at least this often."
        ),
        as_json: bool = typer.Option(
            False, "--json", help="Print the results as one JSON object on the last line."
        ),
    ) -> None:
        """Does the coach score clicked headlines above skipped ones? (chance: 50%)"""
        from coffeemug.bench import coach as bench

        recprompt = data / "mind_recprompt"
        files = [recprompt / "MIND_valid.csv", recprompt / "MIND_case.csv"]
        logs = data / "mind_logs" / "small_train_sample"
        results = [
            bench.impressions(files),
            bench.click_through(logs / "behaviors.tsv", logs / "news.tsv", min_shown),
        ]
        for r in results:
            typer.echo(
                f"{r.source}: pairwise accuracy {r.accuracy:.1f}% over {r.pairs} pairs "
                f"({r.ties:.1f}% ties, {r.headlines} headlines, {r.seconds:.1f} s); chance 50%"
            )
        if as_json:
            typer.echo(json.dumps({"coach": [bench.as_dict(r) for r in results]}))
