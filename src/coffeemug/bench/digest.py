"""The e-mail digest benchmark: digests composed and sent per second, and the workers' memory
(its command: ``coffeemug bench digest`` in coffeemug.cli.bench.digest).

Builds a synthetic newsroom in a fresh PostgreSQL database (every employee with an address and
a daily digest), starts an SMTP sink and ``coffeemug worker`` processes, hands the digest sweep
to the queue and waits until every digest is recorded. Everything on the path is the product's:
the sweep, the batches the workers share, each employee's own feed, the templates, SMTP.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from coffeemug.bench._synthetic import NewsroomShape, build_newsroom, fresh_postgres_database
from coffeemug.bench.feed import _bench_server as server_url
from coffeemug.migrate import upgrade_to_head

BENCH_DATABASE = "coffeemug_bench_digest"
TARGET_PER_SECOND = 200.0
TARGET_PEAK_MB = 1024.0
# Everything but the sweep under test is switched off, so the figure is the digests' alone.
QUIET = "0 0 1 1 *"


@dataclass
class DigestBenchResult:
    employees: int
    articles: int
    workers: int
    concurrency: int
    sent: int
    skipped: int
    failed: int
    received_by_sink: int
    seconds: float
    digests_per_s: float
    worker_peak_rss_mb: list[float]
    peak_rss_mb_total: float
    build_seconds: float
    # CPU seconds spent by the workers and by this database's PostgreSQL backends during the
    # run: the cost per digest, which a busy shared machine does not distort as wall time.
    worker_cpu_s: float
    postgres_cpu_s: float
    cpu_ms_per_digest: float
    digests_per_s_on_2_cores_from_cpu: float

    def verdicts(self) -> dict[str, bool]:
        return {
            "digests_per_s": self.digests_per_s >= TARGET_PER_SECOND,
            "peak_rss_mb_total": self.peak_rss_mb_total < TARGET_PEAK_MB,
        }


class _Sink:
    """Accepts and counts every message (aiosmtpd handler)."""

    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.count += len(envelope.rcpt_tos)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _prepare(url: str, employees: int, articles: int) -> float:
    started = time.perf_counter()
    build_newsroom(url, NewsroomShape(employees=employees, articles=articles))
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE employees SET email = external_id || '@bench.example'"))
        conn.execute(text("UPDATE preferences SET digest = 'daily', time_zone = NULL"))
    # What autovacuum would have done to a newsroom in use: the updates above left a dead copy
    # of every employee and preference row, and nothing has statistics yet.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM (ANALYZE)"))
    engine.dispose()
    return time.perf_counter() - started


# The tables a digest run writes, from empty or nearly so. A server without autovacuum (a CI
# setting) never analyses them, so the plans the workers prepared while they were tiny (a
# sequential scan of a few rows) stay for the whole run, reading ever more rows per digest.
GROWING = ("mail_sends", "daily_budgets", "events", "learned_profiles", "article_stats")
ANALYZE_EVERY_S = 10.0


class _AutovacuumStandIn:
    """Where the server runs without autovacuum, ANALYZE the growing tables every few seconds,
    as autovacuum's analyse would in a deployment (it also replaces the prepared plans)."""

    def __init__(self, url: str) -> None:
        self.engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with self.engine.connect() as conn:
            self.needed = conn.execute(text("SHOW autovacuum")).scalar() != "on"
        self.last = 0.0

    def tick(self) -> None:
        if not self.needed or time.perf_counter() - self.last < ANALYZE_EVERY_S:
            return
        with self.engine.connect() as conn:
            conn.execute(text(f"ANALYZE {', '.join(GROWING)}"))
        self.last = time.perf_counter()

    def close(self) -> None:
        self.engine.dispose()


def _peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _backends(database: str) -> list[int]:
    """PostgreSQL backend processes serving ``database`` on this machine."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if command.startswith("postgres:") and f" {database} " in command:
            found.append(int(entry.name))
    return found


def _postgres_cpu(database: str) -> dict[int, float]:
    return {pid: _cpu_seconds(pid) for pid in _backends(database)}


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT status, count(*) FROM mail_sends WHERE kind = 'digest' GROUP BY 1")
            ).all()
    finally:
        engine.dispose()
    return {status: int(n) for status, n in rows}


def _defer_sweep(env: dict[str, str]) -> None:
    code = (
        "from coffeemug.jobs.engine import build_app\n"
        "from coffeemug.settings import Settings\n"
        "app = build_app(Settings())\n"
        "with app.open():\n"
        "    app.tasks['mail.digests'].defer()\n"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True)


def run(
    employees: int,
    articles: int,
    workers: int,
    concurrency: int,
    database_name: str,
    timeout: float,
    on_progress: Any = print,
) -> DigestBenchResult:
    from aiosmtpd.controller import Controller

    url = fresh_postgres_database(server_url(), database_name)
    upgrade_to_head(url)
    on_progress(f"building {employees:,} employees and {articles:,} articles ...")
    build_seconds = _prepare(url, employees, articles)
    sink, port = _Sink(), _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    periodic = (
        "analytics.rollup",
        "analytics.retention",
        "mail.digests",
        "mail.reminders",
        "mail.publish_notices",
        "mail.team_webhooks",
    )
    env = {
        **os.environ,
        "COFFEEMUG_DATABASE_URL": url,
        "COFFEEMUG_SMTP_URL": f"smtp://127.0.0.1:{port}",
        "COFFEEMUG_SMTP_TLS": "none",
        "COFFEEMUG_DIGEST_HOUR": "0",
        "COFFEEMUG_DEFAULT_TIME_ZONE": "UTC",
        "COFFEEMUG_MAIL_RATE_PER_MINUTE": "1000000",
        "COFFEEMUG_JOB_SCHEDULES": json.dumps({name: QUIET for name in periodic}),
    }
    coffeemug = str(Path(sys.executable).with_name("coffeemug"))
    procs = [
        subprocess.Popen(
            [coffeemug, "worker", "--concurrency", str(concurrency)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(workers)
    ]
    autovacuum = _AutovacuumStandIn(url)
    try:
        time.sleep(3)  # workers up and listening
        cpu_before = sum(_cpu_seconds(p.pid) for p in procs)
        pg_before = _postgres_cpu(database_name)
        started = time.perf_counter()
        _defer_sweep(env)
        done: dict[str, int] = {}
        while time.perf_counter() - started < timeout:
            time.sleep(1)
            autovacuum.tick()
            done = _counts(url)
            finished = sum(n for s, n in done.items() if s not in ("claimed", "sending"))
            on_progress(f"{finished:,} of {employees:,} digests recorded")
            if finished >= employees:
                break
        seconds = time.perf_counter() - started
        peaks = [round(_peak_rss_mb(p.pid), 1) for p in procs]
        worker_cpu = sum(_cpu_seconds(p.pid) for p in procs) - cpu_before
        pg_cpu = sum(t - pg_before.get(pid, 0.0) for pid, t in _postgres_cpu(database_name).items())
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=60)
        controller.stop()
        autovacuum.close()
    sent = done.get("sent", 0)
    cpu_per_digest = (worker_cpu + pg_cpu) / sent if sent else 0.0
    return DigestBenchResult(
        employees=employees,
        articles=articles,
        workers=workers,
        concurrency=concurrency,
        sent=sent,
        skipped=done.get("skipped", 0),
        failed=done.get("failed", 0),
        received_by_sink=sink.count,
        seconds=round(seconds, 1),
        digests_per_s=round(sent / seconds, 1) if seconds else 0.0,
        worker_peak_rss_mb=peaks,
        peak_rss_mb_total=round(sum(peaks), 1),
        build_seconds=round(build_seconds, 1),
        worker_cpu_s=round(worker_cpu, 1),
        postgres_cpu_s=round(pg_cpu, 1),
        cpu_ms_per_digest=round(cpu_per_digest * 1000, 2),
        digests_per_s_on_2_cores_from_cpu=round(2 / cpu_per_digest, 1) if cpu_per_digest else 0.0,
    )
