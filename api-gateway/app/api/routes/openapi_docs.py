"""What `/api/v1/openapi.json` says about each public operation (docs/api-contract.md).

The gateway forwards bodies it does not parse, so FastAPI cannot infer them: request bodies, query
parameters, success statuses and every error status are described here, keyed by route path and
method. Every error is the envelope with an UPPER_SNAKE code; every success is the envelope too,
except a stored photo (`GET /uploads/{name}`), which is the image itself.
"""

from typing import Any

from app.routing import Access, Route

CODE_PATTERN = "^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$"

ERROR_ENVELOPE: dict[str, Any] = {
    "type": "object",
    "required": ["success", "data", "error", "timestamp"],
    "additionalProperties": False,
    "properties": {
        "success": {"type": "boolean", "enum": [False]},
        "data": {"type": "null"},
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "pattern": CODE_PATTERN},
                "message": {"type": "string"},
                "details": {"type": "object"},
            },
        },
        "timestamp": {"type": "string"},
    },
}

USER: dict[str, Any] = {
    "type": "object",
    "required": ["id", "email", "name", "role", "created_at"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "email": {"type": "string"},
        "name": {"type": "string"},
        "role": {"type": "string", "enum": ["user", "admin"]},
        "created_at": {"type": "string"},
    },
}

PET: dict[str, Any] = {
    "type": "object",
    "required": [
        "id", "name", "species", "breed", "breed_confidence", "age", "weight",
        "health_conditions", "image_url", "created_at", "updated_at",
    ],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "name": {"type": "string"},
        "species": {"type": "string", "enum": ["dog", "cat", "other"]},
        "breed": {"type": ["string", "null"]},
        "breed_confidence": {"type": ["number", "null"]},
        "age": {"type": ["integer", "null"]},
        "weight": {"type": ["number", "null"]},
        "health_conditions": {"type": "array", "items": {"type": "string"}},
        "image_url": {"type": ["string", "null"]},
        "created_at": {"type": "string"},
        "updated_at": {"type": "string"},
    },
}  # fmt: skip


def success_envelope(data: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["success", "data", "error", "timestamp"],
        "additionalProperties": False,
        "properties": {
            "success": {"type": "boolean", "enum": [True]},
            "data": data or {},
            "error": {"type": "null"},
            "timestamp": {"type": "string"},
        },
    }


SUCCESS_DATA: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/api/v1/auth/register"): {"type": "object", "required": ["user"], "properties": {"user": USER}},
    ("POST", "/api/v1/auth/login"): {"type": "object", "required": ["user"], "properties": {"user": USER}},
    ("POST", "/api/v1/auth/refresh"): {"type": "object", "required": ["user"], "properties": {"user": USER}},
    ("GET", "/api/v1/auth/me"): {"type": "object", "required": ["user"], "properties": {"user": USER}},
    ("GET", "/api/v1/pets"): {"type": "array", "items": PET},
    ("POST", "/api/v1/pets"): PET,
    ("GET", "/api/v1/pets/{pet_id}"): PET,
    ("PATCH", "/api/v1/pets/{pet_id}"): PET,
}


_BINARY = {"type": "string", "format": "binary"}
# Successes that are not the envelope: method, path -> the response's content by media type.
SUCCESS_CONTENT: dict[tuple[str, str], dict[str, Any]] = {
    ("GET", "/api/v1/uploads/{name}"): {media_type: {"schema": _BINARY} for media_type in ("image/jpeg", "image/png", "image/webp")},
}
SUCCESS_DESCRIPTIONS: dict[tuple[str, str], str] = {
    ("GET", "/api/v1/uploads/{name}"): "The photo (Cache-Control: private, max-age=86400; X-Content-Type-Options: nosniff)",
}


def _trimmed(limit: int) -> str:
    # The user service trims surrounding whitespace before checking the length, so a JSON-schema
    # `maxLength` on the raw string would be wrong (schemathesis: a padded 101-char name was accepted).
    return f"at most {limit} characters once surrounding whitespace is trimmed"


_PET_FIELDS: dict[str, Any] = {
    "name": {"type": "string", "minLength": 1, "description": _trimmed(100)},
    "species": {"type": "string", "enum": ["dog", "cat", "other"]},
    "breed": {"type": ["string", "null"], "description": _trimmed(100)},
    "breed_confidence": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
    "age": {"type": ["integer", "null"], "minimum": 0, "description": "months"},
    "weight": {"type": ["number", "null"], "exclusiveMinimum": 0, "description": "kg"},
    "health_conditions": {"type": "array", "items": {"type": "string", "description": _trimmed(100)}},
}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _multipart(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    schema = {"type": "object", "required": required, "properties": properties}
    return {"required": True, "content": {"multipart/form-data": {"schema": schema}}}


_IMAGE = {"type": "string", "format": "binary", "description": "JPEG, PNG or WebP, at most 10 MiB"}

REQUEST_BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/api/v1/auth/register"): _json(
        {
            "type": "object",
            "required": ["email", "password", "name"],
            "properties": {
                "email": {"type": "string", "format": "email"},
                "password": {"type": "string"},
                "name": {"type": "string"},
            },
        }
    ),
    ("POST", "/api/v1/auth/login"): _json(
        {
            "type": "object",
            "required": ["email", "password"],
            "properties": {"email": {"type": "string"}, "password": {"type": "string"}},
        }
    ),
    ("PATCH", "/api/v1/users/me"): _json(
        {
            "type": "object",
            "properties": {
                "first_name": {"type": "string", "description": _trimmed(100)},
                "last_name": {"type": "string", "description": _trimmed(100)},
                "phone": {"type": "string", "description": _trimmed(30)},
                "address": {"type": "string", "description": _trimmed(500)},
                "preferences": {"type": "object"},
            },
        }
    ),
    ("POST", "/api/v1/pets"): _json({"type": "object", "required": ["name", "species"], "properties": _PET_FIELDS}),
    ("PATCH", "/api/v1/pets/{pet_id}"): _json({"type": "object", "properties": _PET_FIELDS}),
    ("POST", "/api/v1/pets/analyze"): _multipart({"image": _IMAGE, "pet_id": {"type": "string", "format": "uuid"}}, ["image"]),
    ("POST", "/api/v1/vision/analyze"): _multipart({"image": _IMAGE}, ["image"]),
    ("POST", "/api/v1/vision/pedigree"): _multipart({"image": _IMAGE}, ["image"]),
    ("POST", "/api/v1/rag/query"): _json(
        {
            "type": "object",
            "required": ["question"],
            "properties": {
                "question": {"type": "string", "minLength": 1},
                "breed": {"type": ["string", "null"]},
                "species": {"type": ["string", "null"]},
                "top_k": {"type": "integer", "minimum": 1},
            },
        }
    ),
    ("POST", "/api/v1/rag/ingest"): _multipart(
        {
            "file": {"type": "string", "format": "binary", "description": "pdf, md, txt, docx or html"},
            "document_type": {"type": "string", "enum": ["breed_guide", "health_info", "nutrition", "care"]},
            "title": {"type": "string", "maxLength": 300},
        },
        ["file", "document_type"],
    ),
    ("POST", "/api/v1/recommendations"): _json(
        {
            "type": "object",
            "properties": {
                "pet_id": {"type": "string", "format": "uuid"},
                "breed": {"type": "string"},
                "species": {"type": "string", "enum": ["dog", "cat", "other"]},
                "age": {"type": "integer", "minimum": 0},
                "weight": {"type": "number", "exclusiveMinimum": 0},
                "health_conditions": {"type": "array", "items": {"type": "string"}},
                "category": {"type": "string", "enum": ["food", "toy", "accessory", "health", "grooming"]},
                "limit": {"type": "integer", "minimum": 1, "default": 10},
            },
        }
    ),
}


REQUEST_BODIES.update(
    {
        ("POST", "/api/v1/auth/password"): _json(
            {
                "type": "object",
                "required": ["current_password", "new_password"],
                "properties": {"current_password": {"type": "string"}, "new_password": {"type": "string"}},
            }
        ),
        ("PATCH", "/api/v1/admin/users/{user_id}"): _json(
            {"type": "object", "properties": {"is_active": {"type": "boolean"}, "role": {"type": "string", "enum": ["user", "admin"]}}}
        ),
        ("POST", "/api/v1/analyses/{analysis_id}/breed"): _json(
            {"type": "object", "required": ["breed"], "properties": {"breed": {"type": "string", "description": "a name from GET /breeds"}}}
        ),
        ("POST", "/api/v1/analyses/{analysis_id}/save"): _json(
            {
                "type": "object",
                "description": "`name` for a new pet, or `pet_id` of an existing one",
                "properties": {"name": {"type": "string"}, "pet_id": {"type": "string", "format": "uuid"}},
            }
        ),
    }
)


def _query(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema}


QUERY_PARAMETERS: dict[tuple[str, str], list[dict[str, Any]]] = {
    ("GET", "/api/v1/products"): [
        _query("category", {"type": "string", "enum": ["food", "toy", "accessory", "health", "grooming"]}),
        _query("species", {"type": "string", "enum": ["dog", "cat"]}),
        _query("q", {"type": "string", "maxLength": 100}),
        _query("page", {"type": "integer", "minimum": 1, "maximum": 10000}),
        _query("page_size", {"type": "integer", "minimum": 1, "maximum": 100}),
    ],
    ("GET", "/api/v1/analyses/recent"): [_query("limit", {"type": "integer", "minimum": 1})],
    ("GET", "/api/v1/admin/users"): [
        _query("q", {"type": "string"}),
        _query("page", {"type": "integer", "minimum": 1}),
        _query("page_size", {"type": "integer", "minimum": 1, "maximum": 100}),
    ],
    ("GET", "/api/v1/breeds"): [_query("species", {"type": "string", "enum": ["dog", "cat"]}), _query("q", {"type": "string"})],
}

# A second success status some operations answer besides their main one (method, path -> status, description).
EXTRA_SUCCESS: dict[tuple[str, str], tuple[int, str]] = {
    ("POST", "/api/v1/analyses/{analysis_id}/save"): (200, "Saved to an existing pet (or saved before): that pet (envelope)"),
}

# Path parameters with a known shape (others are opaque ids): route path -> parameter -> pattern.
PATH_PARAMETER_PATTERNS: dict[str, dict[str, str]] = {
    "/api/v1/uploads/{name}": {"name": r"^[0-9a-f]{64}\.(jpg|png|webp)$"},
}

# A route's own wording for an error status, where the generic one would not say what happens.
ROUTE_ERROR_DESCRIPTIONS: dict[tuple[str, str, int | str], str] = {
    ("GET", "/api/v1/uploads/{name}", 404): "UPLOAD_NOT_FOUND: no such photo, a malformed name, or a photo the caller did not upload",
}

ERROR_DESCRIPTIONS = {
    400: "VALIDATION_ERROR (details: field -> messages) or another 400 code",
    401: "AUTH_REQUIRED, TOKEN_INVALID, TOKEN_EXPIRED, TOKEN_REVOKED, INVALID_CREDENTIALS",
    403: "FORBIDDEN, CSRF_FAILED (an unsafe request from another origin)",
    404: "NOT_FOUND or a domain code (PET_NOT_FOUND, ...)",
    409: "EMAIL_TAKEN, DOCUMENT_EXISTS, LAST_ADMIN",
    413: "PAYLOAD_TOO_LARGE, IMAGE_TOO_LARGE, FILE_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    422: "NO_PET_DETECTED",
    429: "RATE_LIMITED (with Retry-After)",
    503: "SERVICE_UNAVAILABLE or a domain code (VISION_UNAVAILABLE, ...)",
    504: "UPSTREAM_TIMEOUT",
}


def error_statuses(route: Route, method: str) -> list[int]:
    """The gateway's own refusals for this route plus the ones the route table lists for the service."""
    statuses = {400, 429, 503, 504}  # validation, rate limit, service down or slow
    if route.access is not Access.PUBLIC:
        statuses.add(401)
    if route.access is Access.ADMIN:
        statuses.add(403)
    if "{" in route.path:
        statuses.add(404)
    if method in ("POST", "PATCH"):
        statuses.add(413)
    statuses.update(route.errors)
    return sorted(statuses)


def responses(route: Route, method: str) -> dict[int | str, dict[str, Any]]:
    key = (method, route.path)
    documented = envelope_responses(route.success_status(method), SUCCESS_DATA.get(key), error_statuses(route, method))
    if key in SUCCESS_CONTENT:
        documented[route.success_status(method)] = {"description": SUCCESS_DESCRIPTIONS[key], "content": SUCCESS_CONTENT[key]}
    if key in EXTRA_SUCCESS:
        extra_status, description = EXTRA_SUCCESS[key]
        documented[extra_status] = {"description": description, "content": {"application/json": {"schema": success_envelope()}}}
    for status in documented:
        if (method, route.path, status) in ROUTE_ERROR_DESCRIPTIONS:
            documented[status]["description"] = ROUTE_ERROR_DESCRIPTIONS[(method, route.path, status)]
    return documented


def envelope_responses(success: int, data: dict[str, Any] | None, errors: list[int]) -> dict[int | str, dict[str, Any]]:
    """`responses=` for an operation: its success envelope and each error status as the error envelope."""
    documented: dict[int | str, dict[str, Any]] = {
        success: {
            "description": "Success (envelope)",
            "content": {"application/json": {"schema": success_envelope(data)}},
        }
    }
    for status in errors:
        documented[status] = {
            "description": ERROR_DESCRIPTIONS.get(status, "Error (envelope)"),
            "content": {"application/json": {"schema": ERROR_ENVELOPE}},
        }
    return documented


def path_parameters(route: Route) -> list[dict[str, Any]]:
    names = [segment[1:-1] for segment in route.path.split("/") if segment.startswith("{")]
    patterns = PATH_PARAMETER_PATTERNS.get(route.path, {})
    parameters = []
    for name in names:
        schema: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": route.max_path_parameter_length}
        if name in patterns:
            schema["pattern"] = patterns[name]
        parameters.append({"name": name, "in": "path", "required": True, "schema": schema})
    return parameters


def openapi_extra(route: Route, method: str) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    parameters = path_parameters(route) + QUERY_PARAMETERS.get((method, route.path), [])
    if parameters:
        extra["parameters"] = parameters
    body = REQUEST_BODIES.get((method, route.path))
    if body:
        extra["requestBody"] = body
    return extra
