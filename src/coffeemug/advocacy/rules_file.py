"""Reading guideline rules from a file: CSV (a header row) or JSON (a list of objects).

Columns / keys: ``kind`` (term, customer, detector), ``language`` (de, en or *), ``value``,
``severity`` (warn, block), ``clause`` and ``clause_url``.
"""

from __future__ import annotations

import csv
import io
import json

from pydantic import ValidationError

from coffeemug.advocacy.schemas import RuleCreate
from coffeemug.errors import ValidationFailed

MAX_BYTES = 1_000_000
COLUMNS = ("kind", "language", "value", "severity", "clause", "clause_url")


def _rows(data: bytes, name: str) -> list[dict[str, object]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed("file: not UTF-8 text") from exc
    if name.lower().endswith(".json") or text.lstrip().startswith("["):
        try:
            rows = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValidationFailed(f"file: not valid JSON ({exc.msg}, line {exc.lineno})") from exc
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise ValidationFailed("file: JSON must be a list of objects")
        return rows
    reader = csv.DictReader(io.StringIO(text))
    missing = [
        c for c in ("kind", "value", "clause", "clause_url") if c not in (reader.fieldnames or [])
    ]
    if missing:
        raise ValidationFailed(f"file: missing CSV columns {', '.join(missing)}")
    return [
        {k: v for k, v in row.items() if k in COLUMNS and v not in (None, "")} for row in reader
    ]


def parse(data: bytes, name: str = "") -> list[RuleCreate]:
    """The rules of a file, each checked; the first bad one is named by its row number."""
    if not data.strip():
        raise ValidationFailed("file: empty")
    if len(data) > MAX_BYTES:
        raise ValidationFailed(f"file: larger than {MAX_BYTES} bytes")
    rules = []
    for number, row in enumerate(_rows(data, name), start=1):
        try:
            rules.append(RuleCreate.model_validate(row))
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()
            )
            raise ValidationFailed(f"file: rule {number}: {problems}") from exc
    return rules
