from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from smartbreeds_common.errors import ApplicationError

from .selectors import database_is_available


class HealthApi(APIView):
    """Internal liveness + readiness: 200 when PostgreSQL answers, 503 otherwise."""

    authentication_classes = []
    permission_classes = []

    def get(self, request: Request) -> Response:
        if not database_is_available():
            raise ApplicationError(
                "SERVICE_UNAVAILABLE", "The database is unreachable.", status=503, details={"database": "down"}
            )
        return Response({"status": "ok", "database": "ok"})
