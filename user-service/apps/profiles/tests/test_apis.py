import json
import uuid

import pytest

from apps.pets.models import Pet, PetAnalysis
from apps.profiles.models import UserProfile
from apps.testing import assert_error, assert_ok

pytestmark = pytest.mark.django_db

ME = "/api/v1/users/me"
PROFILE_KEYS = {"user_id", "first_name", "last_name", "phone", "address", "preferences", "created_at", "updated_at"}


def test_get_creates_the_profile_on_first_access(alice) -> None:
    assert not UserProfile.objects.filter(user_id=alice.user_id).exists()
    data = assert_ok(alice.get(ME))
    assert set(data) == PROFILE_KEYS
    assert data["user_id"] == alice.user_id
    assert data["first_name"] == "" and data["preferences"] == {}
    assert UserProfile.objects.filter(user_id=alice.user_id).count() == 1
    assert assert_ok(alice.get(ME))["created_at"] == data["created_at"]


def test_patch_updates_and_returns_the_profile(alice) -> None:
    body = {"first_name": " Ann ", "last_name": "Lee", "phone": "+1 (555) 010-0100", "address": "1 Main St"}
    data = assert_ok(alice.patch(ME, {**body, "preferences": {"units": "metric"}}))
    assert data["first_name"] == "Ann"
    assert data["phone"] == "+1 (555) 010-0100"
    assert data["preferences"] == {"units": "metric"}
    assert assert_ok(alice.get(ME))["last_name"] == "Lee"


def test_patch_does_not_touch_another_users_profile(alice, bob) -> None:
    assert_ok(bob.patch(ME, {"first_name": "Bob"}))
    assert_ok(alice.patch(ME, {"first_name": "Ann"}))
    assert assert_ok(bob.get(ME))["first_name"] == "Bob"


def test_sql_and_nosql_looking_text_is_stored_verbatim(alice) -> None:
    text = "Robert'); DROP TABLE user_profiles;--"
    prefs = {"$where": "this.a == 1", "note": {"$gt": ""}}
    data = assert_ok(alice.patch(ME, {"address": text, "preferences": prefs}))
    assert data["address"] == text
    assert assert_ok(alice.get(ME))["preferences"] == prefs


def test_patch_with_empty_body_is_400(alice) -> None:
    assert_error(alice.patch(ME, {}), 400, "VALIDATION_ERROR")


def test_patch_with_unknown_field_is_400_naming_it(alice) -> None:
    error = assert_error(alice.patch(ME, {"first_name": "Ann", "email": "x@example.com"}), 400, "VALIDATION_ERROR")
    assert set(error["details"]) == {"email"}


@pytest.mark.parametrize(
    ("field", "inside", "outside"),
    [
        ("first_name", "a" * 100, "a" * 101),
        ("last_name", "b" * 100, "b" * 101),
        ("phone", "1" * 30, "1" * 31),
        ("address", "c" * 500, "c" * 501),
    ],
)
def test_profile_string_limits(alice, field: str, inside: str, outside: str) -> None:
    assert assert_ok(alice.patch(ME, {field: inside}))[field] == inside
    error = assert_error(alice.patch(ME, {field: outside}), 400, "VALIDATION_ERROR")
    assert field in error["details"]
    assert assert_ok(alice.get(ME))[field] == inside


@pytest.mark.parametrize("phone", ["call me", "12", "+1 555 abc", "++15550100"])
def test_phone_must_look_like_a_phone_number(alice, phone: str) -> None:
    error = assert_error(alice.patch(ME, {"phone": phone}), 400, "VALIDATION_ERROR")
    assert "phone" in error["details"]


@pytest.mark.parametrize("preferences", [[], "dark", 3, None])
def test_preferences_must_be_an_object(alice, preferences) -> None:
    error = assert_error(alice.patch(ME, {"preferences": preferences}), 400, "VALIDATION_ERROR")
    assert "preferences" in error["details"]


def test_preferences_size_limit_is_4_kb(alice) -> None:
    overhead = len(json.dumps({"k": ""}))
    just_inside = {"k": "x" * (4096 - overhead)}
    assert assert_ok(alice.patch(ME, {"preferences": just_inside}))["preferences"] == just_inside
    just_outside = {"k": "x" * (4097 - overhead)}
    error = assert_error(alice.patch(ME, {"preferences": just_outside}), 400, "VALIDATION_ERROR")
    assert "preferences" in error["details"]


def test_delete_removes_only_the_callers_profile_pets_and_analyses(alice, bob) -> None:
    for caller in (alice, bob):
        assert_ok(caller.get(ME))
        pet = assert_ok(caller.post("/api/v1/pets", {"name": "Rex", "species": "dog"}), 201)
        for _ in range(2):
            body = {"breed_detected": "Beagle", "confidence": 0.8}
            assert_ok(caller.post(f"/internal/pets/{pet['id']}/analyses", body), 201)
    assert_ok(alice.post("/api/v1/pets", {"name": "Tom", "species": "cat"}), 201)

    data = assert_ok(alice.delete(ME))

    assert data == {"deleted": {"pets": 2, "analyses": 2}}
    assert not UserProfile.objects.filter(user_id=alice.user_id).exists()
    assert not Pet.objects.filter(user_id=alice.user_id).exists()
    assert not PetAnalysis.objects.filter(user_id=alice.user_id).exists()
    assert UserProfile.objects.filter(user_id=bob.user_id).exists()
    assert Pet.objects.filter(user_id=bob.user_id).count() == 1
    assert PetAnalysis.objects.filter(user_id=bob.user_id).count() == 2


def test_without_a_user_identity_is_401(make_caller) -> None:
    anonymous = make_caller(user_id="", role="")
    for method in ("get", "patch", "delete"):
        assert_error(
            anonymous.request(method, ME, {"first_name": "x"} if method == "patch" else None), 401, "AUTH_REQUIRED"
        )


def test_a_signed_identity_that_is_not_a_uuid_is_401(make_caller) -> None:
    assert_error(make_caller(user_id="not-a-uuid").get(ME), 401, "AUTH_REQUIRED")


def test_wrong_method_is_405(alice) -> None:
    assert_error(alice.post(ME, {"first_name": "x"}), 405, "METHOD_NOT_ALLOWED")
    assert_error(alice.request("PUT", ME, {"first_name": "x"}), 405, "METHOD_NOT_ALLOWED")


def test_profile_ids_are_the_gateway_user_id(alice) -> None:
    assert uuid.UUID(assert_ok(alice.get(ME))["user_id"]) == uuid.UUID(alice.user_id)


@pytest.mark.parametrize(
    "preferences",
    [{"a\u0000": 1}, {"a": "\u0000"}, {"a": ["x", {"b": "\u0000"}]}, {"\ud800": 1}, {"a": "\udfff"}],
)
def test_preferences_with_unstorable_characters_are_a_validation_error(alice, preferences) -> None:
    # schemathesis: NUL reached jsonb (DataError) and a lone surrogate failed UTF-8 encoding: both were 500s.
    error = assert_error(alice.patch(ME, {"preferences": preferences}), 400, "VALIDATION_ERROR")
    assert "preferences" in error["details"]
    assert assert_ok(alice.get(ME))["preferences"] == {}


@pytest.mark.parametrize("value", [0, 0.0, True, {"a": 1}, ["x"]])
def test_text_fields_given_a_non_string_are_a_validation_error(alice, value) -> None:
    # schemathesis: {"first_name": 0.0} was stored as "0.0" (DRF coerces numbers to text).
    error = assert_error(alice.patch(ME, {"first_name": value, "phone": "+1 555 0100"}), 400, "VALIDATION_ERROR")
    assert "first_name" in error["details"]
    assert assert_ok(alice.get(ME))["first_name"] == ""


def test_preferences_nested_past_the_json_depth_limit_are_refused(alice) -> None:
    nested: dict = {}
    for _ in range(40):
        nested = {"n": nested}
    assert_error(alice.patch(ME, {"preferences": nested}), 400, "VALIDATION_ERROR")
    assert not UserProfile.objects.filter(user_id=alice.user_id, preferences__has_key="n").exists()
