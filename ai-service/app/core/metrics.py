"""The AI service's domain metrics, one import for every domain. Labels are bounded enums only.

Each is updated by one line where its event happens; HTTP RED metrics come from
smartbreeds_common.fastapi.observability. In multiprocess mode gauges say how workers combine.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

from prometheus_client import Counter, Gauge, Histogram

from smartbreeds_common.errors import ApplicationError

P = ParamSpec("P")
R = TypeVar("R")

# Ollama answers in seconds, not milliseconds: buckets up to its 60 s timeout.
SLOW_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0, 60.0, 120.0)

ANALYSES = Counter(
    "ai_analyses_total",
    "Pet photo analyses by where the breed came from and its certainty.",
    ["breed_source", "confident"],
)  # breed_source: classifier | vlm | user; confident: true | false
NO_PET_DETECTED = Counter("ai_no_pet_detected_total", "Photos refused with NO_PET_DETECTED.")
VLM_DURATION = Histogram(
    "ai_vlm_request_duration_seconds",
    "One structured question to the vision model (all attempts).",
    ["outcome"],
    buckets=SLOW_BUCKETS,
)  # outcome: ok | timeout | error | invalid_answer
VLM_FALLBACKS = Counter(
    "ai_vlm_fallbacks_total", "Analyses answered without the vision model.", ["reason"]
)  # reason: ollama_unavailable | vlm_failed
OLLAMA_UP = Gauge(
    "ai_ollama_up", "1 when the last Ollama probe answered, 0 when it did not.", multiprocess_mode="livemostrecent"
)
RAG_QUERY_DURATION = Histogram(
    "ai_rag_query_duration_seconds", "Knowledge-base questions, end to end.", ["answered"], buckets=SLOW_BUCKETS
)  # answered: true | false (abstained) | error
RAG_ABSTENTIONS = Counter(
    "ai_rag_abstentions_total", "Questions the knowledge base declined to answer (answered=false)."
)
RAG_INGESTION_DURATION = Histogram(
    "ai_rag_ingestion_duration_seconds",
    "Document ingestion (parse, chunk, embed, store).",
    ["outcome"],
    buckets=SLOW_BUCKETS,
)  # outcome: ok | refused | error
RAG_INGESTION_REFUSALS = Counter(
    "ai_rag_ingestion_refusals_total", "Documents refused at ingestion, by error code.", ["code"]
)  # code: the envelope's stable UPPER_SNAKE code
RECOMMENDATION_DURATION = Histogram(
    "ai_recommendation_duration_seconds",
    "Product recommendations for one pet (scoring and explanations).",
    buckets=SLOW_BUCKETS,
)


def observe_async(histogram: Histogram) -> Callable[[Callable[P, Awaitable[R]]], Callable[P, Awaitable[R]]]:
    """Decorator: the coroutine's wall time goes to `histogram`, whether it returns or raises."""

    def decorate(func: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
        @functools.wraps(func)
        async def timed(*args: P.args, **kwargs: P.kwargs) -> R:
            started = time.perf_counter()
            try:
                return await func(*args, **kwargs)
            finally:
                histogram.observe(time.perf_counter() - started)

        return timed

    return decorate


def observe_rag_query(func: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """Decorator for the question-answering entry point: latency by `answered`, abstentions counted."""

    @functools.wraps(func)
    async def timed(*args: P.args, **kwargs: P.kwargs) -> R:
        started, answered = time.perf_counter(), "error"
        try:
            result = await func(*args, **kwargs)
            answered = "true" if getattr(result, "answered", False) else "false"
            return result
        finally:
            RAG_QUERY_DURATION.labels(answered=answered).observe(time.perf_counter() - started)
            if answered == "false":
                RAG_ABSTENTIONS.inc()

    return timed


def observe_ingestion(func: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """Decorator for document ingestion: duration by outcome, refusals (an ApplicationError) by code."""

    @functools.wraps(func)
    async def timed(*args: P.args, **kwargs: P.kwargs) -> R:
        started, outcome = time.perf_counter(), "error"
        try:
            result = await func(*args, **kwargs)
            outcome = "ok"
            return result
        except ApplicationError as exc:
            outcome = "refused"
            RAG_INGESTION_REFUSALS.labels(code=exc.code).inc()
            raise
        finally:
            RAG_INGESTION_DURATION.labels(outcome=outcome).observe(time.perf_counter() - started)

    return timed
