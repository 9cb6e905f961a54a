from typing import Any
from uuid import UUID

import structlog
from django.db import transaction

from .models import Pet, PetAnalysis

logger = structlog.get_logger(__name__)

PET_FIELDS = ("name", "species", "breed", "breed_confidence", "age", "weight", "health_conditions", "image_url")


@transaction.atomic
def pet_create(*, user_id: UUID, data: dict[str, Any]) -> Pet:
    pet = Pet(user_id=user_id, **{field: data[field] for field in PET_FIELDS if field in data})
    pet.full_clean()
    pet.save()
    logger.info("pet_created", pet_id=str(pet.id))
    return pet


@transaction.atomic
def pet_update(*, pet: Pet, data: dict[str, Any]) -> Pet:
    pet = Pet.objects.select_for_update().get(pk=pet.pk)
    for field in PET_FIELDS:
        if field in data:
            setattr(pet, field, data[field])
    pet.full_clean()
    pet.save()
    return pet


@transaction.atomic
def pet_delete(*, pet: Pet) -> int:
    """Delete the pet and its analyses; returns how many analyses went with it."""
    pet_id = str(pet.pk)
    analyses, _ = PetAnalysis.objects.filter(pet=pet).delete()
    pet.delete()
    logger.info("pet_deleted", pet_id=pet_id, analyses=analyses)
    return analyses


@transaction.atomic
def analysis_create(
    *,
    pet: Pet,
    image_url: str,
    breed_detected: str,
    confidence: float,
    traits: dict[str, Any],
    raw_response: Any,
    update_pet_breed: bool,
) -> PetAnalysis:
    """Record an analysis; optionally make it the pet's breed and photo, all or nothing."""
    analysis = PetAnalysis(
        pet=pet,
        user_id=pet.user_id,
        image_url=image_url,
        breed_detected=breed_detected,
        confidence=confidence,
        traits=traits,
        raw_response=raw_response,
    )
    analysis.full_clean()
    analysis.save()
    if update_pet_breed:
        locked = Pet.objects.select_for_update().get(pk=pet.pk)
        locked.breed = breed_detected
        locked.breed_confidence = confidence
        if image_url:
            locked.image_url = image_url
        locked.full_clean()
        locked.save()
    logger.info("analysis_recorded", pet_id=str(pet.pk), analysis_id=str(analysis.pk), pet_updated=update_pet_breed)
    return analysis
