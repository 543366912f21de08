"""The application as ``coffeemug serve`` runs it in each worker process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import gc
from coffeemug.app import create_served_app
app = create_served_app()
assert app.state.settings is not None
from threadpoolctl import threadpool_info
blas = [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]
print(gc.get_freeze_count(), max(blas))
"""


def test_served_app_freezes_its_start_up_heap_and_uses_one_blas_thread(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "COFFEEMUG_DATABASE_URL": f"sqlite:///{tmp_path / 'served.db'}",
        "COFFEEMUG_EMBEDDER": "hashing",
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    frozen, blas_threads = map(int, done.stdout.split())
    # Modules and the app: far more objects than a bare interpreter's few thousand.
    assert frozen > 50_000
    # The ranker's small products on one BLAS thread: more would only spin.
    assert blas_threads == 1
