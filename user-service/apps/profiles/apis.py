import json
import re
from typing import Any

from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from smartbreeds_common.django.caller import caller_user_id
from smartbreeds_common.django.serializers import StrictPatchSerializer

from apps.profiles.services import profile_get_or_create, profile_update, user_data_delete

MAX_PREFERENCES_BYTES = 4096
PHONE_PATTERN = re.compile(r"^\+?[0-9 ().\-]+$")
MIN_PHONE_DIGITS = 3
# PostgreSQL jsonb cannot hold U+0000, and a lone surrogate cannot be encoded as UTF-8 at all.
UNSTORABLE_TEXT = re.compile("[\x00\ud800-\udfff]")


def _unstorable_text(value: Any) -> bool:
    """Whether any key or string anywhere in the JSON value has a character PostgreSQL cannot store."""
    if isinstance(value, str):
        return UNSTORABLE_TEXT.search(value) is not None
    if isinstance(value, dict):
        return any(_unstorable_text(key) or _unstorable_text(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_unstorable_text(item) for item in value)
    return False


class ProfileOutputSerializer(serializers.Serializer):
    user_id = serializers.UUIDField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    phone = serializers.CharField()
    address = serializers.CharField()
    preferences = serializers.DictField()  # a JSON object (the model validates it)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class ProfileDetailApi(APIView):
    OutputSerializer = ProfileOutputSerializer

    def get(self, request: Request) -> Response:
        profile = profile_get_or_create(user_id=caller_user_id(request))
        return Response(self.OutputSerializer(profile).data)


class ProfileUpdateApi(APIView):
    class InputSerializer(StrictPatchSerializer):
        first_name = serializers.CharField(max_length=100, allow_blank=True, required=False)
        last_name = serializers.CharField(max_length=100, allow_blank=True, required=False)
        phone = serializers.CharField(max_length=30, allow_blank=True, required=False)
        address = serializers.CharField(max_length=500, allow_blank=True, required=False)
        preferences = serializers.JSONField(required=False)

        def validate_phone(self, value: str) -> str:
            if value and (not PHONE_PATTERN.match(value) or sum(c.isdigit() for c in value) < MIN_PHONE_DIGITS):
                raise serializers.ValidationError(
                    "Enter a phone number: digits, spaces, ( ) . - and an optional leading +."
                )
            return value

        def validate_preferences(self, value: Any) -> dict[str, Any]:
            if not isinstance(value, dict):
                raise serializers.ValidationError("Must be a JSON object.")
            if _unstorable_text(value):
                raise serializers.ValidationError("Null characters and lone surrogates are not allowed.")
            if len(json.dumps(value, ensure_ascii=False).encode()) > MAX_PREFERENCES_BYTES:
                raise serializers.ValidationError(f"Must be at most {MAX_PREFERENCES_BYTES} bytes of JSON.")
            return value

    OutputSerializer = ProfileOutputSerializer

    def patch(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        profile = profile_update(user_id=caller_user_id(request), data=serializer.validated_data)
        return Response(self.OutputSerializer(profile).data)


class UserDataDeleteApi(APIView):
    """Step one of account deletion (the gateway then deletes the account at the auth service)."""

    class OutputSerializer(serializers.Serializer):
        class DeletedSerializer(serializers.Serializer):
            pets = serializers.IntegerField()
            analyses = serializers.IntegerField()

        deleted = DeletedSerializer()

    def delete(self, request: Request) -> Response:
        counts = user_data_delete(user_id=caller_user_id(request))
        return Response(self.OutputSerializer({"deleted": counts}).data)
