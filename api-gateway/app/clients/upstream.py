"""Calls to the services: one pooled httpx client per upstream, retries on idempotent calls, a breaker per upstream.

One client per upstream keeps each pool small: httpcore walks its whole connection list on every
request, so one shared pool of every service's idle connections cost CPU on each call.
"""

from collections.abc import AsyncIterator

import httpx
import structlog
from purgatory import AsyncCircuitBreakerFactory
from purgatory.domain.model import OpenedState
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from app.core.config import Settings
from smartbreeds_common.errors import ApplicationError

logger = structlog.get_logger(__name__)

RETRYABLE_STATUSES = frozenset({502, 503, 504})


class UpstreamUnavailable(Exception):
    """The upstream could not be reached or answered 502/503/504 (counts against its breaker)."""

    def __init__(self, status: int | None = None) -> None:
        super().__init__(f"upstream unavailable ({status})")
        self.status = status


def unavailable(service: str) -> ApplicationError:
    return ApplicationError("SERVICE_UNAVAILABLE", f"The {service} service is unavailable; try again shortly.", status=503)


def timed_out(service: str) -> ApplicationError:
    return ApplicationError("UPSTREAM_TIMEOUT", f"The {service} service took too long to answer.", status=504)


def build_clients(settings: Settings) -> dict[str, httpx.AsyncClient]:
    """One client per upstream, each with a small pool (per gateway worker). httpcore walks every pooled
    connection (a poll() on each idle one) before each request, so a pool grown to 64+ connections cost
    more CPU per request than the queueing it avoided: measured at 64 client connections, 2.0-2.2 ms of
    gateway CPU per request with 100 connections, 1.4-1.6 ms with 24, 1.1 ms with 8 (docs/performance.md).
    The Django services run 2 sync workers each, so more parallel connections would only queue there;
    the AI service (async, long vision and RAG calls) gets a bigger pool. A request waiting for a free
    connection longer than its timeout is a 504."""
    sizes = {"auth": settings.upstream_pool_size, "user": settings.upstream_pool_size, "ai": settings.ai_upstream_pool_size}
    return {
        service: httpx.AsyncClient(
            limits=httpx.Limits(max_connections=size, max_keepalive_connections=size, keepalive_expiry=30),
            follow_redirects=False,
        )
        for service, size in sizes.items()
    }


class Upstreams:
    def __init__(self, settings: Settings, clients: dict[str, httpx.AsyncClient]) -> None:
        self.settings = settings
        self.clients = clients
        self.breakers = AsyncCircuitBreakerFactory(
            default_threshold=settings.breaker_threshold,
            default_ttl=settings.breaker_cooldown_seconds,
            exclude=[ApplicationError],
        )

    async def send(
        self,
        service: str,
        method: str,
        path: str,
        *,
        headers: list[tuple[str, str]],
        params: str = "",
        content: bytes | AsyncIterator[bytes] | None = None,
        timeout: float | None = None,
        idempotent: bool = False,
    ) -> httpx.Response:
        """Send and return a streaming response; the caller closes it. Raises ApplicationError 503/504."""
        url = httpx.URL(self.settings.upstream_url(service) + path, query=params.encode())
        request_timeout = httpx.Timeout(timeout or self.settings.upstream_timeout_seconds, connect=3.0)
        attempts = self.settings.retry_attempts if idempotent and not isinstance(content, AsyncIterator) else 1
        breaker = await self.breakers.get_breaker(service)
        try:
            async for attempt in AsyncRetrying(
                stop=stop_after_attempt(attempts),
                wait=wait_exponential(multiplier=0.1, max=1.0),
                retry=retry_if_exception_type((UpstreamUnavailable, httpx.TransportError)),
                reraise=True,
            ):
                with attempt:
                    async with breaker:
                        return await self._send_once(
                            self.clients[service], method, url, headers, content, request_timeout, retry_on_status=attempts > 1
                        )
        except OpenedState as exc:
            logger.warning("circuit_open", service=service)
            raise unavailable(service) from exc
        except httpx.TimeoutException as exc:
            logger.warning("upstream_timeout", service=service, path=path)
            raise timed_out(service) from exc
        except (httpx.TransportError, UpstreamUnavailable) as exc:
            logger.warning("upstream_unavailable", service=service, path=path, error=type(exc).__name__)
            raise unavailable(service) from exc
        raise unavailable(service)  # pragma: no cover - AsyncRetrying always returns or raises

    @staticmethod
    async def _send_once(
        client: httpx.AsyncClient,
        method: str,
        url: httpx.URL,
        headers: list[tuple[str, str]],
        content: bytes | AsyncIterator[bytes] | None,
        timeout: httpx.Timeout,
        *,
        retry_on_status: bool,
    ) -> httpx.Response:
        # Header values travel as the client's bytes: a non-ASCII cookie must not break the encoding.
        raw_headers = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in headers]
        request = client.build_request(method, url, headers=raw_headers, content=content, timeout=timeout)
        response = await client.send(request, stream=True)
        if retry_on_status and response.status_code in RETRYABLE_STATUSES:
            await response.aclose()
            raise UpstreamUnavailable(response.status_code)
        return response

    async def aclose(self) -> None:
        for client in self.clients.values():
            await client.aclose()

    async def get_json(self, service: str, path: str, *, headers: list[tuple[str, str]], timeout: float | None = None) -> httpx.Response:
        """A small idempotent GET read fully (aggregation, health)."""
        response = await self.send(service, "GET", path, headers=headers, timeout=timeout, idempotent=True)
        await response.aread()
        await response.aclose()
        return response
