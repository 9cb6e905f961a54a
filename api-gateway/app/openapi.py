"""The public API in the OpenAPI schema: the gateway's own routes plus one operation per proxied endpoint.

Proxied endpoints are described from the contract (docs/api-contract.md) and checked against the
route table at start-up, so a documented path the gateway would not forward fails loudly.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from app.routing import API, Access, resolve

# (method, path, summary, request body media type or None)
PROXIED_OPERATIONS: tuple[tuple[str, str, str, str | None], ...] = (
    ("post", "/auth/register", "Create an account; sets the session cookies", "application/json"),
    ("post", "/auth/login", "Log in; sets the session cookies", "application/json"),
    ("post", "/auth/refresh", "Rotate the session cookies (refresh cookie)", None),
    ("post", "/auth/logout", "Log out; clears the session cookies", None),
    ("get", "/auth/me", "The logged-in user", None),
    ("get", "/users/me", "The caller's profile", None),
    ("patch", "/users/me", "Update the caller's profile", "application/json"),
    ("get", "/pets", "The caller's pets, newest first", None),
    ("post", "/pets", "Add a pet", "application/json"),
    ("get", "/pets/{id}", "One pet", None),
    ("patch", "/pets/{id}", "Update a pet", "application/json"),
    ("delete", "/pets/{id}", "Delete a pet", None),
    ("get", "/pets/{id}/analyses", "A pet's analyses, newest first", None),
    ("post", "/pets/analyze", "Analyse a pet photo (breed, health, products)", "multipart/form-data"),
    ("post", "/vision/analyze", "Breed from a photo", "multipart/form-data"),
    ("post", "/vision/pedigree", "Fields of a pedigree certificate", "multipart/form-data"),
    ("post", "/rag/query", "Ask the pet-health knowledge base", "application/json"),
    ("post", "/rag/ingest", "Add a document to the knowledge base (admin)", "multipart/form-data"),
    ("get", "/rag/documents", "Knowledge-base documents (admin)", None),
    ("delete", "/rag/documents/{id}", "Remove a knowledge-base document (admin)", None),
    ("post", "/recommendations", "Product recommendations for a pet or a breed profile", "application/json"),
    ("get", "/products", "The product catalog", None),
)

ENVELOPE: dict[str, Any] = {
    "type": "object",
    "required": ["success", "data", "error", "timestamp"],
    "properties": {
        "success": {"type": "boolean"},
        "data": {},
        "error": {
            "anyOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "required": ["code", "message", "details"],
                    "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "details": {"type": "object"}},
                },
            ]
        },
        "timestamp": {"type": "string"},
    },
}


def _operation(method: str, path: str, summary: str, media_type: str | None) -> dict[str, Any]:
    route = resolve(API + path.replace("{id}", "00000000-0000-0000-0000-000000000000"))
    if route is None:
        raise RuntimeError(f"documented path {path} is not in the route table")
    envelope = {"application/json": {"schema": {"$ref": "#/components/schemas/Envelope"}}}
    responses: dict[str, Any] = {
        "200": {"description": "Success", "content": envelope},
        "400": {"description": "Invalid request", "content": envelope},
        "429": {"description": "Rate limited", "content": envelope},
        "503": {"description": "Service unavailable", "content": envelope},
        "504": {"description": "Upstream timeout", "content": envelope},
    }
    if route.access is not Access.PUBLIC:
        responses["401"] = {"description": "Not logged in or bad token", "content": envelope}
    if route.access is Access.ADMIN:
        responses["403"] = {"description": "Administrators only", "content": envelope}
    operation: dict[str, Any] = {"summary": summary, "tags": [route.service], "responses": responses}
    if route.access is not Access.PUBLIC:
        operation["security"] = [{"accessCookie": []}]
    if "{id}" in path:
        operation["parameters"] = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}]
    if media_type is not None:
        operation["requestBody"] = {"required": True, "content": {media_type: {"schema": {"type": "object"}}}}
    return operation


def install_openapi(app: FastAPI) -> None:
    def schema() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        document = get_openapi(title=app.title, version=app.version, routes=app.routes)
        paths = document.setdefault("paths", {})
        for method, path, summary, media_type in PROXIED_OPERATIONS:
            paths.setdefault(API + path, {})[method] = _operation(method, path, summary, media_type)
        components = document.setdefault("components", {})
        components.setdefault("schemas", {})["Envelope"] = ENVELOPE
        components["securitySchemes"] = {"accessCookie": {"type": "apiKey", "in": "cookie", "name": "access_token"}}
        app.openapi_schema = document
        return document

    app.openapi = schema  # type: ignore[method-assign]
