"""Property-based fuzzing of the API against its own OpenAPI description (schemathesis).

Every operation, as a reader, an editor and an admin, on SQLite and PostgreSQL: no answer is a
server error, every status is one the description lists, and every body fits its schema.
Bounded for ``make test`` (a fixed seed, COFFEEMUG_FUZZ_EXAMPLES examples per operation, 5 by
default); ``make fuzz`` runs many more.
"""

from __future__ import annotations

import os

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from coffeemug.app import create_app
from coffeemug.settings import Settings
from trust.figures import count, seen
from trust.trust_room import TrustRoom

# make fuzz sets COFFEEMUG_FUZZ_EXAMPLES: many more examples, and schemathesis' boundary-value
# (coverage) and explicit-example phases too.
LONG = "COFFEEMUG_FUZZ_EXAMPLES" in os.environ
EXAMPLES = int(os.environ.get("COFFEEMUG_FUZZ_EXAMPLES", "4"))
SEED = 20261204
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
ROLES = {"reader": "demo-0001", "editor": "editor-1", "admin": "admin-1"}

config = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        "generation": {"max-examples": EXAMPLES, "mode": "all", "deterministic": True},
        "phases": {
            "examples": {"enabled": LONG},
            "coverage": {"enabled": LONG},
            "fuzzing": {"enabled": True},
            "stateful": {"enabled": False},
        },
    }
)
# Reported even when none happened (the run fails if one does).
count("fuzz 5xx answers", 0)
count("fuzz contract violations", 0)

schema = schemathesis.openapi.from_dict(
    create_app(Settings(embedder="hashing")).openapi(), config=config
)


@schema.parametrize()
@settings(deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_the_api_holds_its_contract_under_fuzzing(
    case: schemathesis.Case, client: TestClient, trust: TrustRoom
) -> None:
    seen("routes fuzzed", case.operation.label)
    for external_id in ROLES.values():  # each example as a reader, an editor and an admin
        response = case.call(app=client.app, headers={"X-Employee-Id": external_id})
        count("fuzz requests")
        if response.status_code >= 500:
            count("fuzz 5xx answers")
        try:
            case.validate_response(response, checks=CHECKS)
        except Exception:
            count("fuzz contract violations")
            raise
