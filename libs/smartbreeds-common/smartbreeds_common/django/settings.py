"""Settings both Django services share, so the envelope and gateway identity are wired the same way."""

from typing import Any


def rest_framework_settings(**overrides: Any) -> dict[str, Any]:
    """DRF configured for a service behind the gateway: JSON in, the envelope out, identity from the
    gateway's signed headers, every caller authenticated unless a view says otherwise."""
    settings: dict[str, Any] = {
        "EXCEPTION_HANDLER": "smartbreeds_common.django.exceptions.envelope_exception_handler",
        "DEFAULT_RENDERER_CLASSES": ["smartbreeds_common.django.renderers.EnvelopeJSONRenderer"],
        "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
        "DEFAULT_AUTHENTICATION_CLASSES": ["smartbreeds_common.django.permissions.GatewayIdentityAuthentication"],
        "DEFAULT_PERMISSION_CLASSES": ["smartbreeds_common.django.permissions.IsAuthenticatedUser"],
        # contrib.auth is not installed: an anonymous caller is `None`, not AnonymousUser.
        "UNAUTHENTICATED_USER": None,
        "UNAUTHENTICATED_TOKEN": None,
    }
    settings.update(overrides)
    return settings
