"""Prometheus metrics of a Celery worker, exposed like the services' (an internal /metrics port).

Per task name: `celery_tasks_total{task, outcome}` (succeeded, failed, retried), `celery_task_duration_seconds`
(running time) and `celery_task_wait_seconds` (from being queued to starting: grows with the backlog).
Per queue, read from Redis at scrape time: `celery_queue_length{queue}` (messages waiting) and
`celery_queue_unacked{queue}` (taken by a worker, not yet acknowledged), both as the broker has them.

Pool processes write their samples under PROMETHEUS_MULTIPROC_DIR (scripts/metrics-dir.sh; a tmpfs in
Compose); the worker's main process serves their sum on `port` once the worker is ready.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import redis
from celery import Celery, signals
from prometheus_client import Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

from smartbreeds_common.metrics import MetricsServer, mark_worker_dead

SENT_AT_HEADER = "x_sent_at"
TASK_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 900.0, 1800.0, 3600.0)

TASKS = Counter("celery_tasks_total", "Celery tasks finished, by task name and outcome", ["task", "outcome"])
DURATION = Histogram(
    "celery_task_duration_seconds", "Time a Celery task ran, by task name", ["task"], buckets=TASK_BUCKETS
)
WAIT = Histogram(
    "celery_task_wait_seconds",
    "Time from queueing a Celery task to its start, by task name",
    ["task"],
    buckets=TASK_BUCKETS,
)

_started: dict[str, float] = {}


class QueueDepthCollector(Collector):
    """LLEN of each queue and the size of the unacked index, under the app's kombu key prefix."""

    def __init__(self, app: Celery, queues: list[str]) -> None:
        options = app.conf.broker_transport_options or {}
        self.prefix = str(options.get("global_keyprefix", ""))
        self.queues = queues
        self.url = str(app.conf.broker_url)

    def collect(self) -> Iterator[Metric]:
        waiting = GaugeMetricFamily("celery_queue_length", "Messages waiting in a Celery queue", labels=["queue"])
        unacked = GaugeMetricFamily(
            "celery_queue_unacked", "Messages a worker took and has not acknowledged yet", labels=["queue"]
        )
        client = redis.Redis.from_url(self.url, socket_timeout=2, socket_connect_timeout=2)
        try:
            for queue in self.queues:
                waiting.add_metric([queue], float(client.llen(f"{self.prefix}{queue}")))
            unacked.add_metric([",".join(self.queues)], float(client.zcard(f"{self.prefix}unacked_index")))
        except redis.RedisError:
            return
        finally:
            client.close()
        yield waiting
        yield unacked


def queue_depth(app: Celery, queue: str) -> int:
    """Messages waiting in `queue` now (what an autoscaler reads, e.g. KEDA's redis scaler on the same key)."""
    options = app.conf.broker_transport_options or {}
    client = redis.Redis.from_url(str(app.conf.broker_url))
    try:
        return int(client.llen(f"{options.get('global_keyprefix', '')}{queue}"))
    finally:
        client.close()


def _task_name(sender: Any = None, task: Any = None, **_: Any) -> str:
    named = task or sender
    return str(getattr(named, "name", None) or named or "unknown")


def _on_publish(headers: dict[str, Any] | None = None, **_: Any) -> None:
    if headers is not None:
        headers.setdefault(SENT_AT_HEADER, time.time())


def _on_prerun(task_id: str | None = None, task: Any = None, **_: Any) -> None:
    now = time.time()
    if task_id:
        _started[task_id] = time.perf_counter()
    request = getattr(task, "request", None)
    sent_at = getattr(request, SENT_AT_HEADER, None) or (getattr(request, "headers", None) or {}).get(SENT_AT_HEADER)
    if sent_at:
        WAIT.labels(task=_task_name(task=task)).observe(max(0.0, now - float(sent_at)))


def _on_postrun(task_id: str | None = None, task: Any = None, state: str | None = None, **_: Any) -> None:
    started = _started.pop(task_id or "", None)
    name = _task_name(task=task)
    if started is not None:
        DURATION.labels(task=name).observe(time.perf_counter() - started)
    if state == "SUCCESS":
        TASKS.labels(task=name, outcome="succeeded").inc()
    elif state == "FAILURE":
        TASKS.labels(task=name, outcome="failed").inc()


def _on_retry(sender: Any = None, **_: Any) -> None:
    TASKS.labels(task=_task_name(sender=sender), outcome="retried").inc()


_installed: dict[str, Any] = {}


def install_worker_metrics(app: Celery, *, host: str, port: int, queues: list[str]) -> None:
    """Count tasks in every process; serve /metrics on host:port from the worker's main process when ready."""
    if _installed.get("signals") is None:
        signals.before_task_publish.connect(_on_publish, weak=False)
        signals.task_prerun.connect(_on_prerun, weak=False)
        signals.task_postrun.connect(_on_postrun, weak=False)
        signals.task_retry.connect(_on_retry, weak=False)
        signals.worker_process_shutdown.connect(lambda pid=None, **_: mark_worker_dead(pid or 0), weak=False)
        _installed["signals"] = True

    @signals.worker_ready.connect(weak=False)
    def _serve(**_: Any) -> None:
        if port and "server" not in _installed:
            _installed["server"] = MetricsServer(host=host, port=port, extra=[QueueDepthCollector(app, queues)]).start()
