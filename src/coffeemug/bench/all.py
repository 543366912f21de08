"""``coffeemug bench all``: every benchmark at a size that finishes within about 15 minutes.

Quality benchmarks run as their own commands in a subprocess (their JSON last line is kept),
so one that fails or whose data is absent is reported and the others still run.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA = Path("..") / "shared" / "data"  # evaluation data, beside the repository


@dataclass(frozen=True)
class Step:
    name: str
    args: tuple[str, ...]
    needs: Path | None = None  # data file; the step is skipped where it is absent
    timeout: float = 600.0


def quality_steps(data: Path) -> list[Step]:
    mind = data / "mind_recprompt"
    logs = data / "mind_logs"
    return [
        Step(
            "mind-valid",
            ("mind", "--format", "recprompt", "--data", str(mind / "MIND_valid.csv")),
            mind / "MIND_valid.csv",
        ),
        Step(
            "mind-case",
            ("mind", "--format", "recprompt", "--data", str(mind / "MIND_case.csv")),
            mind / "MIND_case.csv",
        ),
        Step(
            "replay-small-train",
            ("replay", "--data", str(logs / "small_train_sample" / "behaviors.tsv")),
            logs / "small_train_sample" / "behaviors.tsv",
        ),
        Step(
            "replay-demo",
            ("replay", "--data", str(logs / "demo_sample" / "behaviors.tsv")),
            logs / "demo_sample" / "behaviors.tsv",
        ),
    ]


def run_command(step: Step) -> dict[str, Any]:
    """``coffeemug bench <args> --json`` in a subprocess; its last line is the result."""
    if step.needs is not None and not step.needs.exists():
        return {"status": "skipped", "reason": f"{step.needs} not found"}
    command = [sys.executable, "-c", "from coffeemug.cli import main; main()", "bench"]
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [*command, *step.args, "--json"],
            capture_output=True,
            text=True,
            timeout=step.timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"status": "timeout", "seconds": step.timeout}
    seconds = round(time.perf_counter() - started, 1)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return {
            "status": "failed",
            "exit_code": done.returncode,
            "seconds": seconds,
            "stderr": done.stderr.strip()[-2000:],
        }
    try:
        result = json.loads(lines[-1])
    except json.JSONDecodeError:
        return {"status": "failed", "seconds": seconds, "stdout": "\n".join(lines[-5:])}
    return {"status": "ok", "seconds": seconds, "result": result, "output": lines[:-1]}


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }
