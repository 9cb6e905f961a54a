"""The Celery worker and beat entry point: `celery -A app.worker worker` / `celery -A app.worker beat`.

Each worker process builds the service's objects once (app.runtime, the same as the API's lifespan), on
first use, and runs every task's coroutine on its own event loop (`run`), so the async database, Redis and
HTTP clients stay bound to one loop for the life of the process.
"""

from __future__ import annotations

import asyncio
import types
from collections.abc import Coroutine
from typing import Any, TypeVar

from celery import signals

from smartbreeds_common.celery_metrics import install_worker_metrics
from smartbreeds_common.logging import configure_logging
from smartbreeds_common.tracing import configure_tracing

from app.core.celery import QUEUE, create_celery_app
from app.core.config import get_settings

T = TypeVar("T")

settings = get_settings()
configure_logging(log_format=settings.log_format, level=settings.log_level)
configure_tracing("ai-worker")  # tasks continue the trace of the request that queued them
celery_app = create_celery_app(settings)
# /metrics of the workers (task outcomes, durations, waits; queue length) on an internal port; 0 = off.
install_worker_metrics(celery_app, host=settings.worker_metrics_host, port=settings.worker_metrics_port, queues=[QUEUE])


class WorkerRuntime:
    """One per worker process: an event loop and app.runtime's objects on a namespace like app.state."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.state: Any = types.SimpleNamespace()
        self._started = False

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        if not self._started:
            from app.runtime import start_runtime

            self.loop.run_until_complete(start_runtime(self.state, settings))
            self._started = True
        return self.loop.run_until_complete(coroutine)

    def close(self) -> None:
        if self._started:
            from app.runtime import stop_runtime

            self.loop.run_until_complete(stop_runtime(self.state))
        self.loop.close()


_runtimes: dict[int, WorkerRuntime] = {}


def runtime() -> WorkerRuntime:
    """This process's runtime (a forked pool process builds its own: nothing loop-bound crosses a fork)."""
    import os

    pid = os.getpid()
    if pid not in _runtimes:
        _runtimes.clear()
        _runtimes[pid] = WorkerRuntime()
    return _runtimes[pid]


@signals.worker_process_shutdown.connect
def _close_runtime(**_: Any) -> None:
    for current in list(_runtimes.values()):
        current.close()
    _runtimes.clear()
