"""The auth service's OpenAPI (drf-spectacular, read from the views' serializers) is complete and enveloped."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory) -> dict:
    target = Path(tmp_path_factory.mktemp("openapi")) / "auth.json"
    # --fail-on-warn: a view whose body or answer the generator cannot read fails here.
    call_command("spectacular", "--fail-on-warn", "--format", "openapi-json", "--file", str(target))
    return json.loads(target.read_text())


def test_register_documents_its_body_and_its_enveloped_user(schema: dict) -> None:
    operation = schema["paths"]["/api/v1/auth/register"]["post"]

    body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert body == "#/components/schemas/UserRegisterInputRequest"
    assert set(schema["components"]["schemas"]["UserRegisterInputRequest"]["required"]) == {"email", "password", "name"}
    answer = operation["responses"]["201"]["content"]["application/json"]["schema"]
    assert answer["properties"]["success"] == {"type": "boolean", "enum": [True]}
    assert answer["properties"]["data"] == {"$ref": "#/components/schemas/UserBodyOutput"}


def test_get_and_delete_of_me_are_two_operations(schema: dict) -> None:
    operations = schema["paths"]["/api/v1/auth/me"]

    assert {method: op["operationId"] for method, op in operations.items()} == {"get": "UserMe", "delete": "UserDelete"}


def test_the_session_list_is_an_array(schema: dict) -> None:
    answer = schema["paths"]["/api/v1/auth/sessions"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ]

    assert answer["properties"]["data"]["type"] == "array"
