"""Imports of social metrics, conversions and mentions: bad rows reported, good rows once."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from analytics_factories import fresh_sqlite
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from coffeemug.analytics.importers import import_text
from coffeemug.analytics.models import ImportedConversion, Mention, SocialMetric
from coffeemug.cli import app
from coffeemug.errors import DataFileError
from coffeemug.settings import Settings
from factories import make_topic

TODAY = date(2026, 3, 10)


def _settings() -> Settings:
    return Settings(competitors=["Rivalcorp", "Othertech"])


def test_csv_social_metrics_good_rows_once_bad_rows_reported(session: Session) -> None:
    content = (
        "network,post_id,date,impressions,clicks,likes,comments,shares,link_visits\n"
        "linkedin,p1,2026-03-09,1000,40,10,2,1,30\n"
        "linkedin,p2,2026-03-09,-5,0,0,0,0,0\n"
        "friendster,p3,2026-03-09,5,0,0,0,0,0\n"
        "linkedin,p4,2031-01-01,5,0,0,0,0,0\n"
        "linkedin,p5,9.3.2026,5,0,0,0,0,0\n"
        "linkedin,p6,2026-03-08,many,0,0,0,0,0\n"
        "xing,p7,2026-03-08,50,1,0,0,0,2\n"
    )
    report = import_text(session, _settings(), "social-metrics", "s.csv", content, "csv", TODAY)
    assert report.rows == 7 and report.stored_new == 2
    assert report.errors == [
        "s.csv:3: impressions must not be negative (got -5)",
        "s.csv:4: unknown network 'friendster'; known: linkedin, xing, x, facebook, instagram, "
        "youtube, tiktok, mastodon, bluesky, threads",
        "s.csv:5: date 2031-01-01 lies in the future",
        "s.csv:6: date is not YYYY-MM-DD: '9.3.2026'",
        "s.csv:7: impressions is not a whole number: 'many'",
    ]
    again = import_text(session, _settings(), "social-metrics", "s.csv", content, "csv", TODAY)
    assert again.stored_new == 0 and again.updated_or_unchanged == 2
    assert session.scalar(select(func.count()).select_from(SocialMetric)) == 2
    row = session.get(SocialMetric, ("linkedin", "p1", date(2026, 3, 9)))
    assert (row.impressions, row.link_visits) == (1000, 30)


def test_jsonl_mentions_check_brand_and_topic(session: Session) -> None:
    make_topic(session, "hydrogen")
    lines = [
        {
            "mention_id": "m1",
            "date": "2026-03-01",
            "source": "Handelsblatt",
            "brand": "ours",
            "author_reach": 50000,
            "topic": "hydrogen",
            "text": "Wasserstoff ...",
        },
        {
            "mention_id": "m2",
            "date": "2026-03-01",
            "source": "X",
            "brand": "rivalcorp",
            "author_reach": 200,
            "topic": "hydrogen",
        },
        {"mention_id": "m3", "date": "2026-03-01", "source": "X", "brand": "Unknown AG"},
        {
            "mention_id": "m4",
            "date": "2026-03-01",
            "source": "X",
            "brand": "ours",
            "topic": "no-such-topic",
        },
        ["not", "an", "object"],
    ]
    content = "\n".join(json.dumps(line) for line in lines) + "\n{broken json\n"
    report = import_text(session, _settings(), "mentions", "m.jsonl", content, "jsonl", TODAY)
    assert report.stored_new == 2
    assert report.errors[0].startswith("m.jsonl:3: brand 'Unknown AG' is neither 'ours' nor")
    assert "Rivalcorp, Othertech" in report.errors[0]
    assert report.errors[1] == "m.jsonl:4: unknown topic 'no-such-topic'"
    assert report.errors[2] == "m.jsonl:5: a row must be a JSON object"
    assert report.errors[3].startswith("m.jsonl:6: not valid JSON")
    assert session.get(Mention, "m2").brand == "Rivalcorp"


def test_conversions_reject_unknown_channel_and_duplicate_keys(session: Session) -> None:
    content = (
        "conversion_id,date,kind,channel,value\n"
        "c1,2026-03-01,meeting_booked,linkedin,2500\n"
        "c2,2026-03-01,form_submitted,carrier-pigeon,10\n"
        "c1,2026-03-02,meeting_booked,email,1\n"
        "c3,2026-03-01,ticket_registered,email,-1\n"
    )
    report = import_text(session, _settings(), "conversions", "c.csv", content, "csv", TODAY)
    assert report.stored_new == 1
    assert report.errors[0].startswith("c.csv:3: unknown channel 'carrier-pigeon'")
    assert report.errors[1] == "c.csv:4: same key as line 2"
    assert report.errors[2] == "c.csv:5: value must not be negative (got -1)"
    assert session.get(ImportedConversion, "c1").value == 2500.0


def test_missing_header_column_rejects_the_whole_file(session: Session) -> None:
    with pytest.raises(DataFileError, match=r"x.csv:1: header lacks column\(s\): post_id"):
        import_text(session, _settings(), "social-metrics", "x.csv", "network,date\n", "csv")


def test_cli_import_exit_codes_and_idempotence(tmp_path: Path, monkeypatch) -> None:
    url = fresh_sqlite(tmp_path)
    monkeypatch.setenv("COFFEEMUG_DATABASE_URL", url)
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    good = tmp_path / "social.csv"
    good.write_text(f"network,post_id,date,impressions\nlinkedin,a,{yesterday},10\n")
    runner = CliRunner()
    first = runner.invoke(app, ["import", "social-metrics", str(good), "--database-url", url])
    assert first.exit_code == 0, first.output
    assert "1 new" in first.output
    again = runner.invoke(app, ["import", "social-metrics", str(good), "--database-url", url])
    assert again.exit_code == 0 and "0 new, 1 already stored" in again.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"network": "linkedin", "post_id": "b", "date": "' + yesterday + '", "impressions": -1}\n'
    )
    result = runner.invoke(app, ["import", "social-metrics", str(bad), "--database-url", url])
    assert result.exit_code == 2
    assert f"{bad}:1: impressions must not be negative" in result.output
    missing = runner.invoke(app, ["import", "mentions", str(tmp_path / "nope.csv")])
    assert missing.exit_code != 0
