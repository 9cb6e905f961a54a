"""Settings shared by every environment, read from the environment (names of `.env.example`)."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from smartbreeds_common.django.schema import database_options
from smartbreeds_common.django.settings import rest_framework_settings, spectacular_settings
from smartbreeds_common.logging import configure_logging
from smartbreeds_common.secret_strength import short_secrets_error

BASE_DIR = Path(__file__).resolve().parents[2]

# The scripts (`make dev`, scripts/db.sh, scripts/test.sh) export `.env`; nothing reads the file here.
env = environ.Env()

ENVIRONMENT: str = env("ENVIRONMENT", default="development")

# Secrets: no defaults, so a missing one stops start-up (ImproperlyConfigured).
SECRET_KEY: str = env("DJANGO_SECRET_KEY")
GATEWAY_SIGNING_SECRET: str = env("GATEWAY_SIGNING_SECRET")
PLACEHOLDER_SECRET = "change-me"  # noqa: S105  (the `.env.example` value)
if ENVIRONMENT == "production":
    for _name, _value in (("DJANGO_SECRET_KEY", SECRET_KEY), ("GATEWAY_SIGNING_SECRET", GATEWAY_SIGNING_SECRET)):
        if _value == PLACEHOLDER_SECRET:
            raise ImproperlyConfigured(f"{_name} must be set to a real secret when ENVIRONMENT=production.")
_short = short_secrets_error(
    {"DJANGO_SECRET_KEY": SECRET_KEY, "GATEWAY_SIGNING_SECRET": GATEWAY_SIGNING_SECRET}, environment=ENVIRONMENT
)
if _short:
    raise ImproperlyConfigured(_short)

DEBUG = False  # API only: errors are JSON envelopes and structured logs, never debug pages.
# Compose names the service hosts; locally any host (only the gateway can produce a valid signature).
ALLOWED_HOSTS: list[str] = env.list("DJANGO_ALLOWED_HOSTS", default=["*"])

SERVICE_NAME = "user-service"

INSTALLED_APPS = [
    "rest_framework",
    "drf_spectacular",
    "smartbreeds_common.django",
    "apps.profiles",
    "apps.pets",
]

MIDDLEWARE = [
    "smartbreeds_common.django.observability.HttpMetricsMiddleware",
    "smartbreeds_common.django.middleware.RequestContextMiddleware",
    "smartbreeds_common.django.middleware.GatewaySignatureMiddleware",
]
# /metrics: Prometheus on the backend network; the gateway never forwards it (smartbreeds_common.django.observability).
GATEWAY_SIGNATURE_EXEMPT_PATHS = ("/health", "/metrics")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

DB_SCHEMA = "user_schema"
DATABASES = {
    "default": env.db("DATABASE_URL", default="postgresql://postgres@127.0.0.1:5432/smartbreeds"),
}
DATABASES["default"]["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}), **database_options(DB_SCHEMA)}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en-us"
USE_I18N = False

REST_FRAMEWORK = rest_framework_settings(DATETIME_FORMAT="%Y-%m-%dT%H:%M:%S.%fZ")
SPECTACULAR_SETTINGS = spectacular_settings(
    title="SmartBreeds user service", description="Profiles, pets and their analysis history."
)

LOG_FORMAT: str = env("LOG_FORMAT", default="json")
LOG_LEVEL: str = env("LOG_LEVEL", default="INFO")
LOGGING_CONFIG = None  # structlog owns logging
configure_logging(log_format=LOG_FORMAT, level=LOG_LEVEL)
