"""Thin HTTP layer of the mailed-link flows (POST /api/v1/auth/password/*, /auth/email/*, and the
admin's reset link)."""

from django.conf import settings
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from smartbreeds_common.django.caller import optional_caller_id
from smartbreeds_common.django.permissions import IsAdminUser, IsAuthenticatedUser
from smartbreeds_common.django.serializers import StrictInputSerializer

from apps.accounts import errors as account_errors
from apps.accounts import selectors
from apps.accounts import services as account_services
from apps.accounts.apis import NormalizedEmailField, UserBodyOutputSerializer, UserOutputSerializer
from apps.accounts.cookies import ACCESS_COOKIE, clear_auth_cookies
from apps.accounts.models import User
from apps.email_actions import services

TOKEN_MAX_LENGTH = 128


def _signed_in_user(request: Request) -> User:
    claims = account_services.access_token_verify(
        access_token=request.COOKIES.get(ACCESS_COOKIE), user_id=optional_caller_id(request)
    )
    user = selectors.user_get_active(user_id=str(claims["user_id"]))
    if user is None:
        raise account_errors.token_revoked()
    return user


class TokenInputSerializer(StrictInputSerializer):
    token = serializers.CharField(max_length=TOKEN_MAX_LENGTH)


class AcceptedOutputSerializer(serializers.Serializer):
    accepted = serializers.BooleanField()


class PasswordForgotApi(APIView):
    OutputSerializer = AcceptedOutputSerializer
    success_status = status.HTTP_202_ACCEPTED

    class InputSerializer(StrictInputSerializer):
        email = serializers.CharField(max_length=254)

    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.password_forgot(**serializer.validated_data)
        return Response({"accepted": True}, status=status.HTTP_202_ACCEPTED)


class PasswordResetApi(APIView):
    class InputSerializer(TokenInputSerializer):
        new_password = serializers.CharField(max_length=settings.PASSWORD_MAX_LENGTH, trim_whitespace=False)

    class OutputSerializer(serializers.Serializer):
        password_reset = serializers.BooleanField()

    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.password_reset(**serializer.validated_data)
        response = Response({"password_reset": True})
        clear_auth_cookies(response)  # every session ended, this browser's too
        return response


class EmailVerifyApi(APIView):
    InputSerializer = TokenInputSerializer
    OutputSerializer = UserBodyOutputSerializer

    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.email_verify(**serializer.validated_data)
        return Response({"user": UserOutputSerializer(user).data})


class EmailVerifyResendApi(APIView):
    permission_classes = [IsAuthenticatedUser]
    success_status = status.HTTP_202_ACCEPTED

    class OutputSerializer(serializers.Serializer):
        sent = serializers.BooleanField()  # false: the address is verified already

    def post(self, request: Request) -> Response:
        sent = services.email_verification_resend(user=_signed_in_user(request))
        return Response({"sent": sent}, status=status.HTTP_202_ACCEPTED)


class EmailChangeApi(APIView):
    permission_classes = [IsAuthenticatedUser]
    OutputSerializer = AcceptedOutputSerializer
    success_status = status.HTTP_202_ACCEPTED

    class InputSerializer(StrictInputSerializer):
        new_email = NormalizedEmailField(max_length=254)
        password = serializers.CharField(max_length=settings.PASSWORD_MAX_LENGTH, trim_whitespace=False)

    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.email_change_request(user=_signed_in_user(request), **serializer.validated_data)
        return Response({"accepted": True}, status=status.HTTP_202_ACCEPTED)


class EmailChangeConfirmApi(APIView):
    InputSerializer = TokenInputSerializer
    OutputSerializer = UserBodyOutputSerializer

    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.email_change_confirm(**serializer.validated_data)
        return Response({"user": UserOutputSerializer(user).data})


class AdminPasswordResetLinkApi(APIView):
    permission_classes = [IsAdminUser]
    success_status = status.HTTP_201_CREATED

    class OutputSerializer(serializers.Serializer):
        url = serializers.CharField()
        expires_at = serializers.DateTimeField()

    def post(self, request: Request, user_id: str) -> Response:
        admin = account_services.admin_verify(
            access_token=request.COOKIES.get(ACCESS_COOKIE), user_id=optional_caller_id(request)
        )
        link = services.admin_password_reset_link_issue(admin=admin, user_id=user_id)
        response = Response({"url": link.url, "expires_at": link.expires_at}, status=status.HTTP_201_CREATED)
        response["Cache-Control"] = "no-store"  # shown once
        return response
