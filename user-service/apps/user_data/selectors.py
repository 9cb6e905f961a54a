"""Everything the user service holds about one user, for the account export."""

from typing import Any
from uuid import UUID

from apps.pets.models import Pet, PetAnalysis
from apps.profiles.models import UserProfile


def user_data_export(*, user_id: UUID) -> dict[str, Any]:
    """The profile (None if never created), the pets and every analysis of those pets, oldest first.

    Reading never creates a profile: an export must not write.
    """
    return {
        "profile": UserProfile.objects.filter(user_id=user_id).first(),
        "pets": list(Pet.objects.filter(user_id=user_id).order_by("created_at")),
        "pet_analyses": list(PetAnalysis.objects.filter(pet__user_id=user_id).order_by("created_at")),
    }
