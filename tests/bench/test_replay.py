"""Replay of an id-only MIND log on tiny files written here."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from coffeemug.bench._mind_data import LogImpression, read_behaviors
from coffeemug.bench.replay import Ledger, Ours, replay
from coffeemug.cli import main


def run_cli(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["coffeemug", *args])
    with pytest.raises(SystemExit) as exit_info:
        main()
    captured = capsys.readouterr()
    return exit_info.value.code or 0, captured.out, captured.err


def stamp(moment: datetime) -> str:
    return f"{moment.month}/{moment.day}/{moment.year} {moment.strftime('%I:%M:%S %p').lstrip('0')}"


def write_log(path: Path, impressions: int = 40) -> Path:
    """A log where N1 is the story everyone clicks and the rest are rarely clicked."""
    start = datetime(2019, 11, 14, 8, 0, 0)
    lines = []
    # written out of time order on purpose: the replay must sort
    for i in reversed(range(impressions)):
        when = start + timedelta(minutes=7 * i)
        others = [f"N{10 + (i + k) % 12}" for k in range(5)]
        items = ["N1-1", *(f"{n}-{1 if (i + k) % 9 == 0 else 0}" for k, n in enumerate(others))]
        lines.append(f"{i + 1}\tU{i % 6}\t{stamp(when)}\tN90 N91\t{' '.join(items)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_reader_sorts_by_time_and_parses_labels(tmp_path):
    rows = read_behaviors(write_log(tmp_path / "behaviors.tsv", 5))
    assert [r.impression_id for r in rows] == ["1", "2", "3", "4", "5"]
    assert rows[0].candidates[0] == "N1" and rows[0].labels[0] == 1
    assert rows[0].history == ("N90", "N91")


def test_ours_learns_what_catches_on_and_beats_random(tmp_path):
    result = replay(read_behaviors(write_log(tmp_path / "behaviors.tsv")), with_vw=False)
    assert set(result) == {"ours", "random", "popularity", "by_feedback"}
    late = result["by_feedback"]["last_quarter"]
    assert late["ours"]["mrr"] > late["random"]["mrr"]
    assert late["ours"]["auc"] > 90
    assert result["ours"]["impressions"] == 40


def test_ours_moves_what_the_same_user_passed_over_below_an_unseen_equal():
    ledger = Ledger()
    ours = Ours(ledger, seed=0)
    start = datetime(2019, 11, 14, 8, 0, 0)
    # U1 passes over N1 while U2 passes over N3: both end with one impression and no click.
    for user, news in (("U1", "N1"), ("U2", "N3")):
        shown = LogImpression(user, user, start, (), (news, "N9"), (0, 1))
        ledger.see(shown)
        ours.learn(shown)
        ledger.record(shown)
    again = LogImpression("3", "U1", start + timedelta(hours=1), (), ("N1", "N3"), (0, 1))
    ledger.see(again)
    assert ledger.passed_over == {("U1", "N1"): 1, ("U2", "N3"): 1}
    first, second = ours.scores(again, ["N1", "N3"])
    assert second > first


def test_cli_replay_with_vowpal_wabbit_prints_json(tmp_path, monkeypatch, capsys):
    pytest.importorskip("vowpalwabbit")
    data = write_log(tmp_path / "behaviors.tsv", 24)
    code, out, _ = run_cli(monkeypatch, capsys, "bench", "replay", "--data", str(data), "--json")
    assert code == 0
    result = json.loads(out.strip().splitlines()[-1])
    assert set(result) == {"ours", "random", "popularity", "vw_cb_adf", "by_feedback"}
    assert set(result["by_feedback"]) == {"first_quarter", "last_quarter"}
    assert set(result["ours"]) == {"auc", "mrr", "ndcg5", "ndcg10", "impressions"}
    assert "Vowpal Wabbit" in out


def test_cli_replay_missing_file(tmp_path, monkeypatch, capsys):
    code, _, err = run_cli(
        monkeypatch, capsys, "bench", "replay", "--data", str(tmp_path / "none.tsv"), "--no-vw"
    )
    assert code == 2
    assert "none.tsv" in err and "not found" in err


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("7\tU1\t11/14/2019 9:00:00 AM\tN1", "expected 5 tab-separated columns"),
        ("7\tU1\tyesterday\tN1\tN2-1", "time 'yesterday'"),
        ("7\tU1\t11/14/2019 9:00:00 AM\tN1\tN2-yes", "'N2-yes' is not NEWSID-0/1"),
    ],
)
def test_cli_replay_malformed_line_names_file_and_line(
    tmp_path, monkeypatch, capsys, bad_line, message
):
    data = write_log(tmp_path / "behaviors.tsv", 3)
    data.write_text(data.read_text(encoding="utf-8") + bad_line + "\n", encoding="utf-8")
    code, _, err = run_cli(monkeypatch, capsys, "bench", "replay", "--data", str(data), "--no-vw")
    assert code == 2
    assert "behaviors.tsv:4" in err and message in err


def test_cli_replay_reports_the_diversity_of_lists_with_a_news_file(tmp_path, monkeypatch, capsys):
    data = write_log(tmp_path / "behaviors.tsv", 24)
    news = [
        f"N{n}\t{'sports' if n % 2 else 'news'}\tsub\tHeadline number {n}\tabstract"
        for n in (1, *range(10, 22))
    ]
    (tmp_path / "news.tsv").write_text("\n".join(news) + "\n", encoding="utf-8")
    code, out, _ = run_cli(
        monkeypatch,
        capsys,
        "bench",
        "replay",
        "--data",
        str(data),
        "--no-vw",
        "--embedder",
        "hashing",
        "--json",
    )
    assert code == 0
    result = json.loads(out.strip().splitlines()[-1])
    for name in ("ours", "random", "popularity"):
        row = result["diversity_at_10"][name]
        assert 0 < row["ild"] <= 2 and 0 < row["topic_coverage"] <= 1
    assert "diversity, topic coverage" in out
