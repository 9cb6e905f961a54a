"""Tests: a unique test database and Redis key prefix per run, so runs never collide."""

import os
import uuid

_RUN_ID = uuid.uuid4().hex[:8]

os.environ["ENVIRONMENT"] = "test"
# Fixed test secrets: a developer's .env (which the scripts export) never leaks into the tests.
os.environ["DJANGO_SECRET_KEY"] = "test-django-secret"
os.environ["JWT_SECRET"] = "test-jwt-secret-with-enough-length-for-hs256"
os.environ["GATEWAY_SIGNING_SECRET"] = "test-gateway-secret"
os.environ["JWT_ALGORITHM"] = "HS256"
os.environ["COOKIE_SECURE"] = "true"
os.environ["ADMIN_EMAIL"] = ""
os.environ["ADMIN_PASSWORD"] = ""
os.environ["REDIS_KEY_PREFIX"] = f"test:auth:{_RUN_ID}:"
os.environ.setdefault("LOG_FORMAT", "console")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from config.settings.base import *  # noqa: E402, F403
from config.settings.base import DATABASES  # noqa: E402

DATABASES["default"]["TEST"] = {"NAME": f"test_auth_{_RUN_ID}"}
DATABASES["default"]["CONN_MAX_AGE"] = 0

# Mail: the tests start a real SMTP server (aiosmtpd) and point EMAIL_PORT at it; tasks run in-process.
CELERY_TASK_ALWAYS_EAGER = True
PASSWORD_FORGOT_MIN_SECONDS = 0.0  # the timing floor has its own test, which sets it
