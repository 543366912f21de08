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
print(gc.get_freeze_count())
"""


def test_served_app_keeps_what_start_up_loaded_out_of_full_collections(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "COFFEEMUG_DATABASE_URL": f"sqlite:///{tmp_path / 'served.db'}",
        "COFFEEMUG_EMBEDDER": "hashing",
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    # Modules and the app: far more objects than a bare interpreter's few thousand.
    assert int(done.stdout.strip()) > 50_000
