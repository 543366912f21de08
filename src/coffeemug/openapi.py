"""The OpenAPI description as the API really answers, for every route without extra work.

FastAPI describes a 422 with its own error shape (``detail`` as a list) and knows nothing of our
error body, of CSV downloads or of who may call what. This module rewrites the generated
description once:

* every error response (4xx) has the body ``Error``: ``{"error", "detail": str, ...}``;
* every operation with parameters or a body documents 422, with a body also 413;
* the declared audience (``coffeemug.access``) shows as ``x-audience`` and adds 401 and 403;
* an operation with a ``format`` query parameter offering ``csv`` documents ``text/csv``.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from coffeemug.access import Audience, route_table

ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "description": "Every error: its kind and what is wrong, naming the field where one is.",
    "required": ["error", "detail"],
    "properties": {
        "error": {"type": "string", "description": "Kind, e.g. validation_error or forbidden."},
        "detail": {"type": "string", "description": "What is wrong, naming the field."},
        "fields": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Payload validation: every field that is wrong.",
        },
        "field": {"type": "string", "description": "The field that is wrong."},
        "items": {
            "type": "array",
            "items": {"type": "object"},
            "description": "Event batches: every invalid item with its index.",
        },
        "retry": {
            "type": "boolean",
            "description": "A race was lost: the same request may be sent again.",
        },
    },
    "additionalProperties": True,
}
_ERROR_REF = {"$ref": "#/components/schemas/Error"}
_DESCRIPTIONS = {
    "401": "not_authenticated: no identity, or no employee with that id",
    "403": "forbidden: the caller lacks the role",
    "413": "payload_too_large: the body is over the size limit",
    "422": "validation_error: the request does not fit (fields names each problem)",
}
_METHODS = ("get", "put", "post", "delete", "patch")


def build_openapi(app: FastAPI) -> dict[str, Any]:
    """The application's OpenAPI description with errors, audiences and CSV as they are."""
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    components["Error"] = ERROR_SCHEMA
    audiences = _audiences(app)
    for path, item in schema.get("paths", {}).items():
        for method in _METHODS:
            operation = item.get(method)
            if operation is not None:
                _describe(operation, audiences.get((path, method.upper())))
    return schema


def _audiences(app: FastAPI) -> dict[tuple[str, str], Audience | None]:
    return {
        (entry.path, method): entry.audience
        for entry in route_table(app)
        for method in entry.methods
    }


def _describe(operation: dict[str, Any], audience: Audience | None) -> None:
    responses = operation.setdefault("responses", {})
    if operation.get("parameters") or "requestBody" in operation:
        responses.setdefault("422", {})
    if "requestBody" in operation:
        responses.setdefault("413", {})
    if audience is not None:
        operation["x-audience"] = audience.value
        if audience is not Audience.anyone:
            responses.setdefault("401", {})
        if audience not in (Audience.anyone, Audience.employee):
            responses.setdefault("403", {})
    for status, response in responses.items():
        if status.startswith("4"):
            response.setdefault("description", _DESCRIPTIONS.get(status, "error"))
            if not response["description"] or response["description"] == "Validation Error":
                response["description"] = _DESCRIPTIONS.get(status, "error")
            response["content"] = {"application/json": {"schema": _ERROR_REF}}
    if _offers_csv(operation) and "200" in responses:
        content = responses["200"].setdefault("content", {})
        content["text/csv"] = {
            "schema": {"type": "string", "description": "The table as CSV (format=csv)."}
        }


def _offers_csv(operation: dict[str, Any]) -> bool:
    for parameter in operation.get("parameters", []):
        if parameter.get("name") == "format" and parameter.get("in") == "query":
            schema = parameter.get("schema", {})
            options = schema.get("enum") or [
                option.get("const") for option in schema.get("anyOf", []) if "const" in option
            ]
            if "csv" in options:
                return True
    return False
