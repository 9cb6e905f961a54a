"""Thin HTTP layer: one API class per operation; logic lives in services and selectors."""

from typing import Any

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from smartbreeds_common.django.caller import optional_caller_id
from smartbreeds_common.django.health import HealthApi as BaseHealthApi
from smartbreeds_common.django.health import database_is_available
from smartbreeds_common.django.permissions import IsAdminUser, IsAuthenticatedUser
from smartbreeds_common.django.serializers import StrictInputSerializer, StrictPatchSerializer
from smartbreeds_common.emails import normalize_email

from apps.accounts import errors, revocation, selectors, services
from apps.accounts.client_info import Device
from apps.accounts.cookies import ACCESS_COOKIE, REFRESH_COOKIE, clear_auth_cookies, set_auth_cookies
from apps.accounts.models import Role


class UserOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    email = serializers.EmailField()
    name = serializers.CharField()
    role = serializers.ChoiceField(choices=Role.choices)
    created_at = serializers.DateTimeField()
    email_verified = serializers.BooleanField(source="is_verified")


class UserBodyOutputSerializer(serializers.Serializer):
    """`{user}`: what register, login, refresh, password change and GET /me answer."""

    user = UserOutputSerializer()


class LoggedOutOutputSerializer(serializers.Serializer):
    logged_out = serializers.BooleanField()


def _user_response(result: services.SessionResult, *, status_code: int = status.HTTP_200_OK) -> Response:
    response = Response({"user": UserOutputSerializer(result.user).data}, status=status_code)
    set_auth_cookies(response, result.tokens)
    return response


def _access_token(request: Request) -> str | None:
    return request.COOKIES.get(ACCESS_COOKIE)


def _device(request: Request) -> Device:
    """The browser and (gateway-forwarded) client address that open a session."""
    return Device.from_raw(user_agent=request.headers.get("User-Agent"), ip=request.headers.get("X-Real-IP"))


class NormalizedEmailField(serializers.EmailField):
    """Validated after the shared normalisation: compatibility look-alikes become the address they imitate."""

    def to_internal_value(self, data: Any) -> str:
        if isinstance(data, str):
            data = normalize_email(data)
        return str(super().to_internal_value(data))


class UserRegisterApi(APIView):
    OutputSerializer = UserBodyOutputSerializer
    success_status = status.HTTP_201_CREATED

    class InputSerializer(StrictInputSerializer):
        email = NormalizedEmailField(max_length=254)
        password = serializers.CharField(max_length=settings.PASSWORD_MAX_LENGTH, trim_whitespace=False)
        name = serializers.CharField(max_length=150)

    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = services.user_register(**serializer.validated_data, device=_device(request))
        return _user_response(result, status_code=status.HTTP_201_CREATED)


class SessionLoginApi(APIView):
    OutputSerializer = UserBodyOutputSerializer

    class InputSerializer(StrictInputSerializer):
        email = serializers.CharField(max_length=254)
        password = serializers.CharField(max_length=settings.PASSWORD_MAX_LENGTH, trim_whitespace=False)

    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return _user_response(services.session_login(**serializer.validated_data, device=_device(request)))


class SessionRefreshApi(APIView):
    OutputSerializer = UserBodyOutputSerializer

    def post(self, request: Request) -> Response:
        refresh_token = request.COOKIES.get(REFRESH_COOKIE)
        if not refresh_token:
            raise errors.token_invalid()
        return _user_response(services.session_refresh(refresh_token=refresh_token))


class SessionLogoutApi(APIView):
    OutputSerializer = LoggedOutOutputSerializer

    def post(self, request: Request) -> Response:
        services.session_logout(access_token=_access_token(request), user_id=optional_caller_id(request))
        response = Response({"logged_out": True})
        clear_auth_cookies(response)
        return response


class SessionLogoutAllApi(APIView):
    OutputSerializer = LoggedOutOutputSerializer
    permission_classes = [IsAuthenticatedUser]

    def post(self, request: Request) -> Response:
        services.session_logout_all(access_token=_access_token(request), user_id=optional_caller_id(request))
        response = Response({"logged_out": True})
        clear_auth_cookies(response)
        return response


class PasswordChangeApi(APIView):
    OutputSerializer = UserBodyOutputSerializer
    permission_classes = [IsAuthenticatedUser]

    class InputSerializer(StrictInputSerializer):
        current_password = serializers.CharField(max_length=settings.PASSWORD_MAX_LENGTH, trim_whitespace=False)
        new_password = serializers.CharField(max_length=settings.PASSWORD_MAX_LENGTH, trim_whitespace=False)

    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = services.password_change(
            access_token=_access_token(request), user_id=optional_caller_id(request), **serializer.validated_data
        )
        return _user_response(result)


class SessionListApi(APIView):
    output_many = True
    permission_classes = [IsAuthenticatedUser]

    class OutputSerializer(serializers.Serializer):
        id = serializers.UUIDField()
        created_at = serializers.DateTimeField()
        last_used_at = serializers.DateTimeField()
        user_agent = serializers.CharField()
        ip = serializers.SerializerMethodField()
        current = serializers.SerializerMethodField()

        def get_ip(self, session: Any) -> str | None:
            return session.ip or None

        def get_current(self, session: Any) -> bool:
            return str(session.id) == self.context["current_session_id"]

    def get(self, request: Request) -> Response:
        claims = services.access_token_verify(access_token=_access_token(request), user_id=optional_caller_id(request))
        sessions = selectors.session_list(user_id=claims["user_id"])
        data = self.OutputSerializer(sessions, many=True, context={"current_session_id": claims["sid"]}).data
        return Response(data)


class SessionEndApi(APIView):
    permission_classes = [IsAuthenticatedUser]

    class OutputSerializer(serializers.Serializer):
        id = serializers.CharField()
        ended = serializers.BooleanField()

    def delete(self, request: Request, session_id: str) -> Response:
        was_current = services.session_end(
            access_token=_access_token(request), user_id=optional_caller_id(request), session_id=session_id
        )
        response = Response({"id": session_id, "ended": True})
        if was_current:
            clear_auth_cookies(response)
        return response


class UserMeApi(APIView):
    OutputSerializer = UserBodyOutputSerializer
    permission_classes = [IsAuthenticatedUser]

    def get(self, request: Request) -> Response:
        claims = services.access_token_verify(access_token=_access_token(request), user_id=optional_caller_id(request))
        user = selectors.user_get_active(user_id=str(claims["user_id"]))
        if user is None:
            raise errors.token_revoked()
        return Response({"user": UserOutputSerializer(user).data})


class UserDeleteApi(APIView):
    """DELETE /api/v1/auth/me (the gateway's DELETE /users/me): with the password, erase the account and
    end every session."""

    permission_classes = [IsAuthenticatedUser]

    class InputSerializer(StrictInputSerializer):
        password = serializers.CharField(max_length=settings.PASSWORD_MAX_LENGTH, trim_whitespace=False)

    class OutputSerializer(serializers.Serializer):
        id = serializers.CharField()
        deleted = serializers.BooleanField()

    def delete(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user_id = optional_caller_id(request) or ""
        services.user_delete(user_id=user_id, access_token=_access_token(request), **serializer.validated_data)
        response = Response({"id": user_id, "deleted": True})
        clear_auth_cookies(response)
        return response


class AdminUserOutputSerializer(serializers.Serializer):
    user = serializers.SerializerMethodField()
    is_active = serializers.BooleanField()
    last_login = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(UserOutputSerializer)
    def get_user(self, user: Any) -> dict[str, Any]:
        return dict(UserOutputSerializer(user).data)


class AdminUserListApi(APIView):
    permission_classes = [IsAdminUser]

    class OutputSerializer(serializers.Serializer):
        items = AdminUserOutputSerializer(many=True)
        total = serializers.IntegerField()
        page = serializers.IntegerField()
        page_size = serializers.IntegerField()

    class FilterSerializer(serializers.Serializer):
        q = serializers.CharField(max_length=254, required=False, default="", allow_blank=True)
        page = serializers.IntegerField(min_value=1, max_value=100_000, required=False, default=1)
        page_size = serializers.IntegerField(min_value=1, max_value=100, required=False, default=20)

    def get(self, request: Request) -> Response:
        services.admin_verify(access_token=_access_token(request), user_id=optional_caller_id(request))
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        page = selectors.user_search(**filters.validated_data)
        return Response(
            {
                "items": AdminUserOutputSerializer(page.items, many=True).data,
                "total": page.total,
                "page": page.page,
                "page_size": page.page_size,
            }
        )


class AdminUserUpdateApi(APIView):
    permission_classes = [IsAdminUser]
    OutputSerializer = AdminUserOutputSerializer

    class InputSerializer(StrictPatchSerializer):
        is_active = serializers.BooleanField(required=False)
        role = serializers.ChoiceField(choices=Role.choices, required=False)

    def patch(self, request: Request, user_id: str) -> Response:
        admin = services.admin_verify(access_token=_access_token(request), user_id=optional_caller_id(request))
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.admin_user_update(admin=admin, user_id=user_id, **serializer.validated_data)
        return Response(AdminUserOutputSerializer(user).data)


def redis_is_available() -> bool:
    return bool(revocation.redis_client().ping())


class HealthApi(BaseHealthApi):
    """GET /health: PostgreSQL and Redis (token revocation) are both hard dependencies."""

    probes = {"postgres": database_is_available, "redis": redis_is_available}
    hard_dependencies = ("postgres", "redis")
