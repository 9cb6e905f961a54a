"""Settings shared by every environment, read only from the environment (names of `.env.example`)."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from smartbreeds_common.django.schema import database_options
from smartbreeds_common.django.settings import rest_framework_settings, spectacular_settings
from smartbreeds_common.logging import configure_logging
from smartbreeds_common.secret_strength import short_secrets_error

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

ENVIRONMENT = env.str("ENVIRONMENT", default="development")

# Secrets: no defaults, a missing one stops start-up; production refuses the example value.
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
JWT_SECRET = env.str("JWT_SECRET")
GATEWAY_SIGNING_SECRET = env.str("GATEWAY_SIGNING_SECRET")
if ENVIRONMENT == "production":
    for _name, _value in (
        ("DJANGO_SECRET_KEY", SECRET_KEY),
        ("JWT_SECRET", JWT_SECRET),
        ("GATEWAY_SIGNING_SECRET", GATEWAY_SIGNING_SECRET),
    ):
        if not _value or _value == "change-me":
            raise ImproperlyConfigured(f"{_name} must be set to a real secret in production")
_short = short_secrets_error(
    {"DJANGO_SECRET_KEY": SECRET_KEY, "JWT_SECRET": JWT_SECRET, "GATEWAY_SIGNING_SECRET": GATEWAY_SIGNING_SECRET},
    environment=ENVIRONMENT,
)
if _short:
    raise ImproperlyConfigured(_short)

DEBUG = False
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["*"])  # only the gateway can reach the service

SERVICE_NAME = "auth-service"

INSTALLED_APPS = [
    "rest_framework",
    "drf_spectacular",
    "smartbreeds_common.django",
    "apps.accounts",
    "apps.erasure",
]

MIDDLEWARE = [
    "smartbreeds_common.django.observability.HttpMetricsMiddleware",
    "smartbreeds_common.django.middleware.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "smartbreeds_common.django.middleware.GatewaySignatureMiddleware",
]
# /metrics: Prometheus on the backend network; the gateway never forwards it (smartbreeds_common.django.observability).
GATEWAY_SIGNATURE_EXEMPT_PATHS = ("/health", "/metrics")
METRICS_COLLECTORS = ("apps.erasure.metrics.ErasureBacklogCollector",)
APPEND_SLASH = False

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

DB_SCHEMA = "auth_schema"
DATABASES = {"default": env.db_url("DATABASE_URL", default="postgresql://postgres@127.0.0.1:5432/smartbreeds")}
DATABASES["default"]["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}), **database_options(DB_SCHEMA)}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
REDIS_KEY_PREFIX = env.str("REDIS_KEY_PREFIX", default="")

USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en-us"
USE_I18N = False

# Register and login are anonymous: each view states its own permissions.
REST_FRAMEWORK = rest_framework_settings(DEFAULT_PERMISSION_CLASSES=[])
SPECTACULAR_SETTINGS = spectacular_settings(
    title="SmartBreeds auth service", description="Accounts, sessions and cookies."
)

# --- tokens and cookies --------------------------------------------------------
JWT_ALGORITHM = env.str("JWT_ALGORITHM", default="HS256")
if JWT_ALGORITHM not in ("HS256", "RS256"):
    raise ImproperlyConfigured("JWT_ALGORITHM must be HS256 or RS256")
JWT_PRIVATE_KEY_FILE = env.str("JWT_PRIVATE_KEY_FILE", default="")
JWT_PUBLIC_KEY_FILE = env.str("JWT_PUBLIC_KEY_FILE", default="")
if JWT_ALGORITHM == "RS256" and not (JWT_PRIVATE_KEY_FILE and JWT_PUBLIC_KEY_FILE):
    raise ImproperlyConfigured("RS256 needs JWT_PRIVATE_KEY_FILE and JWT_PUBLIC_KEY_FILE")
JWT_ISSUER = env.str("JWT_ISSUER", default="smartbreeds-auth")
JWT_AUDIENCE = env.str("JWT_AUDIENCE", default="smartbreeds")
ACCESS_TOKEN_TTL_SECONDS = env.int("ACCESS_TOKEN_TTL_SECONDS", default=86400)
REFRESH_TOKEN_TTL_SECONDS = env.int("REFRESH_TOKEN_TTL_SECONDS", default=604800)
COOKIE_SECURE = env.bool("COOKIE_SECURE", default=True)
ACCESS_COOKIE_PATH = "/"
REFRESH_COOKIE_PATH = "/api/v1/auth/refresh"

# --- passwords: argon2id, OWASP minimum (m=19 MiB, t=2, p=1) ---------------------
ARGON2_TIME_COST = 2
ARGON2_MEMORY_COST_KIB = 19 * 1024
ARGON2_PARALLELISM = 1
PASSWORD_MAX_LENGTH = 256
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "name")},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "apps.accounts.validators.CharacterClassValidator", "OPTIONS": {"min_classes": 2}},
]

# --- admin bootstrap (`manage.py ensure_admin`, run once after migrate) -----------
ADMIN_EMAIL = env.str("ADMIN_EMAIL", default="")
ADMIN_PASSWORD = env.str("ADMIN_PASSWORD", default="")

# --- account erasure (apps.erasure: outbox + `manage.py run_erasures` worker) ---------
ERASURE_SERVICE_URLS = {
    "user": env.str("USER_SERVICE_URL", default="http://127.0.0.1:3002"),
    "ai": env.str("AI_SERVICE_URL", default="http://127.0.0.1:3003"),
}
ERASURE_POLL_SECONDS = env.float("ERASURE_POLL_SECONDS", default=1.0)
# Celery beat (config/celery.py): how often expired refresh tokens are deleted.
REFRESH_PURGE_SECONDS = env.float("REFRESH_PURGE_SECONDS", default=24 * 3600.0)
ERASURE_BACKOFF_BASE_SECONDS = env.float("ERASURE_BACKOFF_BASE_SECONDS", default=5.0)
ERASURE_BACKOFF_MAX_SECONDS = env.float("ERASURE_BACKOFF_MAX_SECONDS", default=3600.0)
ERASURE_TIMEOUT_SECONDS = env.float("ERASURE_TIMEOUT_SECONDS", default=10.0)

LOG_FORMAT = env.str("LOG_FORMAT", default="json")
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING_CONFIG = None
configure_logging(log_format=LOG_FORMAT, level=LOG_LEVEL)
