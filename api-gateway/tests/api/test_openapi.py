"""The OpenAPI document describes what the gateway really answers (schemathesis runs against it).

It is app/openapi/public.json, assembled by `make contract` from the services' own documents
(tests/test_contract.py fails when that file drifts from the code)."""

import pytest

from app.openapi import public_document
from app.openapi.assemble import ContractError, assemble
from app.routing import ROUTES, Access, Route

# A second success status some operations answer besides their main one.
EXTRA_SUCCESS = {("POST", "/api/v1/analyses/{analysis_id}/save")}


def _document(gateway):
    return gateway.get("/api/v1/openapi.json").json()


def _resolved(document, node):
    """`node` with every `$ref` replaced by its component (the documents refer to shared schemas)."""
    if isinstance(node, dict):
        if "$ref" in node:
            return _resolved(document, document["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]])
        return {key: _resolved(document, value) for key, value in node.items()}
    if isinstance(node, list):
        return [_resolved(document, item) for item in node]
    return node


def _operations(gateway):
    document = _document(gateway)
    return {
        (method.upper(), path): _resolved(document, op)
        for path, ops in document["paths"].items()
        for method, op in ops.items()
    }


def test_the_served_document_is_the_assembled_file(gateway):
    assert _document(gateway) == public_document()


def test_a_route_its_service_does_not_document_stops_the_assembly():
    route = Route("/api/v1/pets/{pet_id}/vaccines", ("GET",), "user", Access.USER, "Vaccines")
    empty = {"openapi": "3.1.0", "paths": {}, "components": {"schemas": {}}}

    with pytest.raises(ContractError, match="not in the user service"):
        assemble({"auth": empty, "user": empty, "ai": empty}, {"paths": {}}, routes=[route])


def test_a_success_status_the_route_table_does_not_expect_stops_the_assembly():
    route = Route("/api/v1/pets", ("POST",), "user", Access.USER, "Pets", success=(("POST", 201),))
    user = {"paths": {"/api/v1/pets": {"post": {"responses": {"200": {"description": "ok"}}}}}}
    empty: dict[str, dict[str, object]] = {"paths": {}}

    with pytest.raises(ContractError, match="route table 201"):
        assemble({"auth": empty, "user": user, "ai": empty}, {"paths": {}}, routes=[route])


def test_every_route_table_entry_is_documented_with_its_success_status(gateway):
    operations = _operations(gateway)
    for route in ROUTES:
        for method in route.methods:
            responses = operations[(method, route.path)]["responses"]
            assert str(route.success_status(method)) in responses, (method, route.path)
            if route.success_status(method) != 200 and (method, route.path) not in EXTRA_SUCCESS:
                assert "200" not in responses, (method, route.path)


def test_errors_are_documented_as_the_envelope_and_never_as_fastapi_422(gateway):
    operations = _operations(gateway)
    for (method, path), operation in operations.items():
        responses = operation["responses"]
        assert "422" not in responses or "NO_PET_DETECTED" in responses["422"]["description"], (method, path)
        for status, response in responses.items():
            if (method, path) in {
                ("GET", "/api/v1/uploads/{name}"),
                ("GET", "/api/v1/users/me/export"),
            } and status == "200":
                continue  # the photo itself (test_an_uploaded_photo_is_documented_as_an_image), the export zip
            schema = response["content"]["application/json"]["schema"]
            assert set(schema["required"]) == {"success", "data", "error", "timestamp"}, (method, path, status)


def test_an_uploaded_photo_is_documented_as_an_image_with_a_404_envelope(gateway):
    operation = _operations(gateway)[("GET", "/api/v1/uploads/{name}")]
    success = operation["responses"]["200"]["content"]
    assert set(success) == {"image/jpeg", "image/png", "image/webp"}
    assert all(content["schema"] == {"type": "string", "format": "binary"} for content in success.values())
    not_found = operation["responses"]["404"]
    assert "UPLOAD_NOT_FOUND" in not_found["description"]
    assert set(not_found["content"]["application/json"]["schema"]["required"]) == {
        "success",
        "data",
        "error",
        "timestamp",
    }
    name = operation["parameters"][0]
    assert (name["name"], name["schema"]["maxLength"], name["schema"]["pattern"]) == (
        "name",
        69,
        r"^[0-9a-f]{64}\.(jpg|png|webp)$",
    )


def test_gateway_refusals_are_documented(gateway):
    operations = _operations(gateway)
    for route in ROUTES:
        for method in route.methods:
            statuses = set(operations[(method, route.path)]["responses"])
            assert {"400", "429", "503", "504"} <= statuses, (method, route.path)
            assert ("401" in statuses) is (route.access is not Access.PUBLIC or 401 in route.errors), (
                method,
                route.path,
            )
            assert ("403" in statuses) is (route.access is Access.ADMIN), (method, route.path)
            if "{" in route.path:
                parameter = operations[(method, route.path)]["parameters"][0]
                assert "404" in statuses and parameter["schema"]["maxLength"] == route.max_path_parameter_length


def test_json_bodies_and_query_parameters_are_described(gateway):
    operations = _operations(gateway)
    pet_body = operations[("POST", "/api/v1/pets")]["requestBody"]["content"]["application/json"]["schema"]
    assert pet_body["required"] == ["name", "species"]
    upload = operations[("POST", "/api/v1/vision/analyze")]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert upload["properties"]["image"]["format"] == "binary"
    assert {p["name"] for p in operations[("GET", "/api/v1/products")]["parameters"]} == {
        "category",
        "species",
        "q",
        "page",
        "page_size",
    }


def test_fields_the_user_service_trims_claim_no_raw_max_length(gateway):
    # schemathesis: "\x1c" + 100 chars was "too long" for the document but a valid 99-char name once trimmed.
    operations = _operations(gateway)
    pet = operations[("POST", "/api/v1/pets")]["requestBody"]["content"]["application/json"]["schema"]["properties"]
    profile = operations[("PATCH", "/api/v1/users/me")]["requestBody"]["content"]["application/json"]["schema"][
        "properties"
    ]
    for schema in (
        pet["name"],
        pet["breed"],
        pet["health_conditions"]["items"],
        *(profile[f] for f in ("first_name", "phone")),
    ):
        assert "maxLength" not in schema and "trimmed" in schema["description"]


def test_saving_an_analysis_documents_both_successes(gateway):
    responses = _operations(gateway)[("POST", "/api/v1/analyses/{analysis_id}/save")]["responses"]
    assert {"200", "201"} <= set(responses)


def test_each_dashboard_part_is_documented_as_what_its_route_answers(gateway):
    from app.api.routes.dashboard import PARTS

    document = _document(gateway)
    parts = document["components"]["schemas"]["DashboardData"]["properties"]
    for name, (_service, path, _query) in PARTS.items():
        answer = _resolved(document, document["paths"][path]["get"]["responses"]["200"])
        route_data = answer["content"]["application/json"]["schema"]["properties"]["data"]
        part, null = _resolved(document, parts[name])["anyOf"]
        assert (part, null) == (route_data, {"type": "null"}), name


def test_a_data_of_marker_naming_an_undocumented_route_stops_the_assembly():
    gateway = {
        "paths": {},
        "components": {"schemas": {"Thing": {"properties": {"part": {"x-data-of": "GET /api/v1/nowhere"}}}}},
    }
    empty: dict[str, dict[str, object]] = {"paths": {}}

    with pytest.raises(ContractError, match="GET /api/v1/nowhere has no documented 200"):
        assemble({"auth": empty, "user": empty, "ai": empty}, gateway, routes=[])
