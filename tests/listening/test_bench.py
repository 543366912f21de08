"""``coffeemug bench moderation`` runs and prints its figures as JSON on the last line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from coffeemug.cli import app


def test_bench_moderation_prints_its_figures(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    result = CliRunner().invoke(
        app, ["bench", "moderation", "--items", "30", "--database-url", url, "--json"]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert set(figures) == {"items", "ingest_items_per_s", "inbox_query_p95_ms", "database"}
    assert figures["items"] == 30 and figures["database"] == "sqlite"
    assert figures["ingest_items_per_s"] > 0 and figures["inbox_query_p95_ms"] > 0
