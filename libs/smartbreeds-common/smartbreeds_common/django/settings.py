"""Settings both Django services share, so the envelope and gateway identity are wired the same way."""

from typing import Any


def rest_framework_settings(**overrides: Any) -> dict[str, Any]:
    """DRF configured for a service behind the gateway: JSON in, the envelope out, identity from the
    gateway's signed headers, every caller authenticated unless a view says otherwise."""
    settings: dict[str, Any] = {
        "EXCEPTION_HANDLER": "smartbreeds_common.django.exceptions.envelope_exception_handler",
        "DEFAULT_RENDERER_CLASSES": ["smartbreeds_common.django.renderers.EnvelopeJSONRenderer"],
        "DEFAULT_PARSER_CLASSES": ["smartbreeds_common.django.parsers.LimitedJSONParser"],
        "DEFAULT_AUTHENTICATION_CLASSES": ["smartbreeds_common.django.permissions.GatewayIdentityAuthentication"],
        "DEFAULT_PERMISSION_CLASSES": ["smartbreeds_common.django.permissions.IsAuthenticatedUser"],
        # contrib.auth is not installed: an anonymous caller is `None`, not AnonymousUser.
        "UNAUTHENTICATED_USER": None,
        "UNAUTHENTICATED_TOKEN": None,
        "DEFAULT_SCHEMA_CLASS": "smartbreeds_common.django.openapi.EnvelopeAutoSchema",
    }
    settings.update(overrides)
    return settings


def spectacular_settings(*, title: str, description: str) -> dict[str, Any]:
    """drf-spectacular reading the views' conventions (smartbreeds_common.django.openapi)."""
    return {
        "TITLE": title,
        "DESCRIPTION": description,
        "VERSION": "1.0.0",
        "OAS_VERSION": "3.1.0",
        "DEFAULT_GENERATOR_CLASS": "smartbreeds_common.django.openapi.EnvelopeSchemaGenerator",
        "POSTPROCESSING_HOOKS": ["smartbreeds_common.django.openapi.wrap_in_envelope"],
        "COMPONENT_SPLIT_REQUEST": True,
        "SERVE_INCLUDE_SCHEMA": False,
        "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    }
