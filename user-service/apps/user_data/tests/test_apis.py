"""Internal erasure and export of one user's data, on real PostgreSQL."""

import uuid

import pytest

from apps.pets.models import Pet, PetAnalysis
from apps.profiles.models import UserProfile
from apps.testing import assert_error, assert_ok

pytestmark = pytest.mark.django_db

EXPORT = "/internal/users/me/export"


def _erase_path(user_id: str) -> str:
    return f"/internal/users/{user_id}/data"


def _rich_history(caller) -> str:
    assert_ok(caller.patch("/api/v1/users/me", {"first_name": "Ann", "address": "1 Main St"}))
    pet = assert_ok(caller.post("/api/v1/pets", {"name": "Rex", "species": "dog", "breed": "Beagle"}), 201)
    PetAnalysis.objects.create(pet_id=pet["id"], user_id=caller.user_id, image_url="/api/v1/uploads/x.jpg",
                               breed_detected="Beagle", confidence=0.9)  # fmt: skip
    return str(pet["id"])


def test_the_worker_erases_everything_of_the_user_and_nothing_else(alice, bob, make_caller) -> None:
    _rich_history(alice)
    bobs_pet = _rich_history(bob)
    worker = make_caller(alice.user_id, role="service")

    data = assert_ok(worker.delete(_erase_path(alice.user_id)))

    assert data == {"user_id": alice.user_id, "deleted": {"pets": 1, "analyses": 1}}
    assert not UserProfile.objects.filter(user_id=alice.user_id).exists()
    assert not Pet.objects.filter(user_id=alice.user_id).exists()
    assert not PetAnalysis.objects.filter(user_id=alice.user_id).exists()
    assert Pet.objects.filter(id=bobs_pet).exists() and UserProfile.objects.filter(user_id=bob.user_id).exists()
    again = assert_ok(worker.delete(_erase_path(alice.user_id)))  # idempotent
    assert again["deleted"] == {"pets": 0, "analyses": 0}


@pytest.mark.parametrize("role", ["user", "admin"])
def test_a_user_or_admin_cannot_call_the_erasure(make_caller, alice, role: str) -> None:
    _rich_history(alice)
    caller = make_caller(alice.user_id, role=role)
    assert_error(caller.delete(_erase_path(alice.user_id)), 403, "FORBIDDEN")
    assert Pet.objects.filter(user_id=alice.user_id).exists()


def test_the_service_role_is_bound_to_the_signed_user_id(make_caller, alice) -> None:
    _rich_history(alice)
    worker = make_caller(str(uuid.uuid4()), role="service")
    assert_error(worker.delete(_erase_path(alice.user_id)), 403, "FORBIDDEN")
    assert Pet.objects.filter(user_id=alice.user_id).exists()


def test_an_unsigned_erasure_is_refused(client, alice) -> None:
    _rich_history(alice)
    response = client.delete(_erase_path(alice.user_id))
    assert response.status_code == 401
    assert Pet.objects.filter(user_id=alice.user_id).exists()


def test_export_holds_the_callers_profile_pets_and_analyses(alice, bob) -> None:
    pet_id = _rich_history(alice)
    _rich_history(bob)

    data = assert_ok(alice.get(EXPORT))

    assert data["profile"]["first_name"] == "Ann" and data["profile"]["address"] == "1 Main St"
    assert [pet["id"] for pet in data["pets"]] == [pet_id]
    assert [a["pet_id"] for a in data["pet_analyses"]] == [pet_id]
    assert data["pet_analyses"][0]["breed_detected"] == "Beagle"


def test_export_of_a_user_without_data_writes_nothing(alice) -> None:
    data = assert_ok(alice.get(EXPORT))
    assert data == {"profile": None, "pets": [], "pet_analyses": []}
    assert not UserProfile.objects.filter(user_id=alice.user_id).exists()
