"""Event ingestion: validate everything first, store each id once, apply the feedback."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Sequence
from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from coffeemug.content import service as content
from coffeemug.db import utcnow
from coffeemug.errors import Conflict, PayloadTooLarge, ValidationFailed
from coffeemug.events import repository, subscribers
from coffeemug.events.catalogue import PAYLOAD
from coffeemug.events.models import Channel, EventType
from coffeemug.events.schemas import BatchResult, EventCreate, EventRead, IngestResult, ItemError
from coffeemug.fields import finite
from coffeemug.people.models import Employee
from coffeemug.people.schemas import SavedItem
from coffeemug.settings import Settings, get_settings

# What goes into an event's ``properties``: the request id and the payload without a column.
_PROPERTY_FIELDS = ("request_id", *(name for name, p in PAYLOAD.items() if not p.column))


def event_row(
    employee: Employee,
    *,
    event_id: str,
    event_type: EventType,
    article_id: int | None,
    channel: Channel,
    occurred_at: datetime,
    ingested_at: datetime,
    position: int | None,
    properties: dict[str, Any],
    dwell_seconds: float | None = None,
    value: float | None = None,
) -> dict[str, Any]:
    """The table row of one event, with the employee's segment copied in."""
    return {
        "id": event_id,
        "type": event_type.value,
        "employee_id": employee.id,
        "article_id": article_id,
        "channel": channel.value,
        "region": employee.region,
        "business_unit": employee.business_unit,
        "occurred_at": occurred_at,
        "ingested_at": ingested_at,
        "dwell_seconds": dwell_seconds,
        "value": value,
        "position": position,
        "properties": properties,
    }


def to_row(employee: Employee, event: EventCreate, now: datetime) -> dict[str, Any]:
    """The table row for one event a client sent."""
    return event_row(
        employee,
        event_id=str(event.id),
        event_type=event.type,
        article_id=event.article_id,
        channel=event.channel,
        occurred_at=event.occurred_at,
        ingested_at=now,
        position=event.position,
        properties={
            f: getattr(event, f) for f in _PROPERTY_FIELDS if getattr(event, f) is not None
        },
        dwell_seconds=event.dwell_seconds,
        value=event.value,
    )


_CONTENT = (
    "type",
    "employee_id",
    "article_id",
    "channel",
    "occurred_at",
    "dwell_seconds",
    "value",
    "position",
)


def _same_content(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two events with one id say the same (a retry) or not (a conflict)."""
    return all(a[k] == b[k] for k in _CONTENT) and (a["properties"] or {}) == (
        b["properties"] or {}
    )


def store_rows(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert already validated event rows and hand them to the subscribers (the feed learns);
    the rows stream into the event log while the subscribers compute."""
    subscribers.publish(session, rows, repository.inserting_events(session, rows))


def ingest_many(
    session: Session,
    items: Sequence[tuple[Employee, EventCreate]],
    now: datetime | None = None,
    *,
    settings: Settings | None = None,
    reportable: set[int] | None = None,
) -> list[IngestResult]:
    """Store events all-or-nothing (a retried id counts as duplicate) and apply the feedback.

    With ``reportable``, an article outside it is refused exactly like an unknown one.
    """
    now = now or utcnow()
    settings = settings or get_settings()
    rows = [to_row(employee, event, now) for employee, event in items]
    errors = _check_rows(session, rows, now, settings, reportable)
    if errors:
        # Report conflicts with stored events too, as the caller fixes the batch in one go.
        stored = repository.stored_events(session, (r["id"] for r in rows))
        _refuse(errors, _classify(rows, stored)[2], len(rows))
    results, new_rows, conflicts = _classify(rows, {})
    if not conflicts:
        # Most batches are new: store them without first looking their ids up. A stored id
        # makes the insert fail; its savepoint is undone and the batch is sorted out below.
        try:
            with session.begin_nested():
                store_rows(session, new_rows)
            session.flush()
            return results
        except IntegrityError:
            pass
    stored = repository.stored_events(session, (r["id"] for r in rows))
    results, new_rows, conflicts = _classify(rows, stored)
    if conflicts:
        _refuse([], conflicts, len(rows))
    store_rows(session, new_rows)
    session.flush()
    return results


def _check_rows(
    session: Session,
    rows: Sequence[dict[str, Any]],
    now: datetime,
    settings: Settings,
    reportable: Collection[int] | None = None,
) -> list[ItemError]:
    """What is wrong with rows that passed the schema: times in the future, unknown articles
    (and, with ``reportable``, articles outside it, refused exactly like unknown ones)."""
    latest = now + timedelta(seconds=settings.future_tolerance_seconds)
    ids = {r["article_id"] for r in rows if r["article_id"]}
    known = content.existing_article_ids(session, ids)
    if reportable is not None:
        known &= set(reportable)
    errors: list[ItemError] = []
    for index, row in enumerate(rows):
        if row["occurred_at"] > latest:
            errors.append(
                ItemError(
                    index=index,
                    field="occurred_at",
                    detail=f"occurred_at: more than {settings.future_tolerance_seconds} s "
                    "in the future",
                )
            )
        if row["article_id"] is not None and row["article_id"] not in known:
            errors.append(
                ItemError(
                    index=index,
                    field="article_id",
                    detail=f"article_id: unknown article {row['article_id']}",
                )
            )
    return errors


def _classify(
    rows: Sequence[dict[str, Any]], stored: dict[str, dict[str, Any]]
) -> tuple[list[IngestResult], list[dict[str, Any]], list[ItemError]]:
    """Each row as new, a retry of an event already stored or sent earlier in the batch
    (duplicate), or a conflict (the id stored with other content)."""
    results: list[IngestResult] = []
    new_rows: list[dict[str, Any]] = []
    conflicts: list[ItemError] = []
    seen: dict[str, dict[str, Any]] = {}
    for index, row in enumerate(rows):
        earlier = stored.get(row["id"]) or seen.get(row["id"])
        same = None if earlier is None else _same_content(row, earlier)
        if same is False:
            conflicts.append(
                ItemError(
                    index=index,
                    field="id",
                    detail=f"id: event {row['id']} was already stored with other content",
                )
            )
        elif same:
            results.append(IngestResult(index=index, id=row["id"], status="duplicate"))
        else:
            seen[row["id"]] = row
            new_rows.append(row)
            results.append(IngestResult(index=index, id=row["id"], status="stored"))
    return results, new_rows, conflicts


def _refuse(errors: list[ItemError], conflicts: list[ItemError], count: int) -> None:
    """Raise the batch's problems, the first in detail; nothing of the batch is stored."""
    problems = sorted(errors + conflicts, key=lambda e: e.index)
    first = problems[0]
    where = f"events[{first.index}]." if count > 1 else ""
    detail = f"{where}{first.detail}"
    if len(problems) > 1:
        detail += f" (and {len(problems) - 1} more; nothing was stored)"
    error_type = ValidationFailed if errors else Conflict
    raise error_type(detail, items=[p.model_dump() for p in problems])


def _pydantic_errors(exc: ValidationError, prefix: str) -> list[tuple[str, str]]:
    out = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err.get("loc", ()))
        message = err.get("msg", "invalid")
        out.append((f"{prefix}{field}".rstrip("."), message))
    return out


def parse_payload(payload: Any, settings: Settings) -> tuple[list[EventCreate], bool]:
    """One event or ``{"events": [...]}``; every item is checked before any is stored."""
    if isinstance(payload, dict) and "events" in payload:
        extra = sorted(set(payload) - {"events"})
        if extra:
            raise ValidationFailed(f"{extra[0]}: unexpected field next to 'events'", field=extra[0])
        raw = payload["events"]
        if not isinstance(raw, list):
            raise ValidationFailed("events: must be a list of events", field="events")
        if not raw:
            raise ValidationFailed("events: the batch is empty", field="events")
        if len(raw) > settings.max_batch_events:
            raise PayloadTooLarge(
                f"events: {len(raw)} events in one batch; at most {settings.max_batch_events}",
                field="events",
            )
        events: list[EventCreate] = []
        problems: list[ItemError] = []
        for index, item in enumerate(raw):
            try:
                events.append(EventCreate.model_validate(item))
            except ValidationError as exc:
                for field, message in _pydantic_errors(exc, ""):
                    problems.append(
                        ItemError(index=index, field=field or "event", detail=f"{field}: {message}")
                    )
        if problems:
            first = problems[0]
            detail = f"events[{first.index}].{first.detail}"
            if len(problems) > 1:
                detail += f" (and {len(problems) - 1} more; nothing was stored)"
            raise ValidationFailed(detail, items=[p.model_dump() for p in problems])
        return events, True
    if not isinstance(payload, dict):
        raise ValidationFailed('body: send one event object or {"events": [...]}', field="body")
    try:
        return [EventCreate.model_validate(payload)], False
    except ValidationError as exc:
        problems_1 = _pydantic_errors(exc, "")
        detail = "; ".join(f"{f or 'event'}: {m}" for f, m in problems_1)
        raise ValidationFailed(detail, fields=[f for f, _ in problems_1]) from exc


# Which of some articles anyone may see right now, answered without a query: registered at
# start-up by the feed, from its per-process cache of live articles (coffeemug.startup). Without
# it, every article of an event is checked by a query.
OpenToAll = Callable[[Session, set[int], datetime], set[int]]
_open_to_all: list[OpenToAll] = []


def use_open_to_all(check: OpenToAll) -> None:
    """Register the quick check of articles open to everyone (replaces an earlier one)."""
    _open_to_all[:] = [check]


def ingest_for(
    session: Session, employee: Employee, events: Sequence[EventCreate], settings: Settings
) -> BatchResult:
    """Ingest events reported by one employee about themself, on articles they may see (or
    saw before these expired or were archived): others answer as unknown articles."""
    ids = {e.article_id for e in events if e.article_id is not None}
    now = utcnow()
    # Live articles targeted at everyone need no question to the database (the common case).
    reportable = _open_to_all[0](session, ids, now) if _open_to_all else set()
    if ids - reportable:
        reportable |= content.eventable_article_ids(session, employee, list(ids - reportable))
    try:
        results = ingest_many(
            session, [(employee, e) for e in events], settings=settings, reportable=reportable
        )
    except IntegrityError as exc:
        # Two requests with the same new id at the same moment: the later one loses the race;
        # its retry is then reported as a duplicate.
        raise Conflict(
            "id: another request stored one of these events at the same moment; retry",
            field="id",
        ) from exc
    stored = sum(1 for r in results if r.status == "stored")
    return BatchResult(stored=stored, duplicates=len(results) - stored, results=results)


def events_of(session: Session, employee: Employee) -> list[EventRead]:
    """All events of one employee, oldest first (for their data export)."""
    return [
        EventRead(
            id=e.id,
            type=e.type,
            article_id=e.article_id,
            channel=e.channel,
            occurred_at=e.occurred_at,
            ingested_at=e.ingested_at,
            # Rows stored before the edge refused them may hold NaN or infinity: JSON has none.
            dwell_seconds=finite(e.dwell_seconds),
            value=finite(e.value),
            position=e.position,
            properties=e.properties or {},
        )
        for e in repository.events_of_employee(session, employee.id)
    ]


def export_events(session: Session, employee: Employee) -> list[dict[str, Any]]:
    """The employee's events as their data export lists them."""
    return [e.model_dump(mode="json") for e in events_of(session, employee)]


def saved_items(session: Session, employee: Employee) -> list[SavedItem]:
    """Articles the employee saved and may still see, most recently saved first (an article
    archived, expired or re-targeted since is no longer shown)."""
    saved = repository.saved_articles(session, employee.id)
    visible = content.visible_article_ids(session, employee, [article.id for article, _ in saved])
    return [
        SavedItem(
            article_id=article.id,
            title=article.title,
            summary=article.summary,
            language=article.language,
            topics=[t.id for t in article.topics],
            saved_at=saved_at,
        )
        for article, saved_at in saved
        if article.id in visible
    ]


# Feedback that can be withdrawn, and the event that withdraws it.
WITHDRAWN_BY = {
    EventType.article_liked.value: EventType.article_unliked.value,
    EventType.article_saved.value: EventType.article_unsaved.value,
    EventType.article_dismissed.value: EventType.article_dismissal_undone.value,
}


def standing(
    session: Session,
    employee: Employee,
    kinds: Sequence[str],
    article_ids: Sequence[int] | None = None,
) -> dict[str, set[int]]:
    """Per feedback type of ``kinds`` (liked, saved, dismissed), the articles where it still
    stands: given, and not withdrawn after it was last given."""
    types = [*kinds, *(WITHDRAWN_BY[k] for k in kinds)]
    times = repository.last_times(session, employee.id, types, article_ids)
    found: dict[str, set[int]] = {k: set() for k in kinds}
    for (article_id, kind), at in times.items():
        if kind in found:
            withdrawn = times.get((article_id, WITHDRAWN_BY[kind]))
            if withdrawn is None or withdrawn < at:
                found[kind].add(article_id)
    return found


def reacted(
    session: Session, employee: Employee, article_ids: Sequence[int]
) -> dict[str, set[int]]:
    """Which of these articles the employee liked or saved and did not take it back since
    (buttons shown pressed)."""
    types = (EventType.article_liked.value, EventType.article_saved.value)
    return standing(session, employee, types, article_ids)


def anonymous_event_row(
    *,
    event_type: EventType,
    article_id: int | None,
    channel: Channel,
    occurred_at: datetime,
    properties: dict[str, Any],
    event_id: str | None = None,
) -> dict[str, Any]:
    """The row of an event the server records about nobody (a visitor of a public link): no
    employee and no segment, so nothing about the visitor is stored. Store it with
    ``store_rows``."""
    return {
        "id": event_id or str(uuid.uuid4()),
        "type": event_type.value,
        "employee_id": None,
        "article_id": article_id,
        "channel": channel.value,
        "region": None,
        "business_unit": None,
        "occurred_at": occurred_at,
        "ingested_at": occurred_at,
        "dwell_seconds": None,
        "value": None,
        "position": None,
        "properties": properties,
    }
