"""Production (the default of `config/wsgi.py`). Placeholder secrets are refused in base.py when
ENVIRONMENT=production, so the same module also serves `make dev` with real random secrets."""

from .base import *  # noqa: F403

SECURE_CONTENT_TYPE_NOSNIFF = True
