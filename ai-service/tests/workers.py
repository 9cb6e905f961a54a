"""Real Celery workers for tests: `celery -A app.worker worker` subprocesses on this run's database,
Redis prefix and directories (the same settings object the in-process app uses), stopped at the end."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from celery import Celery

from app.core.celery import create_celery_app
from app.core.config import Settings

SERVICE_DIR = Path(__file__).resolve().parents[1]
START_TIMEOUT_SECONDS = 120.0


def worker_env(settings: Settings, **overrides: Any) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    for name in Settings.model_fields:
        value = getattr(settings, name)
        env[name.upper()] = str(value)
    env.update({key.upper(): str(value) for key, value in overrides.items()})
    return env


@dataclass
class Worker:
    """One worker process (prefork, `concurrency` pool processes) with its own node name."""

    settings: Settings
    log_path: Path
    concurrency: int = 1
    overrides: dict[str, Any] = field(default_factory=dict)
    name: str = field(default_factory=lambda: f"test-{uuid.uuid4().hex[:8]}@localhost")
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> Worker:
        log = open(self.log_path, "ab")  # noqa: SIM115 - the process writes to it until stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "app.worker", "worker", "--pool", "prefork",
             "--concurrency", str(self.concurrency), "-n", self.name, "--loglevel", "INFO", "--without-mingle",
             "--without-gossip"],
            cwd=SERVICE_DIR, env=worker_env(self.settings, **self.overrides), stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        log.close()
        return self

    def wait_ready(self, app: Celery) -> Worker:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"worker exited with {self.process.returncode}:\n{self.log()[-3000:]}")
            if app.control.ping(destination=[self.name], timeout=1.0):
                return self
        raise TimeoutError(f"worker not ready after {START_TIMEOUT_SECONDS}s:\n{self.log()[-3000:]}")

    def pool_pids(self) -> list[int]:
        """The pool processes (children of the main worker process) that run the tasks."""
        assert self.process is not None
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, sig)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def start_workers(settings: Settings, log_dir: Path, count: int = 1, **kwargs: Any) -> list[Worker]:
    app = create_celery_app(settings)
    workers = [Worker(settings, log_dir / f"worker-{n}.log", **kwargs).start() for n in range(count)]
    for worker in workers:
        worker.wait_ready(app)
    return workers


def stop_workers(workers: Iterable[Worker]) -> None:
    for worker in workers:
        worker.stop()
