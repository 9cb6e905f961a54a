"""Internal APIs for a user's data, never routed by the gateway (it forwards only its route table,
never `/internal/...`); both need the gateway's HMAC signature like every other route here.

- DELETE /internal/users/{user_id}/data: the auth service's erasure worker (role "service", signed
  for that very user id) removes the profile, pets and analyses. Idempotent.
- GET /internal/users/me/export: the caller's profile, pets and pet analyses (the gateway's export).
"""

from uuid import UUID

from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from smartbreeds_common.django.caller import caller_user_id

from apps.pets.apis import AnalysisOutputSerializer, PetOutputSerializer
from apps.profiles.apis import ProfileOutputSerializer
from apps.profiles.services import user_data_delete
from apps.user_data.errors import erasure_forbidden
from apps.user_data.selectors import user_data_export

SERVICE_ROLE = "service"


class UserDataEraseApi(APIView):
    class OutputSerializer(serializers.Serializer):
        class DeletedSerializer(serializers.Serializer):
            pets = serializers.IntegerField()
            analyses = serializers.IntegerField()

        user_id = serializers.UUIDField()
        deleted = DeletedSerializer()

    def delete(self, request: Request, user_id: UUID) -> Response:
        if getattr(request.user, "role", "") != SERVICE_ROLE or caller_user_id(request) != user_id:
            raise erasure_forbidden()
        counts = user_data_delete(user_id=user_id)
        return Response(self.OutputSerializer({"user_id": user_id, "deleted": counts}).data)


class UserDataExportApi(APIView):
    class PetAnalysisSerializer(AnalysisOutputSerializer):
        raw_response = serializers.JSONField()  # the export keeps the whole answer the analysis gave

    class OutputSerializer(serializers.Serializer):
        profile = ProfileOutputSerializer(allow_null=True)
        pets = serializers.ListField()
        pet_analyses = serializers.ListField()

    def get(self, request: Request) -> Response:
        data = user_data_export(user_id=caller_user_id(request))
        return Response(
            {
                "profile": ProfileOutputSerializer(data["profile"]).data if data["profile"] else None,
                "pets": PetOutputSerializer(data["pets"], many=True).data,
                "pet_analyses": self.PetAnalysisSerializer(data["pet_analyses"], many=True).data,
            }
        )
