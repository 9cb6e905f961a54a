import uuid

import pytest
from django.core.exceptions import ValidationError

from apps.pets.models import Pet, PetAnalysis
from apps.profiles.models import UserProfile
from apps.profiles.services import profile_get_or_create, profile_update, user_data_delete

pytestmark = pytest.mark.django_db


def _pet_with_analyses(user_id: uuid.UUID, analyses: int) -> Pet:
    pet = Pet.objects.create(user_id=user_id, name="Rex", species="dog")
    for _ in range(analyses):
        PetAnalysis.objects.create(pet=pet, user_id=user_id, breed_detected="Beagle", confidence=0.9)
    return pet


def test_profile_get_or_create_creates_once() -> None:
    user_id = uuid.uuid4()
    first = profile_get_or_create(user_id=user_id)
    second = profile_get_or_create(user_id=user_id)
    assert first.pk == second.pk
    assert UserProfile.objects.filter(user_id=user_id).count() == 1


def test_profile_update_sets_only_given_fields() -> None:
    user_id = uuid.uuid4()
    profile_update(user_id=user_id, data={"first_name": "Ann", "phone": "+1 555 0100"})
    profile = profile_update(user_id=user_id, data={"last_name": "Lee"})
    assert (profile.first_name, profile.last_name, profile.phone) == ("Ann", "Lee", "+1 555 0100")


def test_profile_update_refuses_values_over_the_model_limits() -> None:
    with pytest.raises(ValidationError):
        profile_update(user_id=uuid.uuid4(), data={"phone": "1" * 31})


def test_user_data_delete_removes_only_that_users_rows_and_counts_them() -> None:
    mine, theirs = uuid.uuid4(), uuid.uuid4()
    profile_get_or_create(user_id=mine)
    profile_get_or_create(user_id=theirs)
    _pet_with_analyses(mine, 2)
    _pet_with_analyses(mine, 1)
    their_pet = _pet_with_analyses(theirs, 3)

    counts = user_data_delete(user_id=mine)

    assert counts == {"pets": 2, "analyses": 3}
    assert not UserProfile.objects.filter(user_id=mine).exists()
    assert not Pet.objects.filter(user_id=mine).exists()
    assert not PetAnalysis.objects.filter(user_id=mine).exists()
    assert UserProfile.objects.filter(user_id=theirs).exists()
    assert list(Pet.objects.filter(user_id=theirs)) == [their_pet]
    assert PetAnalysis.objects.filter(pet=their_pet).count() == 3


def test_user_data_delete_of_a_user_without_data_counts_zero() -> None:
    assert user_data_delete(user_id=uuid.uuid4()) == {"pets": 0, "analyses": 0}
