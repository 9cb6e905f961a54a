"""Read by gunicorn from the working directory: Prometheus multiprocess bookkeeping for -w N."""

from typing import Any

from smartbreeds_common.metrics import mark_worker_dead


def child_exit(_server: Any, worker: Any) -> None:
    mark_worker_dead(worker.pid)
