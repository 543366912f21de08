"""A feed server in a subprocess on a loopback port, and an async load generator against it."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import httpx
import numpy as np

from coffeemug.errors import CoffeeMugError

LOOPBACK = "127.0.0.1"


class BenchmarkFailed(CoffeeMugError):
    """The system under test could not be started or measured."""

    kind = "benchmark_failed"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may contain spaces; the parent id follows its closing bracket.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            out.append(int(entry.name))
    return out


def peak_rss_mb(pid: int) -> float | None:
    """The process's peak resident set size (VmHWM) in MiB, where /proc tells it."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        return None
    return None


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base_url: str
    log_path: Path

    def memory(self) -> dict[str, object]:
        """Peak RSS of the supervisor and of each worker process."""
        children = _children(self.process.pid)
        main = peak_rss_mb(self.process.pid)
        if not children:
            # A single worker serves from the main process itself.
            workers_mb = [] if main is None else [round(main, 1)]
            return {
                "supervisor_mb": None,
                "workers_mb": workers_mb,
                "max_worker_mb": max(workers_mb, default=None),
                "total_mb": sum(workers_mb),
            }
        workers = [peak_rss_mb(pid) for pid in children]
        workers_mb = [round(w, 1) for w in workers if w is not None]
        return {
            "supervisor_mb": None if main is None else round(main, 1),
            "workers_mb": workers_mb,
            "max_worker_mb": max(workers_mb, default=None),
            "total_mb": round(sum(workers_mb) + (main or 0.0), 1),
        }


def start_server(
    database_url: str,
    *,
    port: int,
    workers: int,
    log_dir: Path,
    env: dict[str, str] | None = None,
) -> Server:
    """The app under uvicorn in a process of its own on ``port``, once it answers."""
    environment = {
        **os.environ,
        "COFFEEMUG_DATABASE_URL": database_url,
        "COFFEEMUG_DEMO_MODE": "true",
        "COFFEEMUG_ENVIRONMENT": "development",
        **(env or {}),
    }
    log_path = log_dir / f"server-{port}.log"
    # The app factory that ``coffeemug serve`` runs; access logs off, as behind a proxy that
    # keeps them, so the figure is the feed's cost and not the log's.
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "coffeemug.app:create_served_app",
        "--factory",
        "--host",
        LOOPBACK,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    with log_path.open("ab") as log:
        process = subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT)
    server = Server(process=process, base_url=f"http://{LOOPBACK}:{port}", log_path=log_path)
    try:
        _wait_ready(server, timeout=90.0)
    except BaseException:
        stop_server(server)
        raise
    return server


def stop_server(server: Server) -> None:
    """Stop the server (and only it): an interrupt, then a kill if it does not go."""
    process = server.process
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def serve(database_url: str, *, workers: int, log_dir: Path) -> Iterator[Server]:
    """The feed server against ``database_url``; stopped (and only it) on exit."""
    server = start_server(database_url, port=free_port(), workers=workers, log_dir=log_dir)
    try:
        yield server
    finally:
        stop_server(server)


def _wait_ready(server: Server, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            tail = server.log_path.read_text(errors="replace")[-2000:]
            raise BenchmarkFailed(f"the server exited during start-up:\n{tail}")
        try:
            if httpx.get(f"{server.base_url}/api/health", timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise BenchmarkFailed(f"the server did not answer within {timeout:.0f} s")


@dataclass(frozen=True)
class LoadResult:
    requests: int
    errors: int
    seconds: float
    latencies_ms: np.ndarray
    statuses: dict[int, int]

    def to_dict(self) -> dict[str, object]:
        lat = self.latencies_ms
        return {
            "requests": self.requests,
            "errors": self.errors,
            "seconds": round(self.seconds, 2),
            "requests_per_s": round(self.requests / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": round(float(np.percentile(lat, 50)), 2) if lat.size else None,
            "p99_ms": round(float(np.percentile(lat, 99)), 2) if lat.size else None,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
        }


class _Connection:
    """One keep-alive HTTP/1.1 connection that sends GETs and reads whole responses.

    Written out rather than taken from an HTTP client library: the load generator shares the
    machine's cores with the server it measures, and a full client costs about 2 ms of CPU per
    request (as much as the server's own work at the target rate); this costs a tenth of it.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, target: str, headers: dict[str, str]) -> int:
        """The status code of ``GET target`` (the body is read and dropped)."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        lines = [f"GET {target} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        status = int((await self.reader.readline()).split()[1])
        length, chunked, close = 0, False, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding":
                chunked = b"chunked" in value
            elif name == b"connection":
                close = value == b"close"
        if chunked:
            while size := int((await self.reader.readline()).split(b";")[0], 16):
                await self.reader.readexactly(size + 2)
            await self.reader.readline()
        else:
            await self.reader.readexactly(length)
        if close:
            self.close()
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def _drive(
    base_url: str,
    identities: Sequence[str],
    *,
    header: str,
    concurrency: int,
    max_requests: int,
    duration: float,
    limit: int,
) -> LoadResult:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors = 0
    issued = 0
    deadline = time.perf_counter() + duration
    url = urlsplit(base_url)
    target = f"/api/feed?{urlencode({'limit': limit})}"

    async def worker() -> None:
        nonlocal issued, errors
        connection = _Connection(url.hostname or LOOPBACK, url.port or 80)
        try:
            while issued < max_requests and time.perf_counter() < deadline:
                who = identities[issued % len(identities)]
                issued += 1
                started = time.perf_counter()
                try:
                    code = await asyncio.wait_for(connection.get(target, {header: who}), 30.0)
                except (OSError, ValueError, IndexError, asyncio.IncompleteReadError, TimeoutError):
                    connection.close()
                    code = 0
                latencies.append((time.perf_counter() - started) * 1000.0)
                statuses[code] = statuses.get(code, 0) + 1
                if code != 200:
                    errors += 1
        finally:
            connection.close()

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - began
    return LoadResult(
        requests=len(latencies),
        errors=errors,
        seconds=elapsed,
        latencies_ms=np.asarray(latencies),
        statuses=statuses,
    )


def drive(
    base_url: str,
    identities: Sequence[str],
    *,
    header: str = "X-Employee-Id",
    concurrency: int = 32,
    max_requests: int = 10_000,
    duration: float = 20.0,
    limit: int = 10,
) -> LoadResult:
    """GET /api/feed as fast as ``concurrency`` clients can, within the request and time bounds."""
    return asyncio.run(
        _drive(
            base_url,
            identities,
            header=header,
            concurrency=concurrency,
            max_requests=max_requests,
            duration=duration,
            limit=limit,
        )
    )
