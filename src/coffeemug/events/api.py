"""HTTP routes for event ingestion and the calling employee's saved articles."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Response, status

from coffeemug.access import Audience, allow
from coffeemug.deps import CurrentEmployee, SessionDep, SettingsDep
from coffeemug.errors import (
    Conflict,
    NotAuthenticated,
    PayloadTooLarge,
    ValidationFailed,
    error_responses,
)
from coffeemug.events import service
from coffeemug.events.schemas import BatchResult, EventBatch, EventCreate
from coffeemug.people.schemas import SavedItem

router = APIRouter(prefix="/api", tags=["events"])


def _inline(schema: dict[str, Any]) -> dict[str, Any]:
    """A model's JSON schema with its ``$defs`` resolved in place, for ``openapi_extra``."""
    defs = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                return resolve(defs[ref.removeprefix("#/$defs/")])
            return {k: resolve(v) for k, v in node.items()}
        if isinstance(node, list):
            return [resolve(v) for v in node]
        return node

    return resolve(schema)


# The body is parsed by hand (one event or a batch, checked item by item), so its schema is
# declared here for the OpenAPI page.
_BODY_SCHEMA = {
    "oneOf": [_inline(EventCreate.model_json_schema()), _inline(EventBatch.model_json_schema())]
}


@router.post(
    "/events",
    response_model=BatchResult,
    responses={
        201: {"model": BatchResult, "description": "At least one event was new and is stored."},
        **error_responses(NotAuthenticated, Conflict, PayloadTooLarge, ValidationFailed),
    },
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": _BODY_SCHEMA}}}
    },
)
@allow(Audience.employee)
def post_events(
    payload: Annotated[Any, Body()],
    session: SessionDep,
    settings: SettingsDep,
    employee: CurrentEmployee,
    response: Response,
) -> BatchResult:
    """Record one event or a batch ``{"events": [...]}`` of the calling employee.

    A batch is all-or-nothing: if any item is invalid nothing is stored and the error lists the
    invalid items by index. A retried id with the same content is reported as ``duplicate``.
    201 when anything was new (and is committed), 200 when every event was a duplicate. An event
    on an article the employee may not see is refused like one on an unknown article.
    """
    events, _ = service.parse_payload(payload, settings)
    result = service.ingest_for(session, employee, events, settings)
    if result.stored:
        response.status_code = status.HTTP_201_CREATED
    return result


@router.get(
    "/me/saved",
    response_model=list[SavedItem],
    responses=error_responses(NotAuthenticated),
    tags=["me"],
)
@allow(Audience.employee)
def saved(session: SessionDep, employee: CurrentEmployee) -> list[SavedItem]:
    """Articles the employee saved."""
    return service.saved_items(session, employee)
