import uuid

import pytest
from smartbreeds_common.errors import ApplicationError

from apps.pets.models import Pet, PetAnalysis
from apps.pets.selectors import analysis_list_for_pet, analysis_list_recent, pet_get, pet_list

pytestmark = pytest.mark.django_db


def _pet(user_id: uuid.UUID, name: str = "Rex") -> Pet:
    return Pet.objects.create(user_id=user_id, name=name, species="dog")


def _analysis(pet: Pet, breed: str = "Beagle") -> PetAnalysis:
    return PetAnalysis.objects.create(pet=pet, user_id=pet.user_id, breed_detected=breed, confidence=0.5)


def test_pet_list_is_the_users_pets_newest_first() -> None:
    me = uuid.uuid4()
    first, second, third = _pet(me, "A"), _pet(me, "B"), _pet(me, "C")
    _pet(uuid.uuid4(), "Other")
    assert list(pet_list(user_id=me)) == [third, second, first]


def test_pet_get_returns_the_owners_pet() -> None:
    pet = _pet(uuid.uuid4())
    assert pet_get(user_id=pet.user_id, pet_id=str(pet.id)) == pet


@pytest.mark.parametrize("pet_id", ["not-a-uuid", "1", "'; DROP TABLE pets;--", str(uuid.uuid4())])
def test_pet_get_raises_pet_not_found_for_malformed_or_missing_ids(pet_id: str) -> None:
    with pytest.raises(ApplicationError) as exc:
        pet_get(user_id=uuid.uuid4(), pet_id=pet_id)
    assert (exc.value.code, exc.value.status) == ("PET_NOT_FOUND", 404)


def test_pet_get_hides_another_users_pet_as_not_found() -> None:
    pet = _pet(uuid.uuid4())
    with pytest.raises(ApplicationError) as exc:
        pet_get(user_id=uuid.uuid4(), pet_id=str(pet.id))
    assert exc.value.code == "PET_NOT_FOUND"


def test_analysis_list_for_pet_is_newest_first_and_only_that_pet() -> None:
    pet, other = _pet(uuid.uuid4()), _pet(uuid.uuid4())
    older, newer = _analysis(pet, "A"), _analysis(pet, "B")
    _analysis(other)
    assert list(analysis_list_for_pet(pet=pet)) == [newer, older]


def test_analysis_list_recent_spans_the_users_pets_newest_first_and_honours_limit() -> None:
    me = uuid.uuid4()
    dog, cat = _pet(me, "Dog"), _pet(me, "Cat")
    a1, a2, a3 = _analysis(dog), _analysis(cat), _analysis(dog)
    _analysis(_pet(uuid.uuid4()))
    assert analysis_list_recent(user_id=me, limit=5) == [a3, a2, a1]
    assert analysis_list_recent(user_id=me, limit=2) == [a3, a2]
