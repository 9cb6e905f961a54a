"""Every AI-service route declares what it answers, so the OpenAPI document (the source of the gateway's
public one, `make contract`) describes each body instead of an untyped object."""

from __future__ import annotations

from typing import Any

import pytest

from app.core.config import Settings
from app.main import create_app

BINARY = {"/api/v1/uploads/{name}"}  # the stored photo itself


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    # Building the app and its document starts nothing: the lifespan (models, stores) never runs.
    return create_app(Settings(environment="test", gateway_signing_secret="s" * 32)).openapi()


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method, path, op) for path, ops in document["paths"].items() for method, op in ops.items()]


def test_every_success_is_a_named_envelope_model(document: dict[str, Any]) -> None:
    untyped = []
    for method, path, operation in _operations(document):
        if path in BINARY:
            continue
        for status, answer in operation["responses"].items():
            if not status.startswith("2"):
                continue
            reference = answer.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", "")
            if not reference.startswith("#/components/schemas/Envelope_"):
                untyped.append(f"{method.upper()} {path} {status}")

    assert untyped == []


def test_every_envelope_names_its_data_and_requires_every_key(document: dict[str, Any]) -> None:
    envelopes = {
        name: schema for name, schema in document["components"]["schemas"].items() if name.startswith("Envelope_")
    }

    assert envelopes
    for name, schema in envelopes.items():
        assert schema["required"] == ["success", "data", "error", "timestamp"], name
        assert schema["properties"]["data"] != {}, name


def test_json_request_bodies_are_models(document: dict[str, Any]) -> None:
    for method, path, operation in _operations(document):
        body = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if body is not None:
            assert "$ref" in body["schema"], f"{method.upper()} {path}"
