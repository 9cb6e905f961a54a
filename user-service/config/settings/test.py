"""Tests: a unique test database per run, so runs never collide with `make dev` or each other."""

import os
import uuid

_RUN_ID = uuid.uuid4().hex[:8]

os.environ["ENVIRONMENT"] = "test"
# Fixed test secrets: a developer's .env (which the scripts export) never leaks into the tests.
os.environ["DJANGO_SECRET_KEY"] = "test-django-secret-key-of-at-least-32-bytes"
os.environ["GATEWAY_SIGNING_SECRET"] = "test-gateway-signing-secret-of-32-bytes-or-more"
os.environ.setdefault("LOG_FORMAT", "console")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from config.settings.base import *  # noqa: E402, F403
from config.settings.base import DATABASES  # noqa: E402

DATABASES["default"]["TEST"] = {"NAME": f"test_user_service_{_RUN_ID}"}
DATABASES["default"]["CONN_MAX_AGE"] = 0
