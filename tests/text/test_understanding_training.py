"""``coffeemug text train`` on a tiny hand-made corpus: every shipped file rebuilt, byte for
byte the same on a second run, and moderators' decisions adopted only when not worse."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from tiny_corpus import write_corpus

from coffeemug.cli import main
from coffeemug.errors import DataFileError
from coffeemug.text.embeddings import HashingEncoder
from coffeemug.text.understanding import TextUnderstanding
from coffeemug.text.understanding.model import MANIFEST_FILE, WEIGHTS_FILE, Models
from coffeemug.text.understanding.training import run
from coffeemug.text.understanding.training.data import (
    Example,
    is_held_out,
    read_decisions,
    read_germeval,
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def trained(
    corpus: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, run.TrainingReport]:
    out = tmp_path_factory.mktemp("models")
    return out, run.train(corpus, out, encoder=HashingEncoder(), fit_on_val=False)


def test_training_writes_loadable_models_and_reports_figures(trained) -> None:
    out, report = trained
    assert report.written and report.version.startswith("coffeemug-text-")
    models = Models.load(out)
    assert models.version == report.version
    assert set(models.heads) == {"sentiment", "offense", "offense_kind"}
    assert set(report.out_of_fold["sentiment"]) == {"de", "en", "other"}
    assert [s.items for s in report.held_out] == [15, 15]
    manifest = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert "germeval2018/germeval2018.training.txt" in manifest["trained_on"]
    (result,) = TextUnderstanding(models, HashingEncoder()).analyse(["Die App war großartig"])
    assert result.model_version == report.version


def test_training_is_deterministic(corpus: Path, trained, tmp_path: Path) -> None:
    out, report = trained
    again = run.train(corpus, tmp_path, encoder=HashingEncoder(), fit_on_val=False)
    assert again.version == report.version
    assert (tmp_path / WEIGHTS_FILE).read_bytes() == (out / WEIGHTS_FILE).read_bytes()


def _decisions(path: Path) -> Path:
    rows = (
        [
            {
                "text": f"Kommentar {i}: die Kantine ist {word}",
                "language": "de",
                "task": "sentiment",
                "label": label,
            }
            for i in range(12)
            for word, label in (("prima", "positive"), ("mies", "negative"))
        ]
        + [
            {
                "text": f"Antwort {i}: ihr Deppen",
                "language": "de",
                "task": "abuse",
                "label": "insult",
            }
            for i in range(6)
        ]
        + [
            {"text": f"Antwort {i}: danke euch", "language": "de", "task": "abuse", "label": "none"}
            for i in range(6)
        ]
    )
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def _copy_models(source: Path, target: Path) -> Path:
    target.mkdir()
    for path in source.iterdir():
        (target / path.name).write_bytes(path.read_bytes())
    return target


def _train_with_decisions(corpus: Path, target: Path, tmp_path: Path) -> run.TrainingReport:
    decisions = _decisions(tmp_path / "decisions.jsonl")
    return run.train(
        corpus, target, encoder=HashingEncoder(), fit_on_val=False, decisions=decisions
    )


def test_decisions_are_compared_on_held_out_part(corpus: Path, trained, tmp_path: Path) -> None:
    out, first = trained
    target = _copy_models(out, tmp_path / "models")
    report = _train_with_decisions(corpus, target, tmp_path)
    assert set(report.decisions) == {"sentiment", "offense"}
    not_worse = all(p["new"] >= p["old"] for p in report.decisions.values())
    assert report.written == not_worse
    assert (Models.load(target).version == first.version) == (not not_worse)


def test_a_worse_new_model_is_not_written(corpus, trained, tmp_path, monkeypatch) -> None:
    out, first = trained
    target = _copy_models(out, tmp_path / "models")
    # The old model scores 100 on every held-out task, so any new model is worse.
    scores = iter([{"sentiment": 50.0, "offense": 50.0}, {"sentiment": 100.0, "offense": 100.0}])
    monkeypatch.setattr(run, "_decision_scores", lambda understanding, held: next(scores))
    before = (target / WEIGHTS_FILE).read_bytes()
    report = _train_with_decisions(corpus, target, tmp_path)
    assert not report.written and report.version == first.version
    assert "kept the old model" in report.message
    assert (target / WEIGHTS_FILE).read_bytes() == before


def test_decision_file_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text(
        '{"text": "ok", "language": "de", "task": "sentiment", "label": "positive"}\n'
        '{"text": "x", "task": "sentiment", "label": "angry"}\n',
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match=r"d\.jsonl:2: task/label 'sentiment'/'angry'"):
        read_decisions(path)
    path.write_text("not json\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"d\.jsonl:1: not a decision"):
        read_decisions(path)


def test_held_out_decisions_are_a_stable_fifth() -> None:
    examples = [Example(f"text {i}", "de", "sentiment", 0) for i in range(2000)]
    held = [e for e in examples if is_held_out(e)]
    assert 300 < len(held) < 500
    assert held == [e for e in examples if is_held_out(e)]


def test_germeval_reader_rejects_contradictions(tmp_path: Path) -> None:
    path = tmp_path / "g.txt"
    path.write_text("fine text\tOTHER\tOTHER\nbad\tOTHER\tINSULT\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"g\.txt:2: coarse 'OTHER' contradicts fine 'INSULT'"):
        read_germeval(path)


def test_train_command_prints_figures(corpus: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    out = tmp_path / "cli-models"
    args = ["coffeemug", "text", "train", "--data", str(corpus), "--out", str(out)]
    monkeypatch.setattr(sys, "argv", [*args, "--fit-on", "train"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert (exit_info.value.code or 0) == 0
    printed = capsys.readouterr().out
    assert "out-of-fold macro-F1" in printed and "held out: sentiment de" in printed
    assert f"wrote {out}" in printed
    assert Models.load(out).version in printed
