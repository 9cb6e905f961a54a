from typing import Any
from uuid import UUID

import structlog
from django.db import IntegrityError, transaction

from apps.pets.models import Pet, PetAnalysis
from apps.profiles.erasure import ensure_not_erased

logger = structlog.get_logger(__name__)

PET_FIELDS = ("name", "species", "breed", "breed_confidence", "age", "weight", "health_conditions", "image_url")


@transaction.atomic
def pet_create(*, user_id: UUID, data: dict[str, Any]) -> Pet:
    ensure_not_erased(user_id=user_id)
    pet = Pet(user_id=user_id, **{field: data[field] for field in PET_FIELDS if field in data})
    pet.full_clean()
    pet.save()
    logger.info("pet_created", pet_id=str(pet.id))
    return pet


@transaction.atomic
def pet_update(*, pet: Pet, data: dict[str, Any]) -> Pet:
    ensure_not_erased(user_id=pet.user_id)
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
    ensure_not_erased(user_id=pet.user_id)
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


def analysis_save_once(
    *,
    user_id: UUID,
    source_analysis_id: UUID,
    pet: Pet | None,
    new_pet: dict[str, Any] | None,
    image_url: str,
    breed_detected: str,
    confidence: float,
    traits: dict[str, Any],
    raw_response: Any,
    update_pet_breed: bool,
) -> tuple[Pet, bool]:
    """Record the AI service's analysis `source_analysis_id` in `pet`'s history, or in a new pet made
    from `new_pet`; returns (pet, created). Idempotent: an analysis already saved keeps its one record
    (updated to what is shown now, e.g. a corrected breed) and returns the pet it was saved to.
    Concurrency-safe through the unique source_analysis_id: a racing second save loses on the
    constraint, its new pet is rolled back with it, and it answers the winner's pet."""
    shown = {
        "image_url": image_url,
        "breed_detected": breed_detected,
        "confidence": confidence,
        "traits": traits,
        "raw_response": raw_response,
    }
    existing = _saved_analysis(user_id=user_id, source_analysis_id=source_analysis_id)
    if existing is not None:
        return _analysis_refresh(analysis=existing, shown=shown, update_pet_breed=update_pet_breed), False
    try:
        with transaction.atomic():
            ensure_not_erased(user_id=user_id)
            target = pet if pet is not None else pet_create(user_id=user_id, data=new_pet or {})
            analysis = PetAnalysis(pet=target, user_id=target.user_id, source_analysis_id=source_analysis_id, **shown)
            analysis.full_clean(validate_unique=False)  # the database's unique index decides races
            analysis.save()
            if update_pet_breed:
                target = _pet_breed_set(pet=target, breed=breed_detected, confidence=confidence, image_url=image_url)
    except IntegrityError:
        winner = _saved_analysis(user_id=user_id, source_analysis_id=source_analysis_id)
        if winner is None:
            raise
        return _analysis_refresh(analysis=winner, shown=shown, update_pet_breed=update_pet_breed), False
    logger.info("analysis_saved", pet_id=str(target.pk), analysis_id=str(analysis.pk), pet_created=pet is None)
    return target, pet is None


@transaction.atomic
def _analysis_refresh(*, analysis: PetAnalysis, shown: dict[str, Any], update_pet_breed: bool) -> Pet:
    """An analysis saved before now shows `shown` (the owner corrected the breed): same record, same pet."""
    locked = PetAnalysis.objects.select_for_update().get(pk=analysis.pk)
    for name, value in shown.items():
        setattr(locked, name, value)
    locked.full_clean(validate_unique=False)
    locked.save()
    pet = Pet.objects.get(pk=locked.pet_id)
    if update_pet_breed:
        pet = _pet_breed_set(
            pet=pet, breed=shown["breed_detected"], confidence=shown["confidence"], image_url=shown["image_url"]
        )
    return pet


def _pet_breed_set(*, pet: Pet, breed: str, confidence: float, image_url: str) -> Pet:
    locked = Pet.objects.select_for_update().get(pk=pet.pk)
    locked.breed = breed
    locked.breed_confidence = confidence
    if image_url:
        locked.image_url = image_url
    locked.full_clean()
    locked.save()
    return locked


def _saved_analysis(*, user_id: UUID, source_analysis_id: UUID) -> PetAnalysis | None:
    saved = PetAnalysis.objects.select_related("pet").filter(source_analysis_id=source_analysis_id, user_id=user_id)
    return saved.first()
