"""The settings both Django services share, so they are wired, checked and rendered the same way.

Each service's `config/settings/base.py` starts with `from smartbreeds_common.django.settings import *`
(the constants below: middleware, time zone, URL conf, ...) and builds the rest from the environment
with the functions here (`required_secrets`, `database_settings`, `rest_framework_settings`,
`spectacular_settings`, `configure_logging_from_env`); only what is the service's own (its apps,
database schema, domain settings) is written there.
"""

from collections.abc import Iterable
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

from smartbreeds_common.django.schema import database_options
from smartbreeds_common.logging import configure_logging
from smartbreeds_common.secret_strength import short_secrets_error

__all__ = [
    "ALLOWED_HOSTS",
    "APPEND_SLASH",
    "DEBUG",
    "DEFAULT_AUTO_FIELD",
    "GATEWAY_SIGNATURE_EXEMPT_PATHS",
    "LANGUAGE_CODE",
    "LOGGING_CONFIG",
    "MIDDLEWARE",
    "ROOT_URLCONF",
    "TIME_ZONE",
    "USE_I18N",
    "USE_TZ",
    "WSGI_APPLICATION",
]

DEBUG = False  # API only: errors are JSON envelopes and structured logs, never debug pages.
# Compose names the service hosts; locally any host (only the gateway can produce a valid signature).
ALLOWED_HOSTS: list[str] = environ.Env().list("DJANGO_ALLOWED_HOSTS", default=["*"])

MIDDLEWARE = [
    "smartbreeds_common.django.observability.HttpMetricsMiddleware",
    "smartbreeds_common.django.middleware.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "smartbreeds_common.django.middleware.GatewaySignatureMiddleware",
]
# /metrics: Prometheus on the backend network; the gateway never forwards it (smartbreeds_common.django.observability).
GATEWAY_SIGNATURE_EXEMPT_PATHS = ("/health", "/metrics")
APPEND_SLASH = False

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en-us"
USE_I18N = False
# How both services' JSON renders a timestamp: UTC, always with microseconds, `Z` (TIME_ZONE is UTC).
JSON_DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"

LOGGING_CONFIG = None  # structlog owns logging (configure_logging_from_env)

PLACEHOLDER_SECRET = "change-me"  # noqa: S105  (the `.env.example` value)


def required_secrets(env: environ.Env, names: Iterable[str], *, environment: str) -> dict[str, str]:
    """Each named secret from the environment. None has a default (a missing one stops start-up);
    production refuses an empty or example value, and every environment but development refuses a
    short one (smartbreeds_common.secret_strength)."""
    secrets = {name: env.str(name) for name in names}
    if environment == "production":
        for name, value in secrets.items():
            if not value or value == PLACEHOLDER_SECRET:
                raise ImproperlyConfigured(f"{name} must be set to a real secret when ENVIRONMENT=production.")
    short = short_secrets_error(secrets, environment=environment)
    if short:
        raise ImproperlyConfigured(short)
    return secrets


def database_settings(env: environ.Env, *, schema: str) -> dict[str, Any]:
    """DATABASES: PostgreSQL from DATABASE_URL, confined to the service's schema, with persistent
    connections that are checked before reuse (a restarted database does not fail the next request)."""
    default = env.db_url("DATABASE_URL", default="postgresql://postgres@127.0.0.1:5432/smartbreeds")
    default["OPTIONS"] = {**default.get("OPTIONS", {}), **database_options(schema)}
    default["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    default["CONN_HEALTH_CHECKS"] = True
    return {"default": default}


def configure_logging_from_env(env: environ.Env) -> tuple[str, str]:
    """structlog from LOG_FORMAT (json|console) and LOG_LEVEL; returns both for the settings module."""
    log_format = env.str("LOG_FORMAT", default="json")
    level = env.str("LOG_LEVEL", default="INFO")
    configure_logging(log_format=log_format, level=level)
    return log_format, level


def rest_framework_settings(**overrides: Any) -> dict[str, Any]:
    """DRF configured for a service behind the gateway: JSON in, the envelope out, identity from the
    gateway's signed headers, every caller authenticated unless a view says otherwise, timestamps
    rendered alike."""
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
        "DATETIME_FORMAT": JSON_DATETIME_FORMAT,
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
