"""Ollama through LlamaIndex: one factory for the LLM and a cheap, cached availability probe."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import httpx
import structlog

from app.core import metrics
from app.core.config import Settings

if TYPE_CHECKING:  # LlamaIndex costs ~1.5 s to import: only where a model is built or called
    from llama_index.llms.ollama import Ollama

logger = structlog.get_logger(__name__)

CONTEXT_WINDOW = 8192  # set explicitly: otherwise the client asks /api/show and sends the model's full context
NUM_PREDICT = 1024  # caps runaway "thinking" output of qwen3-vl


def build_llm(settings: Settings, *, timeout: float | None = None) -> Ollama:
    from llama_index.llms.ollama import Ollama

    return Ollama(
        model=settings.ollama_model,
        base_url=settings.ollama_base_url,
        request_timeout=timeout if timeout is not None else settings.ollama_timeout_seconds,
        thinking=False,
        context_window=CONTEXT_WINDOW,
        additional_kwargs={"num_predict": NUM_PREDICT},
    )


class OllamaProbe:
    """Answers "is Ollama up?" in at most ~1-2 s, and remembers the answer for a few seconds."""

    def __init__(self, http: httpx.AsyncClient, *, base_url: str, timeout: float = 1.5, ttl: float = 10.0) -> None:
        self._http = http
        self._url = base_url.rstrip("/") + "/api/version"
        self._timeout = timeout
        self._ttl = ttl
        self._cached: tuple[float, bool] | None = None

    async def is_available(self) -> bool:
        now = time.monotonic()
        if self._cached is not None and now - self._cached[0] < self._ttl:
            return self._cached[1]
        try:
            # A fresh connection each time: a pooled keep-alive socket can outlive a stopped server.
            response = await self._http.get(self._url, timeout=self._timeout, headers={"Connection": "close"})
            available = response.status_code == 200
        except httpx.HTTPError as exc:
            logger.info("ollama_unreachable", error_type=type(exc).__name__)
            available = False
        self._cached = (time.monotonic(), available)
        metrics.OLLAMA_UP.set(1 if available else 0)
        return available

    def forget(self) -> None:
        """Drop the cached answer (after a failed call, so the next caller re-checks)."""
        self._cached = None
