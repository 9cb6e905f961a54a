from uuid import UUID

from django.db.models import QuerySet

from apps.pets.errors import pet_not_found
from apps.pets.models import Pet, PetAnalysis

RECENT_ANALYSES_MAX = 50


def pet_list(*, user_id: UUID) -> QuerySet[Pet]:
    return Pet.objects.filter(user_id=user_id).order_by("-created_at", "-id")


def pet_get(*, user_id: UUID, pet_id: str) -> Pet:
    """The caller's pet; a malformed id or another user's pet is the same 404 as a missing one."""
    try:
        pet_uuid = UUID(pet_id)
    except ValueError as exc:
        raise pet_not_found() from exc
    pet = Pet.objects.filter(id=pet_uuid, user_id=user_id).first()
    if pet is None:
        raise pet_not_found()
    return pet


def analysis_list_for_pet(*, pet: Pet) -> QuerySet[PetAnalysis]:
    return PetAnalysis.objects.filter(pet=pet).order_by("-created_at", "-id")


def analysis_list_recent(*, user_id: UUID, limit: int) -> list[PetAnalysis]:
    queryset = PetAnalysis.objects.filter(user_id=user_id, pet__user_id=user_id).select_related("pet")
    return list(queryset.order_by("-created_at", "-id")[: min(limit, RECENT_ANALYSES_MAX)])
