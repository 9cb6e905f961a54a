"""One way to build a service's Celery application: Redis broker and results, at-least-once delivery.

Every key (queues, unacked messages, results, RedBeat's schedule and lock) lives under the service's
own prefix on the shared Redis (`{REDIS_KEY_PREFIX}celery:{name}:`), through kombu's `global_keyprefix`
transport option, so two services, or a test run beside `make dev`, never see each other's messages.

Delivery is at-least-once: a task is acknowledged only after it returns (`task_acks_late`), a worker
that dies mid-task gives the message back (`task_reject_on_worker_lost`), and a message a worker took
but never acknowledged is redelivered after `visibility_timeout`, which must be longer than the longest
task. Tasks must therefore be idempotent, keyed by their job id. `worker_prefetch_multiplier=1`: a worker
holds one message per process, so a long task never sits on others' work.

Retries are bounded with exponential backoff and full jitter (`RETRY_POLICY` for `autoretry_for` tasks,
`backoff_delay` for a task that calls `self.retry` itself). The W3C trace context and the request id of
whoever queued a task travel in its headers and are restored around the task (`install_trace_propagation`).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from typing import Any

import structlog
from celery import Celery, signals
from opentelemetry import context as otel_context
from opentelemetry import propagate

# Bounded retries for transient failures: 2 s, 4 s, 8 s ... capped at 5 min, each drawn from [0, delay).
MAX_RETRIES = 5
BACKOFF_BASE_SECONDS = 2.0
BACKOFF_MAX_SECONDS = 300.0
RETRY_POLICY: dict[str, Any] = {
    "max_retries": MAX_RETRIES,
    "retry_backoff": int(BACKOFF_BASE_SECONDS),
    "retry_backoff_max": int(BACKOFF_MAX_SECONDS),
    "retry_jitter": True,
}
# An hour: longer than any task we run (a 20 MiB document embeds in minutes); a task that needs more
# must pass a larger visibility_timeout, or a still-running task would be handed to a second worker.
DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 3600
REQUEST_ID_HEADER = "x_request_id"
# Beat wakes at least this often; the RedBeat lock outlives a few wake-ups, and a dead beat's lock
# expires after BEAT_LOCK_TIMEOUT_SECONDS, when a standby beat takes over.
BEAT_MAX_LOOP_SECONDS = 5
BEAT_LOCK_TIMEOUT_SECONDS = 30


def backoff_delay(
    retries: int,
    *,
    base: float = BACKOFF_BASE_SECONDS,
    cap: float = BACKOFF_MAX_SECONDS,
    rng: random.Random | None = None,
) -> float:
    """Seconds to wait before retry number `retries + 1`: full jitter over min(cap, base * 2**retries)."""
    ceiling = min(cap, base * (2 ** max(retries, 0)))
    return (rng or random).uniform(0, ceiling)


def celery_key_prefix(key_prefix: str, name: str) -> str:
    """Where one service's Celery keys live in Redis, under the deployment's REDIS_KEY_PREFIX."""
    return f"{key_prefix}celery:{name}:"


def make_celery_app(
    name: str,
    *,
    redis_url: str,
    key_prefix: str = "",
    visibility_timeout: int = DEFAULT_VISIBILITY_TIMEOUT_SECONDS,
    include: Iterable[str] = (),
    default_queue: str | None = None,
    beat_schedule: Mapping[str, Mapping[str, Any]] | None = None,
    result_expires_seconds: int = 24 * 3600,
    **overrides: Any,
) -> Celery:
    """A Celery app named `name` on `redis_url`, its keys under `celery_key_prefix(key_prefix, name)`.

    Beat uses RedBeat (`celery -A ... beat -S redbeat.RedBeatScheduler`): the schedule and a lock live in
    the same Redis, so of any number of beat processes only the one holding the lock sends tasks.
    """
    prefix = celery_key_prefix(key_prefix, name)
    transport_options = {"global_keyprefix": prefix, "visibility_timeout": visibility_timeout}
    app = Celery(name, include=list(include))
    app.conf.update(
        broker_url=redis_url,
        result_backend=redis_url,
        broker_transport_options=transport_options,
        result_backend_transport_options={"global_keyprefix": prefix, "visibility_timeout": visibility_timeout},
        broker_connection_retry_on_startup=True,
        task_default_queue=default_queue or name,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_acks_on_failure_or_timeout=True,
        worker_prefetch_multiplier=1,
        # A job's state lives in the service's own job store: Celery's result backend keeps nothing, so no
        # task result (or its arguments: user ids) outlives an account's erasure.
        task_ignore_result=True,
        task_track_started=True,
        result_expires=result_expires_seconds,
        result_extended=True,
        worker_hijack_root_logger=False,  # structlog (configure_logging) owns the log format
        worker_send_task_events=True,  # task-* events: what queue/latency exporters read
        task_send_sent_event=True,
        timezone="UTC",
        enable_utc=True,
        beat_schedule=dict(beat_schedule or {}),
        redbeat_redis_url=redis_url,
        redbeat_key_prefix=f"{prefix}redbeat",
        # A beat that dies frees its lock after this long; the one still alive then takes over.
        redbeat_lock_timeout=BEAT_LOCK_TIMEOUT_SECONDS,
        beat_max_loop_interval=BEAT_MAX_LOOP_SECONDS,
    )
    if overrides:
        app.conf.update(overrides)
    install_trace_propagation()
    return app


_installed: dict[str, bool] = {}
_TOKENS: dict[str, Any] = {}


def _on_publish(headers: dict[str, Any] | None = None, **_: Any) -> None:
    """Queueing a task: put the current trace context (and request id) in its message headers."""
    if headers is None:
        return
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    headers.update(carrier)
    request_id = structlog.contextvars.get_contextvars().get("request_id")
    if request_id and REQUEST_ID_HEADER not in headers:
        headers[REQUEST_ID_HEADER] = request_id


def _header(task: Any, name: str) -> str | None:
    request = getattr(task, "request", None)
    value = getattr(request, name, None)
    if value is None:
        headers = getattr(request, "headers", None) or {}
        value = headers.get(name) if isinstance(headers, dict) else None
    return str(value) if value else None


def _on_prerun(task_id: str | None = None, task: Any = None, **_: Any) -> None:
    """A task starting: continue the trace of whoever queued it, and log with their request id."""
    carrier = {key: value for key in ("traceparent", "tracestate") if (value := _header(task, key))}
    if task_id is None:
        return
    _TOKENS[task_id] = otel_context.attach(propagate.extract(carrier))
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(task_id=task_id, task=getattr(task, "name", None))
    if request_id := _header(task, REQUEST_ID_HEADER):
        structlog.contextvars.bind_contextvars(request_id=request_id)


def _on_postrun(task_id: str | None = None, **_: Any) -> None:
    token = _TOKENS.pop(task_id or "", None)
    if token is not None:
        otel_context.detach(token)
    structlog.contextvars.clear_contextvars()


def install_trace_propagation() -> None:
    """Connect the publish/prerun/postrun handlers once per process (weak=False: they are module functions)."""
    if _installed.get("done"):
        return
    signals.before_task_publish.connect(_on_publish, weak=False)
    signals.task_prerun.connect(_on_prerun, weak=False)
    signals.task_postrun.connect(_on_postrun, weak=False)
    _installed["done"] = True
