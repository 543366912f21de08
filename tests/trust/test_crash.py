"""A real server on PostgreSQL killed (SIGKILL) several times while clients send events: every
event that was ever acknowledged is stored, exactly once.

Clients send batches and retry a batch with the same ids until it is acknowledged, as the API
asks of them. The server is killed by the client thread that has just received an
acknowledgement, the instant it arrives (when a commit made after the response would still be
on its way), and started again.
"""

from __future__ import annotations

import os
import signal
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy import text

from coffeemug.bench import _http_load
from coffeemug.bench._http_load import free_port
from coffeemug.db import get_sessionmaker, utcnow
from database_support import make_database
from factories import make_article, make_employee
from trust.figures import count

# Three kills in make test (each restart imports the whole app); make fuzz kills more often.
KILLS = int(os.environ.get("COFFEEMUG_CRASH_KILLS", "3"))
CLIENTS = 4
BATCH = 20
ACKS_BETWEEN_KILLS = 60


class Server:
    """The app under uvicorn in a process of its own, on one port across restarts."""

    def __init__(self, url: str, log_dir: Path) -> None:
        self.url, self.log_dir = url, log_dir
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.running: _http_load.Server | None = None

    def start(self) -> None:
        self.running = _http_load.start_server(
            self.url,
            port=self.port,
            workers=1,
            log_dir=self.log_dir,
            env={"COFFEEMUG_EMBEDDER": "hashing"},
        )

    @property
    def pid(self) -> int:
        assert self.running is not None
        return self.running.process.pid

    def wait_dead(self) -> None:
        assert self.running is not None
        self.running.process.wait()

    def stop(self) -> None:
        if self.running is not None:
            _http_load.stop_server(self.running)


class Clients:
    """Threads that send batches of events, each retried with its ids until acknowledged. When
    a kill is asked for, the next thread to get an acknowledgement kills the server at once."""

    def __init__(self, server: Server, who: str, article_id: int) -> None:
        self.server, self.who, self.article_id = server, who, article_id
        self.acked: dict[str, str] = {}  # id -> type
        self.lock = threading.Condition()
        self.kill_asked = False
        self.killed = threading.Event()
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._run) for _ in range(CLIENTS)]

    def _run(self) -> None:
        with httpx.Client(base_url=self.server.base, timeout=10) as http:
            while not self.stop.is_set():
                batch = [
                    {
                        "id": str(uuid.uuid4()),
                        "type": "article_opened",
                        "article_id": self.article_id,
                        "occurred_at": utcnow().isoformat(),
                    }
                    for _ in range(BATCH)
                ]
                self._until_acknowledged(http, batch)

    def _until_acknowledged(self, http: httpx.Client, batch: list[dict[str, object]]) -> None:
        while True:
            try:
                answer = http.post(
                    "/api/events", json={"events": batch}, headers={"X-Employee-Id": self.who}
                )
            except httpx.HTTPError:
                time.sleep(0.05)  # the server is down: the same batch again, soon
                continue
            if answer.status_code in (200, 201):
                with self.lock:
                    if self.kill_asked:
                        self.kill_asked = False
                        os.kill(self.server.pid, signal.SIGKILL)
                        self.killed.set()
                    self.acked.update({str(e["id"]): str(e["type"]) for e in batch})
                    self.lock.notify_all()
                return
            assert answer.status_code in (409, 500, 502, 503), answer.text
            time.sleep(0.05)

    def wait_for_acks(self, at_least: int) -> None:
        with self.lock:
            self.lock.wait_for(lambda: len(self.acked) >= at_least, timeout=60)
            assert len(self.acked) >= at_least, "the clients stopped getting answers"

    def kill_after_next_ack(self) -> None:
        self.killed.clear()
        with self.lock:
            self.kill_asked = True
        assert self.killed.wait(timeout=60), "no acknowledgement to kill after"


@contextmanager
def _postgres(tmp_path: Path) -> Iterator[str]:
    url, cleanup = make_database("postgresql", tmp_path)
    try:
        yield url
    finally:
        get_sessionmaker(url).kw["bind"].dispose()
        cleanup()


def test_every_acknowledged_event_survives_kills_exactly_once(tmp_path: Path) -> None:
    with _postgres(tmp_path) as url:
        with get_sessionmaker(url)() as session:
            employee = make_employee(session)
            article = make_article(session, "Read while the server dies")
            session.commit()
            who, article_id = employee.external_id, article.id
        server = Server(url, tmp_path)
        server.start()
        clients = Clients(server, who, article_id)
        try:
            for thread in clients.threads:
                thread.start()
            for kill in range(1, KILLS + 1):
                clients.wait_for_acks(kill * ACKS_BETWEEN_KILLS)
                clients.kill_after_next_ack()
                server.wait_dead()
                count("crash test: kills survived")
                server.start()
            clients.wait_for_acks((KILLS + 1) * ACKS_BETWEEN_KILLS)
        finally:
            clients.stop.set()
            for thread in clients.threads:
                thread.join(timeout=60)
            server.stop()
        with get_sessionmaker(url)() as session:
            stored = dict(
                session.execute(
                    text("SELECT id, type FROM events WHERE employee_id = :e"), {"e": employee.id}
                ).all()
            )
            duplicates = session.scalar(text("SELECT COUNT(*) - COUNT(DISTINCT id) FROM events"))
    lost = [event_id for event_id in clients.acked if event_id not in stored]
    count("crash test: events acknowledged", len(clients.acked))
    count("crash test: acknowledged events lost", len(lost))
    assert lost == [], f"{len(lost)} acknowledged events were never stored"
    assert duplicates == 0
    assert all(stored[i] == kind for i, kind in clients.acked.items())
