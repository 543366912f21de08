"""Articles from JSON Lines, all-or-nothing and idempotent (``coffeemug import articles FILE``).

Each line is one article in the shape of ``POST /api/articles`` (plus an optional ``author``,
an employee's external id). A line's ``external_id`` is its key: importing the same file
again updates those articles instead of adding copies. Lines without one are keyed by a hash
of their title and language.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rich.progress import Progress
from sqlalchemy.orm import Session

from coffeemug.content import repository
from coffeemug.content.models import Article, ArticleStatus
from coffeemug.content.schemas import ArticleCreate
from coffeemug.content.service import check_schedule, embedding_text, status_changed
from coffeemug.db import utcnow
from coffeemug.errors import CoffeeMugError, DataFileError
from coffeemug.fields import is_clean
from coffeemug.people.repository import get_employee_by_external_id
from coffeemug.settings import get_settings
from coffeemug.text.embeddings import get_encoder, to_bytes

_MAX_REPORTED = 20
_EMBED_BATCH = 64


@dataclass
class ImportLine:
    line: int
    data: ArticleCreate
    author: str | None


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _key(data: ArticleCreate) -> str:
    if data.external_id:
        return data.external_id
    digest = hashlib.sha1(f"{data.language.value}\n{data.title}".encode()).hexdigest()
    return f"sha1:{digest[:32]}"


def parse_file(path: Path) -> list[ImportLine]:
    """Every line checked; raises one error naming file:line of each problem found."""
    if not path.is_file():
        raise DataFileError(str(path), "file not found")
    lines: list[ImportLine] = []
    problems: list[tuple[int, str]] = []
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataFileError(str(path), f"not UTF-8 text ({exc.reason})") from exc
    # Split on newlines only: JSON text may hold other line separators inside strings.
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            problems.append((number, f"not valid JSON ({exc.msg})"))
            continue
        except RecursionError:
            problems.append((number, "not valid JSON (nested too deeply)"))
            continue
        if not isinstance(obj, dict):
            problems.append((number, "each line must be a JSON object"))
            continue
        author = obj.pop("author", None)
        if author is not None and not _valid_author(author):
            problems.append((number, "author: must be an employee's external id"))
            continue
        try:
            data = ArticleCreate.model_validate(obj)
            check_schedule(data.publish_at or utcnow(), data.expires_at)
        except ValidationError as exc:
            for err in exc.errors():
                field = ".".join(str(p) for p in err.get("loc", ())) or "line"
                problems.append((number, f"{field}: {err.get('msg', 'invalid')}"))
            continue
        except CoffeeMugError as exc:
            problems.append((number, exc.detail))
            continue
        lines.append(ImportLine(number, data, author if isinstance(author, str) else None))
    _raise_if(path, problems)
    return lines


def _valid_author(author: Any) -> bool:
    return isinstance(author, str) and 0 < len(author) <= 128 and is_clean(author)


def _raise_if(path: Path, problems: list[tuple[int, str]]) -> None:
    if not problems:
        return
    shown = [f"{path}:{line}: {detail}" for line, detail in problems[:_MAX_REPORTED]]
    more = len(problems) - len(shown)
    summary = "\n".join(shown) + (f"\n... and {more} more" if more else "")
    first_line, first_detail = problems[0]
    error = DataFileError(str(path), first_detail, line=first_line)
    error.detail = f"{len(problems)} invalid line(s); nothing was imported\n{summary}"
    raise error


def import_lines(
    session: Session, path: Path, lines: list[ImportLine], progress: Progress | None = None
) -> ImportResult:
    """Create or update the articles of checked lines; unknown topics or authors abort all."""
    topics = {t.id: t for t in repository.list_topics(session)}
    problems: list[tuple[int, str]] = []
    authors: dict[str, int] = {}
    for item in lines:
        unknown = [t for t in item.data.topics if t not in topics]
        if unknown:
            problems.append((item.line, f"topics: unknown topic '{unknown[0]}'"))
        if item.data.campaign_id and not repository.campaign_exists(session, item.data.campaign_id):
            problems.append((item.line, f"campaign_id: unknown campaign {item.data.campaign_id}"))
        if item.author and item.author not in authors:
            employee = get_employee_by_external_id(session, item.author)
            if employee is None:
                problems.append((item.line, f"author: unknown employee '{item.author}'"))
            else:
                authors[item.author] = employee.id
    _raise_if(path, problems)

    existing = repository.articles_by_external_id(session, [_key(i.data) for i in lines])
    encoder = get_encoder(get_settings().embedder)
    result = ImportResult()
    task = progress.add_task("importing articles", total=len(lines)) if progress else None
    for start in range(0, len(lines), _EMBED_BATCH):
        chunk = lines[start : start + _EMBED_BATCH]
        vectors = encoder.encode([embedding_text(i.data.title, i.data.summary) for i in chunk])
        for item, vector in zip(chunk, vectors, strict=True):
            outcome = _upsert(session, item, existing, topics, authors, to_bytes(vector))
            setattr(result, outcome, getattr(result, outcome) + 1)
        session.flush()
        if progress is not None and task is not None:
            progress.advance(task, len(chunk))
    return result


def _values(item: ImportLine, authors: dict[str, int], embedding: bytes) -> dict[str, Any]:
    data = item.data
    values = data.model_dump(exclude={"topics", "external_id"})
    values.update(
        external_id=_key(data),
        language=data.language.value,
        status=data.status.value,
        audience_languages=[lang.value for lang in data.audience_languages],
        author_id=authors.get(item.author) if item.author else None,
        embedding=embedding,
    )
    if values["publish_at"] is None:
        values.pop("publish_at")
    return values


def _upsert(
    session: Session,
    item: ImportLine,
    existing: dict[str, Article],
    topics: dict[str, Any],
    authors: dict[str, int],
    embedding: bytes,
) -> str:
    values = _values(item, authors, embedding)
    topic_list = [topics[t] for t in item.data.topics]
    article = existing.get(values["external_id"])
    now = utcnow()
    if article is None:
        article = Article(**values, created_at=now, updated_at=now)
        article.topics = topic_list
        session.add(article)
        if article.status != ArticleStatus.draft.value:
            # An imported article obeys the newsroom's rules as one made on the desk does.
            session.flush()
            status_changed(session, article, ArticleStatus.draft.value, article.status, None)
        existing[values["external_id"]] = article
        return "created"
    values.setdefault("publish_at", article.publish_at)
    same = (
        all(getattr(article, k) == v for k, v in values.items())
        and [t.id for t in article.topics] == item.data.topics
    )
    if same:
        return "unchanged"
    old_status = article.status
    for key, value in values.items():
        setattr(article, key, value)
    article.topics = topic_list
    article.updated_at = now
    status_changed(session, article, old_status, article.status, None)
    return "updated"
