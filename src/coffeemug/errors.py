"""Typed errors: each carries its HTTP status and renders as ``{"error": ..., "detail": ...}``."""

from __future__ import annotations

from typing import Any, ClassVar


class CoffeeMugError(Exception):
    """Base of every error we raise on purpose; never rendered as a 500."""

    status: ClassVar[int] = 400
    kind: ClassVar[str] = "bad_request"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra

    def to_dict(self) -> dict[str, Any]:
        return {"error": self.kind, "detail": self.detail, **self.extra}


class BadRequest(CoffeeMugError):
    status = 400
    kind = "bad_request"


class ValidationFailed(CoffeeMugError):
    status = 422
    kind = "validation_error"


class NotAuthenticated(CoffeeMugError):
    status = 401
    kind = "not_authenticated"


class Forbidden(CoffeeMugError):
    status = 403
    kind = "forbidden"


class NotFound(CoffeeMugError):
    status = 404
    kind = "not_found"


class Conflict(CoffeeMugError):
    status = 409
    kind = "conflict"


class PayloadTooLarge(CoffeeMugError):
    status = 413
    kind = "payload_too_large"


class DataFileError(CoffeeMugError):
    """A data file given on the command line is missing or malformed (CLI exit code 2)."""

    status = 400
    kind = "data_file_error"

    def __init__(self, path: str, detail: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {detail}", file=path, line=line)


def error_responses(*errors: type[CoffeeMugError]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entries so the docs list what an endpoint may answer."""
    return {
        err.status: {"description": err.kind, "content": {"application/json": {}}} for err in errors
    }
