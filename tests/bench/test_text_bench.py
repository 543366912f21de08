"""``coffeemug bench text`` on tiny hand-made files: the JSON line, clear errors, and the
cross-validation mode; plus one run on the real validation split where it is available."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "text"))
from test_mind import run_cli  # the same CLI runner as the MIND benchmark tests
from tiny_corpus import write_corpus

KEYS = {"task", "language", "macro_f1", "accuracy", "items", "items_per_s"}


def bench_sentiment(monkeypatch, capsys, data: Path, *extra: str) -> tuple[int, str, dict]:
    """``bench text --task sentiment --format xlmt --data DATA ... --json``: exit code, output
    and the JSON result of the last line."""
    args = ["bench", "text", "--task", "sentiment", "--format", "xlmt", "--data", str(data)]
    code, out, _ = run_cli(monkeypatch, capsys, *args, *extra, "--json")
    return code, out, json.loads(out.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("bench-corpus"))


def test_sentiment_last_line_is_the_json_result(corpus, monkeypatch, capsys) -> None:
    data = corpus / "sentiment_xlmt" / "english"
    code, _out, result = bench_sentiment(monkeypatch, capsys, data, "--split", "val")
    assert code == 0
    assert set(result) == KEYS
    assert result["task"] == "sentiment" and result["language"] == "en"
    assert result["items"] == 15 and result["items_per_s"] > 0
    assert 0 <= result["macro_f1"] <= 100 and 0 <= result["accuracy"] <= 100
    # The hand-made phrases are plain: the shipped model gets most of them right.
    assert result["accuracy"] >= 60


def test_abuse_coarse_and_fine(corpus, monkeypatch, capsys) -> None:
    data = corpus / "germeval2018" / "germeval2018.training.txt"
    args = ["bench", "text", "--task", "abuse", "--format", "germeval", "--data", str(data)]
    code, out, _ = run_cli(monkeypatch, capsys, *args, "--json")
    coarse = json.loads(out.strip().splitlines()[-1])
    code_fine, out_fine, _ = run_cli(monkeypatch, capsys, *args, "--fine", "--json")
    fine = json.loads(out_fine.strip().splitlines()[-1])
    assert code == code_fine == 0
    assert coarse["task"] == fine["task"] == "abuse" and coarse["items"] == fine["items"] == 44
    assert "(coarse)" in out and "(fine)" in out_fine
    assert coarse["accuracy"] >= 70


def test_cross_validation_scores_every_item(corpus, monkeypatch, capsys) -> None:
    data = corpus / "sentiment_xlmt" / "german"
    code, out, result = bench_sentiment(monkeypatch, capsys, data, "--split", "train", "--cv", "2")
    assert code == 0
    assert "sentiment macro-F1 per fold" in out and "2-fold cross-validation" in out
    result = json.loads(out.strip().splitlines()[-1])
    assert result["items"] == 30 and result["language"] == "de"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--task", "sentiment", "--format", "germeval"], "does not fit sentiment"),
        (["--task", "mood", "--format", "xlmt"], "--task 'mood' is unknown"),
        (["--task", "sentiment", "--format", "xlmt", "--cv", "1"], "at least 2 folds"),
    ],
)
def test_bad_options(corpus, monkeypatch, capsys, args, message) -> None:
    data = corpus / "sentiment_xlmt" / "german"
    code, _, err = run_cli(monkeypatch, capsys, "bench", "text", *args, "--data", str(data))
    assert code == 2 and message in err


def test_missing_and_malformed_files_name_the_place(tmp_path, monkeypatch, capsys) -> None:
    args = ["bench", "text", "--task", "sentiment", "--format", "xlmt", "--data", str(tmp_path)]
    code, _, err = run_cli(monkeypatch, capsys, *args)
    assert code == 2 and "val_text.txt: file not found" in err
    (tmp_path / "val_text.txt").write_text("gut\nschlecht\n", encoding="utf-8")
    (tmp_path / "val_labels.txt").write_text("2\nbad\n", encoding="utf-8")
    code, _, err = run_cli(monkeypatch, capsys, *args)
    assert code == 2 and "val_labels.txt:2: label 'bad' is not 0, 1 or 2" in err


@pytest.mark.slow
def test_real_german_validation_split(shared_data: Path, monkeypatch, capsys) -> None:
    """The shipped model on the real validation split: the floor measured when it was built."""
    data = shared_data / "sentiment_xlmt" / "german"
    code, _out, result = bench_sentiment(monkeypatch, capsys, data, "--split", "val")
    assert code == 0
    assert result["macro_f1"] >= 68.0
