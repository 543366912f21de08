"""Importers for external data: social metrics, web conversions, media and social mentions,
paid impressions and event visits.

CSV (with a header row) or JSON Lines; every row is checked on its own, bad rows are reported as
``file:line: reason`` and good rows are stored once, keyed so that re-importing changes nothing.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from coffeemug.analytics import repository
from coffeemug.analytics.models import (
    OURS,
    EventVisits,
    ImportedConversion,
    Mention,
    PaidImpressions,
    SocialMetric,
)
from coffeemug.analytics.schemas import ImportReport
from coffeemug.db import Base
from coffeemug.errors import DataFileError
from coffeemug.fields import EARLIEST, INT32_MAX, MAX_AMOUNT, text_problem
from coffeemug.settings import Settings

NETWORKS = (
    "linkedin",
    "xing",
    "x",
    "facebook",
    "instagram",
    "youtube",
    "tiktok",
    "mastodon",
    "bluesky",
    "threads",
)
SOURCE_CHANNELS = (
    "intranet",
    "email",
    "app",
    "social",
    "web",
    "search",
    "direct",
    "newsletter",
    "advertising",
    *NETWORKS,
)
# Paid media: where the ads ran (a network or ad platform) and in which form.
AD_NETWORKS = (*NETWORKS, "google", "microsoft", "programmatic", "print", "radio", "tv", "outdoor")
MEDIA = ("display", "video", "search", "social", "native", "audio", "print", "outdoor", "other")
CONVERSION_KINDS = ("form_submitted", "meeting_booked", "ticket_registered", "other")
# A day's export may carry tomorrow's date in a time zone ahead of UTC; more is an error.
FUTURE_TOLERANCE = timedelta(days=1)
MAX_TEXT = 10_000


class RowError(ValueError):
    """One row is wrong; the message says which field and why."""


@dataclass(frozen=True)
class Spec:
    model: type[Base]
    keys: tuple[str, ...]
    required: tuple[str, ...]
    optional: tuple[str, ...]
    parse: Callable[[dict[str, Any], Context], dict[str, Any]]
    store: Callable[[Session, list[dict[str, Any]]], None]


@dataclass
class Context:
    settings: Settings
    today: date
    topics: set[str]
    article_ids: set[int]
    campaign_ids: set[int]


# ------------------------------------------------------------------ field parsers


def _text(rec: dict[str, Any], name: str, max_len: int = 128, required: bool = True) -> str:
    value = rec.get(name)
    value = "" if value is None else str(value).strip()
    if required and not value:
        raise RowError(f"{name} is missing")
    if len(value) > max_len:
        raise RowError(f"{name} is longer than {max_len} characters")
    problem = text_problem(value)
    if problem:
        raise RowError(f"{name} {problem}")
    return value


def _count(rec: dict[str, Any], name: str) -> int:
    raw = rec.get(name)
    if raw is None or str(raw).strip() == "":
        return 0
    try:
        value = int(str(raw).strip()) if not isinstance(raw, int) else raw
    except ValueError:
        raise RowError(f"{name} is not a whole number: {raw!r}") from None
    if isinstance(raw, bool):
        raise RowError(f"{name} is not a whole number: {raw!r}")
    if value < 0:
        raise RowError(f"{name} must not be negative (got {value})")
    if value > INT32_MAX:
        raise RowError(f"{name} is larger than {INT32_MAX}")
    return value


def _amount(rec: dict[str, Any], name: str) -> float:
    raw = rec.get(name)
    if raw is None or str(raw).strip() == "":
        return 0.0
    try:
        value = float(str(raw).strip())
    except ValueError:
        raise RowError(f"{name} is not a number: {raw!r}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise RowError(f"{name} is not a finite number")
    if value < 0:
        raise RowError(f"{name} must not be negative (got {value:g})")
    if value > MAX_AMOUNT:
        raise RowError(f"{name} is larger than {MAX_AMOUNT:g}")
    return value


def _day(rec: dict[str, Any], ctx: Context) -> date:
    raw = _text(rec, "date", 40)
    try:
        day = date.fromisoformat(raw[:10])
    except ValueError:
        raise RowError(f"date is not YYYY-MM-DD: {raw!r}") from None
    if day > ctx.today + FUTURE_TOLERANCE:
        raise RowError(f"date {day} lies in the future")
    if day < EARLIEST.date():
        raise RowError(f"date {day} lies before {EARLIEST.date()}")
    return day


def _choice(rec: dict[str, Any], name: str, allowed: tuple[str, ...], what: str) -> str:
    value = _text(rec, name, 64).lower()
    if value not in allowed:
        raise RowError(f"unknown {what} {value!r}; known: {', '.join(allowed)}")
    return value


def _reference(rec: dict[str, Any], name: str, known: set[int]) -> int | None:
    raw = rec.get(name)
    if raw is None or str(raw).strip() == "":
        return None
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise RowError(f"{name} is not an id: {raw!r}") from None
    if value not in known:
        raise RowError(f"{name} {value} does not exist")
    return value


# ------------------------------------------------------------------ row parsers


def _social(rec: dict[str, Any], ctx: Context) -> dict[str, Any]:
    return {
        "network": _choice(rec, "network", NETWORKS, "network"),
        "post_id": _text(rec, "post_id"),
        "day": _day(rec, ctx),
        **{
            name: _count(rec, name)
            for name in ("impressions", "clicks", "likes", "comments", "shares", "link_visits")
        },
        "article_id": _reference(rec, "article_id", ctx.article_ids),
        "campaign_id": _reference(rec, "campaign_id", ctx.campaign_ids),
    }


def _conversion(rec: dict[str, Any], ctx: Context) -> dict[str, Any]:
    return {
        "id": _text(rec, "conversion_id"),
        "day": _day(rec, ctx),
        "kind": _choice(rec, "kind", CONVERSION_KINDS, "conversion kind"),
        "channel": _choice(rec, "channel", SOURCE_CHANNELS, "channel"),
        "value": _amount(rec, "value"),
        "article_id": _reference(rec, "article_id", ctx.article_ids),
        "campaign_id": _reference(rec, "campaign_id", ctx.campaign_ids),
    }


def _mention(rec: dict[str, Any], ctx: Context) -> dict[str, Any]:
    brand_raw = _text(rec, "brand", 64)
    configured = {name.lower(): name for name in ctx.settings.competitors}
    if brand_raw.lower() == OURS:
        brand = OURS
    elif brand_raw.lower() in configured:
        brand = configured[brand_raw.lower()]
    else:
        known = ", ".join(ctx.settings.competitors) or "none configured"
        raise RowError(
            f"brand {brand_raw!r} is neither 'ours' nor a configured competitor "
            f"(COFFEEMUG_COMPETITORS: {known})"
        )
    topic = _text(rec, "topic", 64, required=False) or None
    if topic is not None and topic not in ctx.topics:
        raise RowError(f"unknown topic {topic!r}")
    return {
        "id": _text(rec, "mention_id"),
        "day": _day(rec, ctx),
        "source": _text(rec, "source"),
        "author_reach": _count(rec, "author_reach"),
        "text": _text(rec, "text", MAX_TEXT, required=False),
        "brand": brand,
        "topic_id": topic,
    }


def _campaign(rec: dict[str, Any], ctx: Context) -> int:
    campaign = _reference(rec, "campaign_id", ctx.campaign_ids)
    if campaign is None:
        raise RowError("campaign_id is missing")
    return campaign


def _paid(rec: dict[str, Any], ctx: Context) -> dict[str, Any]:
    return {
        "campaign_id": _campaign(rec, ctx),
        "day": _day(rec, ctx),
        "network": _choice(rec, "network", AD_NETWORKS, "network"),
        "medium": _choice(rec, "medium", MEDIA, "medium"),
        "impressions": _count(rec, "impressions"),
    }


def _visits(rec: dict[str, Any], ctx: Context) -> dict[str, Any]:
    return {
        "campaign_id": _campaign(rec, ctx),
        "day": _day(rec, ctx),
        "event_name": _text(rec, "event"),
        "visits": _count(rec, "visits"),
    }


SPECS: dict[str, Spec] = {
    "social-metrics": Spec(
        SocialMetric,
        ("network", "post_id", "day"),
        ("network", "post_id", "date"),
        (
            "impressions",
            "clicks",
            "likes",
            "comments",
            "shares",
            "link_visits",
            "article_id",
            "campaign_id",
        ),
        _social,
        repository.upsert_social_metrics,
    ),
    "conversions": Spec(
        ImportedConversion,
        ("id",),
        ("conversion_id", "date", "kind", "channel"),
        ("value", "article_id", "campaign_id"),
        _conversion,
        repository.upsert_conversions,
    ),
    "mentions": Spec(
        Mention,
        ("id",),
        ("mention_id", "date", "source", "brand"),
        ("author_reach", "text", "topic"),
        _mention,
        repository.upsert_mentions,
    ),
    "paid-impressions": Spec(
        PaidImpressions,
        ("campaign_id", "day", "network", "medium"),
        ("campaign_id", "date", "network", "medium", "impressions"),
        (),
        _paid,
        repository.upsert_paid_impressions,
    ),
    "event-visits": Spec(
        EventVisits,
        ("campaign_id", "day", "event_name"),
        ("campaign_id", "date", "event", "visits"),
        (),
        _visits,
        repository.upsert_event_visits,
    ),
}


# ------------------------------------------------------------------ reading files


def detect_format(name: str, given: str | None) -> str:
    if given:
        if given not in ("csv", "jsonl"):
            raise DataFileError(name, f"unknown format {given!r}; use csv or jsonl")
        return given
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    raise DataFileError(name, "cannot tell the format from the name; pass --format csv|jsonl")


def records(name: str, content: str, fmt: str, spec: Spec) -> Iterator[tuple[int, Any]]:
    """(line number, record) pairs; a record that is not an object is yielded as-is."""
    if fmt == "csv":
        reader = csv.DictReader(io.StringIO(content))
        header = reader.fieldnames or []
        missing = [c for c in spec.required if c not in header]
        if missing:
            raise DataFileError(name, f"header lacks column(s): {', '.join(missing)}", line=1)
        try:
            for row in reader:
                # line_num is the physical line the row ended on (quoted fields may span lines).
                yield reader.line_num, row
        except csv.Error as exc:
            raise DataFileError(name, f"not valid CSV ({exc})", line=reader.line_num) from exc
        return
    # Split on newlines only: JSON text may hold other line separators inside strings.
    for number, raw in enumerate(content.split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            yield number, json.loads(raw)
        except json.JSONDecodeError as exc:
            yield number, RowError(f"not valid JSON ({exc.msg})")
        except RecursionError:
            yield number, RowError("not valid JSON (nested too deeply)")


def import_text(
    session: Session,
    settings: Settings,
    kind: str,
    name: str,
    content: str,
    fmt: str,
    today: date | None = None,
) -> ImportReport:
    """Check every row, store the good ones (insert or overwrite by key), report the bad ones."""
    if kind not in SPECS:
        raise DataFileError(name, f"unknown import kind {kind!r}; use {', '.join(SPECS)}")
    spec = SPECS[kind]
    ctx = Context(
        settings,
        today or datetime.now(UTC).date(),
        set(repository.all_topics(session)),
        set(repository.all_article_ids(session)),
        set(repository.all_campaign_ids(session)),
    )
    good: dict[tuple, tuple[int, dict[str, Any]]] = {}
    errors: list[str] = []
    total = 0
    for line, rec in records(name, content, fmt, spec):
        total += 1
        try:
            if isinstance(rec, RowError):
                raise rec
            if not isinstance(rec, dict):
                raise RowError("a row must be a JSON object")
            row = spec.parse(rec, ctx)
            key = tuple(row[k] for k in spec.keys)
            if key in good:
                raise RowError(f"same key as line {good[key][0]}")
            good[key] = (line, row)
        except RowError as exc:
            errors.append(f"{name}:{line}: {exc}")
    rows = [row for _, row in good.values()]
    existing = repository.existing_keys(session, spec.model, list(spec.keys), list(good))
    spec.store(session, rows)
    session.flush()
    return ImportReport(
        kind=kind,
        rows=total,
        stored_new=len(rows) - len(existing),
        updated_or_unchanged=len(existing),
        errors=errors,
    )
