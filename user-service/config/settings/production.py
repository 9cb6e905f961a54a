"""Production: refuses to start with the `.env.example` placeholder secrets."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import GATEWAY_SIGNING_SECRET, SECRET_KEY

PLACEHOLDER_SECRET = "change-me"

for _name, _value in (("DJANGO_SECRET_KEY", SECRET_KEY), ("GATEWAY_SIGNING_SECRET", GATEWAY_SIGNING_SECRET)):
    if not _value or _value == PLACEHOLDER_SECRET:
        raise ImproperlyConfigured(f"{_name} must be set to a real secret in production.")
