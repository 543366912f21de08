"""Every bad input of the review is refused at the edge with a clear 4xx, never a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from trust.bad_inputs import BAD_INPUTS, BadInput, send
from trust.trust_room import TrustRoom

IMPORTS = "/api/analytics/import/"


@pytest.mark.parametrize("bad", BAD_INPUTS, ids=lambda bad: bad.name)
def test_bad_input_is_refused_with_a_clear_error(
    client: TestClient, trust: TrustRoom, bad: BadInput
) -> None:
    response = send(client, bad, trust)
    assert response.status_code < 500, response.text
    if bad.path.startswith(IMPORTS) and response.status_code == 200:
        # An import reports bad rows by line and stores none of them.
        report = response.json()
        assert report["errors"] and report["stored_new"] == 0, report
        return
    assert 400 <= response.status_code < 500, response.text
    if bad.path.startswith("/api/"):
        body = response.json()
        assert body["error"] and isinstance(body["detail"], str) and body["detail"], body
    else:
        assert response.headers["content-type"].startswith("text/html")
