import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.pets.models import Pet, PetAnalysis
from apps.pets.services import analysis_create, pet_create, pet_delete, pet_update

pytestmark = pytest.mark.django_db


def _pet(**fields) -> Pet:
    return pet_create(user_id=uuid.uuid4(), data={"name": "Rex", "species": "dog", **fields})


def test_pet_create_stores_the_given_fields() -> None:
    pet = _pet(weight=Decimal("12.50"), age=24, health_conditions=["allergy"])
    stored = Pet.objects.get(pk=pet.pk)
    assert (stored.weight, stored.age, stored.health_conditions) == (Decimal("12.50"), 24, ["allergy"])


@pytest.mark.parametrize(
    "fields", [{"species": "horse"}, {"weight": Decimal("0")}, {"age": 601}, {"breed_confidence": 1.5}]
)
def test_pet_create_refuses_values_outside_the_model_constraints(fields) -> None:
    with pytest.raises(ValidationError):
        _pet(**fields)
    assert not Pet.objects.exists()


def test_pet_update_changes_only_given_fields() -> None:
    pet = _pet(breed="Beagle")
    updated = pet_update(pet=pet, data={"name": "Max"})
    assert (updated.name, updated.breed) == ("Max", "Beagle")


def test_pet_delete_removes_the_pet_and_its_analyses_only() -> None:
    pet, other = _pet(), _pet()
    for target in (pet, pet, other):
        PetAnalysis.objects.create(pet=target, user_id=target.user_id, breed_detected="X", confidence=0.1)
    assert pet_delete(pet=pet) == 2
    assert not Pet.objects.filter(pk=pet.pk).exists()
    assert PetAnalysis.objects.filter(pet=other).count() == 1


def _record(pet: Pet, **overrides):
    fields = {
        "image_url": "/uploads/a.jpg",
        "breed_detected": "Beagle",
        "confidence": 0.87,
        "traits": {"size": "medium"},
        "raw_response": {"model": "fake"},
        "update_pet_breed": False,
        **overrides,
    }
    return analysis_create(pet=pet, **fields)


def test_analysis_create_records_under_the_pet_owner_and_leaves_pet_alone() -> None:
    pet = _pet(breed="Mixed")
    analysis = _record(pet)
    assert analysis.user_id == pet.user_id
    pet.refresh_from_db()
    assert (pet.breed, pet.image_url) == ("Mixed", None)


def test_analysis_create_with_update_pet_breed_updates_the_pet() -> None:
    pet = _pet(breed="Mixed")
    _record(pet, update_pet_breed=True)
    pet.refresh_from_db()
    assert (pet.breed, pet.breed_confidence, pet.image_url) == ("Beagle", 0.87, "/uploads/a.jpg")


def test_analysis_create_is_all_or_nothing(monkeypatch) -> None:
    pet = _pet(breed="Mixed")

    def refuse(self, *args, **kwargs):
        raise ValidationError("pet update refused")

    # The analysis row is written first; a failing pet update must take it back.
    monkeypatch.setattr(Pet, "full_clean", refuse)
    with pytest.raises(ValidationError):
        _record(pet, update_pet_breed=True)
    assert not PetAnalysis.objects.exists()
    pet.refresh_from_db()
    assert pet.breed == "Mixed"
