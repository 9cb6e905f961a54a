"""The auth service's settings for every environment, read only from the environment (names of
`.env.example`); what both Django services share comes from smartbreeds_common.django.settings."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from smartbreeds_common.django.settings import *  # noqa: F403
from smartbreeds_common.django.settings import (
    configure_logging_from_env,
    database_settings,
    required_secrets,
    rest_framework_settings,
    spectacular_settings,
)

BASE_DIR = Path(__file__).resolve().parents[2]

env = environ.Env()

ENVIRONMENT = env.str("ENVIRONMENT", default="development")

_secrets = required_secrets(env, ("DJANGO_SECRET_KEY", "JWT_SECRET", "GATEWAY_SIGNING_SECRET"), environment=ENVIRONMENT)
SECRET_KEY = _secrets["DJANGO_SECRET_KEY"]
JWT_SECRET = _secrets["JWT_SECRET"]
GATEWAY_SIGNING_SECRET = _secrets["GATEWAY_SIGNING_SECRET"]

SERVICE_NAME = "auth-service"

INSTALLED_APPS = [
    "rest_framework",
    "drf_spectacular",
    "smartbreeds_common.django",
    "apps.accounts",
    "apps.erasure",
    "apps.mail",
    "apps.email_actions",
]

METRICS_COLLECTORS = ("apps.erasure.metrics.ErasureBacklogCollector",)

DB_SCHEMA = "auth_schema"
DATABASES = database_settings(env, schema=DB_SCHEMA)

REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
REDIS_KEY_PREFIX = env.str("REDIS_KEY_PREFIX", default="")

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

# --- email (apps.mail: outbox delivered by the Celery worker through Django's SMTP backend) ---------
PRODUCT_NAME = env.str("PRODUCT_NAME", default="SmartBreeds")
PUBLIC_APP_URL = env.str("PUBLIC_APP_URL", default="https://localhost:8443").rstrip("/")  # links in mails
_EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)  # STARTTLS (usually port 587)
_EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)  # implicit TLS (usually port 465)
if _EMAIL_USE_TLS and _EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS (STARTTLS) and EMAIL_USE_SSL (implicit TLS) exclude each other")
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env.str("EMAIL_HOST", default="127.0.0.1"),
            "port": env.int("EMAIL_PORT", default=1025),
            "username": env.str("EMAIL_HOST_USER", default=""),
            "password": env.str("EMAIL_HOST_PASSWORD", default=""),
            "use_tls": _EMAIL_USE_TLS,
            "use_ssl": _EMAIL_USE_SSL,
            "timeout": env.int("EMAIL_TIMEOUT_SECONDS", default=10),
        },
    }
}
DEFAULT_FROM_EMAIL = env.str("EMAIL_FROM", default="SmartBreeds <no-reply@smartbreeds.local>")
SUPPORT_EMAIL = env.str("SUPPORT_EMAIL", default="support@smartbreeds.local")  # named in security notices
EMAIL_MAX_ATTEMPTS = env.int("EMAIL_MAX_ATTEMPTS", default=8)  # then the message is marked failed
EMAIL_BACKOFF_BASE_SECONDS = env.float("EMAIL_BACKOFF_BASE_SECONDS", default=30.0)
EMAIL_BACKOFF_MAX_SECONDS = env.float("EMAIL_BACKOFF_MAX_SECONDS", default=3600.0)
EMAIL_RESCAN_SECONDS = env.float("EMAIL_RESCAN_SECONDS", default=30.0)  # beat: re-dispatch undelivered mail
EMAIL_SENT_RETENTION_DAYS = env.int("EMAIL_SENT_RETENTION_DAYS", default=7)  # sent rows (bodies already cleared)

# --- links mailed to users (apps.email_actions) --------------------------------------------
PASSWORD_RESET_TTL_SECONDS = env.int("PASSWORD_RESET_TTL_SECONDS", default=30 * 60)
EMAIL_VERIFY_TTL_SECONDS = env.int("EMAIL_VERIFY_TTL_SECONDS", default=48 * 3600)
EMAIL_CHANGE_TTL_SECONDS = env.int("EMAIL_CHANGE_TTL_SECONDS", default=24 * 3600)
EMAIL_RESEND_COOLDOWN_SECONDS = env.int("EMAIL_RESEND_COOLDOWN_SECONDS", default=60)  # per account
PASSWORD_FORGOT_PER_ADDRESS_PER_HOUR = env.int("PASSWORD_FORGOT_PER_ADDRESS_PER_HOUR", default=5)
# The forgot-password answer never comes sooner: known and unknown addresses take the same time.
PASSWORD_FORGOT_MIN_SECONDS = env.float("PASSWORD_FORGOT_MIN_SECONDS", default=0.25)

# --- Celery (config/celery.py, built by smartbreeds_common.celery_app): Redis, keys under the prefix ---
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or REDIS_URL  # empty in .env: REDIS_URL
CELERY_TASK_ALWAYS_EAGER = False  # the tests run tasks in-process

LOG_FORMAT, LOG_LEVEL = configure_logging_from_env(env)
