"""The API answers as its OpenAPI description says: errors, CSV, 201, unreadable bodies, and
the role checked before the payload."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi.testclient import TestClient

from coffeemug.app import create_app
from coffeemug.settings import Settings
from factories import event_payload, identity
from trust.trust_room import TrustRoom

METHODS = ("get", "put", "post", "delete", "patch")


def _operations(schema: dict) -> Iterator[tuple[str, str, dict]]:
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def _resolve(schema: dict, node: dict) -> dict:
    ref = node.get("$ref", "")
    return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]] if ref else node


def test_every_documented_error_has_the_real_error_body(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    checked = 0
    for path, method, operation in _operations(schema):
        for status, response in operation["responses"].items():
            if not status.startswith("4"):
                continue
            body = _resolve(schema, response["content"]["application/json"]["schema"])
            assert body["properties"]["detail"]["type"] == "string", (method, path, status)
            assert body["properties"]["fields"]["type"] == "array"
            checked += 1
        if operation.get("parameters") or "requestBody" in operation:
            assert "422" in operation["responses"], (method, path)
    assert checked > 50


def test_csv_downloads_and_the_201_of_events_are_documented(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    tables = [
        (path, operation)
        for path, method, operation in _operations(schema)
        if any(p["name"] == "format" for p in operation.get("parameters", []))
    ]
    assert len(tables) >= 9
    for path, operation in tables:
        assert "text/csv" in operation["responses"]["200"]["content"], path
    events = schema["paths"]["/api/events"]["post"]["responses"]
    assert "201" in events and "200" in events


def test_a_422_body_is_as_documented(client: TestClient, trust: TrustRoom) -> None:
    answer = client.get("/api/articles", params={"limit": "many"}, headers=identity(trust.reader))
    body = answer.json()
    assert answer.status_code == 422
    assert body["error"] == "validation_error" and isinstance(body["detail"], str)
    assert body["fields"] == ["query.limit"]


def test_unreadable_bodies_answer_422_or_413_as_documented(
    client: TestClient, trust: TrustRoom
) -> None:
    reader = {**identity(trust.reader), "Content-Type": "application/json"}
    for body in (b'{"id": "\xff\xfe"}', b"[" * 50_000 + b"]" * 50_000):
        answer = client.post("/api/events", content=body, headers=reader)
        assert answer.status_code == 422, answer.text
        assert answer.json()["error"] == "validation_error"
        assert answer.json()["fields"] == ["body"]


def test_a_body_over_the_limit_answers_413_also_when_sent_in_chunks(database_url: str) -> None:
    settings = Settings(database_url=database_url, max_body_bytes=1000, embedder="hashing")
    headers = {"X-Employee-Id": "nobody", "Content-Type": "application/json"}
    payload = b'{"events": [' + b",".join([b'{"id": "x"}'] * 200) + b"]}"

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(payload), 100):
            yield payload[start : start + 100]

    with TestClient(create_app(settings)) as client:
        declared = client.post("/api/events", content=payload, headers=headers)
        chunked = client.post("/api/events", content=chunks(), headers=headers)
    for answer in (declared, chunked):
        assert answer.status_code == 413, answer.text
        assert answer.json()["error"] == "payload_too_large"


def test_the_role_is_checked_before_the_payload(client: TestClient, trust: TrustRoom) -> None:
    reader = identity(trust.reader)
    for method, path in (
        ("PUT", "/api/analytics/efforts"),
        ("POST", "/api/analytics/score-configs"),
        ("POST", "/api/topics"),
        ("POST", "/api/articles"),
        ("PATCH", f"/api/articles/{trust.live.id}"),
        ("POST", "/api/analytics/import/mentions"),
    ):
        for body in ({}, {"weight_reach": "heavy", "title": 5}):
            answer = client.request(method, path, json=body, headers=reader)
            assert answer.status_code == 403, (method, path, answer.text)
    # And identity before both: nobody gets 401 whatever they send.
    nobody = {"X-Employee-Id": "nobody"}
    answer = client.put("/api/analytics/efforts", json={}, headers=nobody)
    assert answer.status_code == 401
    assert client.post("/api/events", json=event_payload(), headers=nobody).status_code == 401
