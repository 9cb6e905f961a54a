"""The gateway's own metrics: upstream latency, breaker state per service, rate-limit refusals per bucket.

HTTP RED metrics per route template come from smartbreeds_common.fastapi.observability; all of them are
served on the internal metrics port (GATEWAY_METRICS_PORT), never on the public one.
"""

from functools import cache

from prometheus_client import Counter, Gauge, Histogram

# Bounded label values: the route table's services, named as their Prometheus jobs.
SERVICE_LABELS = {"auth": "auth-service", "user": "user-service", "ai": "ai-service"}
BREAKER_STATES = {"closed": 0, "half-opened": 1, "opened": 2}

UPSTREAM_DURATION = Histogram(
    "gateway_upstream_request_duration_seconds",
    "From sending to an upstream to its response headers (retries included), by outcome.",
    ["service", "outcome"],  # outcome: 2xx | 3xx | 4xx | 5xx | timeout | unavailable | circuit_open
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 90.0),
)
CIRCUIT_BREAKER_STATE = Gauge(
    "gateway_circuit_breaker_state",
    "The gateway's circuit breaker per upstream: 0 closed, 1 half-open, 2 open (worst worker).",
    ["service"],
    multiprocess_mode="livemax",
)
RATE_LIMIT_REFUSALS = Counter(
    "gateway_rate_limit_refusals_total",
    "Requests refused with 429 RATE_LIMITED, by the bucket that was full.",
    ["bucket"],
)


# Bounded label sets: children cached (`.labels()` per request cost more than the observation itself).
@cache
def upstream_duration(service: str, outcome: str) -> Histogram:
    return UPSTREAM_DURATION.labels(service=SERVICE_LABELS.get(service, service), outcome=outcome)


_breaker_states: dict[str, int] = {}
HEALTHY_OUTCOMES = frozenset({"2xx", "3xx", "4xx"})


def breaker_rank(state: str) -> int:
    return BREAKER_STATES.get(state, 2)


def breaker_known_closed(service: str) -> bool:
    return _breaker_states.get(service) == 0


def breaker_state(service: str, state: str) -> None:
    """Record a breaker's state when it changes (not on every call: each write touches the shared file)."""
    value = breaker_rank(state)
    if _breaker_states.get(service) != value:
        _breaker_states[service] = value
        CIRCUIT_BREAKER_STATE.labels(service=SERVICE_LABELS.get(service, service)).set(value)
