"""The shared Celery factory: at-least-once settings, keys under the service's prefix, bounded jittered
backoff, and the caller's trace context and request id restored inside the task (a real worker on the
real Redis, under a random prefix)."""

from __future__ import annotations

import os
import random
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import redis
import structlog
from celery.contrib.testing.worker import start_worker
from opentelemetry import context, trace
from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags

from smartbreeds_common.celery_app import (
    BACKOFF_MAX_SECONDS,
    RETRY_POLICY,
    backoff_delay,
    celery_key_prefix,
    make_celery_app,
)

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
TRACE_ID = 0x4BF92F3577B34DA6A3CE929D0E0E4736


@pytest.fixture
def prefix() -> Iterator[str]:
    value = f"test-lib-{uuid.uuid4().hex[:8]}:"
    yield value
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(match=f"{value}*"):
        client.delete(key)


def test_delivery_is_at_least_once_with_one_message_per_worker_process(prefix: str) -> None:
    app = make_celery_app("svc", redis_url=REDIS_URL, key_prefix=prefix, visibility_timeout=7200)
    conf = app.conf
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.worker_prefetch_multiplier == 1
    assert conf.broker_transport_options == {"global_keyprefix": f"{prefix}celery:svc:", "visibility_timeout": 7200}
    assert conf.result_backend_transport_options["global_keyprefix"] == celery_key_prefix(prefix, "svc")
    assert conf.task_default_queue == "svc"


def test_backoff_is_exponential_capped_and_jittered() -> None:
    rng = random.Random(7)
    for retries in range(12):
        ceiling = min(BACKOFF_MAX_SECONDS, 2.0 * 2**retries)
        delays = [backoff_delay(retries, rng=rng) for _ in range(50)]
        assert all(0 <= delay <= ceiling for delay in delays)
        assert len(set(delays)) > 1  # jitter: retries of many tasks do not line up
    assert RETRY_POLICY["max_retries"] > 0 and RETRY_POLICY["retry_jitter"] is True


def test_a_task_runs_on_a_real_worker_under_the_prefix_with_the_callers_trace(prefix: str) -> None:
    app = make_celery_app("svc", redis_url=REDIS_URL, key_prefix=prefix)
    seen: dict[str, Any] = {}

    assert app.conf.task_ignore_result is True  # by default nothing is kept in the result backend

    @app.task(name="svc.echo", ignore_result=False)  # this one opts in, to read its result here
    def echo(value: int) -> int:
        span_context = trace.get_current_span().get_span_context()
        seen["trace_id"] = span_context.trace_id
        seen["request_id"] = structlog.contextvars.get_contextvars().get("request_id")
        return value * 2

    caller = NonRecordingSpan(SpanContext(TRACE_ID, 0x00F067AA0BA902B7, False, TraceFlags(TraceFlags.SAMPLED)))
    request_id = str(uuid.uuid4())
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        token = context.attach(trace.set_span_in_context(caller))
        structlog.contextvars.bind_contextvars(request_id=request_id)
        try:
            result = echo.delay(21)
        finally:
            structlog.contextvars.clear_contextvars()
            context.detach(token)
        assert result.get(timeout=30) == 42
    assert seen == {"trace_id": TRACE_ID, "request_id": request_id}
    keys = [key.decode() for key in redis.Redis.from_url(REDIS_URL).scan_iter(match=f"{prefix}*")]
    assert keys and all(key.startswith(f"{prefix}celery:svc:") for key in keys)  # the result, under the prefix
