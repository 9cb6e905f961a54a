"""Calls to the upstream services: pooled client, timeouts, retries of idempotent calls, a breaker per service."""

from __future__ import annotations

from collections.abc import AsyncIterable, Mapping, Sequence
from dataclasses import dataclass

import httpx
import structlog
from purgatory import AsyncCircuitBreakerFactory
from purgatory.domain.model import OpenedState
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, stop_after_attempt, wait_exponential

from smartbreeds_common.errors import ApplicationError

logger = structlog.get_logger(__name__)

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRY_STATUSES = frozenset({502, 503, 504})
MAX_ATTEMPTS = 3


class _RetryableStatus(Exception):
    """An upstream answered 502/503/504: counts as a breaker failure and may be retried."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(f"upstream answered {response.status_code}")
        self.response = response


async def _close_discarded_response(retry_state: RetryCallState) -> None:
    error = retry_state.outcome.exception() if retry_state.outcome else None
    if isinstance(error, _RetryableStatus):
        await error.response.aclose()


def create_http_client(max_connections: int) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections // 2)
    # Never follow redirects or read proxy settings from the environment: we are the proxy.
    return httpx.AsyncClient(limits=limits, follow_redirects=False, trust_env=False)


def create_breakers(*, failure_threshold: int, reset_seconds: float) -> AsyncCircuitBreakerFactory:
    return AsyncCircuitBreakerFactory(default_threshold=failure_threshold, default_ttl=reset_seconds)


def service_unavailable(service: str) -> ApplicationError:
    return ApplicationError("SERVICE_UNAVAILABLE", "The service is temporarily unavailable.", status=503, details={"service": service})


def upstream_timeout(service: str) -> ApplicationError:
    return ApplicationError("UPSTREAM_TIMEOUT", "The service took too long to answer.", status=504, details={"service": service})


@dataclass(frozen=True, slots=True)
class UpstreamClient:
    http: httpx.AsyncClient
    breakers: AsyncCircuitBreakerFactory
    retry_wait_seconds: float = 0.1

    async def send(
        self,
        service: str,
        method: str,
        url: str,
        *,
        headers: Sequence[tuple[str, str]] | Mapping[str, str],
        content: bytes | AsyncIterable[bytes] | None = None,
        timeout: float,
    ) -> httpx.Response:
        """Send and return the response with its body unread (stream it, then `aclose()` it).

        Only idempotent requests are retried; they must carry a replayable body (bytes or none).
        Raises 503 SERVICE_UNAVAILABLE (down, or circuit open) or 504 UPSTREAM_TIMEOUT.
        """
        retryable = method.upper() in IDEMPOTENT_METHODS and not isinstance(content, AsyncIterable)
        request_timeout = httpx.Timeout(timeout, connect=min(timeout, 5.0))
        retrying = AsyncRetrying(
            stop=stop_after_attempt(MAX_ATTEMPTS if retryable else 1),
            wait=wait_exponential(multiplier=self.retry_wait_seconds, max=2),
            retry=retry_if_exception_type((httpx.ConnectError, httpx.ConnectTimeout, _RetryableStatus)),
            before_sleep=_close_discarded_response,
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    return await self._attempt(service, method, url, headers, content, request_timeout)
        except OpenedState as exc:
            logger.warning("upstream_circuit_open", service=service)
            raise service_unavailable(service) from exc
        except _RetryableStatus as exc:
            return exc.response  # the service's own 502/503/504 envelope, after the last attempt
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            logger.warning("upstream_unreachable", service=service, error_type=type(exc).__name__)
            raise service_unavailable(service) from exc
        except httpx.TimeoutException as exc:
            logger.warning("upstream_timeout", service=service, error_type=type(exc).__name__)
            raise upstream_timeout(service) from exc
        except httpx.HTTPError as exc:
            logger.warning("upstream_error", service=service, error_type=type(exc).__name__)
            raise service_unavailable(service) from exc
        raise AssertionError("unreachable")  # pragma: no cover - tenacity either returns or raises

    async def _attempt(
        self,
        service: str,
        method: str,
        url: str,
        headers: Sequence[tuple[str, str]] | Mapping[str, str],
        content: bytes | AsyncIterable[bytes] | None,
        timeout: httpx.Timeout,
    ) -> httpx.Response:
        breaker = await self.breakers.get_breaker(service)
        async with breaker:  # raises OpenedState without calling while the circuit is open
            request = self.http.build_request(method, url, headers=headers, content=content, timeout=timeout)
            response = await self.http.send(request, stream=True)
            if response.status_code in RETRY_STATUSES:
                # Left unread: the caller streams it if this was the last attempt.
                raise _RetryableStatus(response)
            return response
