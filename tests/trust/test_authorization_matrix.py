"""Every API and web route x {anonymous, unknown id, reader, editor, analyst, admin}: the answer
matches the audience declared next to the route (coffeemug.access).

A route without a declaration fails here: add ``@allow(Audience....)`` under its decorator.
A route with a new path parameter needs an example value in ``EXAMPLES`` below. Requests that
may not pass carry an empty body: identity and role are checked before the payload.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from fastapi.testclient import TestClient

from coffeemug.access import Audience, RouteEntry, permits, route_table
from coffeemug.web.csrf import issue_token
from trust.figures import count
from trust.trust_room import TrustRoom

IDENTITIES: dict[str, list[str] | None] = {
    "anonymous": None,
    "unknown id": None,
    "reader": ["reader"],
    "editor": ["reader", "editor"],
    "analyst": ["analyst"],
    "admin": ["reader", "admin"],
}
EXTERNAL_IDS = {
    "unknown id": "nobody-by-this-id",
    "reader": "demo-0001",
    "editor": "editor-1",
    "analyst": "analyst-1",
    "admin": "admin-1",
}


def _examples(trust: TrustRoom) -> dict[str, str]:
    """A value for every path parameter of the application."""
    return {
        "article_id": str(trust.live.id),
        "campaign_id": str(trust.campaign.id),
        "slot_id": "1",
        "feed_id": "1",
        "task_id": "1",
        "topic_id": "ai",
        "dim": "region",
        "kind": "mentions",
        "path": "app.css",
        "name": "dashboard.js",
        "code": "de",
        "token": "not-a-signed-token",
        # Listening: ids nobody has (404 after the role check) and a source without a secret.
        "item_id": "999999",
        "approval_id": "999999",
        "reply_id": "999999",
        "fact_id": "999999",
        "source": "no-such-source",
        "share_id": "1",
        "rule_id": "1",
        "table": "teams",
    }


def _path(entry: RouteEntry, examples: dict[str, str]) -> str:
    path = entry.path
    for name, value in examples.items():
        path = path.replace("{" + name + "}", value)
    assert "{" not in path, f"{entry.path}: add an example value for its parameter to EXAMPLES"
    return path


def _refused_as(response: Any, api: bool) -> str | None:
    """How the answer refused the caller (401 / 403 / sign-in redirect), or None."""
    if response.status_code in (401, 403):
        return str(response.status_code)
    location = response.headers.get("location", "")
    if not api and response.status_code == 303 and location.startswith("/login"):
        return "sign-in"
    return None


def test_every_route_declares_who_may_use_it(client: TestClient) -> None:
    undeclared = [
        f"{sorted(e.methods)} {e.path}" for e in route_table(client.app) if e.audience is None
    ]
    assert undeclared == [], f"routes without @allow(Audience...): {undeclared}"


def _expected_refusal(roles: list[str] | None, method: str, api: bool) -> str:
    """How a caller who may not use a route is refused."""
    if roles:
        return "403"
    return "sign-in" if method == "GET" and not api else "401"


def test_every_route_answers_each_identity_as_declared(
    client: TestClient, trust: TrustRoom
) -> None:
    secret = client.app.state.settings.secret_key  # type: ignore[attr-defined]
    ids = {"reader": trust.reader.id, "editor": trust.editor.id}
    ids |= {"analyst": trust.analyst.id, "admin": trust.admin.id}
    examples = _examples(trust)
    wrong: list[str] = []
    for entry in route_table(client.app):
        assert entry.audience is not None
        api = entry.path.startswith("/api/") or entry.path == "/openapi.json"
        path = _path(entry, examples)
        for method, (who, roles) in itertools.product(sorted(entry.methods), IDENTITIES.items()):
            headers = {"X-Employee-Id": EXTERNAL_IDS[who]} if who in EXTERNAL_IDS else {}
            # The sign-in form is posted before anyone is signed in: its token names nobody.
            token = issue_token(secret, None if entry.path == "/login" else ids.get(who))
            response = _call(client, method, path, headers, api, token)
            assert response.status_code < 500, (method, entry.path, who, response.text)
            count("authorization cells checked")
            refused = _refused_as(response, api)
            cell = f"{method} {entry.path} as {who}"
            if permits(entry.audience, roles):
                if refused:
                    wrong.append(f"{cell}: refused ({refused})")
            elif refused != (expected := _expected_refusal(roles, method, api)):
                wrong.append(f"{cell}: {refused or response.status_code}, not {expected}")
    assert wrong == [], "\n".join(wrong)


def _call(
    client: TestClient,
    method: str,
    path: str,
    headers: dict[str, str],
    api: bool,
    token: str,
) -> Any:
    client.cookies.clear()
    if method == "GET":
        return client.get(path, headers=headers, follow_redirects=False)
    if api:
        return client.request(method, path, json={}, headers=headers, follow_redirects=False)
    # A page's form: a valid token for whoever is asking, nothing else.
    return client.request(
        method, path, data={"csrf_token": token}, headers=headers, follow_redirects=False
    )


@pytest.mark.parametrize("audience", list(Audience))
def test_the_declarations_mean_what_they_say(audience: Audience) -> None:
    assert permits(audience, ["reader", "admin"])  # admins hold every role
    assert permits(audience, None) == (audience is Audience.anyone)
    assert permits(audience, ["reader"]) == (audience in (Audience.anyone, Audience.employee))
