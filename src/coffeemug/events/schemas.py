"""Shapes of incoming events and of what ingestion reports back."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from coffeemug.events.models import Channel, EventType
from coffeemug.fields import Amount, DbId, Figure, Label, Text, Timestamp

RequestId = Text(64)
Reason = Text(200)

# Fields that belong to one event type only; sending them with another type is an error.
TYPE_FIELDS: dict[str, tuple[EventType, ...]] = {
    "score": (EventType.article_impressed,),
    "propensity": (EventType.article_impressed,),
    "dwell_seconds": (EventType.article_read,),
    "reason": (EventType.article_dismissed,),
    "kind": (EventType.conversion_recorded,),
    "value": (EventType.conversion_recorded,),
}


class EventCreate(BaseModel):
    """One event as a client sends it; ``id`` is the client's UUID (a retry reuses it)."""

    model_config = ConfigDict(extra="forbid")

    id: uuid.UUID
    type: EventType
    article_id: DbId | None = None
    occurred_at: Timestamp
    channel: Channel = Channel.intranet
    position: int | None = Field(None, ge=0, le=10_000)
    request_id: RequestId | None = None
    score: Figure | None = None
    propensity: float | None = Field(None, ge=0.0, le=1.0, allow_inf_nan=False)
    dwell_seconds: float | None = Field(None, ge=0.0, le=86_400.0, allow_inf_nan=False)
    reason: Reason | None = None
    # A conversion's kind is a short label (e.g. meeting_booked), never free prose: it is shown
    # in analytics and exported to spreadsheets.
    kind: Label | None = None
    value: Amount | None = Field(None, description="Conversion value in EUR, 0 to 1e9.")

    @model_validator(mode="after")
    def _type_specific(self) -> EventCreate:
        for field, types in TYPE_FIELDS.items():
            if getattr(self, field) is not None and self.type not in types:
                allowed = ", ".join(t.value for t in types)
                raise ValueError(f"{field} is only allowed for type {allowed}")
        if self.type is not EventType.conversion_recorded and self.article_id is None:
            raise ValueError(f"article_id is required for type {self.type.value}")
        if self.type is EventType.article_read and self.dwell_seconds is None:
            raise ValueError("dwell_seconds is required for type article_read")
        if self.type is EventType.conversion_recorded and self.kind is None:
            raise ValueError("kind is required for type conversion_recorded")
        return self


class EventBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    events: list[EventCreate]


class IngestResult(BaseModel):
    index: int
    id: str
    status: Literal["stored", "duplicate"]


class BatchResult(BaseModel):
    stored: int
    duplicates: int
    results: list[IngestResult]


class ItemError(BaseModel):
    index: int
    field: str
    detail: str


class EventRead(BaseModel):
    """An event as the employee's data export shows it."""

    id: str
    type: str
    article_id: int | None
    channel: str
    occurred_at: datetime | None = Field(description="None if stored outside 1970-2100.")
    ingested_at: datetime
    dwell_seconds: float | None
    value: float | None
    position: int | None
    properties: dict[str, Any]
