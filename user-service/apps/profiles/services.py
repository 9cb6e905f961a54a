from typing import Any, TypedDict
from uuid import UUID

import structlog
from django.db import transaction

from apps.pets.models import Pet, PetAnalysis
from apps.profiles.erasure import ensure_not_erased, mark_erased
from apps.profiles.models import UserProfile

logger = structlog.get_logger(__name__)

PROFILE_FIELDS = ("first_name", "last_name", "phone", "address", "preferences")


class DeletedCounts(TypedDict):
    pets: int
    analyses: int


def profile_get_or_create(*, user_id: UUID) -> UserProfile:
    """The caller's profile, created empty on first access (safe under concurrent first calls)."""
    profile = UserProfile.objects.filter(user_id=user_id).first()
    if profile is not None:
        return profile
    with transaction.atomic():
        ensure_not_erased(user_id=user_id)
        profile, created = UserProfile.objects.get_or_create(user_id=user_id)
    if created:
        logger.info("profile_created", user_id=str(user_id))
    return profile


@transaction.atomic
def profile_update(*, user_id: UUID, data: dict[str, Any]) -> UserProfile:
    profile_get_or_create(user_id=user_id)
    profile = UserProfile.objects.select_for_update().get(user_id=user_id)
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(profile, field, data[field])
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def user_data_delete(*, user_id: UUID) -> DeletedCounts:
    """Remove the profile, pets and analyses of one user (step one of account deletion), and remember
    that they were erased: no write for them is accepted afterwards (apps/profiles/erasure.py)."""
    mark_erased(user_id=user_id)
    analyses, _ = PetAnalysis.objects.filter(pet__user_id=user_id).delete()
    # Analyses recorded under this user id for a pet that is not theirs cannot exist (the pet owner
    # is checked on write), but delete by user id too so nothing of theirs is left behind.
    stray, _ = PetAnalysis.objects.filter(user_id=user_id).delete()
    pets, _ = Pet.objects.filter(user_id=user_id).delete()
    UserProfile.objects.filter(user_id=user_id).delete()
    counts: DeletedCounts = {"pets": pets, "analyses": analyses + stray}
    logger.info("user_data_deleted", user_id=str(user_id), **counts)
    return counts
