"""The `/health` view of the Django services (body: `smartbreeds_common.health`).

A service subclasses `HealthApi` and names its probes; each is a callable that raises or returns False
when its dependency is down. PostgreSQL is always a hard dependency.
"""

from collections.abc import Callable
from typing import Any, ClassVar

from django.db import connection
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from smartbreeds_common.health import health_report, probe_state


def database_is_available() -> bool:
    """True when the default database answers a trivial query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return True


class HealthApi(APIView):
    """GET /health, without a gateway signature (the middleware lets it through)."""

    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []
    probes: ClassVar[dict[str, Callable[[], object]]] = {"postgres": database_is_available}
    hard_dependencies: ClassVar[tuple[str, ...]] = ("postgres",)

    def get(self, request: Request) -> Response:
        dependencies = {name: probe_state(probe) for name, probe in self.probes.items()}
        body, status = health_report(dependencies, hard=self.hard_dependencies)
        return Response(body, status=status)
