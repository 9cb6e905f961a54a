"""Thin HTTP layer: one API class per operation; logic lives in services and selectors."""

from typing import Any, cast

from django.conf import settings
from django.db import connection
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from smartbreeds_common.django.permissions import GatewayUser, IsAuthenticatedUser
from smartbreeds_common.envelope import failure

from apps.accounts import blacklist, errors, selectors, services
from apps.accounts.cookies import ACCESS_COOKIE, REFRESH_COOKIE, clear_auth_cookies, set_auth_cookies


class UserOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    email = serializers.EmailField()
    name = serializers.CharField()
    role = serializers.CharField()
    created_at = serializers.DateTimeField()


def _user_response(result: services.SessionResult, *, status_code: int = status.HTTP_200_OK) -> Response:
    response = Response({"user": UserOutputSerializer(result.user).data}, status=status_code)
    set_auth_cookies(response, result.tokens)
    return response


def _caller_id(request: Request) -> str | None:
    """The user id the gateway vouched for, or None for an anonymous call."""
    user = cast(GatewayUser | None, request.user)
    return str(user.id) if user is not None and user.is_authenticated else None


class UserRegisterApi(APIView):
    class InputSerializer(serializers.Serializer):
        email = serializers.EmailField(max_length=254)
        password = serializers.CharField(max_length=settings.PASSWORD_MAX_LENGTH, trim_whitespace=False)
        name = serializers.CharField(max_length=150)

    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = services.user_register(**serializer.validated_data)
        return _user_response(result, status_code=status.HTTP_201_CREATED)


class SessionLoginApi(APIView):
    class InputSerializer(serializers.Serializer):
        email = serializers.CharField(max_length=254)
        password = serializers.CharField(max_length=settings.PASSWORD_MAX_LENGTH, trim_whitespace=False)

    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return _user_response(services.session_login(**serializer.validated_data))


class SessionRefreshApi(APIView):
    def post(self, request: Request) -> Response:
        refresh_token = request.COOKIES.get(REFRESH_COOKIE)
        if not refresh_token:
            raise errors.token_invalid()
        return _user_response(services.session_refresh(refresh_token=refresh_token))


class SessionLogoutApi(APIView):
    def post(self, request: Request) -> Response:
        services.session_logout(access_token=request.COOKIES.get(ACCESS_COOKIE), user_id=_caller_id(request))
        response = Response({"logged_out": True})
        clear_auth_cookies(response)
        return response


class UserMeApi(APIView):
    permission_classes = [IsAuthenticatedUser]

    def get(self, request: Request) -> Response:
        user = selectors.user_get_active(user_id=_caller_id(request) or "")
        if user is None:
            raise errors.token_invalid()
        return Response({"user": UserOutputSerializer(user).data})

    def delete(self, request: Request) -> Response:
        user_id = _caller_id(request) or ""
        services.user_delete(user_id=user_id, access_token=request.COOKIES.get(ACCESS_COOKIE))
        response = Response({"id": user_id, "deleted": True})
        clear_auth_cookies(response)
        return response


class HealthApi(APIView):
    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []

    def get(self, request: Request) -> Response:
        checks = {"database": _check_database(), "redis": _check_redis()}
        if all(value == "ok" for value in checks.values()):
            return Response({"status": "ok", "checks": checks})
        return Response(
            failure("SERVICE_UNAVAILABLE", "A dependency is down.", {"checks": checks}),
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
        )


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:  # noqa: BLE001 - any failure means "down"
        return "down"


def _check_redis() -> str:
    try:
        blacklist.redis_client().ping()
        return "ok"
    except Exception:  # noqa: BLE001 - any failure means "down"
        return "down"
