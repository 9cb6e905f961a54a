"""The user service's OpenAPI (drf-spectacular, read from the views' serializers) is complete and enveloped."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory) -> dict:
    target = Path(tmp_path_factory.mktemp("openapi")) / "user.json"
    # --fail-on-warn: a view whose body or answer the generator cannot read fails here.
    call_command("spectacular", "--fail-on-warn", "--format", "openapi-json", "--file", str(target))
    return json.loads(target.read_text())


def test_each_method_of_a_dispatched_url_is_its_own_operation(schema: dict) -> None:
    operations = schema["paths"]["/api/v1/pets/{pet_id}"]

    assert {method: op["operationId"] for method, op in operations.items()} == {
        "get": "PetDetail",
        "patch": "PetUpdate",
        "delete": "PetDelete",
    }


def test_creating_a_pet_documents_its_strict_body_and_201(schema: dict) -> None:
    operation = schema["paths"]["/api/v1/pets"]["post"]

    body = schema["components"]["schemas"]["PetCreateInputRequest"]
    assert set(body["required"]) == {"name", "species"}
    assert body["properties"]["species"]["enum"] == ["dog", "cat", "other"]
    answer = operation["responses"]["201"]["content"]["application/json"]["schema"]
    assert answer["properties"]["data"] == {"$ref": "#/components/schemas/PetOutput"}


def test_the_pet_list_is_an_array_in_the_envelope(schema: dict) -> None:
    answer = schema["paths"]["/api/v1/pets"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]

    assert answer["required"] == ["success", "data", "error", "timestamp"]
    assert answer["properties"]["data"] == {"type": "array", "items": {"$ref": "#/components/schemas/PetOutput"}}
