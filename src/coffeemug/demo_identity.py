"""The demo's identity cookie, signed: only the demo picker can set who a browser is.

Demo mode only (production identifies people by the single-sign-on proxy's header). Signed with
the secret key, so a hand-made cookie naming ``admin-1`` is ignored like no cookie at all.
"""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer

COOKIE = "coffeemug_demo_employee"
_SALT = "coffeemug-demo-identity"


def cookie_value(secret: str, external_id: str) -> str:
    """What the picker stores in the cookie for ``external_id``."""
    return URLSafeSerializer(secret, salt=_SALT).dumps(external_id)


def external_id_from(secret: str, value: str | None) -> str | None:
    """The external id a cookie we signed names, or None for a missing or forged one."""
    if not value:
        return None
    try:
        found = URLSafeSerializer(secret, salt=_SALT).loads(value)
    except BadSignature:
        return None
    return found if isinstance(found, str) and found else None
