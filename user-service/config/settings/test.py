"""Tests: a test database with a random name per run, so runs never collide with `make dev` or each other."""

import os
from uuid import uuid4

# Test-only secrets, set before base.py reads them; a developer's .env never leaks into the tests.
os.environ["DJANGO_SECRET_KEY"] = "test-django-secret-key-of-at-least-32-bytes"
os.environ["GATEWAY_SIGNING_SECRET"] = "test-gateway-signing-secret-of-32-bytes-or-more"
os.environ.setdefault("LOG_LEVEL", "WARNING")

from .base import *  # noqa: F403
from .base import DATABASES

ENVIRONMENT = "test"
DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["TEST"] = {"NAME": f"test_user_service_{uuid4().hex[:8]}"}
