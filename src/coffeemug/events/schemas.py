"""Shapes of incoming events and of what ingestion reports back."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

from coffeemug.events.catalogue import BY_TYPE, PAYLOAD
from coffeemug.events.models import Channel, EventType
from coffeemug.fields import DbId, Text, Timestamp

RequestId = Text(64)


class _EventFields(BaseModel):
    """The fields every event may carry; the type-specific ones come from the catalogue."""

    model_config = ConfigDict(extra="forbid")

    id: uuid.UUID
    type: EventType
    article_id: DbId | None = None
    occurred_at: Timestamp
    channel: Channel = Channel.intranet
    position: int | None = Field(None, ge=0, le=10_000)
    request_id: RequestId | None = None

    @model_validator(mode="after")
    def _type_specific(self) -> _EventFields:
        spec = BY_TYPE[self.type.value]
        if not spec.from_clients:
            raise ValueError(f"type {self.type.value} is recorded by the server, not sent")
        for field in PAYLOAD:
            if getattr(self, field) is not None and field not in spec.payload:
                allowed = ", ".join(s.type for s in BY_TYPE.values() if field in s.payload)
                raise ValueError(f"{field} is only allowed for type {allowed}")
        if spec.article and self.article_id is None:
            raise ValueError(f"article_id is required for type {self.type.value}")
        for field in spec.required:
            if getattr(self, field) is None:
                raise ValueError(f"{field} is required for type {self.type.value}")
        return self


EventCreate = create_model(  # one event as a client sends it; a retry reuses its ``id``
    "EventCreate",
    __base__=_EventFields,
    __doc__="One event as a client sends it; ``id`` is the client's UUID (a retry reuses it).",
    **{
        name: (payload.annotation | None, Field(None, description=payload.description))
        for name, payload in PAYLOAD.items()
    },
)


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
