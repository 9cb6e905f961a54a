"""docs/api-contract.md's route tables are generated from the OpenAPI document (app/openapi/contract_tables.py)."""

import re

import pytest

from app.openapi.contract_tables import HEADER, ContractTableError, generate

ENVELOPE = {"type": "object", "properties": {"data": {"$ref": "#/components/schemas/UserPetOutput"}}}
PET = {"type": "object", "properties": {"id": {}, "name": {}, "age": {}}, "required": ["id", "name"]}
OPENAPI = {
    "paths": {
        "/api/v1/pets/{pet_id}": {
            "get": {
                "x-access": "user",
                "responses": {"200": {"content": {"application/json": {"schema": ENVELOPE}}}, "401": {}, "404": {}},
            },
        },
        "/api/v1/pets": {
            "post": {
                "x-access": "user",
                "requestBody": {
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UserPetCreate"}}}
                },
                "responses": {"201": {"content": {"application/json": {"schema": ENVELOPE}}}, "400": {}, "409": {}},
            },
        },
        "/api/v1/health": {"get": {"responses": {"200": {}, "503": {}}}},
    },
    "components": {
        "schemas": {
            "UserPetOutput": PET,
            "UserPetCreate": {"type": "object", "properties": {"name": {}, "age": {}}, "required": ["name"]},
        }
    },
}


def _table(*rows: str) -> str:
    return "\n".join(["# Contract", "", HEADER, "|---|---|---|---|---|---|", *rows, "", "Prose stays."])


def test_a_row_keeps_its_route_and_notes_and_the_rest_comes_from_the_openapi():
    contract = _table(
        "| GET /pets/{id} | stale | stale | stale | stale | 404 PET_NOT_FOUND |",
        "| POST /pets | | | | | age in months |",
        "| GET /health | | | | | |",
    )

    text = generate(contract, OPENAPI)

    assert text.split("\n")[4:7] == [
        "| GET /pets/{pet_id} | user |  | 200 `{id, name, age?}` | 404 | 404 PET_NOT_FOUND |",
        "| POST /pets | user | `{name, age?}` | 201 `{id, name, age?}` | 409 | age in months |",
        "| GET /health | public |  | 200 |  |  |",
    ]
    assert text.endswith("Prose stays.")
    assert generate(text, OPENAPI) == text


def test_a_row_in_the_older_four_column_form_is_converted_with_its_prose_as_notes():
    contract = "\n".join(
        [
            "| method path | body | success | errors |",
            "|---|---|---|---|",
            "| GET /pets/{id}, /health | | 200 pet | 404 PET_NOT_FOUND |",
            "| POST /pets | age (months) | 201 pet | 409 |",
        ]
    )

    lines = generate(contract, OPENAPI).split("\n")

    assert lines[0] == HEADER
    assert lines[2].startswith("| GET /pets/{pet_id} | user |") and lines[2].endswith(
        "| 200 pet; errors: 404 PET_NOT_FOUND |"
    )
    assert lines[3].startswith("| GET /health | public |")
    assert lines[4].endswith("| body: age (months); 201 pet; errors: 409 |")


def test_a_row_naming_a_route_the_openapi_lacks_is_refused():
    with pytest.raises(
        ContractTableError, match=re.escape("GET /pets/{id}/vaccines is in docs/api-contract.md but not")
    ):
        generate(_table("| GET /pets/{id}/vaccines | | | | | |"), OPENAPI, require_every_route=False)


def test_a_route_listed_in_no_table_is_refused():
    with pytest.raises(ContractTableError, match=r"in no table .*: GET /api/v1/health, POST /api/v1/pets"):
        generate(_table("| GET /pets/{id} | | | | | |"), OPENAPI)
