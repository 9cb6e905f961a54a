"""Saving a shown analysis (POST /internal/analyses/{id}/save): once, whatever the number of clicks."""

import threading
import uuid

import pytest
from django.db import connection

from apps.pets.models import Pet, PetAnalysis
from apps.pets.services import analysis_save_once
from apps.testing import assert_error, assert_ok


def _save_path(analysis_id: str) -> str:
    return f"/internal/analyses/{analysis_id}/save"


def _body(**fields):
    body = {"breed_detected": "Beagle", "confidence": 0.91, "traits": {"size": "small"}, "update_pet_breed": True}
    return body | fields


@pytest.mark.django_db
def test_saving_to_a_new_pet_creates_it_once(alice) -> None:
    analysis_id = str(uuid.uuid4())
    first = alice.post(_save_path(analysis_id), _body(pet={"name": "Rex", "species": "dog"}))
    again = alice.post(_save_path(analysis_id), _body(pet={"name": "Rex", "species": "dog"}))
    created, repeated = assert_ok(first, 201), assert_ok(again, 200)
    assert created["created"] is True and repeated["created"] is False
    assert created["pet"]["id"] == repeated["pet"]["id"]
    assert (created["pet"]["breed"], created["pet"]["breed_confidence"]) == ("Beagle", 0.91)
    assert Pet.objects.filter(user_id=alice.user_id).count() == 1
    assert PetAnalysis.objects.get(source_analysis_id=analysis_id).pet_id == uuid.UUID(created["pet"]["id"])


@pytest.mark.django_db
def test_saving_to_an_existing_pet_is_200_and_idempotent(alice) -> None:
    pet = assert_ok(alice.post("/api/v1/pets", {"name": "Rex", "species": "dog"}), 201)
    analysis_id = str(uuid.uuid4())
    for _ in range(2):
        saved = assert_ok(alice.post(_save_path(analysis_id), _body(pet_id=pet["id"], update_pet_breed=False)), 200)
        assert saved["pet"]["id"] == pet["id"] and saved["created"] is False
    assert PetAnalysis.objects.filter(pet_id=pet["id"]).count() == 1
    assert Pet.objects.get(pk=pet["id"]).breed is None  # update_pet_breed false: an uncertain breed stays off the pet


@pytest.mark.django_db
def test_another_users_pet_is_not_found(alice, bob) -> None:
    pet = assert_ok(bob.post("/api/v1/pets", {"name": "Bo", "species": "dog"}), 201)
    assert_error(alice.post(_save_path(str(uuid.uuid4())), _body(pet_id=pet["id"])), 404, "PET_NOT_FOUND")
    assert not PetAnalysis.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target",
    [
        {},
        {"pet_id": str(uuid.uuid4()), "pet": {"name": "A", "species": "dog"}},
        {"pet": {"name": "", "species": "dog"}},
    ],
    ids=["neither", "both", "blank-name"],
)
def test_exactly_one_valid_target_is_required(alice, target) -> None:
    assert_error(alice.post(_save_path(str(uuid.uuid4())), _body(**target)), 400, "VALIDATION_ERROR")
    assert not Pet.objects.exists()


@pytest.mark.django_db
def test_a_malformed_analysis_id_is_not_found(alice) -> None:
    response = alice.post(_save_path("not-a-uuid"), _body(pet={"name": "Rex", "species": "dog"}))
    assert_error(response, 404, "ANALYSIS_NOT_FOUND")


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_of_one_analysis_make_one_pet() -> None:
    """Two requests race past the existence check: the unique constraint lets one win, the other's pet
    is rolled back and it answers the winner's pet."""
    user_id, analysis_id = uuid.uuid4(), uuid.uuid4()
    barrier = threading.Barrier(4)
    results: list[tuple[str, bool]] = []
    errors: list[BaseException] = []

    def save() -> None:
        try:
            barrier.wait(timeout=10)
            pet, created = analysis_save_once(
                user_id=user_id,
                source_analysis_id=analysis_id,
                pet=None,
                new_pet={"name": "Rex", "species": "dog"},
                image_url="",
                breed_detected="Beagle",
                confidence=0.9,
                traits={},
                raw_response={},
                update_pet_breed=True,
            )
            results.append((str(pet.pk), created))
        except BaseException as exc:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=save) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert len({pet_id for pet_id, _ in results}) == 1 and sum(created for _, created in results) == 1
    assert Pet.objects.filter(user_id=user_id).count() == 1
    assert PetAnalysis.objects.filter(source_analysis_id=analysis_id).count() == 1


@pytest.mark.django_db
def test_saving_again_after_a_breed_correction_updates_the_one_record(alice) -> None:
    analysis_id = str(uuid.uuid4())
    new_pet = {"name": "Rex", "species": "dog"}
    guess = _body(pet=new_pet, breed_detected="Samoyed", confidence=0.4, update_pet_breed=False)
    pet = assert_ok(alice.post(_save_path(analysis_id), guess), 201)["pet"]
    assert pet["breed"] is None
    chosen = _body(pet={"name": "Rex", "species": "dog"}, breed_detected="Akita", confidence=1.0)
    again = assert_ok(alice.post(_save_path(analysis_id), chosen), 200)
    assert (again["pet"]["id"], again["pet"]["breed"]) == (pet["id"], "Akita")
    record = PetAnalysis.objects.get(source_analysis_id=analysis_id)
    assert (record.breed_detected, record.confidence) == ("Akita", 1.0)
    assert PetAnalysis.objects.filter(pet_id=pet["id"]).count() == 1


@pytest.mark.django_db
def test_the_history_says_whether_a_breed_is_a_guess_or_a_correction(alice) -> None:
    pet = assert_ok(alice.post("/api/v1/pets", {"name": "Rex", "species": "dog"}), 201)
    photo = "/api/v1/uploads/" + "ab" * 32 + ".jpg"
    guess = {"is_confident": False, "thumbnail_url": "/api/v1/uploads/" + "ab" * 32 + "-320.webp"}
    corrected = {"is_confident": True, "original_breed": "Great Dane"}
    alice.post(_save_path(str(uuid.uuid4())), _body(pet_id=pet["id"], image_url=photo, raw_response=guess))
    alice.post(_save_path(str(uuid.uuid4())), _body(pet_id=pet["id"], image_url=photo, raw_response=corrected))
    history = assert_ok(alice.get(f"/api/v1/pets/{pet['id']}/analyses"), 200)
    shown = {(a["is_confident"], a["original_breed"], a["thumbnail_url"]) for a in history}
    assert shown == {(False, None, guess["thumbnail_url"]), (True, "Great Dane", photo)}
    recent = assert_ok(alice.get("/api/v1/analyses/recent"), 200)
    assert {a["is_confident"] for a in recent} == {False, True}
