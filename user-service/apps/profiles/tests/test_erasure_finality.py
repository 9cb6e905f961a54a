"""Erasure is final: a write for a user that finishes after their erasure is refused, and one that was
in flight when the erasure started is deleted by it (the two are serialised on one per-user lock)."""

import threading
import uuid

import pytest
from django.db import connection
from smartbreeds_common.errors import ApplicationError

from apps.pets import services as pet_services
from apps.pets.models import Pet
from apps.profiles.erasure import is_erased
from apps.profiles.models import ErasedUser, UserProfile
from apps.profiles.services import profile_get_or_create, profile_update, user_data_delete

pytestmark = pytest.mark.django_db


def test_after_erasure_every_write_for_the_user_is_refused() -> None:
    user_id = uuid.uuid4()
    pet = pet_services.pet_create(user_id=user_id, data={"name": "Rex", "species": "dog"})
    user_data_delete(user_id=user_id)
    assert is_erased(user_id=user_id)
    assert not ErasedUser.objects.filter(user_hash__icontains=str(user_id)).exists()  # only a hash of the id
    writes = [
        lambda: pet_services.pet_create(user_id=user_id, data={"name": "Ghost", "species": "cat"}),
        lambda: profile_update(user_id=user_id, data={"first_name": "Ghost"}),
        lambda: profile_get_or_create(user_id=user_id),
        lambda: pet_services.pet_update(pet=pet, data={"name": "Rex again"}),
    ]
    for write in writes:
        with pytest.raises(ApplicationError) as refused:
            write()
        assert (refused.value.status, refused.value.code) == (401, "TOKEN_REVOKED")
    assert not Pet.objects.filter(user_id=user_id).exists()
    assert not UserProfile.objects.filter(user_id=user_id).exists()


def test_erasing_twice_is_harmless_and_other_users_still_write() -> None:
    gone, other = uuid.uuid4(), uuid.uuid4()
    user_data_delete(user_id=gone)
    user_data_delete(user_id=gone)
    assert pet_services.pet_create(user_id=other, data={"name": "Fido", "species": "dog"}).user_id == other


@pytest.mark.django_db(transaction=True)
def test_a_pet_create_in_flight_when_the_erasure_starts_does_not_survive_it(monkeypatch: pytest.MonkeyPatch) -> None:
    user_id = uuid.uuid4()
    inserted, erasure_started = threading.Event(), threading.Event()
    save = Pet.save

    def save_then_linger(self: Pet, *args: object, **kwargs: object) -> None:
        save(self, *args, **kwargs)  # type: ignore[arg-type]
        inserted.set()
        erasure_started.wait(5)  # the erasure begins while this insert is not yet committed

    monkeypatch.setattr(Pet, "save", save_then_linger)
    outcome: list[object] = []

    def create() -> None:
        try:
            outcome.append(pet_services.pet_create(user_id=user_id, data={"name": "Late", "species": "dog"}))
        except ApplicationError as exc:
            outcome.append(exc.code)
        finally:
            connection.close()

    def erase() -> None:
        inserted.wait(5)
        erasure_started.set()
        try:
            user_data_delete(user_id=user_id)
        finally:
            connection.close()

    threads = [threading.Thread(target=create), threading.Thread(target=erase)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    assert len(outcome) == 1
    assert not Pet.objects.filter(user_id=user_id).exists()
    with pytest.raises(ApplicationError):
        pet_services.pet_create(user_id=user_id, data={"name": "Later", "species": "dog"})
