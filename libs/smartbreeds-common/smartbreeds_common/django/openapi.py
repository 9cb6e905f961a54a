"""OpenAPI for the Django services with drf-spectacular, read from the code's own conventions.

Every API is an `APIView` named `<Entity><Action>Api` whose nested `InputSerializer` is the request
body, `FilterSerializer` the query parameters and `OutputSerializer` the response `data`
(`output_many = True` when it is a list; `success_status` when it is not 200). One URL serving several
operations (`routing.dispatch_by_method`) is expanded into one operation per method, and every
success is wrapped in the `{success, data, error, timestamp}` envelope (errors: `ErrorEnvelope`).

Settings: `REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"] = "smartbreeds_common.django.openapi.EnvelopeAutoSchema"`
and `SPECTACULAR_SETTINGS = spectacular_settings(title=...)`.
"""

from typing import Any

from django.urls import URLPattern, URLResolver
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.generators import EndpointEnumerator, SchemaGenerator
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

CODE_PATTERN = "^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$"
TIMESTAMP = {"type": "string", "description": "UTC ISO-8601 with Z"}

ERROR_ENVELOPE: dict[str, Any] = {
    "type": "object",
    "required": ["success", "data", "error", "timestamp"],
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
        "timestamp": TIMESTAMP,
    },
}


def success_envelope(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["success", "data", "error", "timestamp"],
        "properties": {
            "success": {"type": "boolean", "enum": [True]},
            "data": data,
            "error": {"type": "null"},
            "timestamp": TIMESTAMP,
        },
    }


class EnvelopeAutoSchema(AutoSchema):
    def get_request_serializer(self) -> Any:
        if self.method in ("POST", "PUT", "PATCH"):
            return getattr(self.view, "InputSerializer", None)
        return None

    def get_response_serializers(self) -> Any:
        output = getattr(self.view, "OutputSerializer", None)
        if output is not None and getattr(self.view, "output_many", False):
            output = output(many=True)
        return {getattr(self.view, "success_status", 200): output}

    def _map_serializer_field(self, field: Any, direction: str, bypass_extensions: bool = False) -> dict[str, Any]:
        if direction == "request" and isinstance(field, serializers.DecimalField):
            # JSON numbers are what clients send (a numeric string is accepted too).
            return {"type": ["number", "null"] if field.allow_null else "number"}
        schema: dict[str, Any] = super()._map_serializer_field(field, direction, bypass_extensions)
        schema.pop("x-spec-enum-id", None)
        return schema

    def _insert_field_validators(self, field: Any, schema: dict[str, Any]) -> None:
        super()._insert_field_validators(field, schema)
        if isinstance(field, serializers.CharField) and field.trim_whitespace and "maxLength" in schema:
            # The limit applies after trimming, so a raw-string maxLength would refuse what the service accepts
            # (schemathesis: "\x1c" + 100 characters is a valid 99-character name once trimmed).
            limit = schema.pop("maxLength")
            schema["description"] = f"at most {limit} characters once surrounding whitespace is trimmed"

    def get_override_parameters(self) -> list[Any]:
        filters = getattr(self.view, "FilterSerializer", None)
        return [filters] if filters is not None and self.method == "GET" else []

    def get_serializer_name(self, serializer: Any, direction: Any) -> str:
        # Nested `PetCreateApi.InputSerializer` -> `PetCreateInput`: every view has its own `InputSerializer`.
        qualname = type(serializer).__qualname__
        if "." in qualname:
            return "".join(part.removesuffix("Api").removesuffix("Serializer") for part in qualname.split("."))
        return super().get_serializer_name(serializer, direction)

    def get_operation_id(self) -> str:
        # `PetListApi` -> `PetList`: stable, unique and readable in the generated frontend types.
        return type(self.view).__name__.removesuffix("Api")


class GatewayIdentityScheme(OpenApiAuthenticationExtension):
    """The services trust the gateway's signed identity headers; the public side is the `__Host-access_token` cookie."""

    target_class = "smartbreeds_common.django.permissions.GatewayIdentityAuthentication"
    name = "accessTokenCookie"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "apiKey", "in": "cookie", "name": "__Host-access_token"}


class MethodDispatchEnumerator(EndpointEnumerator):
    """Also lists the per-method views behind `dispatch_by_method` (a plain function DRF cannot see into)."""

    def _get_api_endpoints(self, patterns: Any, prefix: str) -> list[tuple[str, str, str, Any]]:
        if patterns is None:
            patterns = self.patterns
        endpoints: list[tuple[str, str, str, Any]] = []
        for pattern in patterns:
            path_regex = prefix + str(pattern.pattern)
            views = getattr(getattr(pattern, "callback", None), "views_by_method", None)
            if isinstance(pattern, URLPattern) and views:
                path = self.get_path_from_regex(path_regex)
                endpoints.extend((path, path_regex, method, view) for method, view in views.items() if method != "HEAD")
            elif isinstance(pattern, URLPattern):
                endpoints.extend(super()._get_api_endpoints([pattern], prefix))
            elif isinstance(pattern, URLResolver):
                endpoints.extend(self._get_api_endpoints(pattern.url_patterns, path_regex))
        return endpoints


class EnvelopeSchemaGenerator(SchemaGenerator):
    endpoint_inspector_cls = MethodDispatchEnumerator


def wrap_in_envelope(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Postprocessing hook: each success's `data` goes into the envelope; `ErrorEnvelope` joins the components."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                if not str(status).startswith("2"):
                    continue
                response["description"] = response.get("description") or "Success (envelope)"
                content = response.setdefault("content", {})
                data = content.pop("application/json", {}).get("schema", {"type": "null"})
                content["application/json"] = {"schema": success_envelope(data)}
    result.setdefault("components", {}).setdefault("schemas", {})["ErrorEnvelope"] = ERROR_ENVELOPE
    return result
