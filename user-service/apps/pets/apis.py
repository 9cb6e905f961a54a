import json
from typing import Any
from uuid import UUID

from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from smartbreeds_common.django.caller import caller_user_id
from smartbreeds_common.django.serializers import StrictInputSerializer, StrictPatchSerializer

from apps.pets.errors import analysis_not_found
from apps.pets.models import Species
from apps.pets.selectors import RECENT_ANALYSES_MAX, analysis_list_for_pet, analysis_list_recent, pet_get, pet_list
from apps.pets.services import analysis_create, analysis_save_once, pet_create, pet_delete, pet_update
from apps.pets.validators import MAX_WEIGHT_KG, WeightField, unique_conditions, validate_image_url, validate_weight

MAX_HEALTH_CONDITIONS = 20
MAX_RAW_RESPONSE_BYTES = 64 * 1024


class PetFieldsMixin(serializers.Serializer):
    """The writable pet fields and their limits, shared by create and update."""

    name = serializers.CharField(max_length=100)
    species = serializers.ChoiceField(choices=Species.choices)
    breed = serializers.CharField(max_length=100, required=False, allow_null=True, allow_blank=True)
    breed_confidence = serializers.FloatField(min_value=0, max_value=1, required=False, allow_null=True)
    age = serializers.IntegerField(min_value=0, max_value=600, required=False, allow_null=True)
    weight = WeightField(
        max_digits=None,
        decimal_places=2,
        max_value=MAX_WEIGHT_KG,
        required=False,
        allow_null=True,
        validators=[validate_weight],
    )
    health_conditions = serializers.ListField(
        child=serializers.CharField(max_length=100), max_length=MAX_HEALTH_CONDITIONS, required=False
    )
    image_url = serializers.CharField(max_length=500, required=False, allow_null=True, validators=[validate_image_url])

    def validate_breed(self, value: str | None) -> str | None:
        return value or None

    def validate_health_conditions(self, value: list[str]) -> list[str]:
        return unique_conditions(value)


class PetOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    species = serializers.ChoiceField(choices=Species.choices)
    breed = serializers.CharField(allow_null=True)
    breed_confidence = serializers.FloatField(allow_null=True)
    age = serializers.IntegerField(allow_null=True)
    weight = serializers.FloatField(allow_null=True)
    health_conditions = serializers.ListField(child=serializers.CharField())
    image_url = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class AnalysisOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    pet_id = serializers.UUIDField()
    image_url = serializers.CharField()
    breed_detected = serializers.CharField()
    confidence = serializers.FloatField()
    traits = serializers.DictField()
    created_at = serializers.DateTimeField()


class PetListApi(APIView):
    output_many = True
    OutputSerializer = PetOutputSerializer

    def get(self, request: Request) -> Response:
        pets = pet_list(user_id=caller_user_id(request))
        return Response(self.OutputSerializer(pets, many=True).data)


class PetCreateApi(APIView):
    success_status = status.HTTP_201_CREATED

    class InputSerializer(PetFieldsMixin, StrictInputSerializer):
        pass

    OutputSerializer = PetOutputSerializer

    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        pet = pet_create(user_id=caller_user_id(request), data=serializer.validated_data)
        return Response(self.OutputSerializer(pet).data, status=status.HTTP_201_CREATED)


class PetDetailApi(APIView):
    OutputSerializer = PetOutputSerializer

    def get(self, request: Request, pet_id: str) -> Response:
        pet = pet_get(user_id=caller_user_id(request), pet_id=pet_id)
        return Response(self.OutputSerializer(pet).data)


class PetUpdateApi(APIView):
    class InputSerializer(PetFieldsMixin, StrictPatchSerializer):
        pass

    OutputSerializer = PetOutputSerializer

    def patch(self, request: Request, pet_id: str) -> Response:
        pet = pet_get(user_id=caller_user_id(request), pet_id=pet_id)
        serializer = self.InputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        pet = pet_update(pet=pet, data=serializer.validated_data)
        return Response(self.OutputSerializer(pet).data)


class PetDeleteApi(APIView):
    class OutputSerializer(serializers.Serializer):
        id = serializers.UUIDField()
        deleted = serializers.BooleanField()
        analyses_deleted = serializers.IntegerField()

    def delete(self, request: Request, pet_id: str) -> Response:
        pet = pet_get(user_id=caller_user_id(request), pet_id=pet_id)
        deleted_id = pet.id
        analyses = pet_delete(pet=pet)
        return Response(self.OutputSerializer({"id": deleted_id, "deleted": True, "analyses_deleted": analyses}).data)


class PetAnalysisListApi(APIView):
    output_many = True
    OutputSerializer = AnalysisOutputSerializer

    def get(self, request: Request, pet_id: str) -> Response:
        pet = pet_get(user_id=caller_user_id(request), pet_id=pet_id)
        return Response(self.OutputSerializer(analysis_list_for_pet(pet=pet), many=True).data)


class AnalysisRecentApi(APIView):
    """The caller's latest analyses across all pets (the gateway's dashboard)."""

    output_many = True

    class FilterSerializer(serializers.Serializer):
        limit = serializers.IntegerField(min_value=1, max_value=RECENT_ANALYSES_MAX, default=5)

    class OutputSerializer(AnalysisOutputSerializer):
        pet_name = serializers.CharField(source="pet.name")

    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        analyses = analysis_list_recent(user_id=caller_user_id(request), limit=filters.validated_data["limit"])
        return Response(self.OutputSerializer(analyses, many=True).data)


class PetAnalysisCreateInternalApi(APIView):
    """`POST /internal/pets/{id}/analyses`: the AI service records an analysis for the pet's owner."""

    success_status = status.HTTP_201_CREATED

    class InputSerializer(StrictInputSerializer):
        image_url = serializers.CharField(
            max_length=500, required=False, allow_blank=True, default="", validators=[validate_image_url]
        )
        breed_detected = serializers.CharField(max_length=100)
        confidence = serializers.FloatField(min_value=0, max_value=1)
        traits = serializers.DictField(required=False, default=dict)
        raw_response = serializers.JSONField(required=False, default=dict)
        update_pet_breed = serializers.BooleanField(required=False, default=False)

        def validate_raw_response(self, value: Any) -> Any:
            if value is None:
                raise serializers.ValidationError("May not be null.")
            if len(json.dumps(value).encode()) > MAX_RAW_RESPONSE_BYTES:
                raise serializers.ValidationError(f"Must be at most {MAX_RAW_RESPONSE_BYTES} bytes of JSON.")
            return value

    OutputSerializer = AnalysisOutputSerializer

    def post(self, request: Request, pet_id: str) -> Response:
        pet = pet_get(user_id=caller_user_id(request), pet_id=pet_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        analysis = analysis_create(pet=pet, **serializer.validated_data)
        return Response(self.OutputSerializer(analysis).data, status=status.HTTP_201_CREATED)


class AnalysisSaveInternalApi(APIView):
    """`POST /internal/analyses/{source_analysis_id}/save`: the AI service saves a shown analysis to the
    caller's pet `pet_id`, or to a new pet `pet: {name, species}`; the same analysis twice gives the
    same pet (201 when a pet was created, else 200)."""

    class NewPetSerializer(StrictInputSerializer):
        name = serializers.CharField(max_length=100)
        species = serializers.ChoiceField(choices=Species.choices)

    class InputSerializer(StrictInputSerializer):
        pet_id = serializers.UUIDField(required=False)
        pet = serializers.DictField(required=False)
        image_url = serializers.CharField(
            max_length=500, required=False, allow_blank=True, default="", validators=[validate_image_url]
        )
        breed_detected = serializers.CharField(max_length=100)
        confidence = serializers.FloatField(min_value=0, max_value=1)
        traits = serializers.DictField(required=False, default=dict)
        raw_response = serializers.JSONField(required=False, default=dict)
        update_pet_breed = serializers.BooleanField(required=False, default=False)

        def validate_pet(self, value: dict[str, Any]) -> dict[str, Any]:
            nested = AnalysisSaveInternalApi.NewPetSerializer(data=value)
            nested.is_valid(raise_exception=True)
            return dict(nested.validated_data)

        def validate_raw_response(self, value: Any) -> Any:
            if value is None or len(json.dumps(value).encode()) > MAX_RAW_RESPONSE_BYTES:
                raise serializers.ValidationError(f"Must be a JSON value of at most {MAX_RAW_RESPONSE_BYTES} bytes.")
            return value

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if ("pet_id" in attrs) == ("pet" in attrs):
                raise serializers.ValidationError({"pet_id": ["Give either pet_id or pet, not both."]})
            return attrs

    class OutputSerializer(serializers.Serializer):
        pet = PetOutputSerializer()
        created = serializers.BooleanField()

    def post(self, request: Request, source_analysis_id: str) -> Response:
        try:
            analysis_uuid = UUID(source_analysis_id)
        except ValueError as exc:
            raise analysis_not_found() from exc
        user_id = caller_user_id(request)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        pet_id = data.pop("pet_id", None)
        pet = pet_get(user_id=user_id, pet_id=str(pet_id)) if pet_id is not None else None
        saved, created = analysis_save_once(
            user_id=user_id, source_analysis_id=analysis_uuid, pet=pet, new_pet=data.pop("pet", None), **data
        )
        return Response(
            self.OutputSerializer({"pet": saved, "created": created}).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
