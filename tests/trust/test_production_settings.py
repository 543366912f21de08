"""Production refuses to start with the demo's identity header or a weak secret; the API docs
are off there by default; the demo's identity cookie cannot be forged."""

from __future__ import annotations

import secrets

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy.orm import Session

from coffeemug.app import create_app
from coffeemug.settings import Settings
from factories import make_employee

STRONG = secrets.token_urlsafe(32)


def _production(**overrides: object) -> Settings:
    values = {
        "environment": "production",
        "demo_mode": False,
        "identity_header": "X-Forwarded-User",
        "secret_key": STRONG,
        **overrides,
    }
    return Settings(**values)  # type: ignore[arg-type]


def test_production_starts_with_an_sso_header_and_a_strong_secret() -> None:
    settings = _production()
    assert settings.identity_header == "X-Forwarded-User"


@pytest.mark.parametrize(
    "overrides",
    [
        {"identity_header": "X-Employee-Id"},  # the default: what the demo trusts
        {"identity_header": "x-employee-id"},
        {"secret_key": "x"},
        {"secret_key": "change-me-in-production"},
        {"secret_key": "a" * 64},
        {"secret_key": "passwordpasswordpasswordpassword"},
        {"demo_mode": True},
    ],
    ids=str,
)
def test_production_refuses_to_start_unsafely(overrides: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        _production(**overrides)


def test_production_refuses_when_no_identity_header_is_configured(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COFFEEMUG_ENVIRONMENT", "production")
    monkeypatch.setenv("COFFEEMUG_DEMO_MODE", "false")
    monkeypatch.setenv("COFFEEMUG_SECRET_KEY", STRONG)
    monkeypatch.delenv("COFFEEMUG_IDENTITY_HEADER", raising=False)
    with pytest.raises(ValidationError, match="IDENTITY_HEADER"):
        Settings()


def test_the_demo_header_gives_nothing_in_production(database_url: str) -> None:
    app = create_app(_production(database_url=database_url, embedder="hashing"))
    with TestClient(app) as client:
        answer = client.get("/api/me", headers={"X-Employee-Id": "admin-1"})
        assert answer.status_code == 401


def test_api_docs_are_off_in_production_unless_asked_for(database_url: str) -> None:
    with TestClient(create_app(_production(database_url=database_url))) as client:
        for path in ("/docs", "/redoc", "/openapi.json"):
            assert client.get(path).status_code == 404, path
    asked = _production(database_url=database_url, api_docs=True)
    with TestClient(create_app(asked)) as client:
        assert client.get("/openapi.json").status_code == 200
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        assert client.get("/docs").status_code == 200


def test_a_forged_demo_cookie_names_nobody(client: TestClient, session: Session) -> None:
    make_employee(session, "admin-9", roles=["admin"])
    client.cookies.set("coffeemug_demo_employee", "admin-9")
    page = client.get("/settings", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
