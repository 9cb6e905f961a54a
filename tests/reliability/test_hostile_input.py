"""Hostile input: injection-looking strings stay data, bad bodies get a 4xx envelope, names cannot escape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.reliability.client import ApiClient, assert_envelope_error
from tests.stack import LocalStack

pytestmark = pytest.mark.stack

INJECTION_LOOKING = [
    "'; DROP TABLE pets; --",
    '{"$gt": ""}',
    "Robert'); DELETE FROM user_schema.pets WHERE ('1'='1",
    "<script>alert(1)</script>",
    "${jndi:ldap://x}",
    "../../etc/passwd",
    "Zoë 🐕 日本語の名前",
]


@pytest.mark.parametrize("name", INJECTION_LOOKING)
def test_injection_looking_pet_name_is_stored_and_returned_verbatim(api: ApiClient, name: str) -> None:
    created = api.request("POST", "/api/v1/pets", json={"name": name, "species": "dog", "breed": name[:100]})
    assert created.status_code == 201, created.text
    pet_id = created.json()["data"]["id"]
    fetched = api.request("GET", f"/api/v1/pets/{pet_id}").json()["data"]
    assert (fetched["name"], fetched["breed"]) == (name, name[:100])
    listed = api.request("GET", "/api/v1/pets").json()["data"]
    assert [pet["name"] for pet in listed if pet["id"] == pet_id] == [name]


def test_nosql_operator_object_as_name_is_a_validation_error(api: ApiClient) -> None:
    response = api.request("POST", "/api/v1/pets", json={"name": {"$gt": ""}, "species": "dog"})
    body = assert_envelope_error(response, 400, "VALIDATION_ERROR")
    assert "name" in body["error"]["details"]


def test_nul_byte_in_a_name_is_refused_not_a_server_error(api: ApiClient) -> None:
    # PostgreSQL text cannot hold NUL: it must be refused at the edge, not blow up in the database.
    response = api.request("POST", "/api/v1/pets", json={"name": "Rex\x00", "species": "dog"})
    assert_envelope_error(response, 400, "VALIDATION_ERROR")


def test_malformed_json_body_is_a_400_envelope(api: ApiClient) -> None:
    response = api.request(
        "POST", "/api/v1/pets", content=b'{"name": "Rex", "species": ', headers={"Content-Type": "application/json"}
    )
    assert_envelope_error(response, 400)


@pytest.mark.parametrize("body", [b"[]", b'"just a string"', b"null", b"12"])
def test_json_that_is_not_an_object_is_a_400_envelope(api: ApiClient, body: bytes) -> None:
    response = api.request("POST", "/api/v1/pets", content=body, headers={"Content-Type": "application/json"})
    assert_envelope_error(response, 400)


def test_deeply_nested_json_is_refused_without_a_server_error(api: ApiClient) -> None:
    nested = "[" * 50_000 + "]" * 50_000
    response = api.request(
        "POST", "/api/v1/pets", content=f'{{"name": "Rex", "species": "dog", "health_conditions": {nested}}}'.encode(),
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    assert 400 <= response.status_code < 500, response.text[:300]


def test_oversized_json_body_is_refused_with_a_4xx_envelope(api: ApiClient) -> None:
    body = json.dumps({"name": "Rex", "species": "dog", "health_conditions": ["x" * 90] * 60_000})  # ~5.6 MB
    response = api.request("POST", "/api/v1/pets", content=body.encode(), headers={"Content-Type": "application/json"})
    assert_envelope_error(response, 413, "PAYLOAD_TOO_LARGE")  # the gateway's 1 MiB cap, before the service
    assert all(pet["name"] != "Rex" for pet in api.request("GET", "/api/v1/pets").json()["data"])


def test_out_of_range_numbers_are_validation_errors(api: ApiClient) -> None:
    edges = (("age", "-1"), ("age", "1" + "0" * 30), ("weight", "0"), ("weight", '"NaN"'), ("weight", "1e400"))
    for field, value in edges:
        body = f'{{"name": "Rex", "species": "dog", "{field}": {value}}}'.encode()
        response = api.request("POST", "/api/v1/pets", content=body, headers={"Content-Type": "application/json"})
        assert_envelope_error(response, 400, "VALIDATION_ERROR")


@pytest.mark.parametrize("pet_id", ["..%2F..%2Fetc%2Fpasswd", "1%20OR%201=1", "%27%3B--", "0" * 600])
def test_hostile_pet_ids_are_not_found(api: ApiClient, pet_id: str) -> None:
    response = api.request("GET", f"/api/v1/pets/{pet_id}")
    # The gateway refuses ids longer than 64 characters (400) and encoded slashes (404) itself; the
    # others reach the service (404).
    assert_envelope_error(response, 400 if len(pet_id) > 64 else 404)


def test_rag_ingest_file_name_cannot_escape_the_documents_dir(live_stack: LocalStack) -> None:
    stack = live_stack
    admin = ApiClient(stack).admin()
    outside = Path(stack.env["RAG_DOCUMENTS_DIR"]).parent / "escaped-guide.md"
    response = admin.request(
        "POST", "/api/v1/rag/ingest",
        files={"file": ("../../escaped-guide.md", b"# Beagle care\n\nBeagles need long walks.\n", "text/markdown")},
        data={"document_type": "care"},
    )  # fmt: skip
    assert response.status_code in {202, 400}, response.text[:300]
    assert not outside.exists()
    assert not list(Path(stack.root).rglob("escaped-guide.md"))
