"""Importing articles from JSON Lines: idempotent, all-or-nothing, errors with file:line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from coffeemug.cli.imports import app as import_app
from coffeemug.content.importer import import_lines, parse_file
from coffeemug.content.models import Article
from coffeemug.errors import DataFileError
from factories import make_employee, make_topic


def _write(path: Path, rows: list[object]) -> Path:
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n",
        encoding="utf-8",
    )
    return path


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Article)) or 0


ROWS = [
    {
        "external_id": "cms-1",
        "title": "Solar roofs",
        "language": "en",
        "topics": ["energy"],
        "status": "published",
        "author": "editor-7",
    },
    {"title": "Neue Ladesäulen", "language": "de", "topics": ["energy"], "summary": "Strom."},
]


def test_import_is_idempotent_and_updates_in_place(session: Session, tmp_path: Path) -> None:
    make_topic(session, "energy")
    editor = make_employee(session, "editor-7", roles=["editor"])
    path = _write(tmp_path / "articles.jsonl", ROWS)
    before = _count(session)
    first = import_lines(session, path, parse_file(path))
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    again = import_lines(session, path, parse_file(path))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert _count(session) == before + 2
    article = session.scalars(select(Article).where(Article.external_id == "cms-1")).one()
    assert article.author_id == editor.id and article.embedding is not None

    changed = [{**ROWS[0], "title": "Solar roofs everywhere"}, ROWS[1]]
    third = import_lines(session, path, parse_file(_write(path, changed)))
    assert (third.created, third.updated, third.unchanged) == (0, 1, 1)
    session.refresh(article)
    assert article.title == "Solar roofs everywhere"


def test_bad_lines_are_named_and_nothing_is_stored(session: Session, tmp_path: Path) -> None:
    make_topic(session, "energy")
    path = _write(
        tmp_path / "bad.jsonl",
        [ROWS[1], "{broken", {"title": "", "language": "en", "topics": ["energy"]}],
    )
    with pytest.raises(DataFileError) as caught:
        parse_file(path)
    message = caught.value.detail
    assert f"{path}:2: not valid JSON" in message
    assert f"{path}:3: title" in message

    unknown = _write(
        tmp_path / "unknown.jsonl",
        [ROWS[1], {"title": "x", "language": "en", "topics": ["astrology"]}],
    )
    before = _count(session)
    with pytest.raises(DataFileError) as caught:
        import_lines(session, unknown, parse_file(unknown))
    assert f"{unknown}:2: topics: unknown topic 'astrology'" in caught.value.detail
    assert _count(session) == before
    with pytest.raises(DataFileError, match="file not found"):
        parse_file(tmp_path / "missing.jsonl")


def test_command_has_help() -> None:
    result = CliRunner().invoke(import_app, ["articles", "--help"])
    assert result.exit_code == 0
    assert "JSON Lines" in result.output
