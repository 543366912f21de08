"""``coffeemug advocacy import-rules`` and ``rules`` against a fresh database."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from coffeemug.cli import app
from coffeemug.db import get_engine
from coffeemug.errors import ValidationFailed
from coffeemug.migrate import upgrade_to_head
from coffeemug.settings import get_settings


def test_rules_import_lists_and_refuses_bad_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'rules.db'}"
    upgrade_to_head(url)
    monkeypatch.setenv("COFFEEMUG_DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        rules = tmp_path / "rules.csv"
        rules.write_text(
            "kind,language,value,severity,clause,clause_url\n"
            "term,de,vertraulich,block,Kodex 4.2,https://example.com/4-2\n"
            "detector,*,iban,block,Kodex 7,https://example.com/7\n",
            encoding="utf-8",
        )
        runner = CliRunner()
        first = runner.invoke(app, ["advocacy", "import-rules", str(rules)])
        assert first.exit_code == 0, first.output
        assert "2 rules created, 0 updated" in first.output
        again = runner.invoke(app, ["advocacy", "import-rules", str(rules)])
        assert "0 rules created, 2 updated" in again.output
        listed = runner.invoke(app, ["advocacy", "rules"])
        assert "term\tde\tblock\tvertraulich\tKodex 4.2" in listed.output
        bad = tmp_path / "bad.json"
        bad.write_text('[{"kind": "detector", "value": "x", "clause": "c", "clause_url": "/"}]')
        refused = runner.invoke(app, ["advocacy", "import-rules", str(bad)])
        assert isinstance(refused.exception, ValidationFailed)
        assert "unknown detector" in refused.exception.detail
        assert "term\tde" in runner.invoke(app, ["advocacy", "rules"]).output  # nothing lost
    finally:
        get_engine(url).dispose()
        get_settings.cache_clear()
