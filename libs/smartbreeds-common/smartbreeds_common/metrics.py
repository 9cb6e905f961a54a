"""Prometheus plumbing every service shares: one view over all workers, served only internally.

Multi-worker servers (gunicorn -w 2, uvicorn --workers 2) run in prometheus_client's multiprocess
mode: each worker writes its samples under PROMETHEUS_MULTIPROC_DIR (emptied at every start by
scripts/metrics-dir.sh or a tmpfs in Compose) and a scrape sums the files, whichever worker answers.
Without the variable (tests, a single process) the default registry is served.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator
from wsgiref.simple_server import make_server

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.exposition import ThreadingWSGIServer, _SilentHandler, make_wsgi_app
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

MULTIPROC_DIR_ENV = "PROMETHEUS_MULTIPROC_DIR"
# HTTP request duration buckets for every service (same names and labels in FastAPI and Django).
HTTP_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)
__all__ = ["CONTENT_TYPE_LATEST", "MetricsServer", "exposition", "mark_worker_dead", "scrape_registry"]


def multiprocess_dir() -> str | None:
    return os.environ.get(MULTIPROC_DIR_ENV) or None


class _Union(Collector):
    """The default registry plus collectors computed at scrape time (e.g. a backlog read from the database)."""

    def __init__(self, base: Collector, extra: Iterable[Collector]) -> None:
        self.base, self.extra = base, tuple(extra)

    def collect(self) -> Iterator[Metric]:
        yield from self.base.collect()
        for collector in self.extra:
            yield from collector.collect()


def scrape_registry(extra: Iterable[Collector] = ()) -> Collector:
    """What a scrape reads: every worker's samples (multiprocess mode) or this process's, plus `extra`."""
    if multiprocess_dir() is None:
        return _Union(REGISTRY, extra)
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return _Union(registry, extra)


def exposition(extra: Iterable[Collector] = ()) -> bytes:
    """The Prometheus text format of `scrape_registry(extra)`."""
    return generate_latest(scrape_registry(extra))


def mark_worker_dead(pid: int) -> None:
    """Gunicorn's child_exit hook: a dead worker's live gauges stop counting (its counters stay summed)."""
    if multiprocess_dir() is not None:
        multiprocess.mark_process_dead(pid)


class _ReusePortServer(ThreadingWSGIServer):
    # Every worker of a multi-worker server binds the same port; whichever the kernel picks answers with the sum.
    allow_reuse_address = True
    allow_reuse_port = True


class MetricsServer:
    """/metrics on its own internal port, in a daemon thread (for services whose public port must not serve it)."""

    def __init__(self, *, host: str, port: int, extra: Iterable[Collector] = ()) -> None:
        self._httpd = make_server(
            host, port, make_wsgi_app(scrape_registry(extra)), _ReusePortServer, handler_class=_SilentHandler
        )
        self.port = int(self._httpd.server_address[1])
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="metrics-server", daemon=True)

    def start(self) -> MetricsServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
