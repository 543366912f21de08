"""A real server on PostgreSQL killed (SIGKILL) right after it acknowledged webhook deliveries:
every item it acknowledged with 202 is stored, exactly once, and retried deliveries of the
same items store nothing twice."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from coffeemug.bench import _http_load
from coffeemug.bench._http_load import free_port
from coffeemug.db import get_sessionmaker
from coffeemug.listening.ingest import SIGNATURE_HEADER, sign
from database_support import make_database

KILLS = 2
BATCH = 10


def _start(url: str, port: int, log_dir: Path) -> _http_load.Server:
    env = {
        "COFFEEMUG_EMBEDDER": "hashing",
        "COFFEEMUG_JOBS_IN_PROCESS": "false",
        "COFFEEMUG_LISTENING_WEBHOOK_SECRETS": json.dumps({"social": "crash-secret"}),
    }
    return _http_load.start_server(url, port=port, workers=1, log_dir=log_dir, env=env)


def _deliver(base: str, batch: list[dict[str, object]]) -> bool:
    body = json.dumps({"items": batch}).encode()
    headers = {SIGNATURE_HEADER: sign("crash-secret", body), "Content-Type": "application/json"}
    try:
        answer = httpx.post(f"{base}/api/listening/webhook/social", content=body, headers=headers,
                            timeout=30)  # fmt: skip
    except httpx.HTTPError:
        return False
    return answer.status_code == 202


@pytest.mark.slow
def test_every_acknowledged_webhook_item_survives_a_kill(tmp_path: Path) -> None:
    url, cleanup = make_database("postgresql", tmp_path)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    acked: list[str] = []
    try:
        for round_ in range(KILLS + 1):
            server = _start(url, port, tmp_path)
            batch = [
                {"external_id": f"r{round_}-{n}", "text": f"Frage {n}: warum?",
                 "posted_at": "2026-12-01T09:00:00+00:00"}
                for n in range(BATCH)
            ]  # fmt: skip
            assert _deliver(base, batch)
            os.kill(server.process.pid, signal.SIGKILL)  # at once after the acknowledgement
            server.process.wait()
            acked.extend(str(item["external_id"]) for item in batch)
        server = _start(url, port, tmp_path)
        try:
            # A sender that never heard the answer retries: nothing is stored twice.
            first = [{"external_id": "r0-0", "text": "Frage 0: warum?",
                      "posted_at": "2026-12-01T09:00:00+00:00"}]  # fmt: skip
            assert _deliver(base, first)
        finally:
            _http_load.stop_server(server)
        with get_sessionmaker(url)() as session:
            stored = list(
                session.scalars(
                    text("SELECT external_id FROM listening_items WHERE source = 'social'")
                )
            )
        get_sessionmaker(url).kw["bind"].dispose()
    finally:
        cleanup()
    assert sorted(stored) == sorted(acked)
