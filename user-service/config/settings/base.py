"""The user service's settings for every environment, read only from the environment (names of
`.env.example`); what both Django services share comes from smartbreeds_common.django.settings."""

from pathlib import Path

import environ
from smartbreeds_common.django.settings import *  # noqa: F403
from smartbreeds_common.django.settings import (
    configure_logging_from_env,
    database_settings,
    required_secrets,
    rest_framework_settings,
    spectacular_settings,
)

BASE_DIR = Path(__file__).resolve().parents[2]

# The scripts (`make dev`, scripts/db.sh, scripts/test.sh) export `.env`; local.py reads it for a manual run.
env = environ.Env()

ENVIRONMENT = env.str("ENVIRONMENT", default="development")

_secrets = required_secrets(env, ("DJANGO_SECRET_KEY", "GATEWAY_SIGNING_SECRET"), environment=ENVIRONMENT)
SECRET_KEY = _secrets["DJANGO_SECRET_KEY"]
GATEWAY_SIGNING_SECRET = _secrets["GATEWAY_SIGNING_SECRET"]

SERVICE_NAME = "user-service"

INSTALLED_APPS = [
    "rest_framework",
    "drf_spectacular",
    "smartbreeds_common.django",
    "apps.profiles",
    "apps.pets",
]

DB_SCHEMA = "user_schema"
DATABASES = database_settings(env, schema=DB_SCHEMA)

REST_FRAMEWORK = rest_framework_settings()
SPECTACULAR_SETTINGS = spectacular_settings(
    title="SmartBreeds user service", description="Profiles, pets and their analysis history."
)

LOG_FORMAT, LOG_LEVEL = configure_logging_from_env(env)
