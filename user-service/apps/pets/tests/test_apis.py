import uuid

import pytest
from django.test import Client
from smartbreeds_common.identity import signed_headers

from apps.pets.models import Pet, PetAnalysis
from apps.testing import assert_error, assert_ok

pytestmark = pytest.mark.django_db

PETS = "/api/v1/pets"
PET_KEYS = {
    "id", "name", "species", "breed", "breed_confidence", "age", "weight",
    "health_conditions", "image_url", "created_at", "updated_at",
}  # fmt: skip


def _create(caller, **fields):
    return assert_ok(caller.post(PETS, {"name": "Rex", "species": "dog", **fields}), 201)


def _record(caller, pet_id: str, **fields):
    body = {"breed_detected": "Beagle", "confidence": 0.9, **fields}
    return assert_ok(caller.post(f"/internal/pets/{pet_id}/analyses", body), 201)


# --- create, read, update, delete -------------------------------------------------------------


def test_create_returns_the_pet_with_weight_as_a_number(alice) -> None:
    body = {
        "name": "  Rex  ",
        "species": "dog",
        "breed": "Beagle",
        "breed_confidence": 0.75,
        "age": 24,
        "weight": 12.5,
        "health_conditions": ["allergy", " Allergy ", "hip dysplasia"],
        "image_url": "/uploads/rex.jpg",
    }
    pet = _create(alice, **body)
    assert set(pet) == PET_KEYS
    assert pet["name"] == "Rex"
    assert pet["weight"] == 12.5 and isinstance(pet["weight"], float)
    assert pet["health_conditions"] == ["allergy", "hip dysplasia"]
    assert Pet.objects.get(pk=pet["id"]).user_id == uuid.UUID(alice.user_id)


def test_create_with_only_required_fields(alice) -> None:
    pet = _create(alice, species="cat")
    assert (pet["breed"], pet["age"], pet["weight"], pet["health_conditions"], pet["image_url"]) == (
        None, None, None, [], None,
    )  # fmt: skip


def test_list_is_own_pets_newest_first(alice, bob) -> None:
    ids = [_create(alice, name=name)["id"] for name in ("A", "B", "C")]
    _create(bob, name="Bob's")
    assert [pet["id"] for pet in assert_ok(alice.get(PETS))] == ids[::-1]


def test_get_patch_delete_own_pet(alice) -> None:
    pet = _create(alice)
    url = f"{PETS}/{pet['id']}"
    assert assert_ok(alice.get(url))["name"] == "Rex"
    patched = assert_ok(alice.patch(url, {"name": "Max", "weight": None}))
    assert (patched["name"], patched["weight"], patched["species"]) == ("Max", None, "dog")
    _record(alice, pet["id"])
    assert assert_ok(alice.delete(url)) == {"id": pet["id"], "deleted": True, "analyses_deleted": 1}
    assert_error(alice.get(url), 404, "PET_NOT_FOUND")


def test_text_that_looks_like_injection_is_stored_verbatim(alice) -> None:
    name = "'; DROP TABLE pets;--"
    conditions = ['{"$ne": null}', "1 OR 1=1"]
    pet = _create(alice, name=name, breed='{"$gt": ""}', health_conditions=conditions)
    stored = assert_ok(alice.get(f"{PETS}/{pet['id']}"))
    assert (stored["name"], stored["breed"], stored["health_conditions"]) == (name, '{"$gt": ""}', conditions)


# --- ownership: another user's pet is PET_NOT_FOUND on every verb ------------------------------


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("GET", "", None),
        ("PATCH", "", {"name": "Stolen"}),
        ("DELETE", "", None),
        ("GET", "/analyses", None),
    ],
)
def test_another_users_pet_is_not_found(alice, bob, method: str, suffix: str, body) -> None:
    pet = _create(alice)
    assert_error(bob.request(method, f"{PETS}/{pet['id']}{suffix}", body), 404, "PET_NOT_FOUND")
    assert Pet.objects.get(pk=pet["id"]).name == "Rex"


def test_internal_analysis_for_another_users_pet_is_not_found(alice, bob) -> None:
    pet = _create(alice)
    body = {"breed_detected": "Poodle", "confidence": 0.9, "update_pet_breed": True}
    assert_error(bob.post(f"/internal/pets/{pet['id']}/analyses", body), 404, "PET_NOT_FOUND")
    assert not PetAnalysis.objects.exists()
    assert Pet.objects.get(pk=pet["id"]).breed is None


def test_another_users_analyses_are_not_in_recent(alice, bob) -> None:
    _record(alice, _create(alice)["id"])
    assert assert_ok(bob.get("/api/v1/analyses/recent")) == []


@pytest.mark.parametrize("pet_id", ["not-a-uuid", "123", "%27%20OR%201%3D1", "0" * 40])
@pytest.mark.parametrize(
    ("method", "suffix"),
    [("GET", ""), ("PATCH", ""), ("DELETE", ""), ("GET", "/analyses")],
)
def test_malformed_pet_id_is_pet_not_found(alice, pet_id: str, method: str, suffix: str) -> None:
    body = {"name": "x"} if method == "PATCH" else None
    assert_error(alice.request(method, f"{PETS}/{pet_id}{suffix}", body), 404, "PET_NOT_FOUND")


def test_malformed_pet_id_on_internal_endpoint_is_pet_not_found(alice) -> None:
    body = {"breed_detected": "Beagle", "confidence": 0.5}
    assert_error(alice.post("/internal/pets/nope/analyses", body), 404, "PET_NOT_FOUND")


# --- validation: each limit just inside and just outside ---------------------------------------


@pytest.mark.parametrize(
    ("field", "inside", "outside"),
    [
        ("name", "n" * 100, "n" * 101),
        ("name", "a", "   "),
        ("species", "other", "horse"),
        ("breed", "b" * 100, "b" * 101),
        ("breed_confidence", 0, -0.01),
        ("breed_confidence", 1, 1.01),
        ("breed_confidence", 0.5, "nan"),
        ("weight", 1, "Infinity"),
        ("age", 0, -1),
        ("age", 600, 601),
        ("age", 5, 5.5),
        ("weight", 0.01, 0),
        ("weight", 200, 200.01),
        ("weight", 0.5, -1),
        ("weight", 0.5, 1e30),  # schemathesis: DRF's quantize overflowed (decimal.InvalidOperation, 500)
        ("weight", 0.5, -6.686883395669468e307),
        ("weight", 0.5, "1e100"),
        ("name", "Rex", 5),  # schemathesis: DRF stored a number as the text "5"
        ("breed", "Beagle", 1.5),
        ("health_conditions", ["itchy"], ["itchy", 3]),
        ("health_conditions", ["c" * 100], ["c" * 101]),
        ("health_conditions", [f"c{i}" for i in range(20)], [f"c{i}" for i in range(21)]),
        ("health_conditions", ["ok"], ["ok", ""]),
        ("health_conditions", [], "allergy"),
        ("image_url", "/uploads/" + "a" * 491, "/uploads/" + "a" * 492),
        ("image_url", "https://cdn.example.com/p.jpg", "ftp://example.com/p.jpg"),
        ("image_url", "/uploads/pets/p.png", "/uploads/../etc/passwd"),
        ("image_url", f"/api/v1/uploads/{'a' * 64}.webp", "/api/v1/uploads/../../auth/me"),
        ("image_url", f"/api/v1/uploads/{'b' * 64}.jpg", "/api/v1/pets/p.jpg"),
        ("image_url", "http://example.com/p.jpg", "/static/p.jpg"),
        ("image_url", None, "javascript:alert(1)"),
    ],
)
def test_pet_field_limits(alice, field: str, inside, outside) -> None:
    pet = _create(alice, **{field: inside})
    assert field in pet
    error = assert_error(alice.post(PETS, {"name": "Rex", "species": "dog", field: outside}), 400, "VALIDATION_ERROR")
    assert field in error["details"]
    error = assert_error(alice.patch(f"{PETS}/{pet['id']}", {field: outside}), 400, "VALIDATION_ERROR")
    assert field in error["details"]
    assert Pet.objects.filter(user_id=alice.user_id).count() == 1


@pytest.mark.parametrize("missing", ["name", "species"])
def test_create_requires_name_and_species(alice, missing: str) -> None:
    body = {"name": "Rex", "species": "dog"}
    del body[missing]
    error = assert_error(alice.post(PETS, body), 400, "VALIDATION_ERROR")
    assert missing in error["details"]


def test_unknown_fields_are_refused_and_named(alice) -> None:
    error = assert_error(alice.post(PETS, {"name": "Rex", "species": "dog", "owner_id": "x"}), 400, "VALIDATION_ERROR")
    assert set(error["details"]) == {"owner_id"}
    pet = _create(alice)
    error = assert_error(alice.patch(f"{PETS}/{pet['id']}", {"user_id": bob_id()}), 400, "VALIDATION_ERROR")
    assert set(error["details"]) == {"user_id"}
    assert not Pet.objects.exclude(pk=pet["id"]).exists()


def bob_id() -> str:
    return str(uuid.uuid4())


def test_patch_with_empty_body_is_400(alice) -> None:
    pet = _create(alice)
    assert_error(alice.patch(f"{PETS}/{pet['id']}", {}), 400, "VALIDATION_ERROR")


@pytest.mark.parametrize("body", [["Rex"], "Rex", 3])
def test_body_that_is_not_an_object_is_400(alice, body) -> None:
    assert_error(alice.post(PETS, body), 400, "VALIDATION_ERROR")


def test_malformed_json_is_400(alice) -> None:
    response = alice.client.post(PETS, data="{not json", content_type="application/json", headers=alice.headers())
    assert_error(response, 400, "VALIDATION_ERROR")


# --- analyses ---------------------------------------------------------------------------------


def test_internal_analysis_is_listed_newest_first(alice) -> None:
    pet = _create(alice)
    first = _record(alice, pet["id"], breed_detected="Beagle", traits={"size": "medium"})
    second = _record(alice, pet["id"], breed_detected="Harrier")
    listed = assert_ok(alice.get(f"{PETS}/{pet['id']}/analyses"))
    assert [a["id"] for a in listed] == [second["id"], first["id"]]
    assert listed[1]["traits"] == {"size": "medium"} and listed[1]["pet_id"] == pet["id"]


def test_internal_analysis_updates_pet_breed_when_asked(alice) -> None:
    pet = _create(alice, breed="Unknown")
    _record(alice, pet["id"], breed_detected="Beagle", confidence=0.6, image_url="/uploads/x.jpg")
    assert assert_ok(alice.get(f"{PETS}/{pet['id']}"))["breed"] == "Unknown"
    _record(
        alice, pet["id"], breed_detected="Beagle", confidence=0.6, image_url="/uploads/x.jpg", update_pet_breed=True
    )
    updated = assert_ok(alice.get(f"{PETS}/{pet['id']}"))
    assert (updated["breed"], updated["breed_confidence"], updated["image_url"]) == ("Beagle", 0.6, "/uploads/x.jpg")


@pytest.mark.parametrize(
    "body",
    [
        {"breed_detected": "Beagle"},
        {"breed_detected": "Beagle", "confidence": 1.2},
        {"breed_detected": "", "confidence": 0.5},
        {"breed_detected": "Beagle", "confidence": 0.5, "traits": ["big"]},
        {"breed_detected": "Beagle", "confidence": 0.5, "image_url": "file:///etc/passwd"},
        {"breed_detected": "Beagle", "confidence": 0.5, "raw_response": {"x": "y" * 70000}},
        {"breed_detected": "Beagle", "confidence": 0.5, "pet_id": "x"},
    ],
)
def test_internal_analysis_validation(alice, body) -> None:
    pet = _create(alice)
    assert_error(alice.post(f"/internal/pets/{pet['id']}/analyses", body), 400, "VALIDATION_ERROR")
    assert not PetAnalysis.objects.exists()


def test_recent_analyses_across_pets_newest_first_with_limit(alice) -> None:
    dog, cat = _create(alice, name="Dog"), _create(alice, name="Cat", species="cat")
    recorded = [_record(alice, pet["id"])["id"] for pet in (dog, cat, dog, cat, dog, cat)]
    recent = assert_ok(alice.get("/api/v1/analyses/recent"))
    assert [a["id"] for a in recent] == recorded[::-1][:5]
    assert recent[0]["pet_name"] == "Cat"
    assert len(assert_ok(alice.get("/api/v1/analyses/recent?limit=2"))) == 2


@pytest.mark.parametrize(("limit", "ok"), [("1", True), ("50", True), ("0", False), ("51", False), ("x", False)])
def test_recent_analyses_limit_bounds(alice, limit: str, ok: bool) -> None:
    response = alice.get(f"/api/v1/analyses/recent?limit={limit}")
    if ok:
        assert_ok(response)
    else:
        assert "limit" in assert_error(response, 400, "VALIDATION_ERROR")["details"]


# --- the envelope on every error path -------------------------------------------------------------


@pytest.mark.parametrize(
    "path", [PETS, f"{PETS}/{uuid.uuid4()}", "/api/v1/analyses/recent", f"/internal/pets/{uuid.uuid4()}/analyses"]
)
def test_without_gateway_signature_is_401_gateway_required(path: str) -> None:
    assert_error(Client().get(path), 401, "GATEWAY_REQUIRED")


def test_forged_or_stale_signature_is_401_gateway_required(alice) -> None:
    headers = signed_headers("not-the-secret", user_id=alice.user_id, role="user", request_id=str(uuid.uuid4()))
    assert_error(Client().get(PETS, headers=headers), 401, "GATEWAY_REQUIRED")
    stale = {**alice.headers(), "X-Gateway-Timestamp": "1000"}
    assert_error(Client().get(PETS, headers=stale), 401, "GATEWAY_REQUIRED")
    tampered = {**alice.headers(), "X-User-ID": str(uuid.uuid4())}
    assert_error(Client().get(PETS, headers=tampered), 401, "GATEWAY_REQUIRED")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", PETS),
        ("POST", PETS),
        ("GET", "/api/v1/analyses/recent"),
        ("POST", f"/internal/pets/{uuid.uuid4()}/analyses"),
    ],
)
def test_signed_but_anonymous_is_401_auth_required(make_caller, method: str, path: str) -> None:
    assert_error(make_caller(user_id="", role="").request(method, path, {}), 401, "AUTH_REQUIRED")


@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/v1/pets/x/y/z", "/", "/api/v1/pets/"])
def test_unknown_route_is_404_not_found(alice, path: str) -> None:
    assert_error(alice.get(path), 404, "NOT_FOUND")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", PETS),
        ("DELETE", PETS),
        ("POST", f"{PETS}/{uuid.uuid4()}"),
        ("PUT", f"{PETS}/{uuid.uuid4()}"),
        ("POST", f"{PETS}/{uuid.uuid4()}/analyses"),
        ("GET", f"/internal/pets/{uuid.uuid4()}/analyses"),
        ("POST", "/api/v1/analyses/recent"),
    ],
)
def test_wrong_method_is_405(alice, method: str, path: str) -> None:
    assert_error(alice.request(method, path, {}), 405, "METHOD_NOT_ALLOWED")


def test_405_names_every_method_of_the_url(alice) -> None:
    response = alice.request("PUT", f"{PETS}/{uuid.uuid4()}", {})
    assert_error(response, 405, "METHOD_NOT_ALLOWED")
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "PATCH", "DELETE", "OPTIONS"}


def test_request_id_is_echoed_when_valid(alice) -> None:
    headers = alice.headers()
    response = Client().get(PETS, headers=headers)
    assert response.headers["X-Request-ID"] == headers["X-Request-ID"]
