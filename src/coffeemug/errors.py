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


# SQLSTATEs of a transaction that lost to a concurrent one: retrying it is the remedy.
_RETRY_STATES = {"40001", "40P01"}  # serialization failure, deadlock detected


def from_database_error(exc: Exception) -> CoffeeMugError | None:
    """The error to answer for a database exception raised by a race, or None for a bug.

    Races between requests that checked first and wrote second (the same topic id created twice,
    an article deleted twice, a score version numbered twice) end in a constraint violation or a
    lost update; the client hears 409 and may retry, never 500.
    """
    from sqlalchemy.exc import DBAPIError, IntegrityError
    from sqlalchemy.orm.exc import StaleDataError

    if isinstance(exc, IntegrityError):
        return Conflict("a concurrent request changed the same data first; retry", retry=True)
    if isinstance(exc, StaleDataError):
        return Conflict("another request changed or removed this at the same moment", retry=True)
    if isinstance(exc, DBAPIError):
        state = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
        if state in _RETRY_STATES:
            return Conflict("a concurrent request got in the way; retry", retry=True)
    return None


# FastAPI's 400 for a body it could not parse (the cause says why).
_PARSE_FAILED = "There was an error parsing the body"
# Error kinds of the framework's own HTTP errors.
HTTP_KINDS = {404: "not_found", 405: "method_not_allowed", 413: "payload_too_large"}


def unreadable_body(exc: Exception) -> ValidationFailed | None:
    """The 422 for a body FastAPI could not even parse (its generic 400): not UTF-8, nested
    deeper than the parser goes, or otherwise broken."""
    if getattr(exc, "detail", None) != _PARSE_FAILED or exc.__cause__ is None:
        return None
    cause = exc.__cause__
    if isinstance(cause, UnicodeDecodeError):
        reason = "the body is not UTF-8 text"
    elif isinstance(cause, RecursionError):
        reason = "the body is nested too deeply"
    else:
        reason = "the body cannot be read"
    return ValidationFailed(f"body: {reason}", fields=["body"])


def error_responses(*errors: type[CoffeeMugError]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entries so the docs list what an endpoint may answer."""
    return {
        err.status: {"description": err.kind, "content": {"application/json": {}}} for err in errors
    }
