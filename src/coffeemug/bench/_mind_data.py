"""Readers for the MIND files the quality benchmarks use; bad files raise ``DataFileError``
naming the file and the line."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from coffeemug.errors import DataFileError

RECPROMPT_COLUMNS = (
    "impression_id",
    "history_news_id",
    "history_title",
    "history_category",
    "history_subvert",
    "history_abstract",
    "candidate_news_id",
    "candidate_title",
    "candidate_category",
    "candidate_subvert",
    "candidate_abstract",
    "label",
)


@dataclass(frozen=True, slots=True)
class MindArticle:
    news_id: str
    title: str
    abstract: str
    category: str
    subcategory: str

    @property
    def topics(self) -> tuple[str, ...]:
        """Category and sub-category as topic slugs (the sub-topic named under its parent)."""
        return (self.category, f"{self.category}/{self.subcategory}")


@dataclass(frozen=True, slots=True)
class MindImpression:
    impression_id: str
    history: tuple[MindArticle, ...]  # clicked before, oldest first
    candidates: tuple[MindArticle, ...]
    labels: tuple[int, ...]  # 1 = clicked, aligned with candidates


def _open(path: Path):
    if not path.is_file():
        raise DataFileError(str(path), "file not found")
    try:
        return path.open(newline="", encoding="utf-8")
    except OSError as exc:
        raise DataFileError(str(path), f"cannot be read: {exc.strerror}") from exc


def _articles(row: dict[str, str], prefix: str, where: str, line: int) -> tuple[MindArticle, ...]:
    fields = ("news_id", "title", "category", "subvert", "abstract")
    columns = {f: (row.get(f"{prefix}_{f}") or "").split("\n") for f in fields}
    lengths = {f: len(v) for f, v in columns.items()}
    if len(set(lengths.values())) != 1:
        raise DataFileError(
            where, f"{prefix} columns list different numbers of items {lengths}", line
        )
    if not row.get(f"{prefix}_news_id", "").strip():
        return ()
    return tuple(
        MindArticle(n.strip(), t.strip(), a.strip(), c.strip(), s.strip())
        for n, t, c, s, a in zip(*(columns[f] for f in fields), strict=True)
    )


def read_recprompt(path: Path) -> list[MindImpression]:
    """Impressions from a RecPrompt-format MIND CSV (one row per impression)."""
    where = str(path)
    out: list[MindImpression] = []
    with _open(path) as handle:
        try:
            reader = csv.DictReader(handle)
            missing = [c for c in RECPROMPT_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise DataFileError(where, f"missing columns: {', '.join(missing)}", 1)
            line = reader.line_num
            for row in reader:
                history = _articles(row, "history", where, line + 1)
                candidates = _articles(row, "candidate", where, line + 1)
                if not candidates:
                    raise DataFileError(where, "impression without candidates", line + 1)
                labels = _labels(row.get("label") or "", len(candidates), where, line + 1)
                out.append(MindImpression(row["impression_id"], history, candidates, labels))
                line = reader.line_num
        except (csv.Error, UnicodeDecodeError) as exc:
            raise DataFileError(where, f"not a valid CSV file: {exc}", reader.line_num) from exc
    if not out:
        raise DataFileError(where, "no impressions in file")
    return out


def _labels(text: str, n: int, where: str, line: int) -> tuple[int, ...]:
    clicked = set()
    for token in text.replace(" ", "").split(","):
        if not (token.startswith("C") and token[1:].isdigit() and 1 <= int(token[1:]) <= n):
            raise DataFileError(where, f"label {text!r} is not C1..C{n} (comma-separated)", line)
        clicked.add(int(token[1:]) - 1)
    return tuple(1 if i in clicked else 0 for i in range(n))


@dataclass(frozen=True, slots=True)
class LogImpression:
    """One row of a MIND ``behaviors.tsv``: ids only."""

    impression_id: str
    user_id: str
    time: datetime
    history: tuple[str, ...]
    candidates: tuple[str, ...]
    labels: tuple[int, ...]


def read_behaviors(path: Path) -> list[LogImpression]:
    """All impressions of a MIND behaviours log, sorted by time (stable for equal times)."""
    where = str(path)
    rows = list(_behaviour_rows(path, where))
    if not rows:
        raise DataFileError(where, "no impressions in file")
    return sorted(rows, key=lambda r: r.time)


def _behaviour_rows(path: Path, where: str) -> Iterator[LogImpression]:
    with _open(path) as handle:
        try:
            for number, text in enumerate(handle, start=1):
                if not text.strip():
                    continue
                yield _behaviour(text.rstrip("\n").rstrip("\r"), where, number)
        except UnicodeDecodeError as exc:
            raise DataFileError(where, f"not UTF-8 text: {exc.reason}") from exc


def _behaviour(text: str, where: str, line: int) -> LogImpression:
    parts = text.split("\t")
    if len(parts) != 5:
        raise DataFileError(where, f"expected 5 tab-separated columns, found {len(parts)}", line)
    impression_id, user_id, when, history, items = parts
    try:
        time = datetime.strptime(when.strip(), "%m/%d/%Y %I:%M:%S %p")
    except ValueError as exc:
        raise DataFileError(
            where, f"time {when!r} is not like 11/14/2019 9:05:03 AM", line
        ) from exc
    candidates, labels = [], []
    for token in items.split():
        news_id, _, label = token.rpartition("-")
        if not news_id or label not in ("0", "1"):
            raise DataFileError(where, f"impression item {token!r} is not NEWSID-0/1", line)
        candidates.append(news_id)
        labels.append(int(label))
    if not candidates:
        raise DataFileError(where, "impression without candidates", line)
    return LogImpression(
        impression_id, user_id, time, tuple(history.split()), tuple(candidates), tuple(labels)
    )


def read_news(path: Path) -> dict[str, tuple[str, str]]:
    """Category and title per news id of a MIND ``news.tsv`` (for the diversity of lists)."""
    out: dict[str, tuple[str, str]] = {}
    with _open(path) as handle:
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 4 and fields[0]:
                out[fields[0]] = (fields[1], fields[3])
    return out
