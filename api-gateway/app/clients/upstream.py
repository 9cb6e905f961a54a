"""Calls to the services: one pooled httpx client per upstream, retries on idempotent calls, a breaker per upstream.

One client per upstream keeps each pool small: httpcore walks its whole connection list on every
request, so one shared pool of every service's idle connections cost CPU on each call.

Several replicas of a service (<SERVICE>_SERVICE_URLS): calls go round robin, each replica has its own
breaker, and a call whose connection a replica refused (nothing was sent) goes to the next replica
whatever its method; other failures (reset, 502/503/504) are retried, on the next replica, only for
idempotent calls.
"""

import asyncio
import itertools
import time
from collections.abc import AsyncIterator

import httpx
import structlog
from purgatory import AsyncCircuitBreakerFactory
from purgatory.domain.model import OpenedState

from app.core import metrics
from app.core.config import Settings
from smartbreeds_common.errors import ApplicationError

logger = structlog.get_logger(__name__)

RETRYABLE_STATUSES = frozenset({502, 503, 504})
# The request never left: the replica refused or did not accept the connection. Safe to send elsewhere.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout)
BACKOFF_SECONDS = 0.1  # before a retry on the same replica (doubling, at most 1 s)


class UpstreamUnavailable(Exception):
    """The upstream could not be reached or answered 502/503/504 (counts against its breaker)."""

    def __init__(self, status: int | None = None) -> None:
        super().__init__(f"upstream unavailable ({status})")
        self.status = status


def unavailable(service: str) -> ApplicationError:
    return ApplicationError(
        "SERVICE_UNAVAILABLE", f"The {service} service is unavailable; try again shortly.", status=503
    )


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
    sizes = {
        "auth": settings.upstream_pool_size,
        "user": settings.upstream_pool_size,
        "ai": settings.ai_upstream_pool_size,
    }
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
        self._turns = {service: itertools.count() for service in clients}

    def replicas(self, service: str) -> list[str]:
        """The service's base URLs in the order this call tries them: the next one in turn, then the rest."""
        urls = self.settings.upstream_urls(service)
        first = next(self._turns[service]) % len(urls)
        return [*urls[first:], *urls[:first]]

    @staticmethod
    def breaker_name(service: str, url: str, replicas: int) -> str:
        # One replica: the service's breaker. Several: one each, so a dead replica does not stop the others.
        return service if replicas == 1 else f"{service} {url}"

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
        """Send and return a streaming response; the caller closes it. Raises ApplicationError 503/504.
        Measured per service (app.core.metrics): latency to the response headers by outcome, breaker state."""
        started, outcome = time.perf_counter(), "unavailable"
        try:
            response = await self._send(
                service,
                method,
                path,
                headers=headers,
                params=params,
                content=content,
                timeout=timeout,
                idempotent=idempotent,
            )
            outcome = f"{response.status_code // 100}xx"
            return response
        except ApplicationError as exc:
            outcome = (
                "timeout"
                if exc.code == "UPSTREAM_TIMEOUT"
                else "circuit_open"
                if isinstance(exc.__cause__, OpenedState)
                else outcome
            )
            raise
        finally:
            metrics.upstream_duration(service, outcome).observe(time.perf_counter() - started)
            if outcome not in metrics.HEALTHY_OUTCOMES or not metrics.breaker_known_closed(service):
                await self._record_breaker_state(service)

    async def _record_breaker_state(self, service: str) -> None:
        """The worst breaker of the service's replicas (read only after a failure, or until seen closed)."""
        urls = self.settings.upstream_urls(service)
        breakers = [await self.breakers.get_breaker(self.breaker_name(service, url, len(urls))) for url in urls]
        metrics.breaker_state(service, max((breaker.context.state for breaker in breakers), key=metrics.breaker_rank))

    async def _send(
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
        request_timeout = httpx.Timeout(timeout or self.settings.upstream_timeout_seconds, connect=3.0)
        attempts = self.settings.retry_attempts if idempotent and not isinstance(content, AsyncIterator) else 1
        replicas = self.replicas(service)
        failed = 0  # attempts used up by failures that may have reached a replica
        refused = 0  # replicas that refused the connection or whose breaker is open, in a row
        position = 0
        while True:
            base = replicas[position % len(replicas)]
            url = httpx.URL(base + path, query=params.encode())
            breaker = await self.breakers.get_breaker(self.breaker_name(service, base, len(replicas)))
            try:
                async with breaker:
                    return await self._send_once(
                        self.clients[service],
                        method,
                        url,
                        headers,
                        content,
                        request_timeout,
                        retry_on_status=attempts > 1,
                    )
            except (OpenedState, *NOT_SENT) as exc:
                refused += 1
                if refused < len(replicas):  # nothing was sent: the next replica gets the call, whatever its method
                    logger.info("upstream_replica_skipped", service=service, replica=base, error=type(exc).__name__)
                    position += 1
                    continue
                if isinstance(exc, OpenedState):
                    logger.warning("circuit_open", service=service)
                    raise unavailable(service) from exc
                error: Exception = exc
            except (httpx.TransportError, UpstreamUnavailable) as exc:
                refused = 0
                error = exc
            failed += 1
            if failed >= attempts:
                if isinstance(error, httpx.TimeoutException):
                    logger.warning("upstream_timeout", service=service, path=path)
                    raise timed_out(service) from error
                logger.warning("upstream_unavailable", service=service, path=path, error=type(error).__name__)
                raise unavailable(service) from error
            position += 1
            if len(replicas) == 1:
                await asyncio.sleep(min(1.0, BACKOFF_SECONDS * 2 ** (failed - 1)))

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

    async def get_json(
        self, service: str, path: str, *, headers: list[tuple[str, str]], timeout: float | None = None
    ) -> httpx.Response:
        """A small idempotent GET read fully (aggregation, health)."""
        response = await self.send(service, "GET", path, headers=headers, timeout=timeout, idempotent=True)
        await response.aread()
        await response.aclose()
        return response
