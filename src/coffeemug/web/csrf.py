"""Form tokens: signed with the secret key, bound to the employee and valid for a few hours."""

from __future__ import annotations

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from coffeemug.errors import BadRequest

_SALT = "coffeemug-form"
# Long enough for an editor to write an article, short enough that an old copy expires.
MAX_AGE_SECONDS = 8 * 3600


class CsrfFailed(BadRequest):
    kind = "csrf_failed"


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=_SALT)


def issue_token(secret: str, employee_id: int | None) -> str:
    return _serializer(secret).dumps({"e": employee_id})


def check_token(secret: str, token: str | None, employee_id: int | None) -> None:
    """Raise CsrfFailed unless ``token`` was issued by us, recently, for this employee."""
    if not token:
        raise CsrfFailed("the form token is missing")
    try:
        data = _serializer(secret).loads(token, max_age=MAX_AGE_SECONDS)
    except SignatureExpired as exc:
        raise CsrfFailed("the form has expired") from exc
    except BadSignature as exc:
        raise CsrfFailed("the form token is not valid") from exc
    if not isinstance(data, dict) or data.get("e") != employee_id:
        raise CsrfFailed("the form token belongs to another session")
