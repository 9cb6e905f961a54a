"""`import app.main` (what uvicorn --factory and every test start with) stays cheap: under 2 s of CPU.

CPU time, not wall time: the 2-core machine is shared, and waiting for a core is not the import's cost.
Today it is about 0.9 s (FastAPI, Redis, httpx, PyJWT); the margin is for slower machines, not new imports.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

SERVICE_DIR = Path(__file__).resolve().parents[1]
CPU_SECONDS_LIMIT = 2.0


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def test_importing_app_main_costs_under_two_cpu_seconds() -> None:
    before = _children_cpu_seconds()
    subprocess.run([sys.executable, "-c", "import app.main"], cwd=SERVICE_DIR, check=True, timeout=120)
    spent = _children_cpu_seconds() - before

    assert spent < CPU_SECONDS_LIMIT, f"import app.main took {spent:.2f} s of CPU"
