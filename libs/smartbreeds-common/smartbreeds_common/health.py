"""One `/health` body for every service (Django and FastAPI alike).

`dependencies` maps each checked dependency to "ok" or "down". `status` is "ok" when all are ok,
"down" when a hard dependency (one the service cannot serve without) is down, else "degraded".
200 carries the report in a success envelope; "down" is 503 SERVICE_UNAVAILABLE with the same report
as the error's `details`, so a reader (the gateway's aggregated health) finds it in either place.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

from smartbreeds_common.envelope import failure, success

OK = "ok"
DOWN = "down"
HealthStatus = Literal["ok", "degraded", "down"]


def overall_status(dependencies: Mapping[str, str], *, hard: Iterable[str]) -> HealthStatus:
    if any(dependencies.get(name) != OK for name in hard):
        return "down"
    return "ok" if all(value == OK for value in dependencies.values()) else "degraded"


def health_report(dependencies: Mapping[str, str], *, hard: Iterable[str]) -> tuple[dict[str, Any], int]:
    """The `/health` envelope and its HTTP status."""
    report = {"status": overall_status(dependencies, hard=hard), "dependencies": dict(dependencies)}
    if report["status"] == "down":
        return failure("SERVICE_UNAVAILABLE", "A dependency this service needs is down.", report), 503
    return success(report), 200


def probe_state(probe: Callable[[], object]) -> str:
    """ "ok" when a synchronous probe returns anything but False, "down" when it fails or returns False."""
    try:
        answer = probe()
    except Exception:  # noqa: BLE001 - a health check reports, it never raises
        return DOWN
    return DOWN if answer is False else OK
